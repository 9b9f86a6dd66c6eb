from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sales.invoicing import invoice_order

pytestmark = pytest.mark.django_db

INVOICES_URL = reverse("admin:sales_invoice_changelist")


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_invoices_grid_shows_a_paid_invoice_in_magento_columns(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory(item_qtys=(Decimal("3"),))
    invoice = invoice_order(order, capture=True)
    lastname = order.addresses.get(address_type="billing").lastname

    response = admin_client.get(INVOICES_URL)

    assert response.status_code == 200
    html = response.content.decode()
    for header in ("Invoice", "Invoice Date", "Order #", "Order Date", "Bill-to Name", "Status", "Grand Total"):
        assert f">{header}</a>" in html
    start = html.index(f">{invoice.increment_id}</a></th>")
    row = html[start:html.index("</tr>", start)]
    order_link = reverse("admin:sales_order_change", args=[order.pk])
    assert f'<td class="field-order_link"><a href="{order_link}">{order.increment_id}</a></td>' in row
    assert f'<td class="field-bill_to_name">Bill {lastname}</td>' in row
    assert '<td class="field-status_column"><span class="grid-status grid-status-paid">Paid</span></td>' in row
    assert "base_grand_total" not in row  # one Grand Total: the pair would not fit a laptop's screen
    assert '<td class="field-grand_total_column">$30.00</td>' in row


def test_invoices_grid_query_count_does_not_grow_with_the_page(
    admin_client: Client, order_factory: Callable, django_assert_max_num_queries: Callable
) -> None:
    for _ in range(2):
        invoice_order(order_factory(), capture=True)
    two_rows = count_queries(admin_client, INVOICES_URL)
    for _ in range(18):
        invoice_order(order_factory(), capture=True)

    with django_assert_max_num_queries(7):  # session, user, two counts, the page, stores, the user's bookmarks
        twenty_rows = count_queries(admin_client, INVOICES_URL)

    assert twenty_rows == two_rows


def test_invoice_page_shows_items_and_comments_read_only(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory(item_qtys=(Decimal("2"),))
    invoice = invoice_order(order, capture=True, comment="Thanks for your order")

    response = admin_client.get(reverse("admin:sales_invoice_change", args=[invoice.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert order.items.get().sku in html
    assert "Thanks for your order" in html
    assert '<div class="readonly">$20.00</div>' in html
    assert 'name="_save"' not in html


def test_invoices_cannot_be_added_or_deleted_in_the_admin(admin_client: Client, order_factory: Callable) -> None:
    invoice = invoice_order(order_factory(), capture=True)

    add = admin_client.get(reverse("admin:sales_invoice_add"))
    delete = admin_client.post(reverse("admin:sales_invoice_delete", args=[invoice.pk]), {"post": "yes"})

    assert (add.status_code, delete.status_code) == (403, 403)


def test_invoice_page_reads_like_magentos(admin_client: Client, order_factory: Callable) -> None:
    order = order_factory(item_qtys=(Decimal("2"),))
    invoice = invoice_order(order, capture=True, comment="Thanks for your order")
    billing = order.addresses.get(address_type="billing")

    html = admin_client.get(reverse("admin:sales_invoice_change", args=[invoice.pk])).content.decode()

    for heading in ("Order &amp; Account Information", "Address Information", "Payment &amp; Shipping Method",
                    "Invoice Totals", "Items Invoiced", "Notes for this Invoice"):
        assert heading.lower() in html.lower()
    assert '<div class="readonly">Processing</div>' in html  # the order's status
    assert f"<div class=\"readonly\">Bill {billing.lastname}<br>6146 Honey Bluff Parkway<br>" in html
    assert '<div class="readonly">Check / Money order</div>' in html
    # Notes for this Invoice: the comment's line, as the order's Comments History reads it
    history = html[html.index('<ul class="comments-history">'):]
    assert "Customer Not Notified</div>" in history[: history.index("Thanks for your order")]
