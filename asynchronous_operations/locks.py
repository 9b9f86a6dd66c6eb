"""Row locks of the asynchronous_operations app, in the one global lock order: the table in the README's "Layout" section.

An operation row is lock 0, with the ``Idempotency-Key`` record: the
consumer takes it before the synchronous route it replays takes any domain lock (Quote, Order, Product, Stock,
SourceItem...), and holds it until the operation's result is committed with the route's writes. A consumer locks
one operation at a time; Retry locks several of one bulk, in primary-key order, and takes no other lock, so it
waits at most for the consumers that hold them and no two retries wait on each other in a cycle.
"""

from __future__ import annotations

from datetime import datetime

from .models import Operation, OperationStatus


def lock_operation(operation_id: int) -> Operation | None:
    """Lock one operation row (waiting for a consumer that holds it), with its bulk."""
    return Operation.objects.select_for_update(of=("self",)).select_related("bulk").filter(pk=operation_id).first()


def lock_open_operations_due(published_before: datetime, limit: int) -> list[Operation]:
    """Lock the open operations last published before ``published_before``, oldest first, skipping the rows
    another sweeper or a consumer holds: several machines sweep at once without waiting on each other."""
    return list(
        Operation.objects.select_for_update(skip_locked=True)
        .filter(status=OperationStatus.OPEN, published_at__lt=published_before)
        .order_by("published_at", "pk")[:limit]
    )


def lock_bulk_operations(bulk_uuid: str, operation_ids: list[int]) -> list[Operation]:
    """Lock the operations among ``operation_ids`` of one bulk, whatever their status, in primary-key order (the
    retry of selected operations reads their status under the lock)."""
    return list(Operation.objects.select_for_update().filter(bulk_id=bulk_uuid, pk__in=operation_ids).order_by("pk"))


def lock_retriably_failed_operations(bulk_uuid: str) -> list[Operation]:
    """Lock the retriably failed operations of one bulk, in primary-key order."""
    return list(
        Operation.objects.select_for_update()
        .filter(bulk_id=bulk_uuid, status=OperationStatus.RETRIABLY_FAILED)
        .order_by("pk")
    )
