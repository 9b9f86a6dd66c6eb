"""Retry of a bulk's retriably failed operations: all of them (the grid's action) or the ones selected on its page.

Contract: Magento_AsynchronousOperations Controller/Adminhtml/Bulk/Retry.php (the selection posted as
``operations_to_retry``; "%1 item(s) have been scheduled for update."), Model/BulkManagement.php::retryBulk (the
chosen operations reopened: status 4 Open, result_serialized_data, error_code, result_message and started_at
cleared, in one transaction, then published), view/adminhtml/ui_component/bulk_details_form.xml ("An item needs to
be selected. Select and try again."), framework-bulk OperationInterface (status 2 STATUS_TYPE_RETRIABLY_FAILED).
Here a selection that holds anything but a retriably failed operation of that bulk is refused whole."""

from __future__ import annotations

from decimal import Decimal

import pytest

from asynchronous_operations.bulks import BulkNotFound, retry_bulk, retry_operations, schedule_bulk
from asynchronous_operations.dispatch import Caller
from asynchronous_operations.models import BulkUserType, Operation, OperationStatus
from backoffice.exceptions import DomainError, NotFoundError
from tests.factories import make_product
from tests.inventory.world import make_source, quantities

from .world import body, bulk_applied, operation_ids

pytestmark = pytest.mark.django_db
NOTHING_SELECTED = "An item needs to be selected. Select and try again."


@pytest.fixture
def bulk(admin_user, django_capture_on_commit_callbacks) -> str:
    """Operation 0 complete, 1 and 2 retriably failed (a deadlock), 3 not retriably failed (an unknown source)."""
    make_source("central")
    make_product(sku="SKU-A", quantity=None)
    bodies = [body("central", 5), body("central", 6), body("central", 7), body("nowhere", 8)]
    with django_capture_on_commit_callbacks(execute=False):
        return bulk_applied(admin_user.pk, bodies, deadlocked_keys={1, 2})


def rows() -> list[tuple]:
    return list(
        Operation.objects.order_by("pk").values_list(
            "pk", "status", "result_message", "error_code", "result_serialized_data", "started_at", "published_at"
        )
    )


def statuses(bulk_uuid: str) -> list[int]:
    return list(Operation.objects.filter(bulk_id=bulk_uuid).order_by("operation_key").values_list("status", flat=True))


def test_the_world_has_a_bulk_with_two_retriably_failed_operations(bulk):
    assert statuses(bulk) == [1, 2, 2, 3]
    assert Operation.objects.get(bulk_id=bulk, operation_key=1).result_message == "deadlock detected"


def test_retry_reopens_the_selected_operation_and_publishes_it_on_commit(bulk, django_capture_on_commit_callbacks):
    ids = operation_ids(bulk)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        retried = retry_operations(bulk, [ids[1]])

    assert retried == 1
    assert statuses(bulk) == [1, 4, 2, 3]  # the other retriably failed operation was not selected
    reopened = Operation.objects.get(pk=ids[1])
    assert (reopened.result_message, reopened.error_code, reopened.result_serialized_data, reopened.started_at) == (
        None,
        None,
        None,
        None,
    )
    assert len(callbacks) == 1
    callbacks[0]()  # without a broker the operation runs here, through the synchronous route
    assert statuses(bulk) == [1, 1, 2, 3]
    assert quantities("SKU-A")["central"][0] == Decimal(6)


@pytest.mark.parametrize("selected", [[1, 0], [3], [2, 3]], ids=["with-a-complete-one", "not-retriable", "mixed"])
def test_a_selection_with_an_operation_that_is_not_retriably_failed_is_refused_whole(
    bulk, selected, django_capture_on_commit_callbacks
):
    ids = operation_ids(bulk)
    before = rows()

    with django_capture_on_commit_callbacks(execute=False) as callbacks, pytest.raises(DomainError) as refused:
        retry_operations(bulk, [ids[key] for key in selected])

    refused_keys = sorted(key for key in selected if key not in (1, 2))
    assert refused.value.rendered() == (
        "Only items that failed and can be retried are scheduled again. These can't be: "
        + ", ".join(f"#{key}" for key in refused_keys)
        + "."
    )
    assert rows() == before
    assert callbacks == []


def test_an_operation_of_another_bulk_is_not_found(bulk, admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        other = schedule_bulk(Caller(BulkUserType.ADMIN, admin_user.pk), [body("central", 9)])
    Operation.objects.filter(bulk_id=other.bulk_uuid).update(status=OperationStatus.RETRIABLY_FAILED)
    stranger = operation_ids(other.bulk_uuid)[0]
    before = rows()

    with pytest.raises(NotFoundError) as refused:
        retry_operations(bulk, [operation_ids(bulk)[1], stranger])

    assert refused.value.rendered() == f"No such entity with id = {stranger}"
    assert rows() == before


def test_nothing_selected_is_refused(bulk):
    with pytest.raises(DomainError) as refused:
        retry_operations(bulk, [])

    assert refused.value.rendered() == NOTHING_SELECTED


def test_an_unknown_bulk_is_refused(bulk):
    with pytest.raises(BulkNotFound) as refused:
        retry_operations("no-such-bulk", [operation_ids(bulk)[1]])

    assert refused.value.rendered() == "Bulk uuid no-such-bulk not exist"


def test_retry_of_a_bulk_reopens_every_retriably_failed_operation(bulk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        retried = retry_bulk(bulk)

    assert retried == 2
    assert len(callbacks) == 1
    assert statuses(bulk) == [1, 1, 1, 3]
    assert quantities("SKU-A")["central"][0] == Decimal(7)  # applied in operation order


def test_retry_of_a_bulk_without_retriably_failed_operations_changes_nothing(bulk):
    retry_bulk(bulk)
    before = rows()

    assert retry_bulk(bulk) == 0
    assert rows() == before
