"""/V1/inventory/source-items(-delete): quantities per SKU and source."""

from __future__ import annotations

from decimal import Decimal

import pytest

from inventory.models import SourceItem
from tests.factories import make_product
from tests.inventory.world import criteria, make_source, put, quantities, reserve, snapshot

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def sources():
    make_source("central")
    make_source("east")


def item(sku="SKU-A", source_code="central", quantity=1.5, status=1, **extra) -> dict:
    return {"sku": sku, "source_code": source_code, "quantity": quantity, "status": status, **extra}


def test_source_items_are_created_then_updated_in_place(rest_client, sources):
    make_product(sku="SKU-A", quantity=None)

    first = rest_client.post("/rest/V1/inventory/source-items",
                             {"sourceItems": [item(quantity=1000), item(source_code="east", quantity=2000)]},
                             format="json")
    second = rest_client.post("/rest/V1/inventory/source-items",
                              {"source_items": [item(quantity=0, status=0)]}, format="json")

    assert (first.status_code, first.json(), second.json()) == (200, [], [])
    assert quantities("SKU-A") == {"central": (D(0), 0), "east": (D(2000), 1)}
    assert SourceItem.objects.count() == 2


def test_search_source_items(rest_client, sources):
    make_product(sku="new_product1", quantity=None)
    make_product(sku="new_product2", quantity=None)
    put("new_product1", "central", 1000)
    put("new_product2", "central", 500)
    put("new_product2", "east", 250, status=0)

    by_sku = rest_client.get("/rest/V1/inventory/source-items?" + criteria([("sku", "new_product2", "eq")])).json()
    in_stock_by_qty = rest_client.get(
        "/rest/V1/inventory/source-items?"
        + criteria([("status", 1, "eq")], [("quantity", 600, "lt")], sort=("quantity", "DESC"))
    ).json()
    by_source = rest_client.get("/rest/V1/inventory/source-items?" + criteria([("source_code", "east", "eq")])).json()

    assert by_sku == {
        "items": [{"sku": "new_product2", "source_code": "central", "quantity": 500, "status": 1},
                  {"sku": "new_product2", "source_code": "east", "quantity": 250, "status": 0}],
        "search_criteria": {"filter_groups": [{"filters": [{"field": "sku", "value": "new_product2",
                                                            "condition_type": "eq"}]}], "page_size": 20},
        "total_count": 2,
    }
    assert [(i["sku"], i["quantity"]) for i in in_stock_by_qty["items"]] == [("new_product2", 500)]
    assert [i["sku"] for i in by_source["items"]] == ["new_product2"]


def failed(first: str, *errors: dict) -> dict:
    return {"message": f"Validation Failed: {first}", "errors": list(errors)}


def rule(template: str, field: str) -> dict:
    return {"message": template, "parameters": {"field": field}}


EMPTY, SPACES = '"%field" can not be empty.', '"%field" can not contain whitespaces.'
NUMERIC = '"%field" should be numeric.'


@pytest.mark.parametrize(
    ("changes", "body"),
    [
        ({"sku": ""}, failed('"sku" can not be empty.', rule(EMPTY, "sku"))),
        ({"sku": " "}, failed('"sku" can not be empty.', rule(EMPTY, "sku"),
                              rule('"%field" can not contain leading or trailing spaces.', "sku"))),
        ({"source_code": None}, failed('"source_code" can not be empty.', rule(EMPTY, "source_code"))),
        ({"source_code": "source code"}, failed('"source_code" can not contain whitespaces.',
                                                rule(SPACES, "source_code"))),
        ({"quantity": None}, failed('"quantity" should be numeric.', rule(NUMERIC, "quantity"))),
        ({"status": None}, failed('"status" should be numeric.', rule(NUMERIC, "status"))),
        ({"status": "999999"}, failed('"status" should a known status.', rule('"%field" should a known status.',
                                                                              "status"))),
    ],
)
def test_invalid_source_items_are_refused_with_magentos_messages(rest_client, sources, changes, body):
    make_product(sku="SKU-A", quantity=None)
    before = snapshot()

    response = rest_client.post("/rest/V1/inventory/source-items", {"sourceItems": [item(**changes)]}, format="json")

    assert (response.status_code, response.json()) == (400, body)
    assert snapshot() == before


def test_one_invalid_item_refuses_the_whole_request(rest_client, sources):
    make_product(sku="SKU-A", quantity=None)

    response = rest_client.post("/rest/V1/inventory/source-items",
                                {"sourceItems": [item(), item(source_code="east", status=7)]}, format="json")

    assert response.status_code == 400
    assert quantities("SKU-A") == {}


@pytest.mark.parametrize(("sku", "source_code"), [("SKU-A", "mars"), ("NO-SUCH-SKU", "central")])
def test_unknown_skus_and_sources_are_not_saved(rest_client, sources, sku, source_code):
    make_product(sku="SKU-A", quantity=None)
    before = snapshot()

    response = rest_client.post("/rest/V1/inventory/source-items",
                                {"sourceItems": [item(sku=sku, source_code=source_code)]}, format="json")

    assert (response.status_code, response.json()) == (400, {"message": "Could not save Source Item"})
    assert snapshot() == before


def test_body_errors(rest_client, sources):
    empty = rest_client.post("/rest/V1/inventory/source-items", {"sourceItems": []}, format="json")
    not_a_number = rest_client.post("/rest/V1/inventory/source-items", {"sourceItems": [item(quantity="test")]},
                                    format="json")

    assert (empty.status_code, empty.json()) == (400, {"message": "Input data is empty"})
    assert (not_a_number.status_code, not_a_number.json()) == (400, {
        "message": 'Error occurred during "quantity" processing. The "test" value\'s type is invalid. '
                   'The "float" type was expected. Verify and try again.'
    })


def test_step_5a_unassigns_the_default_source_and_keeps_reservations(rest_client, sources):
    make_product(sku="24-WB01", quantity=D(100))
    put("24-WB01", "central", 35)
    reserve("24-WB01", 1, "-2")

    response = rest_client.post(
        "/rest/V1/inventory/source-items-delete",
        {"sourceItems": [{"sku": "24-WB01", "source_code": "default"}, {"sku": "24-WB01", "source_code": "east"}]},
        format="json",
    )

    assert (response.status_code, response.json()) == (200, [])
    assert quantities("24-WB01") == {"central": (D(35), 1)}  # east was never assigned: skipped


def test_deleting_nothing_is_refused(rest_client):
    response = rest_client.post("/rest/V1/inventory/source-items-delete", {"sourceItems": []}, format="json")

    assert (response.status_code, response.json()) == (400, {"message": "Input data is empty"})


def test_acl(staff_client_with, sources):
    reader = staff_client_with("inventory.view_sourceitem")
    make_product(sku="SKU-A", quantity=None)

    assert reader.get("/rest/V1/inventory/source-items?searchCriteria[pageSize]=5").status_code == 200
    post = reader.post("/rest/V1/inventory/source-items", {"sourceItems": [item()]}, format="json")
    delete = reader.post("/rest/V1/inventory/source-items-delete", {"sourceItems": [item()]}, format="json")
    for response in (post, delete):
        assert (response.status_code, response.json()["parameters"]) == (
            401, {"resources": "Magento_InventoryApi::stock_source_item_assign"}
        )
    assert quantities("SKU-A") == {}
