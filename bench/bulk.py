"""Bulk throughput: source-item updates through the synchronous route, and through /rest/async/bulk/V1/ applied
by 1 and 2 Celery worker processes, in one run, on the database DATABASE_URL names (PostgreSQL: the workers share
it) and the broker CELERY_BROKER_URL names (default: RabbitMQ on 127.0.0.1).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/backoffice_bench .venv/bin/python -m bench.bulk --operations 1000

"sync" is one client calling POST /V1/inventory/source-items once per operation, in process (no HTTP server), so
it is the route's own cost. "async" is one bulk request (its 202 time is "accept s"), then the wall time until
every operation is applied ("operations/s" counts from the request to the last result).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING

from bench.common import BENCH_PASSWORD, ROOT, bench_superuser, emit, setup_django

if TYPE_CHECKING:
    from django.test import Client

DEFAULT_BROKER = "amqp://guest:guest@127.0.0.1:5672//"


def prepare(count: int) -> list[str]:
    from catalog.models import Product

    skus = [f"BULK-BENCH-{n:05d}" for n in range(count)]
    existing = set(Product.objects.filter(sku__in=skus).values_list("sku", flat=True))
    Product.objects.bulk_create(Product(sku=sku, name=sku, price=Decimal(1)) for sku in skus if sku not in existing)
    return skus


def bodies(skus: list[str], round_: int) -> list[dict]:
    return [
        {"sourceItems": [{"sku": sku, "source_code": "default", "quantity": n + round_, "status": 1}]}
        for n, sku in enumerate(skus)
    ]


def client() -> Client:
    from django.test import Client

    from backoffice.rest.tokens import create_admin_access_token

    user = bench_superuser()
    token = create_admin_access_token(user.username, BENCH_PASSWORD)
    return Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {token}")


def sync_run(skus: list[str]) -> dict:
    http = client()
    started = time.perf_counter()
    for body in bodies(skus, 1):
        response = http.post("/rest/V1/inventory/source-items", body, content_type="application/json")
        assert response.status_code == 200, response.content
    seconds = time.perf_counter() - started
    return {
        "mode": "sync: POST /V1/inventory/source-items",
        "workers": "-",
        "operations": len(skus),
        "accept s": "-",
        "seconds": round(seconds, 2),
        "operations/s": round(len(skus) / seconds, 1),
    }


def start_workers(count: int, queue: str) -> list[subprocess.Popen]:
    env = os.environ | {"CELERY_TASK_DEFAULT_QUEUE": queue, "DJANGO_CONN_MAX_AGE": "600"}
    return [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "backoffice.celery",
                "worker",
                "--pool",
                "solo",
                "-Q",
                queue,
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "WARNING",
                "-n",
                f"bench{n}-{queue[-8:]}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for n in range(count)
    ]


def async_run(skus: list[str], workers: int, round_: int) -> dict:
    from django.conf import settings

    from asynchronous_operations.models import Operation, OperationStatus

    queue = f"async.operations.all.bench-{uuid.uuid4().hex[:8]}"
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    processes = start_workers(workers, queue)
    try:
        time.sleep(3)  # let the workers connect: the figure is the applying, not the start-up
        http = client()
        started = time.perf_counter()
        response = http.post(
            "/rest/async/bulk/V1/inventory/source-items", bodies(skus, round_), content_type="application/json"
        )
        accepted = time.perf_counter() - started
        assert response.status_code == 202, response.content
        bulk_uuid = response.json()["bulk_uuid"]
        while Operation.objects.filter(bulk_id=bulk_uuid, status=OperationStatus.OPEN).exists():
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        failed = Operation.objects.filter(bulk_id=bulk_uuid).exclude(status=OperationStatus.COMPLETE).count()
        assert failed == 0, f"{failed} operations failed"
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
    return {
        "mode": "async: POST /async/bulk/V1/inventory/source-items",
        "workers": workers,
        "operations": len(skus),
        "accept s": round(accepted, 2),
        "seconds": round(seconds, 2),
        "operations/s": round(len(skus) / seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--operations", type=int, default=1000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("CELERY_BROKER_URL", DEFAULT_BROKER)
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench.bulk needs PostgreSQL (DATABASE_URL): the workers share the database")
    call_command("migrate", verbosity=0)
    skus = prepare(args.operations)
    rows = [sync_run(skus), async_run(skus, 1, 2), async_run(skus, 2, 3)]
    emit(rows, args.json)


if __name__ == "__main__":
    main()
