"""Catalog > Products' Transfer Inventory To Source and a shipment's tracking number, in a real browser at 1280x800.

Contract: magento/inventory InventoryCatalogAdminUi (product_listing.xml's inventory_transfer action,
templates/inventory_transfer.phtml, Controller/Adminhtml/Inventory/BulkTransferPost.php: "Bulk operation was
successful: %count inventory transfers."); Magento_Shipping's Controller/Adminhtml/Order/Shipment/AddTrack.php.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from inventory.models import SourceItem
from sales.invoicing import invoice_order
from sales.models import Order
from sales.shipping import ShipmentLine, ship_order
from tests.browser.test_admin_bulk_actions import on_screen
from tests.browser.test_admin_walkthrough import expect, grid_cell, log_in, merchant

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTH, HEIGHT = 1280, 800
__all__ = ["merchant"]


@pytest.fixture
def page(browser: object, live_server: object) -> Iterator[object]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": WIDTH, "height": HEIGHT})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def test_a_merchant_transfers_two_bags_from_berkeley_to_sausalito(
    page: object, screenshot: Callable[[str], Path], tutorial: None, merchant: None
) -> None:
    log_in(page)
    page.goto("/admin/catalog/product/")
    for sku in ("24-WB01", "24-WB03"):
        page.locator("#result_list tbody tr", has_text=sku).locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label="Transfer Inventory To Source")
    page.locator("button[name=index]").click()

    origin, destination = page.locator("#id_origin_source"), page.locator("#id_destination_source")
    on_screen(page, origin)
    on_screen(page, destination)
    expect(page.locator("#content")).to_contain_text("You selected 2 products for this bulk operation.")
    origin.select_option(value="berkeley")
    destination.select_option(value="sausalito")
    page.locator("#id_unassign_origin_source").check()
    screenshot("transfer-form")
    page.get_by_role("button", name="Transfer Inventory").click()

    expect(page.locator("ul.messagelist")).to_contain_text("Bulk operation was successful: 2 inventory transfers.")
    expect(grid_cell(page, "24-WB01", "quantity_per_source")).to_contain_text("Sausalito Store: 20")
    expect(grid_cell(page, "24-WB03", "quantity_per_source")).to_contain_text("Sausalito Store: 40")
    expect(grid_cell(page, "24-WB03", "quantity_per_source")).not_to_contain_text("Berkeley")
    screenshot("grid-after-transfer")
    assert not SourceItem.objects.filter(source_id="berkeley", product_id__in=["24-WB01", "24-WB03"]).exists()


def test_a_merchant_adds_and_removes_a_tracking_number(
    page: object, screenshot: Callable[[str], Path], tutorial: None, merchant: None
) -> None:
    order = Order.objects.get()
    invoice_order(order)
    backpacks = order.items.get(sku="24-WB03")
    shipment = ship_order(order, source_code="ne_wh", items=[ShipmentLine(backpacks.pk, Decimal(20))])
    log_in(page)
    page.goto(f"/admin/sales/shipment/{shipment.pk}/change/#tracking")  # the Tracking tab

    form = page.locator("#tracking tr.add-track")
    on_screen(page, form.locator("select[name=carrier]"))
    form.locator("select[name=carrier]").select_option(label="Flat Rate")
    form.locator("input[name=number]").fill("1Z-TUTORIAL")
    on_screen(page, form.get_by_role("button", name="Add"))
    form.get_by_role("button", name="Add").click()

    expect(page.locator("ul.messagelist")).to_contain_text("The tracking number has been added.")
    row = page.locator("#tracking tbody tr", has_text="1Z-TUTORIAL")
    expect(row).to_contain_text("Flat Rate")
    screenshot("tracking-added")
    row.get_by_role("button", name="Delete").click()
    expect(page.locator("ul.messagelist")).to_contain_text("The tracking number has been removed.")
    expect(page.locator("#tracking")).not_to_contain_text("1Z-TUTORIAL")
