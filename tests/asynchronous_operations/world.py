"""A bulk whose operations ended every way, built through the domain functions (schedule, apply)."""

from __future__ import annotations

from collections.abc import Collection

from django.db import OperationalError

from asynchronous_operations.bulks import Body, apply_operation, schedule_bulk
from asynchronous_operations.dispatch import Caller
from asynchronous_operations.models import BulkUserType, Operation

PATH = "/rest/default/V1/inventory/source-items"
TOPIC = "async.V1.inventory.source-items.POST"


def deadlocked(*args: object) -> object:
    """A route run that meets a deadlock: the operation fails retriably (OperationProcessor's temporary error)."""
    raise OperationalError("deadlock detected")


def body(source_code: str, quantity: int, sku: str = "SKU-A") -> Body:
    items = [{"sku": sku, "source_code": source_code, "quantity": quantity, "status": 1}]
    return Body("POST", PATH, {"sourceItems": items}, TOPIC)


def operation_ids(bulk_uuid: str) -> list[int]:
    return list(Operation.objects.filter(bulk_id=bulk_uuid).order_by("operation_key").values_list("pk", flat=True))


def bulk_applied(user_id: int, bodies: list[Body], deadlocked_keys: Collection[int] = ()) -> str:
    """Schedule ``bodies`` as the admin ``user_id`` and apply each operation now, the ones in
    ``deadlocked_keys`` meeting a deadlock. Call it where commit callbacks do not run (they would apply twice)."""
    scheduled = schedule_bulk(Caller(BulkUserType.ADMIN, user_id), bodies)
    for key, operation_id in enumerate(operation_ids(scheduled.bulk_uuid)):
        if key in deadlocked_keys:
            apply_operation(operation_id, run=deadlocked)
        else:
            apply_operation(operation_id)
    return scheduled.bulk_uuid
