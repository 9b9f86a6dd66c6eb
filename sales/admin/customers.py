"""The customer page's Orders section (Magento_Sales' orders tab of the customer page: Order #, Purchased, Bill-to
Name, Ship-to Name, Order Total, Purchase Point), connected to customers.admin.customer_page_sections: sales knows
customers, never the other way round (tests/test_architecture.py)."""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from backoffice.admin_grids import status_label
from backoffice.formats import format_datetime, format_money
from customers.admin import customer_page_sections
from customers.models import Customer

from ..models import Order, OrderAddress, address_name

CUSTOMER_ORDERS_SHOWN = 20  # the last orders, as one grid page; all of them behind "View all"
NO_RECORDS = "We couldn't find any records."  # Magento's empty grid


@receiver(customer_page_sections, sender=Customer, dispatch_uid="sales_customer_orders")
def customer_orders_section(sender: type[Customer], customer: Customer, **kwargs: object) -> tuple[str, SafeString]:
    """The customer's last orders, newest first, each linked to its page (one query), and a link to all of them on
    Sales > Orders."""
    orders = (
        Order.objects.filter(customer=customer)
        # the columns shown: the order's hundred columns cost most of the section's time (7 ms for 20 orders)
        .only("increment_id", "created_at", "grand_total", "order_currency_code", "status", "store_name")
        .annotate(
            bill_to_name=address_name("pk", OrderAddress.Type.BILLING),
            ship_to_name=address_name("pk", OrderAddress.Type.SHIPPING),
        )
        .order_by("-created_at", "-pk")[:CUSTOMER_ORDERS_SHOWN]
    )
    rows = format_html_join(
        "",
        '<tr><td><a href="{}">{}</a></td><td class="nowrap">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>'
        "<td>{}</td></tr>",
        (
            (
                reverse("admin:sales_order_change", args=[order.pk]),
                order.increment_id,
                format_datetime(order.created_at),
                order.bill_to_name or "",
                order.ship_to_name or "",
                format_money(order.grand_total, order.order_currency_code),
                status_label(order.status, order.get_status_display()),
                order.store_name.splitlines()[-1] if order.store_name else "",
            )
            for order in orders
        ),
    )
    if not rows:
        return "Orders", format_html("<p>{}</p>", NO_RECORDS)
    table = format_html(
        '<table class="customer-orders"><thead><tr><th>Order #</th><th>Purchased</th><th>Bill-to Name</th>'
        "<th>Ship-to Name</th><th>Order Total</th><th>Status</th><th>Purchase Point</th></tr></thead>"
        "<tbody>{}</tbody></table>",
        rows,
    )
    all_orders = f"{reverse('admin:sales_order_changelist')}?customer_id={customer.pk}"
    return "Orders", format_html('{}<p><a href="{}">View all orders of this customer</a></p>', table, all_orders)
