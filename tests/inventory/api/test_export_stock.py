"""InventoryExportStockApi over REST: export-stock-salable-qty (a searchCriteria page of products, answered with
their salable quantity on the channel's stock) and dump-stock-index-data (the stock index, every SKU)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backoffice import heartbeat
from inventory.api import export_stock
from inventory.export_stock import stock_index_rows
from inventory.models import StockSourceLink
from tests.factories import make_product
from tests.inventory.world import criteria, make_source, make_stock, put, reserve

pytestmark = pytest.mark.django_db
OUT = 0
EXPORT = "/rest/V1/inventory/export-stock-salable-qty"
DUMP = "/rest/V1/inventory/dump-stock-index-data"


@pytest.fixture
def stock() -> int:
    """Stock A (website base) draws on a1 and a2; b1 belongs to another stock."""
    for code in ("a1", "a2", "b1"):
        make_source(code)
    stock_a = make_stock("Stock A", sources=["a1", "a2"], channels=["base"])
    make_stock("Stock B", sources=["b1"])
    for sku in ("SKU-1", "SKU-2", "SKU-3", "SKU-4", "SKU-5"):
        make_product(sku=sku, quantity=None)
    put("SKU-1", "a1", "5.5")
    put("SKU-1", "a2", 3)
    put("SKU-2", "a1", 4, status=OUT)
    put("SKU-3", "b1", 9)  # not on Stock A
    put("SKU-4", "a2", 2)  # sold out by its reservation
    put("SKU-5", "a1", 7)
    reserve("SKU-1", stock_a.pk, -1)
    reserve("SKU-4", stock_a.pk, -2)
    return stock_a.pk


def test_export_stock_salable_qty_answers_the_pages_products_assigned_to_the_stock(rest_client, stock):
    """InventoryExportStockApi/Test/Api/ExportStockSalableQtyTest.php: items {sku, qty, is_salable}, qty the
    salable quantity (reservations deducted); PreciseExportStockProcessor skips a SKU not assigned to the stock and
    ExportStockSalableQtyBySalesChannel counts the items it answers (total_count)."""
    response = rest_client.get(f"{EXPORT}/website/base?" + criteria(page_size=4))

    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {"sku": "SKU-1", "qty": 7.5, "is_salable": True},
            {"sku": "SKU-2", "qty": 0, "is_salable": False},
            {"sku": "SKU-4", "qty": 0, "is_salable": False},
        ],
        "search_criteria": {"filter_groups": [], "page_size": 4},
        "total_count": 3,
    }


def test_export_filters_and_sorts_on_product_attributes(rest_client, stock):
    """The searchCriteria goes to ProductRepositoryInterface::getList (the test's filters are ORed SKUs)."""
    query = criteria([("sku", "SKU-5", "eq"), ("sku", "SKU-3", "eq"), ("sku", "SKU-1", "eq")], sort=("sku", "DESC"))

    body = rest_client.get(f"{EXPORT}/website/base?{query}").json()

    assert [item["sku"] for item in body["items"]] == ["SKU-5", "SKU-1"]
    assert body["total_count"] == 2
    assert body["search_criteria"]["sort_orders"] == [{"field": "sku", "direction": "DESC"}]


def test_export_refusals(rest_client, stock):
    """searchCriteria is required (ExportStockSalableQtyInterface::execute declares no default); an unknown
    channel is GetStockBySalesChannel's NoSuchEntityException; a field outside the product allowlist is refused."""
    no_criteria = rest_client.get(f"{EXPORT}/website/base")
    unknown = rest_client.get(f"{EXPORT}/website/nowhere?searchCriteria")
    bad_field = rest_client.get(f"{EXPORT}/website/base?" + criteria([("qty", "1", "eq")]))

    assert (no_criteria.status_code, no_criteria.json()) == (
        400,
        {"message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": "searchCriteria"}},
    )
    assert (unknown.status_code, unknown.json()) == (404, {"message": "No linked stock found"})
    assert (bad_field.status_code, bad_field.json()) == (
        400,
        {
            "message": 'Invalid value of "%value" provided for the %fieldName field.',
            "parameters": {"value": "qty", "fieldName": "field"},
        },
    )


