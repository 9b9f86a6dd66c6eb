"""/V1/inventory/bulk-*: assigning, unassigning and transferring source items in bulk (InventoryCatalog)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from inventory.models import SourceItem
from tests.factories import make_product
from tests.inventory.world import make_source, put, quantities, snapshot

pytestmark = pytest.mark.django_db
D = Decimal
IN, OUT = 1, 0


@pytest.fixture
def world():
    for code in ("central", "east", "west"):
        make_source(code)
    make_product(sku="SKU-1", quantity=None)
    make_product(sku="SKU-2", quantity=None)


def post(client, path, body):
    return client.post(f"/rest/V1/inventory/{path}", body, format="json")


def test_assign_adds_empty_out_of_stock_items_and_counts_the_new_ones(rest_client, world):
    put("SKU-1", "central", 5)

    response = post(rest_client, "bulk-product-source-assign",
                    {"skus": ["SKU-1", "SKU-2"], "sourceCodes": ["central", "east"]})

    assert (response.status_code, response.json()) == (200, 3)
    assert quantities("SKU-1") == {"central": (D(5), IN), "east": (D(0), OUT)}
    assert quantities("SKU-2") == {"central": (D(0), OUT), "east": (D(0), OUT)}


def test_unassign_removes_the_items_and_counts_them(rest_client, world):
    put("SKU-1", "central", 5)
    put("SKU-1", "east", 3)
    put("SKU-2", "east", 1)

    response = post(rest_client, "bulk-product-source-unassign", {"skus": ["SKU-1", "SKU-2"], "sourceCodes": ["east"]})

    assert (response.status_code, response.json()) == (200, 2)
    assert quantities("SKU-1") == {"central": (D(5), IN)}
    assert quantities("SKU-2") == {}


@pytest.mark.parametrize("path", ["bulk-product-source-assign", "bulk-product-source-unassign"])
def test_unknown_sources_are_refused(rest_client, world, path):
    put("SKU-1", "east", 3)
    before = snapshot()

    response = post(rest_client, path, {"skus": ["SKU-1"], "sourceCodes": ["east", "mars", "venus"]})

    assert (response.status_code, response.json()) == (400, {"message": "Validation Failed", "errors": [
        {"message": "Source %sourceCode does not exist", "parameters": {"sourceCode": "mars"}},
        {"message": "Source %sourceCode does not exist", "parameters": {"sourceCode": "venus"}},
    ]})
    assert snapshot() == before


def test_assigning_an_unknown_sku_is_refused(rest_client, world):
    before = snapshot()

    response = post(rest_client, "bulk-product-source-assign", {"skus": ["SKU-1", "NOPE"], "sourceCodes": ["east"]})

    assert (response.status_code, response.json()) == (400, {
        "message": "Following products with requested skus were not found: %1", "parameters": ["NOPE"]
    })
    assert snapshot() == before


def test_transfer_moves_everything_and_keeps_the_origin_at_zero(rest_client, world):
    put("SKU-1", "central", 10)
    put("SKU-1", "east", 4, status=OUT)
    SourceItem.objects.filter(product_id="SKU-1", source_id="central").update(notify_stock_qty=D(3))
    put("SKU-2", "central", 7, status=OUT)

    response = post(rest_client, "bulk-product-source-transfer",
                    {"skus": ["SKU-1", "SKU-2"], "originSource": "central", "destinationSource": "east",
                     "unassignFromOrigin": False})

    assert (response.status_code, response.json()) == (200, True)
    assert quantities("SKU-1") == {"central": (D(0), OUT), "east": (D(14), IN)}  # origin's status travels
    assert quantities("SKU-2") == {"central": (D(0), OUT), "east": (D(7), OUT)}
    assert SourceItem.objects.get(product_id="SKU-1", source_id="east").notify_stock_qty == D(3)


def test_transfer_can_unassign_the_origin(rest_client, world):
    put("SKU-1", "central", 10)

    post(rest_client, "bulk-product-source-transfer",
         {"skus": ["SKU-1"], "originSource": "central", "destinationSource": "west", "unassignFromOrigin": True})

    assert quantities("SKU-1") == {"west": (D(10), IN)}


def test_transfer_refusals(rest_client, world):
    put("SKU-1", "central", 10)
    before = snapshot()

    unknown = post(rest_client, "bulk-product-source-transfer",
                   {"skus": ["SKU-1"], "originSource": "mars", "destinationSource": "mars", "unassignFromOrigin": False})
    no_flag = post(rest_client, "bulk-product-source-transfer",
                   {"skus": ["SKU-1"], "originSource": "central", "destinationSource": "east"})

    assert (unknown.status_code, unknown.json()) == (400, {
        "message": "Validation Error: Select different sources for origin and destination.",
        "errors": [
            {"message": "Origin source %sourceCode does not exist", "parameters": {"sourceCode": "mars"}},
            {"message": "Destination source %sourceCode does not exist", "parameters": {"sourceCode": "mars"}},
            {"message": "Cannot transfer a source on itself", "parameters": []},
        ],
    })
    assert (no_flag.status_code, no_flag.json()) == (400, {
        "message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": "unassignFromOrigin"}
    })
    assert snapshot() == before


def test_partial_transfer_moves_a_quantity_and_sets_the_destination_in_stock(rest_client, world):
    put("SKU-1", "central", 10)
    put("SKU-1", "east", 0, status=OUT)

    response = post(rest_client, "bulk-partial-source-transfer",
                    {"originSourceCode": "central", "destinationSourceCode": "east",
                     "items": [{"sku": "SKU-1", "qty": 4}]})

    assert (response.status_code, response.json()) == (200, [])
    assert quantities("SKU-1") == {"central": (D(6), IN), "east": (D(4), IN)}


def test_partial_transfer_refusals_list_every_problem_and_move_nothing(rest_client, world):
    put("SKU-1", "central", 3)
    put("SKU-2", "east", 9)
    before = snapshot()

    response = post(rest_client, "bulk-partial-source-transfer",
                    {"originSourceCode": "central", "destinationSourceCode": "east",
                     "items": [{"sku": "SKU-1", "qty": 5}, {"sku": "SKU-2", "qty": 1}]})

    assert (response.status_code, response.json()) == (400, {"message": "Transfer validation failed", "errors": [
        {"message": "Requested transfer amount for sku %sku is not available", "parameters": {"sku": "SKU-1"}},
        {"message": "%message", "parameters": {"message": "Source item for SKU-1 and east does not exist"}},
        {"message": "%message", "parameters": {"message": "Source item for SKU-2 and central does not exist"}},
    ]})
    assert snapshot() == before


def test_acl(staff_client_with, world):
    clerk = staff_client_with("inventory.view_sourceitem")

    response = post(clerk, "bulk-product-source-assign", {"skus": ["SKU-1"], "sourceCodes": ["east"]})

    assert (response.status_code, response.json()["parameters"]) == (401, {"resources": "Magento_Catalog::products"})
    assert quantities("SKU-1") == {}
