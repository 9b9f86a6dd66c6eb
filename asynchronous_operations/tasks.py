"""The consumer of ``async.operations.all`` and the bulk sweep, on the Celery app (backoffice/celery.py)."""

from __future__ import annotations

from django.conf import settings

from backoffice.celery import app

from . import bulks


@app.task(name="async.operations.all", acks_late=True, reject_on_worker_lost=True)
def apply_operation(operation_id: int) -> bool:
    """Magento's ``async.operations.all`` consumer: one operation, applied at most once (bulks.apply_operation).
    The message is acknowledged after the operation's transaction ends, so a worker killed on the way leaves it
    to another worker."""
    return bulks.apply_operation(operation_id)


@app.task(name="asynchronous_operations.sweep")
def sweep() -> int:
    """Publish again the operations left open (bulks.sweep_open_operations)."""
    return bulks.sweep_open_operations()


def send_operations(operation_ids: list[int]) -> None:
    """Publish one message per operation on one connection, to ``CELERY_TASK_DEFAULT_QUEUE``. Raises when the
    broker cannot be reached within ``CELERY_BROKER_CONNECTION_TIMEOUT``: the caller leaves them to the sweep."""
    with app.connection_for_write(settings.CELERY_BROKER_URL) as connection:
        connection.ensure_connection(max_retries=1, timeout=settings.CELERY_BROKER_CONNECTION_TIMEOUT)
        for operation_id in operation_ids:
            apply_operation.apply_async(
                (operation_id,), connection=connection, retry=False, queue=settings.CELERY_TASK_DEFAULT_QUEUE
            )