def test_dump_stock_index_data_is_the_index_of_every_sku(rest_client, stock):
    """InventoryExportStock ResourceModel/StockIndexDumpProcessor.php over InventoryIndexer's SelectBuilder:
    qty is the index quantity (in-stock items at enabled sources, no reservations), is_salable the
    MinQtyStockWithReservationsCondition; a SKU with items at disabled sources only is not in the index."""
    make_product(sku="SKU-6", quantity=None)
    make_source("off", enabled=False)
    StockSourceLink.objects.create(stock_id=stock, source_id="off", priority=3)
    put("SKU-6", "off", 10)

    response = rest_client.get(f"{DUMP}/website/base")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert b"".join(response.streaming_content) == (
        b'[{"sku":"SKU-1","qty":8.5,"is_salable":true},{"sku":"SKU-2","qty":0,"is_salable":false},'
        b'{"sku":"SKU-4","qty":2,"is_salable":false},{"sku":"SKU-5","qty":7,"is_salable":true}]'
    )


def test_the_dump_tells_the_server_it_is_alive_as_it_streams(rest_client, stock, monkeypatch):
    """Under gunicorn a response longer than its timeout is killed unless it says it is alive
    (backoffice/heartbeat.py): the dump of 600,000 SKUs does so every BEAT_EVERY rows, from its first."""
    monkeypatch.setattr(export_stock, "BEAT_EVERY", 2)
    parts: list[bytes] = []
    beats = []
    heartbeat.serving(lambda: beats.append(len(parts)))
    try:
        parts.extend(rest_client.get(f"{DUMP}/website/base").streaming_content)
    finally:
        heartbeat.serving(None)

    assert len(parts) == 6  # "[", four rows, "]"
    assert beats == [1, 3]  # before the first row and the third


@pytest.mark.parametrize(("chunk", "queries"), [(1000, 2), (3, 4), (2, 5), (1, 9)])
def test_dump_reads_the_index_in_chunks_of_two_queries(stock, chunk, queries):
    """Source items and reservations per chunk of SKUs (a full last chunk costs one more, empty, read)."""
    with CaptureQueriesContext(connection) as captured:
        rows = list(stock_index_rows(stock, chunk=chunk))

    assert [row.sku for row in rows] == ["SKU-1", "SKU-2", "SKU-4", "SKU-5"]
    assert len(captured.captured_queries) == queries


def test_dump_of_an_unknown_channel_and_an_empty_stock(rest_client, stock):
    make_stock("Empty", channels=["empty"])

    unknown = rest_client.get(f"{DUMP}/website/nowhere")
    empty = rest_client.get(f"{DUMP}/website/empty")

    assert (unknown.status_code, unknown.json()) == (404, {"message": "No linked stock found"})
    assert b"".join(empty.streaming_content) == b"[]"


@pytest.mark.parametrize("url", [f"{EXPORT}/website/base?searchCriteria", f"{DUMP}/website/base"])
def test_export_acl(staff_client_with, stock, url):
    """InventoryExportStockApi etc/webapi.xml: Magento_InventoryApi::stock (inventory.view_stock)."""
    clerk = staff_client_with("inventory.view_source")

    response = clerk.get(url)

    assert (response.status_code, response.json()["parameters"]) == (401, {"resources": "Magento_InventoryApi::stock"})


@pytest.mark.parametrize("url", [f"{EXPORT}/website/base?searchCriteria", f"{DUMP}/website/base"])
def test_export_with_the_stock_permission(staff_client_with, stock, url):
    keeper = staff_client_with("inventory.view_stock")

    assert keeper.get(url).status_code == 200
