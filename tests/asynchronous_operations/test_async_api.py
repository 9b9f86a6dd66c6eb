"""/rest/async/V1/... and /rest/async/bulk/V1/...: accepted with 202, applied through the synchronous route.

Contract: Magento_WebapiAsync Controller/Rest/AsynchronousRequestProcessor.php (the path without /async, 202,
AsyncResponseInterface), Model/BulkServiceConfig.php ("/:sku" becomes "/bySku"), Controller/Rest/Asynchronous/
InputParamsResolver.php (a bulk body is an array of the route's bodies); Magento_AsynchronousOperations
Model/MassSchedule.php (request_items: id, data_hash, status accepted|rejected), Model/OperationProcessor.php
(results: "Service execution success ...", the exception's message and status 3 NOT_RETRIABLY_FAILED),
framework-bulk OperationInterface.php (statuses 1-5)."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

import pytest

from asynchronous_operations.bulks import apply_operation
from asynchronous_operations.models import Bulk, Operation, OperationStatus
from catalog.models import Product
from tests.factories import make_product
from tests.inventory.world import make_source, quantities

pytestmark = pytest.mark.django_db
D = Decimal
NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."


@pytest.fixture
def sources():
    make_source("central")
    make_source("east")


def item(sku: str = "SKU-A", source_code: str = "central", quantity: object = 10, status: int = 1) -> dict:
    return {"sku": sku, "source_code": source_code, "quantity": quantity, "status": status}


def send(client, method: str, url: str, body: object, capture):
    with capture(execute=True):
        return getattr(client, method)(url, body, format="json")


def test_an_async_request_answers_202_and_is_applied_through_the_synchronous_route(
    rest_client, sources, django_capture_on_commit_callbacks
):
    make_product(sku="SKU-A", quantity=None)
    body = {"sourceItems": [item(quantity=1000), item(source_code="east", quantity=2000)]}

    response = send(
        rest_client, "post", "/rest/async/V1/inventory/source-items", body, django_capture_on_commit_callbacks
    )

    answer = response.json()
    operation = Operation.objects.get()
    assert response.status_code == 202
    assert list(answer) == ["bulk_uuid", "request_items", "errors"]
    assert answer["errors"] is False
    assert answer["request_items"] == [
        {"id": 0, "data_hash": answer["request_items"][0]["data_hash"], "status": "accepted"}
    ]
    assert len(answer["request_items"][0]["data_hash"]) == 64  # SHA-256 of the serialized data, as MassSchedule
    assert quantities("SKU-A") == {"central": (D(1000), 1), "east": (D(2000), 1)}
    assert (operation.bulk_id, operation.status, operation.error_code) == (answer["bulk_uuid"], 1, None)
    assert operation.result_message.startswith("Service execution success inventory.api.")
    assert operation.result_serialized_data == "[]"
    assert operation.topic_name == "async.V1.inventory.source-items.POST"
    bulk = Bulk.objects.get()
    assert (bulk.description, bulk.operation_count, bulk.user_type) == (
        "Topic async.V1.inventory.source-items.POST",
        1,
        2,
    )


def test_the_data_hash_is_the_sha256_of_the_serialized_data(rest_client, sources, django_capture_on_commit_callbacks):
    make_product(sku="SKU-A", quantity=None)
    body = {"sourceItems": [item(quantity=5)]}

    with django_capture_on_commit_callbacks(execute=False):
        answer = rest_client.post("/rest/async/V1/inventory/source-items", body, format="json").json()

    operation = Operation.objects.get()
    assert answer["request_items"][0]["data_hash"] == hashlib.sha256(operation.serialized_data.encode()).hexdigest()
    assert json.loads(json.loads(operation.serialized_data)["meta_information"]) == body
    assert operation.status == OperationStatus.OPEN  # published on commit, not yet applied


def test_a_bulk_request_runs_one_operation_per_body(rest_client, sources, django_capture_on_commit_callbacks):
    for sku in ("SKU-A", "SKU-B", "SKU-C"):
        make_product(sku=sku, quantity=None)
    bodies = [{"sourceItems": [item(sku=sku, quantity=q)]} for sku, q in (("SKU-A", 1), ("SKU-B", 2), ("SKU-C", 3))]

    response = send(
        rest_client, "post", "/rest/async/bulk/V1/inventory/source-items", bodies, django_capture_on_commit_callbacks
    )

    assert response.status_code == 202
    assert [i["id"] for i in response.json()["request_items"]] == [0, 1, 2]
    assert [quantities(s)["central"][0] for s in ("SKU-A", "SKU-B", "SKU-C")] == [D(1), D(2), D(3)]
    assert list(Operation.objects.values_list("operation_key", "status")) == [(0, 1), (1, 1), (2, 1)]
    assert Bulk.objects.get().operation_count == 3


def test_a_bulk_route_names_its_parameters_by_keyword(rest_client, django_capture_on_commit_callbacks):
    """PUT /rest/async/bulk/V1/products/bySku: each body's product.sku names the product (BulkServiceConfig)."""
    make_product(sku="SKU-A", name="Old A")
    make_product(sku="SKU-B", name="Old B")
    bodies = [{"product": {"sku": "SKU-A", "name": "New A"}}, {"sku": "SKU-B", "product": {"name": "New B"}}]

    response = send(
        rest_client, "put", "/rest/async/bulk/V1/products/bySku", bodies, django_capture_on_commit_callbacks
    )

    assert response.status_code == 202, response.json()
    assert list(Operation.objects.values_list("request_path", "status")) == [
        ("/rest/default/V1/products/SKU-A", 1),
        ("/rest/default/V1/products/SKU-B", 1),
    ]
    assert dict(Product.objects.values_list("sku", "name")) == {"SKU-A": "New A", "SKU-B": "New B"}


