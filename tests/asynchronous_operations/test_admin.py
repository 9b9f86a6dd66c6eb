"""System > Bulk Actions: the bulk log (Magento_AsynchronousOperations view/adminhtml/ui_component/bulk_listing.xml,
Controller/Adminhtml/Bulk/Details.php, Bulk/Retry.php; statuses of framework-bulk BulkSummaryInterface; the bulk's
page: ui_component/bulk_details_form.xml "Items to Retry", "Items That Can’t Be Updated.", Ui/Component/Operation/
DataProvider.php's summary)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.utils.html import escape

from asynchronous_operations.models import Bulk, Operation, OperationStatus
from tests.factories import make_product
from tests.inventory.world import make_source, quantities

from .world import body, bulk_applied, operation_ids

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
    assert "1 complete<br>1 failed, change something to retry" in page
    assert "<h1>Bulk Actions Log</h1>" in page


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

    assert "1 item(s) have been scheduled for update." in response.content.decode()
    assert list(Operation.objects.values_list("operation_key", "status")) == [(0, 1), (1, 3)]
    assert quantities("SKU-A")["central"][0] == 8


def test_retry_needs_the_change_permission(client, django_user_model, bulk):
    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_bulk"))
    client.force_login(viewer)

    page = client.get("/admin/asynchronous_operations/bulk/")

    assert page.status_code == 200
    assert "retry_failed" not in page.content.decode()


SCHEDULED = "1 item(s) have been scheduled for update."
NOTHING_SELECTED = "An item needs to be selected. Select and try again."


@pytest.fixture
def failed_bulk(admin_user, django_capture_on_commit_callbacks) -> Bulk:
    """Operation 0 complete, 1 and 2 retriably failed (a deadlock), 3 not retriably failed (an unknown source)."""
    make_source("central")
    make_source("east")
    make_product(sku="SKU-A", quantity=None)
    bodies = [body("central", 5), body("east", 6), body("central", 7), body("nowhere", 8)]
    with django_capture_on_commit_callbacks(execute=False):
        return Bulk.objects.get(uuid=bulk_applied(admin_user.pk, bodies, deadlocked_keys={1, 2}))


def page_of(bulk: Bulk) -> str:
    return f"/admin/asynchronous_operations/bulk/{bulk.pk}/change/"


def retry_url(bulk: Bulk) -> str:
    return f"/admin/asynchronous_operations/bulk/{bulk.pk}/retry/"


def statuses(bulk: Bulk) -> list[int]:
    return list(bulk.operations.order_by("operation_key").values_list("status", flat=True))


def rows() -> list[tuple]:
    return list(
        Operation.objects.order_by("pk").values_list("pk", "status", "result_message", "error_code", "started_at")
    )


def test_a_bulks_page_offers_each_retriably_failed_operation_to_retry(admin_client, failed_bulk):
    ids = operation_ids(failed_bulk.uuid)

    page = admin_client.get(page_of(failed_bulk)).content.decode()

    assert "4 items selected for mass update, 1 successfully updated, 3 failed to update" in page
    assert "Items to Retry" in page
    assert "To retry, select the items and click “Retry”." in page
    assert f'name="operations_to_retry" value="{ids[1]}"' in page
    assert f'name="operations_to_retry" value="{ids[2]}"' in page
    assert f'value="{ids[3]}"' not in page  # only the retriable ones
    assert f'value="{ids[0]}"' not in page
    assert "deadlock detected" in page
    assert "Items That Can’t Be Updated." in page
    assert escape(Operation.objects.get(pk=ids[3]).result_message) in page


def test_retry_of_the_selected_operation_applies_it_again(
    admin_client, failed_bulk, django_capture_on_commit_callbacks
):
    ids = operation_ids(failed_bulk.uuid)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = admin_client.post(retry_url(failed_bulk), {"operations_to_retry": [ids[1]]}, follow=True)

    assert response.redirect_chain[-1][0] == "/admin/asynchronous_operations/bulk/"  # Magento: back to the log
    assert SCHEDULED in response.content.decode()
    assert len(callbacks) == 1
    assert statuses(failed_bulk) == [1, 1, 2, 3]
    assert quantities("SKU-A")["east"][0] == 6


@pytest.mark.parametrize(
    ("selected", "message"),
    [
        ([1, 3], "Only items that failed and can be retried are scheduled again. These can't be: #3."),
        ([0], "Only items that failed and can be retried are scheduled again. These can't be: #0."),
        ([], NOTHING_SELECTED),
    ],
    ids=["with-a-not-retriable-one", "a-complete-one", "nothing"],
)
def test_a_refused_retry_writes_nothing_and_says_why(
    admin_client, failed_bulk, selected, message, django_capture_on_commit_callbacks
):
    ids = operation_ids(failed_bulk.uuid)
    before = rows()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = admin_client.post(
            retry_url(failed_bulk), {"operations_to_retry": [ids[key] for key in selected]}, follow=True
        )

    assert response.redirect_chain[-1][0] == page_of(failed_bulk)
    assert escape(message) in response.content.decode()
    assert rows() == before
    assert callbacks == []


def test_a_value_that_is_no_operation_id_is_refused(admin_client, failed_bulk):
    before = rows()

    response = admin_client.post(retry_url(failed_bulk), {"operations_to_retry": ["1x"]}, follow=True)

    assert "No such entity with id = 1x" in response.content.decode()
    assert rows() == before


def test_retry_is_a_post(admin_client, failed_bulk):
    assert admin_client.get(retry_url(failed_bulk)).status_code == 405


def test_retry_of_selected_operations_needs_the_change_permission(client, django_user_model, failed_bulk):
    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_bulk"))
    client.force_login(viewer)
    ids = operation_ids(failed_bulk.uuid)
    before = rows()

    page = client.get(page_of(failed_bulk)).content.decode()
    refused = client.post(retry_url(failed_bulk), {"operations_to_retry": [ids[1]]})

    assert "deadlock detected" in page  # the failures are shown ...
    assert 'name="operations_to_retry"' not in page  # ... without the form
    assert 'id="bulk-retry"' not in page
    assert refused.status_code == 403
    assert rows() == before


def test_a_bulks_page_runs_a_constant_number_of_queries(
    admin_client, admin_user, failed_bulk, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    many = [body("east", n) for n in range(60)] + [body("nowhere", n) for n in range(60)]
    with django_capture_on_commit_callbacks(execute=False):
        big = Bulk.objects.get(uuid=bulk_applied(admin_user.pk, many, deadlocked_keys=set(range(60))))

    with django_assert_max_num_queries(8):  # session, user, the bulk with its counts, 2 per list, content type
        page = admin_client.get(page_of(big)).content.decode()

    assert page.count('name="operations_to_retry"') == 50  # paged
    assert "120 items selected for mass update, 120 failed to update" in page
