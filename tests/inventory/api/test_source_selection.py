"""/V1/inventory/source-selection-algorithm-list and -result (the tutorial's step 11)."""

from __future__ import annotations

import pytest

from tests.inventory.world import snapshot

pytestmark = pytest.mark.django_db


def test_the_algorithm_list(rest_client):
    response = rest_client.get("/rest/default/V1/inventory/source-selection-algorithm-list")

    assert (response.status_code, response.json()) == (200, [{
        "code": "priority", "title": "Source Priority",
        "description": "Algorithm which provides Source Selections based on predefined priority of Source",
    }, {
        "code": "distance", "title": "Distance Priority",
        "description": "Algorithm which provides Source Selections based on shipping address distance from the source",
    }])


def test_step_11_priority_selection_on_the_tutorial_world(rest_client, tutorial):
    stock_id = rest_client.get("/rest/V1/inventory/stock-resolver/website/base").json()["stock_id"]
    body = {"inventoryRequest": {"stockId": stock_id, "items": [{"sku": "24-WB01", "qty": 40},
                                                                {"sku": "24-WB03", "qty": 20}]},
            "algorithmCode": "priority"}
    before = snapshot()

    response = rest_client.post("/rest/default/V1/inventory/source-selection-algorithm-result", body, format="json")

    table = [("ne_wh", 35, 35, 20, 50), ("west_wh", 5, 15, 0, 10), ("brooklyn", 0, 10, 0, 0),
             ("manhattan", 0, 10, 0, 0), ("huntington", 0, 10, 0, 0), ("berkeley", 0, 10, 0, 20),
             ("sausalito", 0, 10, 0, 20)]
    expected = [
        row
        for code, wb01_deduct, wb01_available, wb03_deduct, wb03_available in table
        for row in ({"source_code": code, "sku": "24-WB01", "qty_to_deduct": wb01_deduct,
                     "qty_available": wb01_available},
                    {"source_code": code, "sku": "24-WB03", "qty_to_deduct": wb03_deduct,
                     "qty_available": wb03_available})
    ]
    assert response.status_code == 200
    assert response.json() == {"source_selection_items": expected, "shippable": True}
    assert snapshot() == before  # a recommendation only


def test_a_short_request_is_not_shippable(rest_client, tutorial):
    stock_id = rest_client.get("/rest/V1/inventory/stock-resolver/website/base").json()["stock_id"]

    response = rest_client.post(
        "/rest/V1/inventory/source-selection-algorithm-result",
        {"inventoryRequest": {"stock_id": stock_id, "items": [{"sku": "240-LV06", "qty": 10000}]},
         "algorithmCode": "priority"},
        format="json",
    )

    assert response.json() == {"source_selection_items": [
        {"source_code": "hq", "sku": "240-LV06", "qty_to_deduct": 9999, "qty_available": 9999}
    ], "shippable": False}


def test_an_unknown_algorithm_is_refused(rest_client):
    response = rest_client.post(
        "/rest/V1/inventory/source-selection-algorithm-result",
        {"inventoryRequest": {"stockId": 1, "items": [{"sku": "X", "qty": 1}]}, "algorithmCode": "nearest"},
        format="json",
    )

    assert (response.status_code, response.json()) == (400, {
        "message": "There is no such Source Selection Algorithm implemented: %1", "parameters": ["nearest"]
    })


def test_acl(staff_client_with):
    clerk = staff_client_with("inventory.view_stock")

    listing = clerk.get("/rest/V1/inventory/source-selection-algorithm-list")
    result = clerk.post("/rest/V1/inventory/source-selection-algorithm-result", {}, format="json")

    assert listing.json()["parameters"] == {"resources": "Magento_InventorySourceSelectionApi::source_selection_algorithm"}
    assert result.json()["parameters"] == {
        "resources": "Magento_InventorySourceSelectionApi::source_selection_algorithm_post"
    }
