"""Bad input: oversized and deeply nested bodies, wrong types, impossible quantities, huge pages and ids all get
a clear 4xx with Magento's body, and nothing is written."""

from __future__ import annotations

import json
from decimal import Decimal
from io import BytesIO

import pytest
from rest_framework.exceptions import ParseError

from backoffice.rest.parsers import MagentoJSONParser
from inventory.models import DEFAULT_SOURCE_CODE
from sales.models import Invoice, Order
from tests.factories import make_order

from .support import snapshot

pytestmark = pytest.mark.django_db

DECODING_ERROR = {"message": "Decoding error."}
INVALID_VALUE = 'Invalid value of "%value" provided for the %fieldName field.'


@pytest.fixture
def order() -> Order:
    return make_order(item_qtys=[Decimal("3")])


def post_raw(client, url: str, raw: bytes | str):
    return client.generic("POST", url, raw, content_type="application/json")


def test_a_body_over_the_upload_limit_is_a_413_and_writes_nothing(rest_client, order, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    before = snapshot()

    response = post_raw(rest_client, f"/rest/V1/order/{order.pk}/invoice",
                        json.dumps({"comment": {"comment": "x" * 2_000}}))

    assert response.status_code == 413
    assert response.json() == {"message": "The request body is larger than the %1 bytes allowed.",
                               "parameters": [1000]}
    assert snapshot() == before


def test_the_default_limit_is_djangos_two_and_a_half_megabytes(rest_client, order):
    before = snapshot()

    response = post_raw(rest_client, f"/rest/V1/order/{order.pk}/invoice", b" " * 2_621_441)

    assert response.status_code == 413
    assert response.json()["parameters"] == [2_621_440]
    assert snapshot() == before


def test_the_token_endpoint_refuses_an_oversized_body_too(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100

    response = post_raw(client, "/rest/V1/integration/admin/token",
                        json.dumps({"username": "admin", "password": "p" * 200}))

    assert response.status_code == 413


@pytest.mark.parametrize("depth", [65, 1_000, 100_000])
def test_deeply_nested_json_is_a_decoding_error_and_writes_nothing(rest_client, order, depth):
    before = snapshot()

    response = post_raw(rest_client, f"/rest/V1/order/{order.pk}/invoice", '{"items": ' + "[" * depth + "]" * depth + "}")

    assert (response.status_code, response.json()) == (400, DECODING_ERROR)
    assert snapshot() == before


def test_json_nested_up_to_the_limit_is_parsed_and_one_level_more_is_not():
    parser = MagentoJSONParser()
    at_limit = "[" * 63 + "{}" + "]" * 63  # 64 levels

    parsed = parser.parse(BytesIO(at_limit.encode()))
    for _ in range(63):
        parsed = parsed[0]
    assert parsed == {}
    with pytest.raises(ParseError):
        parser.parse(BytesIO(("[" + at_limit + "]").encode()))


def test_an_unknown_parameter_is_ignored_as_magento_ignores_it(rest_client, order):
    """ServiceInputProcessor::process binds the service method's parameters and ignores other top-level keys;
    an unknown key inside a data object is refused (test_malformed_bodies_are_refused_before_anything_happens)."""
    response = post_raw(rest_client, f"/rest/V1/order/{order.pk}/invoice", json.dumps({"unknown_field": 1}))

    assert response.status_code == 200
    assert Invoice.objects.get().pk == response.json()


@pytest.mark.parametrize(
    "body",
    [
        {"items": "all"},
        {"items": {"order_item_id": 1}},
        {"items": [{"order_item_id": "first", "qty": 1}]},
        {"items": [{"order_item_id": [1], "qty": 1}]},
        {"items": [{"order_item_id": 1, "qty": "lots"}]},
        {"items": [{"order_item_id": 1, "qty": [1]}]},
        {"items": [{"order_item_id": 1, "qty": None}]},
        {"items": [{"order_item_id": 1}]},
        {"items": [None]},
        {"capture": "maybe"},
        {"notify": {"yes": True}},
        {"comment": "a plain string"},
        [],
        "invoice please",
        12,
    ],
)
def test_a_wrong_type_is_a_400_and_writes_nothing(rest_client, order, body):
    before = snapshot()

    response = post_raw(rest_client, f"/rest/V1/order/{order.pk}/invoice", json.dumps(body))

    assert response.status_code == 400
    assert isinstance(response.json()["message"], str)
    assert snapshot() == before


QTYS = ["-1", "0.5", "1.0001", "-0.5", "1e20", "1e400", "99999999999999999999999999"]


@pytest.mark.parametrize("qty", QTYS)
def test_an_impossible_invoice_quantity_for_a_whole_unit_item_is_refused_and_writes_nothing(rest_client, order, qty):
    item = order.items.get()
    before = snapshot()

    response = post_raw(rest_client, f"/rest/V1/order/{order.pk}/invoice",
                        f'{{"items": [{{"order_item_id": {item.pk}, "qty": {qty}}}]}}')

    assert response.status_code == 400
    assert response.json() in (
        {"message": 'We found an invalid quantity to invoice item "%1".', "parameters": [item.name]},
        {"message": INVALID_VALUE, "parameters": {"value": qty if "e" not in qty else response.json()["parameters"]["value"],
                                                  "fieldName": "items.0.qty"}},
    )
    assert snapshot() == before


@pytest.mark.parametrize("qty", QTYS)
def test_an_impossible_shipment_quantity_for_a_whole_unit_item_is_refused_and_writes_nothing(rest_client, order, qty):
    item = order.items.get()
    before = snapshot()

    response = post_raw(
        rest_client, f"/rest/V1/order/{order.pk}/ship",
        f'{{"items": [{{"order_item_id": {item.pk}, "qty": {qty}}}], '
        f'"arguments": {{"extension_attributes": {{"source_code": "{DEFAULT_SOURCE_CODE}"}}}}}}',
    )

    assert response.status_code == 400
    assert snapshot() == before


@pytest.mark.parametrize("order_item_id", ["0", "-5", "99999999999999999999999999"])
def test_an_impossible_order_item_id_is_refused_and_writes_nothing(rest_client, order, order_item_id):
    before = snapshot()

    response = post_raw(rest_client, f"/rest/V1/order/{order.pk}/invoice",
                        f'{{"items": [{{"order_item_id": {order_item_id}, "qty": 1}}]}}')

    assert response.status_code == 400
    assert snapshot() == before


@pytest.mark.parametrize(
    "query",
    [
        "searchCriteria[pageSize]=301",
        "searchCriteria[pageSize]=1000000000",
        "searchCriteria[pageSize]=99999999999999999999999999999",
        "searchCriteria[pageSize]=-1",
        "searchCriteria[pageSize]=1.5",
        "searchCriteria[pageSize][]=1",
        "searchCriteria[currentPage]=abc",
    ],
)
@pytest.mark.parametrize("resource", ["orders", "invoices", "shipments", "products", "inventory/source-items"])
def test_a_huge_or_malformed_page_size_is_a_400(rest_client, resource, query):
    response = rest_client.get(f"/rest/V1/{resource}?{query}")

    assert response.status_code == 400
    assert isinstance(response.json()["message"], str)


@pytest.mark.parametrize("resource", ["orders", "invoices", "shipments"])
def test_a_page_far_beyond_the_last_is_empty_not_an_error(rest_client, order, resource):
    response = rest_client.get(
        f"/rest/V1/{resource}?searchCriteria[pageSize]=300&searchCriteria[currentPage]=99999999999999999999999"
    )

    assert response.status_code == 200
    assert response.json()["items"] == []
    assert response.json()["total_count"] == (1 if resource == "orders" else 0)


@pytest.mark.parametrize(
    "path",
    ["/rest/V1/orders/99999999999999999999999", "/rest/V1/invoices/99999999999999999999999",
     "/rest/V1/shipment/99999999999999999999999", "/rest/V1/orders/items/99999999999999999999999"],
)
def test_an_id_beyond_any_integer_column_is_a_404(rest_client, path):
    response = rest_client.get(path)

    assert response.status_code == 404  # no id column holds it: the <id:...> path converter matches no route
    assert response.json() == {"message": "Request does not match any route."}


def test_an_order_id_beyond_any_integer_column_cannot_be_invoiced(rest_client):
    response = rest_client.post("/rest/V1/order/99999999999999999999999/invoice", {}, format="json")

    assert response.status_code == 404


HUGE = "1243351250177051590656"  # beyond any integer column (found by the schemathesis run)


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", f"/rest/V1/inventory/get-sources-assigned-to-stock-ordered-by-priority/{HUGE}"),
     ("DELETE", f"/rest/V1/inventory/stocks/{HUGE}"),
     ("GET", f"/rest/V1/orders/{HUGE}/comments"),
     ("GET", f"/rest/V1/inventory/get-product-salable-quantity/x/{HUGE}"),
     ("GET", f"/rest/V1/inventory/is-product-salable/x/{HUGE}")],
)
def test_a_huge_id_in_these_paths_is_no_server_error(rest_client, method, path):
    response = rest_client.generic(method, path)

    assert response.status_code == 404  # an id no column can hold matches no route (<id:...> converter)
    assert response.json() == {"message": "Request does not match any route."}
