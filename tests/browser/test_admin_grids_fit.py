"""Every column a tutorial verification reads is on screen, without a sideways scroll, on a laptop's screen
(1280x800) and a larger one (1440x900): the grids of Sales (Orders, Invoices, Shipments, Credit Memos), Catalog
(Products), Inventory (Reservations, Source Items) and Customers (All Customers) after the tutorial's steps 10
(invoice), 12 (two shipments) and a refund.

Magento's grids keep their columns inside the page: Magento_Ui's grid (view/base/web/js/grid/listing.js) sizes its
columns to the container; here the same is reached with compact cells (one short date, no wrapping SKUs, merged
totals) and one stylesheet (backoffice/static/backoffice/admin.css)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from sales.invoicing import invoice_order
from sales.models import Order
from sales.refunds import refund_order
from sales.refunds.requests import RefundItem
from sales.shipping import ShipmentLine, ship_order
from tests.browser.test_admin_walkthrough import expect, log_in, merchant

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),  # live_server; keeps the data migrations' rows
]

__all__ = ["merchant"]  # the fixture, used by name

SCREENS = [(1280, 800), (1440, 900)]
# grid url: the columns a merchant reads there (list_display names)
GRIDS = {
    "/admin/sales/order/": ("increment_id", "purchase_date", "bill_to_name", "grand_total_column", "status_column"),
    "/admin/sales/invoice/": ("increment_id", "invoice_date", "order_link", "status_column", "grand_total_column"),
    "/admin/sales/shipment/": ("increment_id", "ship_date", "order_link", "total_quantity", "source"),
    "/admin/sales/creditmemo/": ("increment_id", "created", "order_link", "status_column", "refunded"),
    "/admin/catalog/product/": ("sku", "name", "quantity_per_source", "salable_quantity"),
    "/admin/inventory/reservation/": ("stock", "sku_column", "quantity_column", "order_link", "created"),
    "/admin/inventory/sourceitem/": ("sku_column", "product_name", "source_name", "quantity", "status_column"),
    "/admin/customers/customer/": (
        "id_column", "customer_name", "email", "group_name", "phone", "zip", "country", "region", "customer_since",
        "account_lock",
    ),
    # a filter applied: the Filters panel is open above the grid and takes none of its width
    "/admin/sales/order/?status__exact=complete&created_at__date__gte=2020-01-01": (
        "increment_id",
        "purchase_date",
        "bill_to_name",
        "grand_total_column",
        "status_column",
    ),
}


@pytest.fixture(params=SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def page(request: pytest.FixtureRequest, browser: object, live_server: object) -> Iterator[object]:
    width, height = request.param
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": height})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def refunded_order(tutorial: None) -> Order:
    """The tutorial order invoiced, shipped from Northeast then West Warehouse, and 2 backpacks refunded."""
    order = Order.objects.get()
    items = {item.sku: item for item in order.items.all()}
    invoice_order(order, capture=True)
    ship_order(
        order,
        source_code="ne_wh",
        items=[ShipmentLine(items["24-WB03"].pk, Decimal(20)), ShipmentLine(items["24-WB01"].pk, Decimal(35))],
    )
    ship_order(order, source_code="west_wh", items=[ShipmentLine(items["24-WB01"].pk, Decimal(5))])
    refund_order(order.pk, [RefundItem(items["24-WB03"].pk, Decimal(2))])
    order.refresh_from_db()
    return order


def assert_inside(page: object, locator: object, what: str) -> None:
    """The element's box lies inside the viewport and inside the grid's box (which would clip it otherwise)."""
    expect(locator).to_be_visible()
    width = page.viewport_size["width"]
    box = locator.bounding_box()
    grid = page.locator("#changelist .results").bounding_box()
    assert box is not None, what
    assert grid is not None, what
    assert box["x"] >= 0, (what, box)
    assert box["x"] + box["width"] <= width, (what, box, width)
    assert box["x"] + box["width"] <= grid["x"] + grid["width"] + 0.5, (what, box, grid)


def test_the_tutorials_columns_fit_the_screen(
    page: object, screenshot: Callable[[str], Path], refunded_order: Order, merchant: None
) -> None:
    log_in(page)

    for url, columns in GRIDS.items():
        page.goto(url)
        first_row = page.locator("#result_list tbody tr").first
        for column in columns:
            assert_inside(page, page.locator(f"#result_list thead th.column-{column}"), f"{url} {column} header")
            assert_inside(page, first_row.locator(f".field-{column}"), f"{url} {column} cell")
        scroll = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth,"
            " document.querySelector('#changelist .results').scrollWidth,"
            " document.querySelector('#changelist .results').clientWidth]"
        )
        assert scroll[0] <= scroll[1], (url, "the page scrolls sideways", scroll)
        assert scroll[2] <= scroll[3], (url, "the grid scrolls sideways", scroll)
        screenshot(url.strip("/").split("?")[0].replace("/", "-") + ("-filtered" if "?" in url else ""))


def test_the_order_status_is_a_coloured_label(page: object, refunded_order: Order, merchant: None) -> None:
    log_in(page)
    page.goto("/admin/sales/order/")

    label = page.locator("#result_list tbody tr").first.locator(".field-status_column .grid-status")

    expect(label).to_have_text("Complete")
    colours = label.evaluate("e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color]")
    assert colours[0] not in ("rgba(0, 0, 0, 0)", "transparent"), colours
    assert colours[0] != colours[1], colours
    assert "grid-status-complete" in label.get_attribute("class")
