"""A merchant refunds part of the shipped tutorial order in the admin, in a real browser at 1440x900: the order
page's Credit Memo button, Magento's New Memo form with Return to Stock, Refund Offline; the credit memo in
Sales > Credit Memos and the returned quantity in the product's Quantity per Source (MSI: shipped quantities go
back to the source they left from)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from sales.invoicing import invoice_order
from sales.models import Order
from sales.shipping import ShipmentLine, ship_order
from tests.browser.test_admin_walkthrough import expect, grid_cell, log_in, merchant, open_grid, open_order

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),  # live_server; keeps the data migrations' rows
]

WIDTH, HEIGHT = 1440, 900

__all__ = ["merchant"]  # the fixture, used by name


@pytest.fixture
def page(browser: object, live_server: object) -> Iterator[object]:
    """A laptop's screen, smaller than the walkthrough's."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": WIDTH, "height": HEIGHT})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def on_screen(locator: object) -> None:
    """Visible without scrolling sideways: scrolled to, the element's box lies inside the 1440x900 viewport."""
    expect(locator).to_be_visible()
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    assert box is not None
    assert 0 <= box["x"] <= box["x"] + box["width"] <= WIDTH, box
    assert 0 <= box["y"] <= box["y"] + box["height"] <= HEIGHT, box


@pytest.fixture
def shipped_order(tutorial: None) -> Order:
    """The tutorial order invoiced and shipped: 24-WB03 × 20 and 24-WB01 × 35 from Northeast Warehouse, the last
    5 × 24-WB01 from West Warehouse."""
    order = Order.objects.get()
    items = {item.sku: item for item in order.items.all()}
    invoice_order(order, capture=True)
    ship_order(order, source_code="ne_wh", items=[ShipmentLine(items["24-WB03"].pk, Decimal(20)),
                                                  ShipmentLine(items["24-WB01"].pk, Decimal(35))])
    ship_order(order, source_code="west_wh", items=[ShipmentLine(items["24-WB01"].pk, Decimal(5))])
    order.refresh_from_db()
    return order


def test_a_credit_memo_made_in_the_admin_returns_goods_to_their_source(
    page: object, screenshot: Callable[[str], Path], shipped_order: Order, merchant: None
) -> None:
    order = shipped_order
    items = {item.sku: item for item in order.items.all()}
    log_in(page)

    open_grid(page, "Products")
    expect(grid_cell(page, "24-WB03", "quantity_per_source")).to_contain_text("Northeast Warehouse: 30")

    # The order page's Credit Memo button opens Magento's New Memo form.
    open_order(page, order)
    button = page.locator(".object-tools").get_by_role("link", name="Credit Memo", exact=True)
    on_screen(button)
    screenshot("order-complete")
    button.click()
    expect(page.locator("h1")).to_have_text("New Memo")
    expect(page.locator(f"input[name=qty_{items['24-WB03'].pk}]")).to_have_value("20")
    expect(page.locator("input[name=shipping_amount]")).to_have_value("300")

    # Refund 2 Driven Backpacks back to stock, nothing else, no shipping.
    page.fill(f"input[name=qty_{items['24-WB03'].pk}]", "2")
    page.check(f"input[name=back_to_stock_{items['24-WB03'].pk}]")
    page.fill(f"input[name=qty_{items['24-WB01'].pk}]", "0")
    page.fill(f"input[name=qty_{items['240-LV06'].pk}]", "0")
    page.fill("input[name=shipping_amount]", "0")
    page.fill("textarea[name=comment]", "Two backpacks came back unused.")
    for field in (f"qty_{items['24-WB03'].pk}", f"back_to_stock_{items['24-WB03'].pk}", "shipping_amount",
                  "adjustment_positive", "adjustment_negative"):
        on_screen(page.locator(f"[name={field}]"))
    submit = page.get_by_role("button", name="Refund Offline")
    on_screen(submit)
    screenshot("new-memo")
    submit.click()

    expect(page.locator(".messagelist")).to_contain_text("You created the credit memo.")
    on_screen(page.locator(".messagelist"))
    creditmemo = order.creditmemos.get()
    screenshot("order-with-credit-memo")

    # Sales > Credit Memos: the credit memo, Refunded, 2 × $36.00 less their 20% discount.
    page.goto("/admin/")
    page.locator("#content-main").get_by_role("link", name=re.compile(r"^Credit ?memos$", re.IGNORECASE)).click()
    for field, text in (("status_column", "Refunded"), ("refunded", "$57.60"), ("order_link", order.increment_id)):
        cell = grid_cell(page, creditmemo.increment_id, field)
        expect(cell).to_have_text(text)
        on_screen(cell)
    screenshot("credit-memos")

    page.locator("#result_list th.field-increment_id").get_by_role("link", name=creditmemo.increment_id).click()
    expect(page.locator("#content")).to_contain_text("Two backpacks came back unused.")
    screenshot("credit-memo-page")

    # Catalog > Products: the 2 backpacks are back where they were shipped from.
    open_grid(page, "Products")
    cell = grid_cell(page, "24-WB03", "quantity_per_source")
    expect(cell).to_contain_text("Northeast Warehouse: 32")
    on_screen(cell)
    screenshot("products-after-refund")
