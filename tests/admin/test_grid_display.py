"""What every grid shares, so that a merchant reads them alike: one short date format, newest rows first, statuses as
coloured labels, names rather than codes (sources, stocks), counts that read well, filters in a panel above the grid.

Magento's grids print dates as "Nov 25, 2025, 2:37:05 PM" (Magento_Ui's js/grid/columns/date.js, dateFormat
"MMM d, y h:mm:ss a") and sort documents oldest first (ui_component/sales_order_invoice_grid.xml and
sales_order_shipment_grid.xml: <sorting>asc</sorting> on increment_id); here one shorter format fits a grid cell on
one line and every grid is newest first, as sales_order_grid.xml's created_at <sorting>desc</sorting>."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from asynchronous_operations.models import Bulk
from inventory.models import LowStockItem, Reservation, SourceItem, Stock
from sales.invoicing import invoice_order
from sales.models import Creditmemo, Invoice, Order, OrderStatus, Shipment
from sales.shipping import ship_order
from tests.admin.conftest import make_order, make_product
from tests.admin.readers import csv_rows

pytestmark = pytest.mark.django_db

MOMENT = datetime(2026, 11, 30, 9, 41, 5, tzinfo=UTC)
SHOWN = "Nov 30, 2026 09:41"


def html_of(client: Client, name: str, query: str = "") -> str:
    response = client.get(reverse(f"admin:{name}") + query)
    assert response.status_code == 200
    return response.content.decode()


def cells(html: str, field: str) -> list[str]:
    """The ``field`` cells of the grid, top to bottom, as HTML."""
    return re.findall(rf'<t[dh] class="field-{field}(?: [^"]*)?"[^>]*>(.*?)</t[dh]>', html, re.S)


def texts(html: str, field: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", cell) for cell in cells(html, field)]


def shipped_and_refunded() -> Order:
    """An order invoiced, shipped and refunded (a row in every sales grid), all dated MOMENT."""
    order = make_order(stock=Decimal("5"))
    invoice_order(order, capture=True)
    ship_order(order, source_code="default")
    Creditmemo.objects.create(
        order=order,
        state=Creditmemo.State.REFUNDED,
        grand_total=Decimal("10"),
        base_grand_total=Decimal("10"),
        increment_id=f"9{order.increment_id}",
    )
    for model in (Order, Invoice, Shipment, Creditmemo, Reservation):
        model.objects.update(created_at=MOMENT)
    return order


DATE_COLUMNS = {
    "sales_order_changelist": ["purchase_date"],
    "sales_invoice_changelist": ["invoice_date", "order_date"],
    "sales_shipment_changelist": ["ship_date", "order_date"],
    "sales_creditmemo_changelist": ["created", "order_date"],
    "inventory_reservation_changelist": ["created"],
}


@pytest.mark.parametrize("grid", sorted(DATE_COLUMNS))
def test_every_grid_prints_dates_one_way_on_one_line(admin_client: Client, grid: str) -> None:
    shipped_and_refunded()

    html = html_of(admin_client, grid)

    for field in DATE_COLUMNS[grid]:
        assert set(cells(html, field)) == {SHOWN}, field


def test_the_bulk_log_and_read_only_pages_print_dates_the_same_way(admin_client: Client) -> None:
    bulk = Bulk.objects.create(
        uuid="9f1c0000-0000-0000-0000-000000000001", description="Update source items", start_time=MOMENT
    )

    listing = html_of(admin_client, "asynchronous_operations_bulk_changelist")
    page = admin_client.get(reverse("admin:asynchronous_operations_bulk_change", args=[bulk.pk])).content.decode()

    assert texts(listing, "start_time") == [SHOWN]
    assert f'<div class="readonly">{SHOWN}</div>' in page


NEWEST_FIRST = {
    "sales_order_changelist": ("increment_id", Order),
    "sales_invoice_changelist": ("increment_id", Invoice),
    "sales_shipment_changelist": ("increment_id", Shipment),
    "sales_creditmemo_changelist": ("increment_id", Creditmemo),
    "inventory_reservation_changelist": ("id_column", Reservation),
}


@pytest.mark.parametrize("grid", sorted(NEWEST_FIRST))
def test_every_grid_lists_the_newest_first(admin_client: Client, grid: str) -> None:
    for _ in range(3):
        shipped_and_refunded()
    field, model = NEWEST_FIRST[grid]

    shown = texts(html_of(admin_client, grid), field)

    newest_first = [str(getattr(row, "increment_id", row.pk)) for row in model.objects.order_by("-pk")]
    assert shown == newest_first
    assert len(shown) >= 3


def test_the_bulk_log_lists_the_newest_first(admin_client: Client) -> None:
    for n, day in enumerate((1, 3, 2)):
        Bulk.objects.create(uuid=f"bulk-{n}", description=f"Bulk {day}", start_time=MOMENT.replace(day=day))

    shown = texts(html_of(admin_client, "asynchronous_operations_bulk_changelist"), "description")

    assert shown == ["Bulk 3", "Bulk 2", "Bulk 1"]


@pytest.mark.parametrize("status", OrderStatus.values)
def test_an_order_status_is_a_label_coloured_by_its_code(admin_client: Client, status: str) -> None:
    make_order(status=status)

    [cell] = cells(html_of(admin_client, "sales_order_changelist"), "status_column")

    assert cell == f'<span class="grid-status grid-status-{status}">{OrderStatus(status).label}</span>'


def test_the_stylesheet_colours_each_order_state_and_is_on_every_admin_page(admin_client: Client) -> None:
    from django.contrib.staticfiles import finders

    stylesheet = Path(finders.find("backoffice/admin.css")).read_text()
    for code in ("pending", "processing", "complete", "closed", "canceled", "holded", "paid", "refunded"):
        assert f".grid-status-{code}" in stylesheet, code
    for page in ("admin:index", "admin:sales_order_changelist", "admin:inventory_source_changelist"):
        assert 'href="/static/backoffice/admin.css"' in admin_client.get(reverse(page)).content.decode(), page


def test_shipments_show_source_names_in_the_grid_the_filter_and_the_csv(admin_client: Client) -> None:
    shipment = ship_order(make_order(stock=Decimal("5")), source_code="default")

    html = html_of(admin_client, "sales_shipment_changelist")
    [_, row] = csv_rows(admin_client.get(reverse("admin:sales_shipment_export_csv")))
    page = admin_client.get(reverse("admin:sales_shipment_change", args=[shipment.pk])).content.decode()

    assert texts(html, "source") == ["Default Source"]
    assert '<a href="?source_code=default">Default Source</a>' in html
    assert row[-1] == "Default Source"
    assert "Default Source" in page


def test_reservations_show_the_stock_name_a_signed_quantity_and_a_link_to_the_order(admin_client: Client) -> None:
    order = make_order()
    Reservation.objects.filter(object_id=str(order.pk)).delete()  # the grid shows the two below only
    us_stock = Stock.objects.create(name="US Stock")
    Reservation.objects.create(
        stock_id=us_stock.pk,
        sku="24-WB03",
        quantity=Decimal("-20.0000"),
        event_type="order_placed",
        object_id=str(order.pk),
        object_increment_id=order.increment_id,
    )
    Reservation.objects.create(
        stock_id=us_stock.pk,
        sku="24-WB03",
        quantity=Decimal("20.0000"),
        event_type="order_canceled",
        object_id=str(order.pk),
        object_increment_id=order.increment_id,
    )

    html = html_of(admin_client, "inventory_reservation_changelist")

    assert texts(html, "stock") == ["US Stock", "US Stock"]
    assert texts(html, "quantity_column") == ["+20", "-20"]
    assert texts(html, "event") == ["Order Canceled", "Order Placed"]
    link = f'<a href="{reverse("admin:sales_order_change", args=[order.pk])}">{order.increment_id}</a>'
    assert cells(html, "order_link") == [link, link]
    assert "Stock ID" not in html
    page = admin_client.get(
        reverse("admin:inventory_reservation_change", args=[Reservation.objects.earliest("pk").pk])
    ).content.decode()
    assert '<div class="readonly">US Stock</div>' in page
    assert '<div class="readonly">-20</div>' in page
    assert f'<div class="readonly">{link}</div>' in page
    assert "20.0000" not in html


def test_the_reservations_grid_runs_a_constant_number_of_queries(admin_client: Client) -> None:
    stocks = [Stock.objects.create(name=f"Stock {n}") for n in range(5)]

    def reserve(n: int) -> None:
        Reservation.objects.create(
            stock_id=stocks[n % 5].pk,
            sku=f"SKU-{n}",
            quantity=Decimal("-1"),
            event_type="order_placed",
            object_id=str(n),
            object_increment_id=f"{n:09d}",
        )

    for n in range(21):
        reserve(n)
    with CaptureQueriesContext(connection) as two_pages:
        html_of(admin_client, "inventory_reservation_changelist", "?p=2")
    for n in range(21, 65):
        reserve(n)
    with CaptureQueriesContext(connection) as four_pages:
        html = html_of(admin_client, "inventory_reservation_changelist", "?p=2")

    assert len(four_pages) == len(two_pages)
    assert len(texts(html, "stock")) == 20  # 20 rows a page, as every grid


def test_counts_read_as_records_found(admin_client: Client) -> None:
    for quantity in ("1", "2", "3", "4"):
        SourceItem.objects.create(
            source_id="default", product=make_product(), quantity=Decimal(quantity), notify_stock_qty=Decimal("10")
        )

    html = html_of(admin_client, "inventory_lowstockitem_changelist")

    assert LowStockItem.objects.count() == 4
    assert "4 records found" in html
    assert "low stock report\n" not in html
    assert "4 low stock report" not in html


def test_filters_sit_in_a_panel_above_the_grid_open_while_one_applies(admin_client: Client) -> None:
    make_order()

    plain = html_of(admin_client, "sales_order_changelist")
    filtered = html_of(admin_client, "sales_order_changelist", "?status__exact=pending")

    assert '<details class="grid-filters">' in plain
    assert '<details class="grid-filters" open>' in filtered
    assert plain.index('class="grid-filters"') < plain.index('id="result_list"')
    assert 'id="nav-sidebar"' not in plain  # the grid takes the page's width, as the index does


@pytest.mark.parametrize("grid", ["sales_order", "sales_invoice", "catalog_product", "inventory_reservation"])
def test_a_page_of_every_grid_keeps_its_query_count(
    admin_client: Client, grid: str, django_assert_max_num_queries: Callable
) -> None:
    for _ in range(3):
        shipped_and_refunded()

    with django_assert_max_num_queries(10):
        html_of(admin_client, f"{grid}_changelist")


def test_the_low_stock_report_is_a_grid_with_its_csv(admin_client: Client) -> None:
    product = make_product(sku="24-MB01", name="Joust Duffle Bag", quantity=Decimal("0.5"))

    html = html_of(admin_client, "inventory_lowstockitem_changelist")
    [header, row] = csv_rows(admin_client.get(reverse("admin:inventory_lowstockitem_export_csv")))

    assert "Export CSV" in html
    assert header == ["Product", "SKU", "Source", "Quantity", "Notify Quantity"]
    assert row == [product.name, "24-MB01", "Default Source", "0.5", "1"]
