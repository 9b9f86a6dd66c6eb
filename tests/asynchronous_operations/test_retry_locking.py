"""Retry under concurrency (PostgreSQL: real row locks). The retry locks the selected operation rows (lock 0 of the
lock order, README "Layout"), reads their status under the lock and reopens them in one transaction, so admins
who press Retry at once on the same operations reopen and publish them once; the others are refused.
Contract: Magento_AsynchronousOperations Model/BulkManagement.php::retryBulk (one transaction, then publish)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from asynchronous_operations import bulks
from asynchronous_operations.models import Operation
from backoffice.exceptions import DomainError
from tests.concurrency import run_concurrently
from tests.factories import make_product
from tests.inventory.world import make_source

from .world import body, bulk_applied, operation_ids

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs SELECT ... FOR UPDATE (PostgreSQL)"),
]


@pytest.fixture
def published(monkeypatch) -> list[list[int]]:
    """Every publication of operations, recorded instead of sent."""
    sent: list[list[int]] = []
    lock = threading.Lock()

    def record(ids: list[int]) -> None:
        with lock:
            sent.append(list(ids))

    monkeypatch.setattr(bulks, "publish", record)
    return sent


def test_admins_retrying_the_same_operations_at_once_reopen_and_publish_them_once(admin_user, published):
    make_source("central")
    make_product(sku="SKU-A", quantity=None)
    bulk = bulk_applied(admin_user.pk, [body("central", n) for n in range(4)], deadlocked_keys={1, 2, 3})
    ids = operation_ids(bulk)
    published.clear()

    results = run_concurrently([lambda: bulks.retry_operations(bulk, ids[1:])] * 6)

    assert results.count(3) == 1
    assert sum(isinstance(result, DomainError) for result in results) == 5
    assert published == [ids[1:]]
    assert list(Operation.objects.filter(bulk_id=bulk).order_by("operation_key").values_list("status", flat=True)) == [
        1,
        4,
        4,
        4,
    ]


def test_a_retry_of_a_bulk_and_a_retry_of_its_operations_at_once_reopen_each_once(admin_user, published):
    make_source("central")
    make_product(sku="SKU-A", quantity=None)
    bulk = bulk_applied(admin_user.pk, [body("central", n) for n in range(3)], deadlocked_keys={0, 1, 2})
    ids = operation_ids(bulk)
    published.clear()

    results = run_concurrently([lambda: bulks.retry_bulk(bulk), lambda: bulks.retry_operations(bulk, ids[::-1])] * 3)

    reopened = sorted(operation_id for ids_sent in published for operation_id in ids_sent)
    assert reopened == ids  # each once, whoever won
    assert all(isinstance(result, (int, DomainError)) for result in results), results
