"""The customer page's Orders (Magento_Sales' customer edit tab, Block\\Adminhtml\\... customer_orders grid:
Order #, Purchased, Bill-to Name, Ship-to Name, Order Total, Purchase Point): added here because sales knows
customers, never the other way round (tests/test_architecture.py)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from backoffice.admin_grids import status_label
from backoffice.formats import format_datetime, format_money
from customers.admin import CustomerAdmin
from customers.models import Customer

from ..models import Order, OrderAddress, address_name

CUSTOMER_ORDERS_SHOWN = 20  # the last orders on the page, as one grid page; the rest behind "View all"

admin.site.unregister(Customer)


@admin.register(Customer)
class SalesCustomerAdmin(CustomerAdmin):
    """The customer page with its last orders, each linked to its order page."""

    fieldsets = (*CustomerAdmin.fieldsets, ("Orders", {"fields": ("orders_table",)}))
    readonly_fields = (*CustomerAdmin.readonly_fields, "orders_table")

    @admin.display(description="Orders")
    def orders_table(self, obj: Customer) -> SafeString | str:
        """The customer's last orders, newest first (one query), and a link to all of them on Sales > Orders."""
        orders = list(
            Order.objects.filter(customer=obj)
            .annotate(
                bill_to_name=address_name("pk", OrderAddress.Type.BILLING),
                ship_to_name=address_name("pk", OrderAddress.Type.SHIPPING),
            )
            .order_by("-created_at", "-pk")[: CUSTOMER_ORDERS_SHOWN + 1]
        )
        if not orders:
            return "We couldn't find any records."
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
                for order in orders[:CUSTOMER_ORDERS_SHOWN]
            ),
        )
        table = format_html(
            '<table class="customer-orders"><thead><tr><th>Order #</th><th>Purchased</th><th>Bill-to Name</th>'
            "<th>Ship-to Name</th><th>Order Total</th><th>Status</th><th>Purchase Point</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            rows,
        )
        all_orders = f"{reverse('admin:sales_order_changelist')}?customer_id={obj.pk}"
        return format_html('{}<p><a href="{}">View all orders of this customer</a></p>', table, all_orders)
