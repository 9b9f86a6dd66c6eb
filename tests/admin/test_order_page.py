"""The order page (Magento's sales_order_view): tabs, names instead of codes, the Comments History form and Send
Email, each write through the domain function the REST API calls.

Magento references: Block/Adminhtml/Order/View/Tab/{Info,Invoices,Creditmemos,Shipments,History}.php,
view/adminhtml/templates/order/view/history.phtml (Status, Comment, "Notify Customer by Email", "Visible on
Storefront"), Controller/Adminhtml/Order/AddComment.php ("The comment is missing. Enter and try again."),
Controller/Adminhtml/Order/Email.php ("You sent the order email."), Block/Adminhtml/Order/Totals.php (Total Paid,
Total Refunded, then Total Due, or Total Canceled instead), Block/Adminhtml/Items/Column/DefaultColumn.php (Row
Total = row total + tax − discount).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sales.models import Order, OrderStatusHistory
from sales.orders import cancel_order, hold_order, unhold_order

pytestmark = pytest.mark.django_db


def order_url(order: Order) -> str:
    return reverse("admin:sales_order_change", args=[order.pk])


def page_of(client: Client, order: Order) -> str:
    response = client.get(order_url(order))
    assert response.status_code == 200
    return response.content.decode()


def readonly(html: str, field: str) -> str:
    """The text of the read-only ``field`` on the change page (tags dropped, <br> as a newline)."""
    start = html.index(f'class="form-row field-{field}')
    begin = html.index('<div class="readonly">', start) + len('<div class="readonly">')
    text = html[begin : html.index("</div>", begin)].replace("<br>", "\n")
    return re.sub(r"<[^>]+>", "", text).strip()


def inline_cell(html: str, row_marker: str, field: str) -> str:
    """The text of the inline cell ``field`` in the table row containing ``row_marker`` (<br> as " / ")."""
    start = html.index(row_marker)
    row = html[html.rindex("<tr", 0, start) : html.index("</tr>", start)]
    begin = row.index(f'<td class="field-{field}">')
    cell = row[begin : row.index("</td>", begin)].replace("<br>", " / ")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()


def messages_of(response: object) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_page_has_magentos_five_tabs(admin_client: Client, order_factory: Callable) -> None:
    html = page_of(admin_client, order_factory())

    tabs = re.findall(r'data-tab="(\w+)">([^<]+)<', html)
    assert [(name, label.strip()) for name, label in tabs] == [
        ("information", "Information"),
        ("invoices", "Invoices"),
        ("creditmemos", "Credit Memos"),
        ("shipments", "Shipments"),
        ("history", "Comments History"),
    ]
    for panel in ("information", "invoices", "creditmemos", "shipments", "history"):
        assert f'id="tab-{panel}"' in html


def test_names_not_codes(admin_client: Client, tutorial: None) -> None:
    """The tutorial's order: Jane Doe of group 1 (General), in the US, a simple and a downloadable product."""
    order = Order.objects.get()

    html = page_of(admin_client, order)

    assert readonly(html, "customer_group") == "General"
    assert "United States" in readonly(html, "billing_address")
    assert "\nUS\n" not in readonly(html, "shipping_address")
    assert inline_cell(html, "SKU: 24-WB03", "product_type_column") == "Simple Product"
    assert inline_cell(html, "SKU: 240-LV06", "product_type_column") == "Downloadable Product"
    assert ">simple<" not in html
    assert ">downloadable<" not in html
    assert readonly(html, "order_status") == "Pending"
    assert readonly(html, "total_paid_column") == "$0.00"  # not blank before the invoice
    assert readonly(html, "total_due_column") == "$1,917.60"
    assert readonly(html, "order_grand_total") == "$1,917.60"


def test_items_show_quantities_without_zeros_and_row_total_after_discount(admin_client: Client, tutorial: None) -> None:
    order = Order.objects.get()
    wb03 = order.items.get(sku="24-WB03")  # 20 × $36, 20 % off: $720 − $144

    html = page_of(admin_client, order)

    assert inline_cell(html, "SKU: 24-WB03", "qty_column") == "Ordered 20"
    assert inline_cell(html, "SKU: 24-WB03", "subtotal_column") == "$720.00"
    assert inline_cell(html, "SKU: 24-WB03", "discount_column") == "$144.00"
    assert inline_cell(html, "SKU: 24-WB03", "row_total_column") == "$576.00"
    assert wb03.discount_amount == Decimal("144")


