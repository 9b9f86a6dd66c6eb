"""The New Shipment page's Source Selection Algorithm select in a real browser at 1280x800: choosing Distance
Priority re-computes the split from Jane Doe's Mineola address (InventoryShippingAdminUi's AlgorithmSelectionButton
and ProcessAlgorithm)."""

from __future__ import annotations

import pytest

from sales.invoicing import invoice_order
from sales.models import Order
from tests.browser.conftest import ARTIFACTS, sync_api
from tests.browser.test_admin_order_page import in_viewport, small_page  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def invoiced_order(tutorial: None) -> Order:
    order = Order.objects.get()
    invoice_order(order)
    return order


def test_choosing_distance_recomputes_the_split(small_page, invoiced_order: Order):  # noqa: F811
    page = small_page
    page.goto(f"/admin/sales/order/{invoiced_order.pk}/ship/")
    chooser = page.locator("#id_algorithmCode")
    in_viewport(chooser)
    in_viewport(page.get_by_role("button", name="Run Algorithm"))
    wb01 = invoiced_order.items.get(sku="24-WB01").pk
    sync_api.expect(page.locator(f"#id_source_{wb01}_0")).to_have_value("ne_wh")

    chooser.select_option("distance")
    page.get_by_role("button", name="Run Algorithm").click()

    sync_api.expect(page.locator("#source-selection")).to_contain_text("Source Selection Algorithm (Distance Priority)")
    sync_api.expect(page.locator(f"#id_source_{wb01}_0")).to_have_value("huntington")
    sync_api.expect(chooser).to_have_value("distance")
    assert "algorithmCode=distance" in page.url
    page.screenshot(path=str(ARTIFACTS / "ship_algorithm_distance.png"), full_page=True)
