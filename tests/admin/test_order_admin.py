from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sales.invoicing import InvoiceLine, invoice_order
from sales.models import Invoice, InvoiceState, Order, OrderState

pytestmark = pytest.mark.django_db

ORDERS_URL = reverse("admin:sales_order_changelist")


def invoice_url(order: Order) -> str:
    return reverse("admin:sales_order_invoice", args=[order.pk])


def order_url(order: Order) -> str:
    return reverse("admin:sales_order_change", args=[order.pk])


def row_of(html: str, text: str) -> str:
    """The changelist row (<tr>...</tr>) that shows ``text``."""
    start = html.index(f">{text}<")
    return html[html.rindex("<tr", 0, start):html.index("</tr>", start)]


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_orders_grid_shows_magento_columns_and_pending_status(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory(item_qtys=(Decimal("2"),))
    lastname = order.addresses.get(address_type="billing").lastname

    response = admin_client.get(ORDERS_URL)

    assert response.status_code == 200
    html = response.content.decode()
    for header in ("ID", "Purchase Point", "Purchase Date", "Bill-to Name", "Ship-to Name", "Grand Total", "Status"):
        assert f">{header}</a>" in html or f">{header}</span>" in html
    row = row_of(html, order.increment_id)
    assert f'<td class="field-bill_to_name">Bill {lastname}</td>' in row
    assert f'<td class="field-ship_to_name">Ship {lastname}</td>' in row
    assert '<td class="field-grand_total_column">$20.00</td>' in row
    assert '<td class="field-store_view">Default Store View</td>' in row  # the store view, on one line
    assert '<td class="field-status_column"><span class="grid-status grid-status-pending">Pending</span></td>' in row
    assert "Grand Total (Base)" not in html


def test_orders_grid_shows_processing_after_a_partial_invoice(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory(item_qtys=(Decimal("1"), Decimal("1")))
    first_item = order.items.order_by("pk").first()
    invoice_order(order, items=[InvoiceLine(first_item.pk, Decimal("1"))], capture=True)

    response = admin_client.get(ORDERS_URL)

    status = '<span class="grid-status grid-status-processing">Processing</span>'
    assert f'<td class="field-status_column">{status}</td>' in row_of(response.content.decode(), order.increment_id)


def test_orders_grid_query_count_does_not_grow_with_the_page(
    admin_client: Client, order_factory: Callable, django_assert_max_num_queries: Callable
) -> None:
    for _ in range(2):
        order_factory()
    two_rows = count_queries(admin_client, ORDERS_URL)
    for _ in range(18):
        order_factory()

    with django_assert_max_num_queries(8):  # session, user, two counts, the page, stores, allocated sources, bookmarks
        twenty_rows = count_queries(admin_client, ORDERS_URL)

    assert twenty_rows == two_rows


def test_order_page_shows_items_totals_and_the_invoice_button(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory(item_qtys=(Decimal("3"),))
    item = order.items.get()

    response = admin_client.get(order_url(order))

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{invoice_url(order)}"' in html
    assert item.sku in html
    assert "Check / Money order" in html
    assert '<div class="readonly">$30.00</div>' in html  # grand total and total due
    assert 'name="_save"' not in html  # read-only


def test_order_page_hides_the_invoice_button_once_everything_is_invoiced(
    admin_client: Client, order_factory: Callable
) -> None:
    order = order_factory()
    invoice = invoice_order(order, capture=True)

    response = admin_client.get(order_url(order))

    html = response.content.decode()
    assert invoice_url(order) not in html
    assert reverse("admin:sales_invoice_change", args=[invoice.pk]) in html


def test_new_invoice_page_lists_items_with_qty_to_invoice(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory(item_qtys=(Decimal("3"), Decimal("2")))
    first, second = order.items.order_by("pk")
    invoice_order(order, items=[InvoiceLine(second.pk, Decimal("2"))], capture=True)

    response = admin_client.get(invoice_url(order))

    assert response.status_code == 200
    html = response.content.decode()
    assert f'name="qty_{first.pk}" value="3"' in html
    assert f'name="qty_{second.pk}"' not in html
    assert 'value="Submit Invoice"' in html
    assert "Email Copy of Invoice" in html


def test_submitting_the_new_invoice_page_invoices_the_order(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory(item_qtys=(Decimal("3"), Decimal("2")))
    first, second = order.items.order_by("pk")

    response = admin_client.post(
        invoice_url(order), {f"qty_{first.pk}": "1", f"qty_{second.pk}": "0", "comment": "Paid by check"}
    )

    assert response.status_code == 302
    assert response["Location"] == order_url(order)
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["The invoice has been created."]
    invoice = Invoice.objects.get(order=order)
    assert invoice.state == InvoiceState.PAID
    assert [(line.order_item_id, line.qty) for line in invoice.items.all()] == [(first.pk, Decimal("1"))]
    assert invoice.comments.get().comment == "Paid by check"
    order.refresh_from_db()
    assert order.state == OrderState.PROCESSING


def test_a_refused_invoice_shows_the_reason_and_writes_nothing(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory(item_qtys=(Decimal("2"),))
    item = order.items.get()

    response = admin_client.post(invoice_url(order), {f"qty_{item.pk}": "5"})

    assert response.status_code == 200
    assert [(m.level_tag, str(m)) for m in response.context["messages"]] == [
        ("error", f'We found an invalid quantity to invoice item "{item.name}".')
    ]
    assert not Invoice.objects.filter(order=order).exists()
    order.refresh_from_db()
    assert (order.state, order.status) == (OrderState.NEW, "pending")
    item.refresh_from_db()
    assert item.qty_invoiced == Decimal("0")


def test_an_invalid_quantity_redisplays_the_form(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory()
    item = order.items.get()

    response = admin_client.post(invoice_url(order), {f"qty_{item.pk}": "lots"})

    assert response.status_code == 200
    assert response.context["form"].errors == {f"qty_{item.pk}": ["Enter a number."]}
    assert not Invoice.objects.exists()


def test_new_invoice_page_of_a_fully_invoiced_order_redirects_with_magento_message(
    admin_client: Client, order_factory: Callable
) -> None:
    order = order_factory()
    invoice_order(order, capture=True)

    response = admin_client.get(invoice_url(order))

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The order does not allow an invoice to be created."
    ]


def test_new_invoice_page_requires_the_add_invoice_permission(client: Client, order_factory: Callable) -> None:
    order = order_factory()
    clerk = User.objects.create_user("clerk", password="secret", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_order"))
    client.force_login(clerk)

    get_response = client.get(invoice_url(order))
    post_response = client.post(invoice_url(order), {})

    assert (get_response.status_code, post_response.status_code) == (403, 403)
    assert not Invoice.objects.exists()
    assert invoice_url(order) not in client.get(order_url(order)).content.decode()


def test_staff_with_add_invoice_permission_can_invoice(client: Client, order_factory: Callable) -> None:
    order = order_factory()
    clerk = User.objects.create_user("clerk", password="secret", is_staff=True)
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["view_order", "add_invoice"]))
    client.force_login(clerk)
    item = order.items.get()

    response = client.post(invoice_url(order), {f"qty_{item.pk}": "1"})

    assert response.status_code == 302
    assert Invoice.objects.filter(order=order).count() == 1


def test_invoice_action_invoices_each_selected_order(admin_client: Client, order_factory: Callable) -> None:
    open_order = order_factory(item_qtys=(Decimal("2"),))
    done_order = order_factory()
    invoice_order(done_order, capture=True)

    response = admin_client.post(
        ORDERS_URL, {"action": "invoice_remaining", "_selected_action": [open_order.pk, done_order.pk]}, follow=True
    )

    assert response.status_code == 200
    messages = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert messages[0] == ("success", f"#{open_order.increment_id}: The invoice has been created.")
    assert messages[1][0] == "error"
    assert messages[1][1].startswith(f"#{done_order.increment_id}: Invoice Document Validation Error(s):")
    assert Invoice.objects.filter(order=open_order).get().items.get().qty == Decimal("2")
    assert Invoice.objects.filter(order=done_order).count() == 1


def test_orders_are_read_only(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory()

    add = admin_client.get(reverse("admin:sales_order_add"))
    delete = admin_client.post(reverse("admin:sales_order_delete", args=[order.pk]), {"post": "yes"})
    change = admin_client.post(order_url(order), {"customer_email": "changed@example.com"})

    assert (add.status_code, delete.status_code, change.status_code) == (403, 403, 403)
    order.refresh_from_db()
    assert order.customer_email != "changed@example.com"
