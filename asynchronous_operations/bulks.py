"""Bulks and their operations: scheduled in the request's transaction, published on commit, applied exactly once.

Magento's MassSchedule writes the bulk and its operations, then publishes one message per operation to
``async.operations.all``; its consumer (OperationProcessor) runs the service method and records the result
(OperationManagement::changeOperationStatus). Here the rows are written in one transaction and the messages leave
after it commits, so no message names a row that does not exist; a message that never leaves (broker down,
process killed after the commit) is published again by ``sweep_open_operations``. Delivery is at least once;
``apply_operation`` applies at most once: it locks the operation row, skips it unless it is still open, and commits
the route's writes with the operation's result.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, OperationalError, transaction
from django.http import HttpResponse
from django.utils import timezone

from backoffice.exceptions import DomainError, NotFoundError

from . import dispatch
from .locks import (
    lock_bulk_operations,
    lock_open_operations_due,
    lock_operation,
    lock_retriably_failed_operations,
)
from .models import Bulk, BulkStatus, Operation, OperationStatus

logger = logging.getLogger(__name__)

SUCCESS = "Service execution success %s::%s"  # OperationProcessor::executeHandler
BULK_NOT_FOUND = "Bulk uuid %bulkUuid not exist"  # BulkOperationsStatus::getBulkShortStatus
MESSAGE_LENGTH = 255  # magento_operation.result_message


NOTHING_SELECTED = "An item needs to be selected. Select and try again."  # bulk_details_form.xml
NOT_RETRIABLE = "Only items that failed and can be retried are scheduled again. These can't be: %operations."
OPERATION_NOT_FOUND = "No such entity with %fieldName = %fieldValue"  # NoSuchEntityException::singleField


class BulkNotFound(NotFoundError):
    message = BULK_NOT_FOUND


class OperationNotFound(NotFoundError):
    message = OPERATION_NOT_FOUND


@dataclass
class RequestItem:
    """ItemStatusInterface: one body's fate when the request is accepted."""

    id: int
    status: str  # "accepted" | "rejected"
    data_hash: str | None = None
    error_message: str | None = None
    error_code: int | None = None


@dataclass
class ScheduledBulk:
    bulk_uuid: str
    request_items: list[RequestItem] = field(default_factory=list)

    @property
    def errors(self) -> bool:
        return any(item.status == "rejected" for item in self.request_items)


@dataclass(frozen=True)
class Body:
    """One operation to schedule: the synchronous request it replays, or why it is rejected."""

    method: str
    path: str
    data: object
    topic_name: str
    rejection: str | None = None


def schedule_bulk(caller: dispatch.Caller, bodies: list[Body]) -> ScheduledBulk:
    """MassSchedule::publishMass: one bulk, one open operation per accepted body, published after commit."""
    bulk_uuid = str(uuid.uuid4())
    topic = bodies[0].topic_name if bodies else ""
    scheduled = ScheduledBulk(bulk_uuid)
    now = timezone.now()
    operations = []
    for key, body in enumerate(bodies):
        if body.rejection is not None:
            scheduled.request_items.append(RequestItem(key, "rejected", error_message=body.rejection, error_code=0))
            continue
        serialized = serialized_data(body.data)
        operations.append(
            Operation(
                operation_key=key,
                topic_name=body.topic_name,
                serialized_data=serialized,
                status=OperationStatus.OPEN,
                request_method=body.method,
                request_path=body.path,
                published_at=now,
            )
        )
        scheduled.request_items.append(
            RequestItem(key, "accepted", data_hash=hashlib.sha256(serialized.encode()).hexdigest())
        )
    with transaction.atomic():
        bulk = Bulk.objects.create(
            uuid=bulk_uuid,
            user_id=caller.user_id,
            user_type=caller.user_type,
            description=f"Topic {topic}"[:255],
            operation_count=len(operations),
            start_time=now,
        )
        for operation in operations:
            operation.bulk = bulk
        Operation.objects.bulk_create(operations, batch_size=500)
        ids = list(Operation.objects.filter(bulk=bulk).order_by("pk").values_list("pk", flat=True))
        transaction.on_commit(lambda: publish(ids), robust=True)
    return scheduled