def test_a_bulk_parameter_missing_from_a_body_refuses_the_request(rest_client):
    make_product(sku="SKU-A")

    response = rest_client.put("/rest/async/bulk/V1/products/bySku", [{"product": {"name": "x"}}], format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": "sku"}},
    )
    assert not Bulk.objects.exists()


def test_a_body_that_is_not_an_object_is_rejected_alone(rest_client, sources, django_capture_on_commit_callbacks):
    make_product(sku="SKU-A", quantity=None)

    response = send(
        rest_client,
        "post",
        "/rest/async/bulk/V1/inventory/source-items",
        [{"sourceItems": [item(quantity=7)]}, 42],
        django_capture_on_commit_callbacks,
    )

    answer = response.json()
    assert response.status_code == 202
    assert answer["errors"] is True
    assert answer["request_items"][1] == {
        "id": 1,
        "data_hash": None,
        "status": "rejected",
        "error_message": "The operation's body must be a JSON object.",
        "error_code": 0,
    }
    assert quantities("SKU-A")["central"][0] == D(7)
    assert Bulk.objects.get().operation_count == 1


def test_a_refused_operation_records_the_routes_message_and_writes_nothing(
    rest_client, sources, django_capture_on_commit_callbacks
):
    """OperationProcessor: a LocalizedException is status 3 with its message (parameters filled in)."""
    make_product(sku="SKU-A", quantity=None)
    response = send(
        rest_client,
        "post",
        "/rest/async/V1/inventory/source-items",
        {"sourceItems": [item(quantity=4), item(source_code="nowhere", quantity=5)]},
        django_capture_on_commit_callbacks,
    )

    operation = Operation.objects.get()
    assert response.status_code == 202
    assert operation.status == OperationStatus.NOT_RETRIABLY_FAILED
    assert operation.error_code == 0
    assert operation.result_message
    assert "%" not in operation.result_message
    assert operation.serialized_data is not None  # kept for a retry, as Magento keeps a failed one's data
    assert quantities("SKU-A") == {}


