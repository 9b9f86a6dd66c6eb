"""Export CSV: every grid's visible columns for every row its current filters, search and sort select, written for a
spreadsheet (raw numbers, ISO 8601 dates, one line a row) and streamed a batch at a time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inventory.models import Reservation, Source
from sales.invoicing import invoice_order
from sales.models import Order
from sales.shipping import ship_order
from tests.admin.conftest import make_order, make_product
from tests.admin.readers import csv_rows, csv_text

pytestmark = pytest.mark.django_db


def export_url(grid: str, query: str = "") -> str:
    return reverse(f"admin:{grid}_export_csv") + query


def make_invoice() -> None:
    invoice_order(make_order(), capture=True)


def make_shipment() -> None:
    ship_order(make_order(stock=Decimal("5")), source_code="default")


def make_reservation() -> None:
    order = make_order()
    Reservation.objects.filter(object_id=str(order.pk)).delete()  # replaced by one of a known SKU and quantity
    Reservation.objects.create(
        stock_id=1, sku="24-MB01", quantity=Decimal("-2.5"), event_type=Reservation.EventType.ORDER_PLACED,
        object_id=str(order.pk), object_increment_id=order.increment_id,
    )


GRIDS = {
    "sales_order": (make_order, [
        "ID", "Purchase Point", "Purchase Date", "Bill-to Name", "Ship-to Name", "Grand Total", "Status",
        "Allocated sources",
    ]),
    "sales_invoice": (make_invoice, [
        "Invoice", "Invoice Date", "Order #", "Order Date", "Bill-to Name", "Status", "Grand Total",
    ]),
    "sales_shipment": (make_shipment, [
        "Shipment", "Ship Date", "Order", "Order Date", "Ship-to Name", "Total Quantity", "Source",
    ]),
    "catalog_product": (lambda: make_product(quantity=Decimal("98")), [
        "ID", "Name", "Type", "SKU", "Price", "Quantity: Default Source", "Salable Quantity: Default Stock",
        "Visibility", "Status",
    ]),
    "inventory_reservation": (make_reservation, [
        "ID", "Created", "Stock", "SKU", "Quantity", "Event", "Order",
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
    by_total = csv_rows(admin_client.get(export_url("sales_order", "?o=-6")))  # Grand Total, desc

    assert [row[0] for row in searched[1:]] == [processing.increment_id, pending.increment_id]  # ID desc
    assert [(row[0], row[6]) for row in filtered[1:]] == [(processing.increment_id, "Processing")]
    assert [row[5] for row in by_total[1:]] == ["30.00", "10.00", "10.00"]
    assert other.increment_id in {row[0] for row in by_total[1:]}


def test_export_writes_raw_numbers_iso_dates_and_one_line_a_row(admin_client: Client) -> None:
    order = make_order(stock=Decimal("5"))
    ship_order(order, source_code="default")
    Order.objects.filter(pk=order.pk).update(created_at=datetime(2026, 11, 30, 9, 41, 5, 123456, tzinfo=UTC))
    make_product(sku="24-MB01", quantity=Decimal("4.5"), price=Decimal("1917.6"))

    [_, orders] = csv_rows(admin_client.get(export_url("sales_order")))
    products = csv_rows(admin_client.get(export_url("catalog_product", "?q=24-MB01")))
    [_, shipment] = csv_rows(admin_client.get(export_url("sales_shipment")))

    assert orders[1:3] == ["Default Store View", "2026-11-30T09:41:05+00:00"]
    assert orders[5:] == ["10.00", "Processing", "Default Source"]
    assert products[1][3:7] == ["24-MB01", "1917.60", "4.5", "4.5"]
    assert products[1][7] == "Catalog, Search"
    assert shipment[1] == shipment[1].strip()
    assert "T" in shipment[1]
    assert shipment[5:] == ["1", "Default Source"]


def test_export_has_a_column_per_source_and_per_stock(admin_client: Client) -> None:
    Source.objects.create(source_code="ne_wh", name="Northeast Warehouse", country_id="US", postcode="1")
    product = make_product(sku="24-WB01", quantity=Decimal("3"))
    product.source_items.create(source_id="ne_wh", quantity=Decimal("7"))
    make_product(sku="24-WB02")

    header, *rows = csv_rows(admin_client.get(export_url("catalog_product", "?o=4")))  # by SKU

    at = {label: header.index(label) for label in header}
    assert [row[at["SKU"]] for row in rows] == ["24-WB01", "24-WB02"]
    assert [row[at["Quantity: Default Source"]] for row in rows] == ["3", ""]
    assert [row[at["Quantity: Northeast Warehouse"]] for row in rows] == ["7", ""]
    assert [row[at["Salable Quantity: Default Stock"]] for row in rows] == ["3", ""]


def test_export_writes_reservations_with_stock_names_and_raw_quantities(admin_client: Client) -> None:
    make_reservation()

    [_header, row] = csv_rows(admin_client.get(export_url("inventory_reservation")))

    assert row[2:5] == ["Default Stock", "24-MB01", "-2.5"]
    assert row[5:] == ["Order Placed", Reservation.objects.get().object_increment_id]


def test_export_is_streamed_one_line_a_row(admin_client: Client) -> None:
    for _ in range(3):
        make_order()

    response = admin_client.get(export_url("sales_order"))

    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="orders.csv"'
    lines = csv_text(response).split("\r\n")
    assert len(lines) == 5
    assert lines[-1] == ""
    assert all("\n" not in line for line in lines)


def test_export_defuses_spreadsheet_formulas(admin_client: Client) -> None:
    make_order()
    Order.objects.update(customer_lastname="x")
    order = Order.objects.get()
    order.addresses.filter(address_type="billing").update(firstname="=HYPERLINK(1)")

    [_, row] = csv_rows(admin_client.get(export_url("sales_order")))

    assert row[3].startswith("'=HYPERLINK(1) ")


def test_export_needs_the_view_permission(client: Client, staff_without: Callable) -> None:
    client.force_login(staff_without("sales.view_order", "sales.change_order"))  # every other permission is held

    response = client.get(export_url("sales_order"))

    assert response.status_code == 403


def test_export_with_a_bad_filter_goes_back_to_the_grid_with_an_error(admin_client: Client) -> None:
    response = admin_client.get(export_url("sales_order", "?created_at__date__gte=yesterday"))

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:sales_order_changelist") + "?e=1"


def test_export_reads_and_writes_a_batch_at_a_time(admin_client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory stays flat however many rows: each chunk of the answer is one batch of rows, read and prepared in a
    constant number of queries (a million rows are 2,000 chunks of 500)."""
    monkeypatch.setattr("backoffice.admin_grids.CSV_BATCH_SIZE", 2)
    for _ in range(5):
        make_order()

    with CaptureQueriesContext(connection) as captured:
        response = admin_client.get(export_url("sales_order"))
        before = len(captured)
        chunks = [chunk.decode() for chunk in response.streaming_content]

    assert [chunk.count("\r\n") for chunk in chunks] == [1, 2, 2, 1]  # the header, then 2, 2 and 1 orders
    assert len(captured) - before <= 2 * 3  # the orders and their shipments' sources, per batch