def serialized_data(data: object) -> str:
    """WebapiAsync OperationRepository::create: the body as ``meta_information``, with the store."""
    return json.dumps({"entity_id": None, "entity_link": "", "meta_information": json.dumps(data), "store_id": 1})


def publish(operation_ids: list[int]) -> None:
    """Send one message per operation. Without a broker (``CELERY_BROKER_URL`` unset: the demo, the tests on
    SQLite) the operations run here, after the commit; with one, a failure to publish is logged and left to the
    sweep, since the rows are already committed."""
    if not operation_ids:
        return
    if not settings.CELERY_BROKER_URL:
        for operation_id in operation_ids:
            apply_operation(operation_id)
        return
    from .tasks import send_operations  # the Celery plumbing, only where a broker is configured

    try:
        send_operations(operation_ids)
    except Exception:  # the broker is down or refused: the sweep publishes them again
        logger.warning(
            "could not publish %d operations; the sweep will publish them", len(operation_ids), exc_info=True
        )


@dataclass(frozen=True)
class Outcome:
    status: int
    message: str
    error_code: int | None = None
    result: str | None = None


class _Refused(Exception):
    """The route answered an error: its savepoint is rolled back, whatever it wrote."""

    def __init__(self, response: HttpResponse) -> None:
        self.response = response


def apply_operation(operation_id: int, run: Callable[..., HttpResponse] = dispatch.run) -> bool:
    """Apply one operation at most once: lock its row, skip it unless it is open, run its synchronous route under
    its bulk's caller, and commit the route's writes with the result. Returns whether it ran."""
    with transaction.atomic():
        operation = lock_operation(operation_id)
        if operation is None or operation.status != OperationStatus.OPEN:
            return False
        operation.started_at = timezone.now()
        outcome = _execute(operation, run)
        operation.status = outcome.status
        operation.result_message = outcome.message[:MESSAGE_LENGTH]
        operation.error_code = outcome.error_code
        operation.result_serialized_data = outcome.result
        if outcome.status == OperationStatus.COMPLETE:
            operation.serialized_data = None  # OperationProcessor keeps the data only of a failed operation
        operation.save(
            update_fields=[
                "status",
                "result_message",
                "error_code",
                "result_serialized_data",
                "serialized_data",
                "started_at",
            ]
        )
    return True


def _execute(operation: Operation, run: Callable[..., HttpResponse]) -> Outcome:
    bulk = operation.bulk
    caller = dispatch.Caller(bulk.user_type or 0, bulk.user_id)
    data = json.loads(json.loads(operation.serialized_data or "{}").get("meta_information", "null"))
    try:
        with transaction.atomic():
            response = run(operation.request_method, operation.request_path, data, caller)
            if response.status_code >= 400:
                raise _Refused(response)
    except _Refused as refused:
        return Outcome(OperationStatus.NOT_RETRIABLY_FAILED, _error_message(refused.response), 0)
    except OperationalError as error:  # a lock wait, a deadlock, a lost connection: Magento's retriable failures
        logger.warning("operation %s failed, retriably: %s", operation.pk, error)
        return Outcome(OperationStatus.RETRIABLY_FAILED, str(error).strip() or type(error).__name__, 0)
    except DatabaseError as error:
        logger.exception("operation %s failed", operation.pk)
        return Outcome(OperationStatus.NOT_RETRIABLY_FAILED, str(error).strip() or type(error).__name__, 0)
    except Exception as error:  # a bug in the route: recorded, as Magento's consumer records any exception
        logger.exception("operation %s failed", operation.pk)
        return Outcome(OperationStatus.NOT_RETRIABLY_FAILED, str(error) or type(error).__name__, 0)
    view = dispatch.resolve(operation.request_path).func.cls  # type: ignore[attr-defined]
    message = SUCCESS % (f"{view.__module__}.{view.__qualname__}", operation.request_method.lower())
    content = response.content.decode() if response.content else None
    return Outcome(OperationStatus.COMPLETE, message, None, content)