def test_refusals_magento_makes_before_accepting_answer_at_once(rest_client, client, sources):
    """Route, method, ACL and body are checked before the 202 (AsynchronousRequestProcessor, InputParamsResolver)."""
    no_route = rest_client.post("/rest/async/V1/no/such/route", {}, format="json")
    get = rest_client.get("/rest/async/V1/inventory/source-items")
    guest = client.post("/rest/async/V1/inventory/source-items", {}, content_type="application/json")
    malformed = rest_client.generic(
        "POST", "/rest/async/V1/inventory/source-items", "{not json", content_type="application/json"
    )
    not_an_array = rest_client.post("/rest/async/bulk/V1/inventory/source-items", {"sourceItems": []}, format="json")

    assert (no_route.status_code, no_route.json()) == (404, {"message": "Request does not match any route."})
    assert (get.status_code, get.json()) == (404, {"message": "Request does not match any route."})
    assert (guest.status_code, guest.json()) == (
        401,
        {"message": NOT_AUTHORIZED, "parameters": {"resources": "Magento_InventoryApi::stock_source_item_assign"}},
    )
    assert (malformed.status_code, malformed.json()) == (400, {"message": "Decoding error."})
    assert not_an_array.status_code == 400
    assert not Bulk.objects.exists()


def test_a_staff_user_without_the_routes_permission_is_refused(staff_client_with):
    client = staff_client_with("asynchronous_operations.view_bulk")

    response = client.post("/rest/async/V1/products", {"product": {"sku": "X"}}, format="json")

    assert (response.status_code, response.json()) == (
        401,
        {"message": NOT_AUTHORIZED, "parameters": {"resources": "Magento_Catalog::products"}},
    )


def test_the_store_code_form_is_served_too(rest_client, sources, django_capture_on_commit_callbacks):
    make_product(sku="SKU-A", quantity=None)

    response = send(
        rest_client,
        "post",
        "/rest/default/async/V1/inventory/source-items",
        {"sourceItems": [item(quantity=3)]},
        django_capture_on_commit_callbacks,
    )
    unknown_store = rest_client.post("/rest/nowhere/async/V1/inventory/source-items", {}, format="json")

    assert response.status_code == 202
    assert quantities("SKU-A")["central"][0] == D(3)
    assert unknown_store.status_code == 404


def test_an_operation_delivered_twice_is_applied_once(rest_client, sources, django_capture_on_commit_callbacks):
    make_product(sku="SKU-A", quantity=None)
    send(
        rest_client,
        "post",
        "/rest/async/V1/inventory/source-items",
        {"sourceItems": [item(quantity=3)]},
        django_capture_on_commit_callbacks,
    )
    operation = Operation.objects.get()
    calls = []

    again = apply_operation(operation.pk, run=lambda *args: calls.append(args))

    assert again is False
    assert calls == []
    assert Operation.objects.get().status == OperationStatus.COMPLETE


def test_an_integration_sends_async_requests_within_its_resources(
    sources, django_capture_on_commit_callbacks, settings
):
    """The bulk's user is the integration (user_type 1, MassSchedule's UserContext), the ACL its resources."""
    from rest_framework.test import APIClient

    from tests.integrations.conftest import create_integration

    settings.MAGENTO_OAUTH_INTEGRATION_AS_BEARER = True  # the integration's access token as a Bearer token
    make_product(sku="SKU-A", quantity=None)
    credentials = create_integration(resources="Magento_InventoryApi::stock_source_item_assign")
    erp = APIClient()
    erp.credentials(HTTP_AUTHORIZATION=f"Bearer {credentials['access_token']}")

    allowed = send(
        erp,
        "post",
        "/rest/async/V1/inventory/source-items",
        {"sourceItems": [item(quantity=6)]},
        django_capture_on_commit_callbacks,
    )
    refused = erp.post("/rest/async/V1/products", {"product": {"sku": "X"}}, format="json")

    assert allowed.status_code == 202
    assert quantities("SKU-A")["central"][0] == D(6)
    assert Bulk.objects.get().user_type == 1
    assert Bulk.objects.get().user_id is not None
    assert refused.status_code == 401


def test_a_bulk_over_the_limit_is_refused(rest_client, settings):
    """framework Webapi/Validator/EntityArrayValidator.php: 'Maximum items of type "%type" is %max'."""
    settings.ASYNC_BULK_MAX_OPERATIONS = 2

    response = rest_client.post("/rest/async/bulk/V1/inventory/source-items", [{}, {}, {}], format="json")

    assert (response.status_code, response.json()) == (
        400,
        {
            "message": 'Maximum items of type "%type" is %max',
            "parameters": {"type": "/V1/inventory/source-items", "max": 2},
        },
    )
    assert not Bulk.objects.exists()
