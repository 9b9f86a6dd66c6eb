"""GET /V1/bulk/{bulkUuid}/status, /detailed-status, /operation-status/{status}, GET /V1/bulk.

Contract: Magento_AsynchronousOperations etc/webapi.xml (routes, Magento_Logging::system_magento_logging_bulk_
operations), Model/BulkOperationsStatus.php ("Bulk uuid %bulkUuid not exist"; the count without loading the bulk),
Api/Data/DetailedBulkOperationsStatusInterface.php, BulkOperationsStatusInterface.php,
SummaryOperationStatusInterface.php and framework-bulk BulkSummaryInterface.php / OperationInterface.php (keys)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from asynchronous_operations.bulks import sweep_open_operations
from asynchronous_operations.models import Bulk, Operation, OperationStatus
from tests.factories import make_product
from tests.inventory.world import make_source, quantities

pytestmark = pytest.mark.django_db
NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."
RESOURCE = "Magento_Logging::system_magento_logging_bulk_operations"


@pytest.fixture
def bulk(rest_client, django_capture_on_commit_callbacks) -> str:
    """Two operations: one complete, one refused (an unknown source)."""
    make_source("central")
    make_product(sku="SKU-A", quantity=None)
    bodies = [
        {"sourceItems": [{"sku": "SKU-A", "source_code": "central", "quantity": 5, "status": 1}]},
        {"sourceItems": [{"sku": "SKU-A", "source_code": "nowhere", "quantity": 5, "status": 1}]},
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = rest_client.post("/rest/async/bulk/V1/inventory/source-items", bodies, format="json")
    return response.json()["bulk_uuid"]


def test_the_short_status_lists_each_operations_status(rest_client, bulk, admin_user):
    answer = rest_client.get(f"/rest/V1/bulk/{bulk}/status").json()

    assert list(answer) == [
        "operations_list",
        "user_type",
        "bulk_id",
        "description",
        "start_time",
        "user_id",
        "operation_count",
    ]
    assert [list(op) for op in answer["operations_list"]] == [["id", "status", "result_message", "error_code"]] * 2
    assert [(op["id"], op["status"], op["error_code"]) for op in answer["operations_list"]] == [(0, 1, None), (1, 3, 0)]
    assert answer["operations_list"][0]["result_message"].startswith("Service execution success ")
    assert (answer["user_type"], answer["bulk_id"], answer["user_id"], answer["operation_count"]) == (
        2,
        bulk,
        admin_user.pk,
        2,
    )
    assert answer["description"] == "Topic async.V1.inventory.source-items.POST"
    assert len(answer["start_time"]) == 19


def test_the_detailed_status_gives_each_operations_data_and_result(rest_client, bulk):
    answer = rest_client.get(f"/rest/V1/bulk/{bulk}/detailed-status").json()

    done, failed = answer["operations_list"]
    assert list(done) == [
        "id",
        "bulk_uuid",
        "topic_name",
        "serialized_data",
        "result_serialized_data",
        "status",
        "result_message",
        "error_code",
    ]
    assert (done["bulk_uuid"], done["topic_name"], done["serialized_data"], done["result_serialized_data"]) == (
        bulk,
        "async.V1.inventory.source-items.POST",
        None,
        "[]",
    )
    assert failed["status"] == 3
    assert '"meta_information"' in failed["serialized_data"]


def test_operations_are_counted_by_status(rest_client, bulk):
    counts = [rest_client.get(f"/rest/V1/bulk/{bulk}/operation-status/{status}").json() for status in range(1, 6)]
    unknown = rest_client.get("/rest/V1/bulk/no-such-bulk/operation-status/1")

    assert counts == [1, 0, 1, 0, 0]
    assert (unknown.status_code, unknown.json()) == (200, 0)


def test_an_unknown_bulk_is_magentos_404(rest_client):
    for route in ("status", "detailed-status"):
        response = rest_client.get(f"/rest/V1/bulk/no-such-bulk/{route}")

        assert (response.status_code, response.json()) == (
            404,
            {"message": "Bulk uuid %bulkUuid not exist", "parameters": {"bulkUuid": "no-such-bulk"}},
        )


def test_the_operations_are_searched_with_search_criteria(rest_client, bulk):
    failed = rest_client.get(
        "/rest/V1/bulk?searchCriteria[filter_groups][0][filters][0][field]=status"
        "&searchCriteria[filter_groups][0][filters][0][value]=3"
    ).json()

    assert failed["total_count"] == 1
    assert [(op["bulk_uuid"], op["id"], op["status"]) for op in failed["items"]] == [(bulk, 1, 3)]


def urls(bulk: str) -> list[str]:
    return [
        f"/rest/V1/bulk/{bulk}/status",
        f"/rest/V1/bulk/{bulk}/detailed-status",
        "/rest/V1/bulk?searchCriteria[pageSize]=5",
        f"/rest/V1/bulk/{bulk}/operation-status/1",
    ]


def test_the_status_routes_need_the_bulk_actions_resource(client, staff_client_with, bulk):
    other_staff = staff_client_with("catalog.view_product")

    for url in urls(bulk):
        assert client.get(url).json() == {"message": NOT_AUTHORIZED, "parameters": {"resources": RESOURCE}}
        assert other_staff.get(url).status_code == 401


def test_the_bulk_actions_permission_opens_them(staff_client_with, bulk):
    allowed = staff_client_with("asynchronous_operations.view_bulk")

    assert [allowed.get(url).status_code for url in urls(bulk)] == [200] * 4


def test_the_sweep_publishes_again_what_stayed_open(rest_client, django_capture_on_commit_callbacks, settings):
    """A message lost between the commit and the broker: the sweep publishes it once it is overdue."""
    make_source("central")
    make_product(sku="SKU-A", quantity=None)
    body = {"sourceItems": [{"sku": "SKU-A", "source_code": "central", "quantity": 9, "status": 1}]}
    with django_capture_on_commit_callbacks(execute=False):  # the commit's message never leaves
        rest_client.post("/rest/async/V1/inventory/source-items", body, format="json")

    with django_capture_on_commit_callbacks(execute=True):
        too_early = sweep_open_operations()
    Operation.objects.update(
        published_at=timezone.now() - timedelta(seconds=settings.ASYNC_OPERATIONS_REPUBLISH_AFTER_SECONDS + 1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        swept = sweep_open_operations()

    assert (too_early, swept) == (0, 1)
    assert Operation.objects.get().status == OperationStatus.COMPLETE
    assert quantities("SKU-A")["central"][0] == 9
    assert Bulk.objects.count() == 1
