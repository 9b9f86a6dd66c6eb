"""Export CSV: every grid's visible columns for every row its current filters, search and sort select."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sales.invoicing import invoice_order
from sales.models import Order
from sales.shipping import ship_order
from tests.admin.conftest import make_order, make_product
from tests.admin.readers import csv_rows

pytestmark = pytest.mark.django_db


def export_url(grid: str, query: str = "") -> str:
    return reverse(f"admin:{grid}_export_csv") + query


def make_invoice() -> None:
    invoice_order(make_order(), capture=True)


def make_shipment() -> None:
    ship_order(make_order(stock=Decimal("5")), source_code="default")


GRIDS = {
    "sales_order": (make_order, [
        "ID", "Purchase Point", "Purchase Date", "Bill-to Name", "Ship-to Name", "Grand Total (Base)",
        "Grand Total (Purchased)", "Status", "Allocated sources",
    ]),
    "sales_invoice": (make_invoice, [
        "Invoice", "Invoice Date", "Order #", "Order Date", "Bill-to Name", "Status", "Grand Total (Base)",
        "Grand Total (Purchased)",
    ]),
    "sales_shipment": (make_shipment, [
        "Shipment", "Ship Date", "Order", "Order Date", "Ship-to Name", "Total Quantity", "Source",
    ]),
    "catalog_product": (lambda: make_product(quantity=Decimal("98")), [
        "ID", "Name", "Type", "Attribute Set", "SKU", "Price", "Quantity per Source", "Salable Quantity",
        "Visibility", "Status", "Websites",
    ]),
}


@pytest.mark.parametrize("grid", sorted(GRIDS))
def test_export_has_the_grids_columns_under_magentos_labels(admin_client: Client, grid: str) -> None:
    make_row, labels = GRIDS[grid]
    make_row()

    response = admin_client.get(export_url(grid))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = csv_rows(response)
    assert header == labels
    assert len(rows) == 1


@pytest.mark.parametrize("grid", sorted(GRIDS))
def test_export_runs_the_same_number_of_queries_for_2_and_20_rows(admin_client: Client, grid: str) -> None:
    make_row, _ = GRIDS[grid]
    for _ in range(2):
        make_row()
    with CaptureQueriesContext(connection) as two:
        two_rows = csv_rows(admin_client.get(export_url(grid)))
    for _ in range(18):
        make_row()

    with CaptureQueriesContext(connection) as twenty:
        twenty_rows = csv_rows(admin_client.get(export_url(grid)))

    assert (len(two_rows), len(twenty_rows)) == (3, 21)
    assert len(twenty) == len(two)


def test_the_grid_links_to_the_export_of_what_it_shows(admin_client: Client) -> None:
    make_order()

    html = admin_client.get(reverse("admin:sales_order_changelist") + "?q=Costello&status__exact=pending").content

    link = export_url("sales_order", "?q=Costello&amp;status__exact=pending")
    assert f'<a href="{link}" class="exportlink">Export CSV</a>'.encode() in html


def test_export_honours_search_filters_and_sort(admin_client: Client) -> None:
    pending = make_order(item_qtys=(Decimal("1"),))
    processing = make_order(item_qtys=(Decimal("3"),))
    invoice_order(processing, capture=True)
    other = make_order(customer_email="someone@else.example")

    searched = csv_rows(admin_client.get(export_url("sales_order", "?q=example.com")))
    filtered = csv_rows(admin_client.get(export_url("sales_order", "?status__exact=processing")))
    by_total = csv_rows(admin_client.get(export_url("sales_order", "?o=-7")))  # Grand Total (Purchased), desc

    assert [row[0] for row in searched[1:]] == [processing.increment_id, pending.increment_id]  # ID desc
    assert [(row[0], row[7]) for row in filtered[1:]] == [(processing.increment_id, "Processing")]
    assert [row[6] for row in by_total[1:]] == ["$30.00", "$10.00", "$10.00"]
    assert other.increment_id in {row[0] for row in by_total[1:]}


def test_export_writes_cells_as_plain_text(admin_client: Client) -> None:
    order = make_order(stock=Decimal("5"))
    ship_order(order, source_code="default")
    make_product(sku="24-MB01", quantity=Decimal("4.5"), price=Decimal("34"))

    [_, orders] = csv_rows(admin_client.get(export_url("sales_order")))
    products = csv_rows(admin_client.get(export_url("catalog_product", "?q=24-MB01")))

    assert orders[1] == "Main Website\nMain Website Store\nDefault Store View"
    assert orders[5:] == ["$10.00", "$10.00", "Processing", "Default Source"]
    assert products[1][5:9] == ["$34.00", "Default Source: 4.5", "Default Stock: 4.5", "Catalog, Search"]


def test_export_defuses_spreadsheet_formulas(admin_client: Client) -> None:
    make_order()
    Order.objects.update(customer_lastname="x")
    order = Order.objects.get()
    order.addresses.filter(address_type="billing").update(firstname="=HYPERLINK(1)")

    [_, row] = csv_rows(admin_client.get(export_url("sales_order")))

    assert row[3].startswith("'=HYPERLINK(1) ")


def test_export_needs_the_view_permission(client: Client, django_user_model) -> None:
    clerk = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    client.force_login(clerk)

    response = client.get(export_url("sales_order"))

    assert response.status_code == 403


def test_export_with_a_bad_filter_goes_back_to_the_grid_with_an_error(admin_client: Client) -> None:
    response = admin_client.get(export_url("sales_order", "?created_at__date__gte=yesterday"))

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:sales_order_changelist") + "?e=1"
