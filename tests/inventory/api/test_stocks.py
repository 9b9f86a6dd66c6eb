"""/V1/inventory/stocks and /V1/inventory/stock-resolver: stocks and the sales channels they serve."""

from __future__ import annotations

import pytest

from inventory.models import Reservation, SalesChannel, Stock, StockSourceLink
from tests.inventory.world import criteria, make_source, make_stock, reserve, snapshot

pytestmark = pytest.mark.django_db

US_STOCK = {"name": "US Stock", "extension_attributes": {"sales_channels": [{"type": "website", "code": "base"}]}}


def channels_of(stock_id: int) -> list[tuple[str, str]]:
    return list(SalesChannel.objects.filter(stock_id=stock_id).values_list("type", "code"))


def test_step_3_creates_us_stock_and_moves_the_base_website_off_default_stock(rest_client):
    response = rest_client.post("/rest/default/V1/inventory/stocks", {"stock": US_STOCK}, format="json")

    assert response.status_code == 200
    stock_id = response.json()
    assert isinstance(stock_id, int)
    assert rest_client.get(f"/rest/default/V1/inventory/stocks/{stock_id}").json() == {
        "stock_id": stock_id, "name": "US Stock",
        "extension_attributes": {"sales_channels": [{"type": "website", "code": "base"}]},
    }
    assert rest_client.get("/rest/default/V1/inventory/stocks/1").json() == {
        "stock_id": 1, "name": "Default Stock", "extension_attributes": {"sales_channels": []},
    }
    assert rest_client.get("/rest/V1/inventory/stock-resolver/website/base").json()["stock_id"] == stock_id


def test_put_renames_forces_the_path_id_and_replaces_the_channels(rest_client):
    stock = make_stock("Central Stock", channels=["base"])

    response = rest_client.put(
        f"/rest/V1/inventory/stocks/{stock.pk}",
        {"stock": {"stock_id": 99, "name": "St. Louis Stock",
                   "extension_attributes": {"sales_channels": [{"type": "website", "code": "base"}]}}},
        format="json",
    )

    assert (response.status_code, response.json()) == (200, stock.pk)
    assert list(Stock.objects.values_list("stock_id", "name")) == [(1, "Default Stock"), (stock.pk, "St. Louis Stock")]
    assert channels_of(stock.pk) == [("website", "base")]


def test_put_without_sales_channels_gives_them_back_to_default_stock(rest_client):
    stock = make_stock("US Stock", channels=["base"])

    rest_client.put(f"/rest/V1/inventory/stocks/{stock.pk}", {"stock": {"name": "US Stock"}}, format="json")

    assert channels_of(stock.pk) == []
    assert channels_of(1) == [("website", "base")]


def test_default_stock_keeps_its_channels_when_put_without_them(rest_client):
    rest_client.put("/rest/V1/inventory/stocks/1", {"stock": {"name": "Default Stock"}}, format="json")

    assert channels_of(1) == [("website", "base")]


def test_a_website_belongs_to_one_stock_only(rest_client):
    first = make_stock("First", channels=["base"])

    second_id = rest_client.post("/rest/V1/inventory/stocks", {"stock": {**US_STOCK, "name": "Second"}},
                                 format="json").json()

    assert channels_of(first.pk) == []
    assert channels_of(second_id) == [("website", "base")]
    assert SalesChannel.objects.count() == 1


@pytest.mark.parametrize(
    ("stock", "errors"),
    [
        ({"name": ""}, [{"message": '"%field" can not be empty.', "parameters": {"field": "name"}}]),
        ({}, [{"message": '"%field" can not be empty.', "parameters": {"field": "name"}}]),
        ({"name": "X", "extension_attributes": {"sales_channels": [{"type": "website", "code": "mars"}]}},
         [{"message": 'The website with code "%code" does not exist.', "parameters": {"code": "mars"}}]),
        ({"name": "X", "extension_attributes": {"sales_channels": [{"type": "", "code": ""}]}},
         [{"message": '"%field" can not be empty.', "parameters": {"field": "type"}},
          {"message": '"%field" can not be empty.', "parameters": {"field": "code"}}]),
    ],
)
def test_invalid_stocks_are_refused(rest_client, stock, errors):
    before = snapshot()

    response = rest_client.post("/rest/V1/inventory/stocks", {"stock": stock}, format="json")

    assert (response.status_code, response.json()) == (400, {"message": "Validation Failed", "errors": errors})
    assert snapshot() == before


