"""System > Bulk Actions: the bulk log (Magento_AsynchronousOperations view/adminhtml/ui_component/bulk_listing.xml,
Controller/Adminhtml/Bulk/Details.php, Bulk/Retry.php; statuses of framework-bulk BulkSummaryInterface)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from asynchronous_operations.models import Operation, OperationStatus
from tests.factories import make_product
from tests.inventory.world import make_source, quantities

pytestmark = pytest.mark.django_db


@pytest.fixture
def bulk(rest_client, django_capture_on_commit_callbacks) -> str:
    make_source("central")
    make_product(sku="SKU-A", quantity=None)
    bodies = [
        {"sourceItems": [{"sku": "SKU-A", "source_code": "central", "quantity": 5, "status": 1}]},
        {"sourceItems": [{"sku": "SKU-A", "source_code": "nowhere", "quantity": 6, "status": 1}]},
    ]
    with django_capture_on_commit_callbacks(execute=True):
        return rest_client.post("/rest/async/bulk/V1/inventory/source-items", bodies, format="json").json()["bulk_uuid"]


def test_the_log_lists_each_bulk_with_its_status_and_operations(admin_client, bulk):
    page = admin_client.get("/admin/asynchronous_operations/bulk/").content.decode()

    assert "Topic async.V1.inventory.source-items.POST" in page
    assert '<span class="grid-status grid-status-finished_with_failure">Finished with failure</span>' in page
    assert "1 complete, 1 failed, change something to retry" in page


def test_a_bulks_page_shows_each_failed_operations_message(admin_client, bulk):
    failed = Operation.objects.get(status=OperationStatus.NOT_RETRIABLY_FAILED)
    bulk_pk = failed.bulk.pk

    page = admin_client.get(f"/admin/asynchronous_operations/bulk/{bulk_pk}/change/").content.decode()

    assert bulk in page
    assert failed.result_message.replace('"', "&quot;") in page or failed.result_message in page
    assert "Service execution success" not in page  # only the failed ones are listed


def test_retry_runs_the_retriably_failed_operations_again(admin_client, bulk, django_capture_on_commit_callbacks):
    Operation.objects.filter(operation_key=0).update(
        status=OperationStatus.RETRIABLY_FAILED, result_message="deadlock detected", error_code=0
    )
    Operation.objects.filter(operation_key=0).update(
        serialized_data='{"entity_id": null, "entity_link": "", "meta_information": "{\\"sourceItems\\": [{\\"sku\\": '
        '\\"SKU-A\\", \\"source_code\\": \\"central\\", \\"quantity\\": 8, \\"status\\": 1}]}"}'
    )
    bulk_pk = Operation.objects.get(operation_key=0).bulk.pk

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/asynchronous_operations/bulk/",
            {"action": "retry_failed", "_selected_action": [bulk_pk]},
            follow=True,
        )

    assert "1 operation(s) will be retried." in response.content.decode()
    assert list(Operation.objects.values_list("operation_key", "status")) == [(0, 1), (1, 3)]
    assert quantities("SKU-A")["central"][0] == 8


def test_retry_needs_the_change_permission(client, django_user_model, bulk):
    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_bulk"))
    client.force_login(viewer)

    page = client.get("/admin/asynchronous_operations/bulk/")

    assert page.status_code == 200
    assert "retry_failed" not in page.content.decode()
