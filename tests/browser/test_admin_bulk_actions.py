"""System > Bulk Actions in a real browser on a 1280x800 screen: an asynchronous bulk with one retriably failed
operation, its row in the log, its page with the failure's message, and Retry of that one operation.

Contract: Magento_AsynchronousOperations view/adminhtml/ui_component/bulk_listing.xml (the log: Start Time,
Description of Operation, Status), bulk_details_form.xml ("Items to Retry": select, then "Retry"),
Controller/Adminhtml/Bulk/Retry.php ("%1 item(s) have been scheduled for update.", back to the log),
Model/BulkManagement.php::retryBulk (the operation reopened and published); WebapiAsync's
POST /rest/async/bulk/V1/inventory/source-items (202 with the bulk's uuid)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from asynchronous_operations import bulks
from asynchronous_operations.models import Bulk, Operation, OperationStatus
from tests.asynchronous_operations.world import deadlocked
from tests.browser.test_admin_walkthrough import PASSWORD, USERNAME, expect, grid_cell, log_in, merchant
from tests.factories import make_product
from tests.inventory.world import make_source, quantities

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),  # live_server; keeps the data migrations' rows
]

WIDTH, HEIGHT = 1280, 800
TOPIC = "Topic async.V1.inventory.source-items.POST"

__all__ = ["merchant"]  # the fixture, used by name


@pytest.fixture
def page(browser: object, live_server: object) -> Iterator[object]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": WIDTH, "height": HEIGHT})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def on_screen(page: object, locator: object) -> None:
    """Visible without scrolling sideways: scrolled to, the element's box lies inside the 1280x800 viewport, and
    the page itself is no wider than the screen."""
    expect(locator).to_be_visible()
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    assert box is not None
    assert 0 <= box["x"] <= box["x"] + box["width"] <= WIDTH, box
    assert 0 <= box["y"] <= box["y"] + box["height"] <= HEIGHT, box
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH


@pytest.fixture
def failed_bulk(settings, monkeypatch, page: object, merchant: None) -> Bulk:
    """Two source-item updates sent to the live server's bulk route; the second meets a deadlock on its way
    (status 2, Failed, can be retried). Without a broker the operations run after the request commits."""
    settings.CELERY_BROKER_URL = ""
    make_source("central", name="Central Warehouse")
    make_source("east", name="East Warehouse")
    make_product(sku="SKU-A", quantity=None)
    apply_operation = bulks.apply_operation

    def deadlock_in_the_east(operation_id: int) -> bool:
        if '\\"east\\"' in (Operation.objects.get(pk=operation_id).serialized_data or ""):
            return apply_operation(operation_id, run=deadlocked)
        return apply_operation(operation_id)

    token = page.request.post(
        "/rest/V1/integration/admin/token", data={"username": USERNAME, "password": PASSWORD}
    ).json()
    bodies = [
        {"sourceItems": [{"sku": "SKU-A", "source_code": "central", "quantity": 5, "status": 1}]},
        {"sourceItems": [{"sku": "SKU-A", "source_code": "east", "quantity": 6, "status": 1}]},
    ]
    with monkeypatch.context() as patched:
        patched.setattr(bulks, "apply_operation", deadlock_in_the_east)
        response = page.request.post(
            "/rest/async/bulk/V1/inventory/source-items", data=bodies, headers={"Authorization": f"Bearer {token}"}
        )
    assert response.status == 202, response.text()
    bulk = Bulk.objects.get(uuid=response.json()["bulk_uuid"])
    assert list(bulk.operations.order_by("operation_key").values_list("status", flat=True)) == [
        OperationStatus.COMPLETE,
        OperationStatus.RETRIABLY_FAILED,
    ]
    return bulk


def test_a_merchant_retries_the_failed_operation_of_a_bulk(
    page: object, screenshot: Callable[[str], Path], failed_bulk: Bulk
) -> None:
    log_in(page)

    # System > Bulk Actions: the bulk's description, start time, status and operations by status, on screen.
    page.goto("/admin/")
    page.locator("#content-main").get_by_role("link", name="Bulk actions", exact=True).click()
    row = page.locator("#result_list tbody tr", has_text=TOPIC)
    expect(grid_cell(page, TOPIC, "status")).to_have_text("Finished with failure")
    expect(grid_cell(page, TOPIC, "operations")).to_contain_text("1 complete")
    expect(grid_cell(page, TOPIC, "operations")).to_contain_text("1 failed, can be retried")
    expect(page.locator("h1")).to_have_text("Bulk Actions Log")
    for cell in ("description", "status", "operations"):
        on_screen(page, grid_cell(page, TOPIC, cell))
    start_time = row.locator("th.field-start_time")
    on_screen(page, start_time)
    for cell in row.locator("td, th").all():  # every column, the grid not scrolling sideways in its box
        on_screen(page, cell)
    assert page.evaluate(
        "(el) => el.scrollWidth <= el.clientWidth", page.locator("#changelist .results").element_handle()
    )
    screenshot("bulk-actions")

    # The bulk's page: the failed operation's message, under Items to Retry, with its box and Retry.
    start_time.get_by_role("link").click()
    failed = page.locator("#items-to-retry tr.operation-1")
    expect(failed.locator("td.error")).to_have_text("deadlock detected")
    on_screen(page, failed.locator("td.error"))
    box = failed.get_by_role("checkbox")
    on_screen(page, box)
    box.check()
    retry = page.get_by_role("button", name="Retry", exact=True)
    on_screen(page, retry)
    screenshot("bulk-page")
    retry.click()

    # Back to the log: the one operation was reopened and, without a broker, applied at once.
    expect(page.locator(".messagelist")).to_contain_text("1 item(s) have been scheduled for update.")
    expect(grid_cell(page, TOPIC, "status")).to_have_text("Finished successfully")
    expect(grid_cell(page, TOPIC, "operations")).to_have_text("2 complete")
    on_screen(page, grid_cell(page, TOPIC, "operations"))
    screenshot("bulk-actions-after-retry")
    assert quantities("SKU-A")["east"][0] == Decimal(6)

    page.locator("#result_list tbody tr", has_text=TOPIC).locator("th.field-start_time").get_by_role("link").click()
    expect(page.locator("#items-to-retry")).to_contain_text("None.")
    screenshot("bulk-page-after-retry")
