"""/V1/inventory/stock-source-links(-delete): which sources a stock draws on, with priorities."""

from __future__ import annotations

import pytest

from inventory.models import StockSourceLink
from tests.inventory.world import criteria, make_source, make_stock, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def us_stock():
    for code in ("central", "east", "south"):
        make_source(code)
    return make_stock("US Stock").pk


def links() -> list[tuple[int, str, int]]:
    return list(StockSourceLink.objects.order_by("stock_id", "priority").values_list("stock_id", "source_id", "priority"))


def test_links_are_created_with_priorities_and_found_by_stock(rest_client, us_stock):
    body = {"links": [{"source_code": "central", "stock_id": us_stock, "priority": 1},
                      {"sourceCode": "east", "stockId": us_stock, "priority": 2}]}

    response = rest_client.post("/rest/V1/inventory/stock-source-links", body, format="json")

    assert (response.status_code, response.json()) == (200, [])
    found = rest_client.get("/rest/V1/inventory/stock-source-links?" + criteria([("stock_id", us_stock, "eq")]))
    assert found.json() == {
        "items": [{"stock_id": us_stock, "source_code": "central", "priority": 1},
                  {"stock_id": us_stock, "source_code": "east", "priority": 2}],
        "search_criteria": {"filter_groups": [{"filters": [{"field": "stock_id", "value": str(us_stock),
                                                            "condition_type": "eq"}]}], "page_size": 20},
        "total_count": 2,
    }


def test_saving_an_existing_link_changes_its_priority(rest_client, us_stock):
    rest_client.post("/rest/V1/inventory/stock-source-links",
                     {"links": [{"source_code": "east", "stock_id": us_stock, "priority": 1}]}, format="json")

    rest_client.post("/rest/V1/inventory/stock-source-links",
                     {"links": [{"source_code": "east", "stock_id": us_stock, "priority": 5}]}, format="json")

    assert links() == [(1, "default", 1), (us_stock, "east", 5)]


def test_search_by_source_code_and_priority(rest_client, us_stock):
    StockSourceLink.objects.create(stock_id=us_stock, source_id="central", priority=1)
    StockSourceLink.objects.create(stock_id=us_stock, source_id="east", priority=2)

    by_code = rest_client.get("/rest/V1/inventory/stock-source-links?" + criteria([("source_code", "east", "eq")]))
    by_priority = rest_client.get(
        "/rest/V1/inventory/stock-source-links?" + criteria([("priority", "1", "eq")], sort=("stock_id", "DESC"))
    )

    assert [link["source_code"] for link in by_code.json()["items"]] == ["east"]
    assert [(link["stock_id"], link["source_code"]) for link in by_priority.json()["items"]] == [
        (us_stock, "central"), (1, "default")
    ]


def test_sources_assigned_to_a_stock_come_in_priority_order(rest_client, us_stock):
    StockSourceLink.objects.create(stock_id=us_stock, source_id="south", priority=2)
    StockSourceLink.objects.create(stock_id=us_stock, source_id="central", priority=1)

    ordered = rest_client.get(f"/rest/V1/inventory/get-sources-assigned-to-stock-ordered-by-priority/{us_stock}")
    unknown = rest_client.get("/rest/V1/inventory/get-sources-assigned-to-stock-ordered-by-priority/99")

    assert [source["source_code"] for source in ordered.json()] == ["central", "south"]
    assert ordered.json()[0]["name"] == "Central"
    assert unknown.json() == []


PRIORITY = {"message": '"%field" should be greater then 0.', "parameters": {"field": "priority"}}
DEFAULT_PAIR = {"message": "Can not save link related to Default Source or Default Stock", "parameters": []}


@pytest.mark.parametrize(
    ("link", "errors"),
    [
        ({"source_code": "east", "priority": 0}, [PRIORITY]),
        ({"source_code": "east"}, [PRIORITY]),
        ({"source_code": "", "priority": 1},
         [{"message": '"%field" can not be empty.', "parameters": {"field": "source_code"}}]),
        ({"source_code": "default", "priority": 1}, [DEFAULT_PAIR]),
        ({"source_code": "east", "priority": 1, "stock_id": 1}, [DEFAULT_PAIR]),
    ],
)
def test_invalid_links_are_refused(rest_client, us_stock, link, errors):
    before = snapshot()

    response = rest_client.post("/rest/V1/inventory/stock-source-links",
                                {"links": [{"stock_id": us_stock, **link}]}, format="json")

    assert (response.status_code, response.json()) == (400, {"message": "Validation Failed", "errors": errors})
    assert snapshot() == before


def test_a_link_to_an_unknown_stock_or_source_is_not_saved(rest_client, us_stock):
    before = snapshot()

    unknown_source = rest_client.post("/rest/V1/inventory/stock-source-links",
                                      {"links": [{"stock_id": us_stock, "source_code": "mars", "priority": 1}]},
                                      format="json")
    unknown_stock = rest_client.post("/rest/V1/inventory/stock-source-links",
                                     {"links": [{"stock_id": 77, "source_code": "east", "priority": 1}]}, format="json")
    empty = rest_client.post("/rest/V1/inventory/stock-source-links", {"links": []}, format="json")

    assert (unknown_source.status_code, unknown_source.json()) == (400, {"message": "Could not save StockSourceLinks"})
    assert unknown_stock.json() == {"message": "Could not save StockSourceLinks"}
    assert (empty.status_code, empty.json()) == (400, {"message": "Input data is empty"})
    assert snapshot() == before


def test_links_are_deleted_and_priorities_are_not_renumbered(rest_client, us_stock):
    for priority, code in enumerate(["central", "east", "south"], 1):
        StockSourceLink.objects.create(stock_id=us_stock, source_id=code, priority=priority)

    response = rest_client.post("/rest/V1/inventory/stock-source-links-delete",
                                {"links": [{"source_code": "east", "stock_id": us_stock}]}, format="json")

    assert (response.status_code, response.json()) == (200, [])
    assert links() == [(1, "default", 1), (us_stock, "central", 1), (us_stock, "south", 3)]


def test_default_links_can_not_be_deleted(rest_client, us_stock):
    before = snapshot()

    response = rest_client.post("/rest/V1/inventory/stock-source-links-delete",
                                {"links": [{"source_code": "default", "stock_id": 1}]}, format="json")

    assert (response.status_code, response.json()) == (
        400, {"message": "Can not delete link related to Default Source or Default Stock"}
    )
    assert snapshot() == before


def test_acl(staff_client_with, us_stock):
    reader = staff_client_with("inventory.view_stock")

    response = reader.post("/rest/V1/inventory/stock-source-links",
                           {"links": [{"source_code": "east", "stock_id": us_stock, "priority": 1}]}, format="json")

    assert (response.status_code, response.json()["parameters"]) == (
        401, {"resources": "Magento_InventoryApi::stock_source_link"}
    )
    assert links() == [(1, "default", 1)]