def test_a_canceled_order_shows_total_canceled_not_total_due(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory(item_qtys=(Decimal("2"),))
    cancel_order(order)

    html = page_of(admin_client, order)

    assert "field-total_due_column" not in html
    assert "Total Due" not in html
    assert readonly(html, "total_canceled_column") == "$20.00"


def test_history_rows_read_the_status_label_or_the_comment_never_a_dash(
    admin_client: Client, order_factory: Callable
) -> None:
    order = order_factory()
    hold_order(order)  # a history row without a comment

    html = page_of(admin_client, order)

    history = html[html.index('<ul class="comments-history">') :]
    history = history[: history.index("</ul>")]
    assert '<span class="status">On Hold</span>' in history
    assert "Notification Not Applicable" in history
    assert ">-<" not in history
    assert "holded" not in history


def test_a_comment_with_notify_and_visible_goes_through_add_order_comment(
    admin_client: Client, order_factory: Callable, mailoutbox: list, django_capture_on_commit_callbacks: Callable
) -> None:
    order = order_factory()
    html = page_of(admin_client, order)
    assert 'id="order_history_form"' in html
    assert "Notify Customer by Email" in html
    assert "Visible on Storefront" in html

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:sales_order_comment", args=[order.pk]),
            {
                "status": "pending",
                "comment": "Your parcel leaves tomorrow.",
                "is_customer_notified": "on",
                "is_visible_on_front": "on",
            },
        )

    assert response.status_code == 302
    assert response["Location"] == order_url(order) + "#history"
    assert messages_of(response) == ["The comment has been added to the order's history."]
    history = OrderStatusHistory.objects.filter(parent=order).latest("pk")
    assert (history.comment, history.status, history.is_customer_notified, history.is_visible_on_front) == (
        "Your parcel leaves tomorrow.",
        "pending",
        1,
        1,
    )
    assert [mail.subject for mail in mailoutbox] == ["Update to your Main Website Store order"]
    assert "Your parcel leaves tomorrow." in mailoutbox[0].body
    assert "Customer Notified" in page_of(admin_client, order)


def test_an_empty_comment_is_refused_with_magentos_message(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory()

    response = admin_client.post(
        reverse("admin:sales_order_comment", args=[order.pk]), {"status": "pending", "comment": "  "}
    )

    assert messages_of(response) == ["The comment is missing. Enter and try again."]
    assert list(OrderStatusHistory.objects.filter(parent=order).values_list("comment", flat=True)) == [None]  # placed


def test_the_status_select_offers_the_statuses_of_the_orders_state(admin_client: Client, tutorial: None) -> None:
    order = Order.objects.get()
    html = page_of(admin_client, order)

    select = html[html.index('name="status"') :]
    assert re.findall(r'<option value="(\w+)"', select[: select.index("</select>")]) == ["pending"]


def test_send_email_resends_the_order_confirmation(
    admin_client: Client, order_factory: Callable, mailoutbox: list, django_capture_on_commit_callbacks: Callable
) -> None:
    order = order_factory()
    html = page_of(admin_client, order)
    email_url = reverse("admin:sales_order_email", args=[order.pk])
    assert f'action="{email_url}"' in html
    assert 'data-confirm="Are you sure you want to send an order email to customer?"' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(email_url)

    assert messages_of(response) == ["You sent the order email."]
    assert [mail.to for mail in mailoutbox] == [[order.customer_email]]
    assert admin_client.get(email_url).status_code == 405


def test_a_clerk_without_the_comment_permission_sees_no_form_and_cannot_post(
    client: Client, order_factory: Callable
) -> None:
    order = order_factory()
    clerk = User.objects.create_user("clerk", password="secret", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_order"))
    client.force_login(clerk)

    html = page_of(client, order)
    response = client.post(reverse("admin:sales_order_comment", args=[order.pk]), {"status": "pending", "comment": "x"})

    assert 'id="order_history_form"' not in html
    assert ">Send Email</button>" not in html
    assert response.status_code == 403
    assert list(OrderStatusHistory.objects.filter(parent=order).values_list("comment", flat=True)) == [None]  # placed


def test_the_page_runs_a_constant_number_of_queries(
    admin_client: Client, order_factory: Callable, django_assert_max_num_queries: Callable
) -> None:
    small = order_factory(item_qtys=(Decimal("1"),))
    big = order_factory(item_qtys=tuple(Decimal("1") for _ in range(12)))
    for _ in range(10):
        hold_order(big)
        unhold_order(big)

    with CaptureQueriesContext(connection) as few:
        page_of(admin_client, small)
    with django_assert_max_num_queries(len(few)):
        page_of(admin_client, big)


def test_a_sales_clerk_comments_without_notifying(client: Client, order_factory: Callable, mailoutbox: list) -> None:
    """Sales Clerk has Magento_Sales::comment but not Magento_Sales::email: no notify box, and a forged notify is
    dropped (Controller/Adminhtml/Order/AddComment)."""
    order = order_factory()
    clerk = User.objects.create_user("clerk", password="secret", is_staff=True)
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["view_order", "comment_order"]))
    client.force_login(clerk)

    html = page_of(client, order)
    response = client.post(
        reverse("admin:sales_order_comment", args=[order.pk]),
        {"status": "pending", "comment": "Called the customer", "is_customer_notified": "on"},
    )

    assert 'id="order_history_form"' in html
    assert "Notify Customer by Email" not in html
    assert response.status_code == 302
    history = OrderStatusHistory.objects.filter(parent=order).latest("pk")  # after the placement's own row
    assert (history.comment, history.is_customer_notified) == ("Called the customer", 0)
    assert mailoutbox == []
