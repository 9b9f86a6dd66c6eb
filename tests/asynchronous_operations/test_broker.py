"""The asynchronous API on RabbitMQ with real Celery workers (PostgreSQL; skipped without a broker).

Contract: Magento_AsynchronousOperations Model/MassSchedule.php (the bulk and its operations are stored, then
published), Model/OperationProcessor.php (the consumer of async.operations.all records each result), Cron/
MarkIncompleteOperationsAsFailed.php (Magento's answer to a lost message; here the sweep publishes it again).
Delivery is at least once; applying is exactly once."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from asynchronous_operations import bulks
from asynchronous_operations.bulks import sweep_open_operations
from asynchronous_operations.models import Operation, OperationStatus
from asynchronous_operations.tasks import send_operations
from catalog.models import Product
from inventory.models import SourceItem
from tests.inventory.world import make_source, put

from .workers import Workers, broker_url, requires_broker, wait_until
from .world import body, bulk_applied, operation_ids

pytestmark = requires_broker
OPEN = OperationStatus.OPEN


@pytest.fixture
def workers(settings):
    running = Workers()
    settings.CELERY_BROKER_URL = broker_url()
    settings.CELERY_TASK_DEFAULT_QUEUE = running.queue
    yield running
    running.stop()


def all_done(count: int) -> bool:
    return Operation.objects.exclude(status=OPEN).count() >= count


def make_skus(count: int) -> list[str]:
    skus = [f"BULK-{n:04d}" for n in range(count)]
    Product.objects.bulk_create(Product(sku=sku, name=sku, price=Decimal(1)) for sku in skus)
    return skus


def transfer_bodies(count: int, sku: str = "MOVE") -> list[dict]:
    """``count`` transfers of one unit: not idempotent, so an operation applied twice would show."""
    return [
        {"originSourceCode": "central", "destinationSourceCode": "east", "items": [{"sku": sku, "qty": 1}]}
        for _ in range(count)
    ]


@pytest.fixture
def moving_stock():
    make_source("central")
    make_source("east")
    Product.objects.create(sku="MOVE", name="Move", price=Decimal(1))
    put("MOVE", "central", 10_000)
    put("MOVE", "east", 0)


def stock_of(sku: str) -> dict[str, Decimal]:
    return dict(SourceItem.objects.filter(product_id=sku).values_list("source_id", "quantity"))


def test_a_bulk_of_a_thousand_source_item_updates_through_two_workers(rest_client, workers):
    skus = make_skus(1000)
    bodies = [
        {"sourceItems": [{"sku": sku, "source_code": "default", "quantity": n, "status": 1}]}
        for n, sku in enumerate(skus, 1)
    ]
    workers.start(2)

    response = rest_client.post("/rest/async/bulk/V1/inventory/source-items", bodies, format="json")

    assert response.status_code == 202
    assert wait_until(lambda: all_done(1000), timeout=900)  # minutes on a machine under load
    assert set(Operation.objects.values_list("status", flat=True)) == {OperationStatus.COMPLETE}
    stored = dict(SourceItem.objects.filter(source_id="default").values_list("product_id", "quantity"))
    assert stored == {sku: Decimal(n) for n, sku in enumerate(skus, 1)}


def test_a_worker_killed_mid_bulk_loses_no_operation_and_applies_none_twice(rest_client, workers, moving_stock):
    first = workers.start(1)[0]
    rest_client.post("/rest/async/bulk/V1/inventory/bulk-partial-source-transfer", transfer_bodies(200), format="json")
    assert wait_until(lambda: Operation.objects.exclude(status=OPEN).count() >= 20, timeout=60)

    workers.kill(first)  # SIGKILL: its transaction rolls back, its unacknowledged message goes back to the queue
    applied_when_killed = Operation.objects.exclude(status=OPEN).count()
    workers.start(2)

    assert applied_when_killed < 200
    assert wait_until(lambda: all_done(200), timeout=180)
    assert set(Operation.objects.values_list("status", flat=True)) == {OperationStatus.COMPLETE}
    assert stock_of("MOVE") == {"central": Decimal(10_000 - 200), "east": Decimal(200)}


def test_with_the_broker_down_the_request_is_accepted_and_the_sweep_publishes_it_later(
    rest_client, workers, moving_stock, settings
):
    settings.CELERY_BROKER_URL = "amqp://guest:guest@127.0.0.1:1//"  # nothing listens there
    started = time.monotonic()

    response = rest_client.post(
        "/rest/async/bulk/V1/inventory/bulk-partial-source-transfer", transfer_bodies(5), format="json"
    )

    assert response.status_code == 202
    assert time.monotonic() - started < 15
    assert list(Operation.objects.values_list("status", flat=True)) == [OPEN] * 5

    settings.CELERY_BROKER_URL = broker_url()  # the broker is back
    workers.start(1)
    overdue = timezone.now() - timedelta(seconds=settings.ASYNC_OPERATIONS_REPUBLISH_AFTER_SECONDS + 1)
    Operation.objects.update(published_at=overdue)
    assert sweep_open_operations() == 5

    assert wait_until(lambda: all_done(5), timeout=60)
    assert stock_of("MOVE") == {"central": Decimal(10_000 - 5), "east": Decimal(5)}


def test_a_message_delivered_twice_is_applied_once(rest_client, workers, moving_stock):
    rest_client.post("/rest/async/bulk/V1/inventory/bulk-partial-source-transfer", transfer_bodies(3), format="json")
    ids = list(Operation.objects.values_list("pk", flat=True))

    send_operations(ids + ids + ids)  # every message three times in all (once on commit, twice here)
    workers.start(2)

    assert wait_until(lambda: all_done(3), timeout=60)
    time.sleep(2)  # let the duplicates arrive and be skipped
    assert stock_of("MOVE") == {"central": Decimal(10_000 - 3), "east": Decimal(3)}
    assert set(Operation.objects.values_list("status", flat=True)) == {OperationStatus.COMPLETE}


def test_a_retried_operation_is_published_on_commit_and_applied_by_a_worker(
    admin_user, workers, moving_stock, monkeypatch
):
    """Bulk/Retry of one selected operation (BulkManagement::retryBulk: reopened, then published)."""
    with monkeypatch.context() as unpublished:  # the first attempt ran here, its second operation deadlocked
        unpublished.setattr(bulks, "publish", lambda ids: None)
        bulk = bulk_applied(admin_user.pk, [body("east", 3, sku="MOVE"), body("east", 4, sku="MOVE")], {1})
    ids = operation_ids(bulk)
    assert list(Operation.objects.order_by("operation_key").values_list("status", flat=True)) == [1, 2]
    workers.start(1)

    assert bulks.retry_operations(bulk, [ids[1]]) == 1

    assert wait_until(lambda: all_done(2), timeout=60)
    assert Operation.objects.get(pk=ids[1]).status == OperationStatus.COMPLETE
    assert stock_of("MOVE")["east"] == Decimal(4)


@pytest.mark.skipif(not os.environ.get("ASYNC_WORKER_QUEUE"), reason="no worker started outside the tests (.ci/run)")
def test_the_worker_started_beside_the_tests_applies_an_async_request(rest_client, moving_stock, settings):
    """.ci/run starts a worker on the test database and names its queue in ASYNC_WORKER_QUEUE."""
    settings.CELERY_BROKER_URL = broker_url()
    settings.CELERY_TASK_DEFAULT_QUEUE = os.environ["ASYNC_WORKER_QUEUE"]

    response = rest_client.post(
        "/rest/async/V1/inventory/bulk-partial-source-transfer", transfer_bodies(1)[0], format="json"
    )

    assert response.status_code == 202
    assert wait_until(lambda: all_done(1), timeout=60)
    assert stock_of("MOVE") == {"central": Decimal(10_000 - 1), "east": Decimal(1)}
