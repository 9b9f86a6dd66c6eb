"""/V1/inventory/low-quantity-notification(s): the "Notify Quantity" of source items."""

from __future__ import annotations

from decimal import Decimal

import pytest

from inventory.models import SourceItem
from tests.factories import make_product
from tests.inventory.world import make_source, put, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def items():
    for code in ("baltimore_wh", "austin_wh", "reno_wh"):
        make_source(code)
    make_product(sku="sp1", quantity=None)
    for code in ("baltimore_wh", "austin_wh", "reno_wh"):
        put("sp1", code, 20)


def notify(source_code: str) -> Decimal | None:
    return SourceItem.objects.get(product_id="sp1", source_id=source_code).notify_stock_qty


def test_thresholds_are_saved_read_and_deleted(rest_client, items):
    body = {"sourceItemConfigurations": [
        {"source_code": "baltimore_wh", "notify_stock_qty": 10, "sku": "sp1"},
        {"source_code": "austin_wh", "notify_stock_qty": 8, "sku": "sp1"},
        {"source_code": "reno_wh", "notify_stock_qty": 5, "sku": "sp1"},
    ]}

    saved = rest_client.post("/rest/V1/inventory/low-quantity-notification", body, format="json")
    read = rest_client.get("/rest/V1/inventory/low-quantity-notification/reno_wh/sp1")
    deleted = rest_client.post("/rest/V1/inventory/low-quantity-notifications-delete",
                               {"sourceItems": [{"sku": "sp1", "source_code": "reno_wh"}]}, format="json")

    assert (saved.status_code, saved.json()) == (200, [])
    assert read.json() == {"source_code": "reno_wh", "notify_stock_qty": 5, "sku": "sp1"}
    assert list(read.json()) == ["source_code", "notify_stock_qty", "sku"]
    assert (deleted.status_code, deleted.json()) == (200, [])
    assert (notify("baltimore_wh"), notify("austin_wh"), notify("reno_wh")) == (Decimal(10), Decimal(8), None)
    assert rest_client.get("/rest/V1/inventory/low-quantity-notification/reno_wh/sp1").json()["notify_stock_qty"] == 1


def test_the_default_threshold_is_one_and_does_not_change_salable_quantity(rest_client, items):
    rest_client.post("/rest/V1/inventory/low-quantity-notification",
                     {"sourceItemConfigurations": [{"source_code": "reno_wh", "notify_stock_qty": 50, "sku": "sp1"}]},
                     format="json")

    assert rest_client.get("/rest/V1/inventory/low-quantity-notification/austin_wh/sp1").json() == {
        "source_code": "austin_wh", "notify_stock_qty": 1, "sku": "sp1"
    }
    assert rest_client.get("/rest/V1/inventory/get-product-salable-quantity/sp1/1").json() == 0  # not on stock 1
    assert notify("reno_wh") == Decimal(50)


def test_refusals(rest_client, items):
    before = snapshot()

    unassigned = rest_client.post(
        "/rest/V1/inventory/low-quantity-notification",
        {"sourceItemConfigurations": [{"source_code": "default", "notify_stock_qty": 5, "sku": "sp1"}]},
        format="json",
    )
    empty = rest_client.post("/rest/V1/inventory/low-quantity-notification", {"sourceItemConfigurations": []},
                             format="json")
    unknown_source = rest_client.get("/rest/V1/inventory/low-quantity-notification/mars/sp1")
    unknown_sku = rest_client.get("/rest/V1/inventory/low-quantity-notification/reno_wh/nope")

    assert (unassigned.status_code, unassigned.json()) == (400, {"message": "Could not save Source Item Configuration"})
    assert (empty.status_code, empty.json()) == (400, {"message": "Input data is empty"})
    assert (unknown_source.status_code, unknown_source.json()) == (400, {"message": "Wrong input data"})
    assert unknown_sku.json() == {"message": "Wrong input data"}
    assert snapshot() == before


def test_acl(staff_client_with, items):
    reader = staff_client_with("inventory.view_sourceitem")

    assert reader.get("/rest/V1/inventory/low-quantity-notification/reno_wh/sp1").status_code == 200
    save = reader.post("/rest/V1/inventory/low-quantity-notification", {"sourceItemConfigurations": []}, format="json")
    delete = reader.post("/rest/V1/inventory/low-quantity-notifications-delete", {"sourceItems": []}, format="json")
    assert save.json()["parameters"] == {
        "resources": "Magento_InventoryLowQuantityNotificationApi::stock_create_low_quantity_notification"
    }
    assert delete.json()["parameters"] == {
        "resources": "Magento_InventoryLowQuantityNotificationApi::stock_delete_low_quantity_notification"
    }