def test_unknown_stocks(rest_client):
    get = rest_client.get("/rest/V1/inventory/stocks/9")
    put = rest_client.put("/rest/V1/inventory/stocks/9", {"stock": {"name": "X"}}, format="json")
    delete = rest_client.delete("/rest/V1/inventory/stocks/9")
    resolver = rest_client.get("/rest/V1/inventory/stock-resolver/website/mars")

    assert (get.status_code, get.json()) == (404, {"message": 'Stock with id "%value" does not exist.',
                                                   "parameters": {"value": 9}})
    assert (put.status_code, put.json()) == (404, get.json())
    assert (delete.status_code, delete.json()) == (404, {
        "message": 'There is no stock with "%fieldValue" for "%fieldName". Verify and try again.',
        "parameters": {"fieldName": "stock_id", "fieldValue": 9},
    })
    assert (resolver.status_code, resolver.json()) == (404, {"message": "No linked stock found"})
    assert Stock.objects.count() == 1


def test_delete_removes_a_stock_without_channels_and_its_links(rest_client):
    make_source("east")
    stock = make_stock("Spare", sources=["east"])
    reserve("SKU-1", stock.pk, "-2")
    reserve("SKU-1", stock.pk, "2", event_type="order_canceled")

    response = rest_client.delete(f"/rest/V1/inventory/stocks/{stock.pk}")

    assert (response.status_code, response.json()) == (200, [])
    assert not Stock.objects.filter(pk=stock.pk).exists()
    assert not StockSourceLink.objects.filter(stock_id=stock.pk).exists()
    assert not Reservation.objects.filter(stock_id=stock.pk).exists()  # compensated history goes with it


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("default", "Default Stock could not be deleted."),
        ("channel", "Stock has at least one sale channel and could not be deleted."),
        ("open_reservation", "Could not delete Stock"),
    ],
)
def test_delete_refusals_change_nothing(rest_client, setup, message):
    stock_id = 1 if setup == "default" else make_stock("US Stock", channels=["base"] if setup == "channel" else []).pk
    if setup == "open_reservation":
        reserve("SKU-1", stock_id, "-3")
    before = snapshot()

    response = rest_client.delete(f"/rest/V1/inventory/stocks/{stock_id}")

    assert (response.status_code, response.json()) == (400, {"message": message})
    assert snapshot() == before


def test_search_by_name_and_id(rest_client):
    us_stock = make_stock("US Stock", channels=["base"])
    make_stock("EU Warehouse")

    like = rest_client.get("/rest/V1/inventory/stocks?" + criteria([("name", "%Stock%", "like")])).json()
    by_id = rest_client.get("/rest/V1/inventory/stocks?" + criteria([("stock_id", "1", "gt")], sort=("name", "ASC"))).json()

    assert like == {
        "items": [
            {"stock_id": 1, "name": "Default Stock", "extension_attributes": {"sales_channels": []}},
            {"stock_id": us_stock.pk, "name": "US Stock",
             "extension_attributes": {"sales_channels": [{"type": "website", "code": "base"}]}},
        ],
        "search_criteria": {"filter_groups": [{"filters": [{"field": "name", "value": "%Stock%",
                                                            "condition_type": "like"}]}], "page_size": 20},
        "total_count": 2,
    }
    assert [s["name"] for s in by_id["items"]] == ["EU Warehouse", "US Stock"]


def test_acl(staff_client_with):
    reader = staff_client_with("inventory.view_stock")

    assert reader.get("/rest/V1/inventory/stocks/1").status_code == 200
    assert reader.get("/rest/V1/inventory/stock-resolver/website/base").status_code == 200
    post = reader.post("/rest/V1/inventory/stocks", {"stock": US_STOCK}, format="json")
    delete = reader.delete("/rest/V1/inventory/stocks/1")
    assert (post.status_code, post.json()["parameters"]) == (401, {"resources": "Magento_InventoryApi::stock_edit"})
    assert (delete.status_code, delete.json()["parameters"]) == (401, {"resources": "Magento_InventoryApi::stock_delete"})
    assert Stock.objects.count() == 1