def _error_message(response: HttpResponse) -> str:
    """The error's message with its parameters filled in, as Magento's ``$e->getMessage()``."""
    try:
        body = json.loads(response.content)
    except ValueError:
        return f"HTTP {response.status_code}"
    if not isinstance(body, dict) or not isinstance(body.get("message"), str):
        return f"HTTP {response.status_code}"
    return DomainError(body["message"], parameters=body.get("parameters")).rendered()


def sweep_open_operations(limit: int = 1000) -> int:
    """Publish again the operations still open ``ASYNC_OPERATIONS_REPUBLISH_AFTER_SECONDS`` after they were last
    published (the broker was down, the process died after the commit, a worker was killed and its message lost).
    Rows another sweeper holds are skipped; a consumer that already applied one skips the duplicate message."""
    due = timezone.now() - timedelta(seconds=settings.ASYNC_OPERATIONS_REPUBLISH_AFTER_SECONDS)
    with transaction.atomic():
        operations = lock_open_operations_due(due, limit)
        ids = [operation.pk for operation in operations]
        Operation.objects.filter(pk__in=ids).update(published_at=timezone.now())
        transaction.on_commit(lambda: publish(ids), robust=True)
    return len(ids)


def retry_operations(bulk_uuid: str, operation_ids: Iterable[int]) -> int:
    """Retry the selected operations of a bulk (the Retry button of its page: Bulk/Retry's
    ``operations_to_retry``). Every one must be a retriably failed operation of that bulk; otherwise nothing
    changes and the refusal names them. They are reopened and published once the transaction commits."""
    selected = sorted(set(operation_ids))
    if not selected:
        raise DomainError(NOTHING_SELECTED)
    with transaction.atomic():
        get_bulk(bulk_uuid)
        operations = lock_bulk_operations(bulk_uuid, selected)
        found = {operation.pk for operation in operations}
        if missing := [pk for pk in selected if pk not in found]:
            raise OperationNotFound(parameters={"fieldName": "id", "fieldValue": missing[0]})
        refused = [operation for operation in operations if operation.status != OperationStatus.RETRIABLY_FAILED]
        if refused:
            keys = ", ".join(f"#{operation.operation_key}" for operation in sorted(refused, key=_key))
            raise DomainError(NOT_RETRIABLE, parameters={"operations": keys})
        return _reopen([operation.pk for operation in operations])


def retry_bulk(bulk_uuid: str) -> int:
    """BulkManagement::retryBulk for every retriable failure: the bulk's retriably failed operations are reopened
    and published on commit (the grid's "Retry" action). Returns how many."""
    with transaction.atomic():
        operations = lock_retriably_failed_operations(bulk_uuid)
        return _reopen([operation.pk for operation in operations])


def _key(operation: Operation) -> int:
    return operation.operation_key


def _reopen(ids: list[int]) -> int:
    """Open again, as retryBulk reopens an asynchronous topic's operations (their rows are kept for the consumer),
    and publish after the caller's transaction commits (the same path as scheduling)."""
    Operation.objects.filter(pk__in=ids).update(
        status=OperationStatus.OPEN,
        result_serialized_data=None,
        error_code=None,
        result_message=None,
        started_at=None,
        published_at=timezone.now(),
    )
    transaction.on_commit(lambda: publish(ids), robust=True)
    return len(ids)


def get_bulk(bulk_uuid: str) -> Bulk:
    bulk = Bulk.objects.filter(uuid=bulk_uuid).first()
    if bulk is None:
        raise BulkNotFound(parameters={"bulkUuid": bulk_uuid})
    return bulk


def bulk_status(bulk: Bulk, counts: dict[int, int]) -> int:
    """BulkStatus::getBulkStatus, from the operations' counts by status. Magento's collection counts every stored
    operation as processed (its open ones are written only when processed); here open ones are stored too."""
    total = bulk.operation_count
    open_count = counts.get(OperationStatus.OPEN, 0)
    processed = sum(counts.values()) - open_count
    if processed == 0:
        return BulkStatus.NOT_STARTED
    if counts.get(OperationStatus.COMPLETE, 0) == total:
        return BulkStatus.FINISHED_SUCCESSFULLY
    if open_count > 0:
        return BulkStatus.IN_PROGRESS
    return BulkStatus.FINISHED_WITH_FAILURE
