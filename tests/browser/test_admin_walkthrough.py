"""A merchant's walk through the tutorial in the Django admin, in a real browser (spec sections 4.10, 4.12, 10)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sales.models import Order
from tests.browser.conftest import sync_api

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),  # live_server; keeps the data migrations' rows
]

USERNAME, PASSWORD = "merchant", "merchant-password"


def expect(locator: object) -> object:
    return sync_api.expect(locator)


@pytest.fixture
def merchant(django_user_model) -> None:
    django_user_model.objects.create_superuser(USERNAME, "merchant@example.com", PASSWORD)


def log_in(page: object) -> None:
    page.goto("/admin/")
    page.fill("#id_username", USERNAME)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_have_text("Backoffice")


def open_grid(page: object, name: str) -> None:
    """Sales > Orders and the like, through the dashboard's links."""
    page.goto("/admin/")
    page.locator("#content-main").get_by_role("link", name=name, exact=True).click()


def grid_cell(page: object, row_text: str, field: str) -> object:
    return page.locator("#result_list tbody tr", has_text=row_text).locator(f"td.field-{field}")


def open_order(page: object, order: Order) -> None:
    open_grid(page, "Orders")
    page.locator("#result_list").get_by_role("link", name=order.increment_id, exact=True).click()
    expect(page.locator("h2").first).to_contain_text(f"#{order.increment_id}")


def test_a_merchant_invoices_and_ships_the_tutorial_order(
    page: object, screenshot: Callable[[str], Path], tutorial: None, merchant: None
) -> None:
    order = Order.objects.get()
    items = {item.sku: item for item in order.items.all()}
    log_in(page)
    screenshot("dashboard")

    # After step 9: Sales > Orders shows the order Pending, $1,917.60.
    open_grid(page, "Orders")
    expect(grid_cell(page, order.increment_id, "status_column")).to_have_text("Pending")
    expect(grid_cell(page, order.increment_id, "grand_total_column")).to_have_text("$1,917.60")
    screenshot("orders-pending")

    # Step 10 in the admin: the order page's Invoice button, the New Invoice page, Submit Invoice.
    open_order(page, order)
    page.locator(".object-tools").get_by_role("link", name="Invoice", exact=True).click()
    expect(page.locator("h1")).to_have_text("New Invoice")
    screenshot("new-invoice")
    page.get_by_role("button", name="Submit Invoice").click()
    expect(page.locator(".messagelist")).to_contain_text("The invoice has been created.")
    screenshot("order-invoiced")

    # Sales > Invoices: the invoice is Paid; Sales > Orders: Processing.
    open_grid(page, "Invoices")
    invoice_id = order.invoices.get().increment_id
    expect(grid_cell(page, invoice_id, "status_column")).to_have_text("Paid")
    expect(grid_cell(page, invoice_id, "grand_total_column")).to_have_text("$1,917.60")
    screenshot("invoices-paid")
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Export CSV").click()
    exported = Path(csv_download.value.path()).read_text()
    assert exported.splitlines()[0].startswith("Invoice,Invoice Date,Order #,Order Date,Bill-to Name,Status")
    assert f"{invoice_id}," in exported
    assert ",Jane Doe,Paid,1917.60\n" in exported  # a raw number, not "$1,917.60" (read_text: universal newlines)

    open_grid(page, "Orders")
    expect(grid_cell(page, order.increment_id, "status_column")).to_have_text("Processing")
    screenshot("orders-processing")

    # Catalog > Products: the downloadable product left HQ when invoiced.
    open_grid(page, "Products")
    expect(grid_cell(page, "240-LV06", "quantity_per_source")).to_have_text("HQ: 9998")
    expect(grid_cell(page, "240-LV06", "salable_quantity")).to_have_text("US Stock: 9998")
    screenshot("products-after-invoice")

    # Step 12 in the admin: the New Shipment form comes pre-filled with the source selection's split (24-WB03 and
    # 35 × 24-WB01 from Northeast Warehouse, 5 × 24-WB01 from West Warehouse); one submit, one shipment per source.
    open_order(page, order)
    page.locator(".object-tools").get_by_role("link", name="Ship", exact=True).click()
    expect(page.locator("h1")).to_have_text("New Shipment")
    wb01, wb03 = items["24-WB01"].pk, items["24-WB03"].pk
    expect(page.locator(f"select[name=source_{wb03}_0]")).to_have_value("ne_wh")
    expect(page.locator(f"input[name=qty_{wb03}_0]")).to_have_value("20")
    expect(page.locator(f"select[name=source_{wb01}_0]")).to_have_value("ne_wh")
    expect(page.locator(f"input[name=qty_{wb01}_0]")).to_have_value("35")
    expect(page.locator(f"select[name=source_{wb01}_1]")).to_have_value("west_wh")
    expect(page.locator(f"input[name=qty_{wb01}_1]")).to_have_value("5")
    screenshot("new-shipment-split")
    page.get_by_role("button", name="Submit Shipment").click()
    expect(page.locator(".messagelist")).to_contain_text("The shipment has been created.")
    screenshot("order-shipped")

    open_grid(page, "Shipments")
    expect(page.locator("#result_list td.field-total_quantity")).to_have_text(["5", "55"])  # newest first
    expect(page.locator("#result_list td.field-source")).to_have_text(["West Warehouse", "Northeast Warehouse"])
    screenshot("shipments")

    open_grid(page, "Orders")
    expect(grid_cell(page, order.increment_id, "status_column")).to_have_text("Complete")
    expect(grid_cell(page, order.increment_id, "allocated_sources")).to_have_text("Northeast WarehouseWest Warehouse")
    screenshot("orders-complete")

    open_grid(page, "Products")
    expect(grid_cell(page, "24-WB01", "salable_quantity")).to_have_text("US Stock: 60")
    expect(grid_cell(page, "24-WB03", "salable_quantity")).to_have_text("US Stock: 80")
    screenshot("products-after-shipments")


def test_a_refused_shipment_is_an_error_message_and_the_invoice_prints(
    page: object, screenshot: Callable[[str], Path], tutorial: None, merchant: None
) -> None:
    order = Order.objects.get()
    wb03 = order.items.get(sku="24-WB03")
    log_in(page)

    open_order(page, order)
    page.locator(".object-tools").get_by_role("link", name="Invoice", exact=True).click()
    page.get_by_role("button", name="Submit Invoice").click()
    page.locator(".object-tools").get_by_role("link", name="Ship", exact=True).click()
    page.select_option(f"select[name=source_{wb03.pk}_0]", "brooklyn")
    page.fill(f"input[name=qty_{wb03.pk}_0]", "20")
    wb01 = order.items.get(sku="24-WB01").pk
    page.fill(f"input[name=qty_{wb01}_0]", "0")
    page.fill(f"input[name=qty_{wb01}_1]", "0")
    page.get_by_role("button", name="Submit Shipment").click()

    expect(page.locator(".messagelist .error")).to_have_text(
        'Source "Brooklyn Store" cannot ship 20 of SKU "24-WB03": it holds 0.'
    )
    expect(page.locator("h1")).to_have_text("New Shipment")
    screenshot("refused-shipment")

    open_grid(page, "Invoices")
    page.locator("#result_list td.field-action").get_by_role("link", name="View").click()
    screenshot("invoice-page")
    with page.expect_download() as pdf_download:
        page.locator(".object-tools").get_by_role("link", name="Print", exact=True).click()
    assert Path(pdf_download.value.path()).read_bytes().startswith(b"%PDF")
    assert pdf_download.value.suggested_filename.startswith("invoice")
