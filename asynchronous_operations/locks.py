"""Every row lock of the asynchronous operations app.

Global lock order (README "Lock order"): an operation row is lock 0, with the ``Idempotency-Key`` record: the
consumer takes it before the synchronous route it replays takes any domain lock (Quote, Order, Product, Stock,
SourceItem...), and holds it until the operation's result is committed with the route's writes. One operation
is locked at a time, so two operation locks never wait on each other.
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


def lock_operations_for_retry(bulk_uuid: str, operation_ids: list[int]) -> list[Operation]:
    """Lock the retriably failed operations among ``operation_ids`` of one bulk, in primary-key order."""
    return list(
        Operation.objects.select_for_update()
        .filter(bulk_id=bulk_uuid, pk__in=sorted(set(operation_ids)), status=OperationStatus.RETRIABLY_FAILED)
        .order_by("pk")
    )
