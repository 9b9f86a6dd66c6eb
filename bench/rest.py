"""REST latency and throughput under gunicorn, each endpoint next to the framework floor of the same server.

    DATABASE_URL=... .venv/bin/python -m bench.rest [--concurrency 1,4] [--requests 300] [--seconds 20] [--json]

Starts gunicorn on 127.0.0.1 as the production run does (gunicorn.conf.py: sync workers, timeouts, persistent
database connections) with ``--workers`` workers (2 per core by default), takes an admin token over REST
(the database's files read into the OS cache first: bench.common.warm_database),
and sends each endpoint's requests from ``--concurrency`` client threads (each level in turn) (http.client, one connection per
request, as sync workers close them), at most ``--requests`` requests or ``--seconds`` seconds per endpoint.
The floor is ``GET /rest/V1/inventory/stock-resolver/website/base``: the same authentication, permission check
and JSON rendering, and three small reads. Each endpoint runs alone (throughput, latency), then alternating
request by request with the floor: ``x floor`` is its median latency over the floor's in that mixed run. ``POST /V1/order/{id}/invoice`` invoices open orders of the
generated data (each request another order), so it changes the database. ``GET /V1/orders`` searches one status in
a random 30-day window of ``created_at``, 20 a page. The rows with a target (issue 19: invoice creation within 2x the
floor, the order search within 3x) say whether their ``x floor`` meets it.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from bench.common import (
    BENCH_PASSWORD,
    BENCH_USER,
    ROOT,
    bench_superuser,
    emit,
    median,
    percentile,
    setup_django,
    warm_database,
)

HOST = "127.0.0.1"
FLOOR = "GET /V1/inventory/stock-resolver/website/base"
ORDER_SEARCH = "GET /V1/orders?searchCriteria (status, created_at range, 20 a page)"
# Issue 19's targets, in "x floor" (the endpoint's median over the floor's, alternating in one run).
TARGETS = {"POST /V1/order/{id}/invoice": 2.0, ORDER_SEARCH: 3.0}


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: bytes | None = None
    floor: bool = False  # a floor request mixed into another endpoint's run


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int) -> subprocess.Popen:
    """gunicorn as the production run starts it (gunicorn.conf.py: sync workers, timeouts, persistent database
    connections), on this port with this many workers."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--bind", f"{HOST}:{port}",
         "--workers", str(workers), "--log-level", "warning"],
        cwd=ROOT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def call(port: int, request: Request, headers: dict[str, str]) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.request(request.method, request.path, body=request.body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def load(port: int, requests: Iterator[Request], headers: dict[str, str], concurrency: int, limit: int,
         seconds: float) -> dict:
    """Send requests from ``concurrency`` threads until ``limit`` are done or ``seconds`` have passed."""
    lock = threading.Lock()
    latencies: list[float] = []
    floor_latencies: list[float] = []
    errors: list[str] = []
    issued = 0
    deadline = time.monotonic() + seconds

    def next_request() -> Request | None:
        nonlocal issued
        with lock:
            if issued >= limit or time.monotonic() > deadline:
                return None
            issued += 1
            return next(requests, None)

    def worker() -> None:
        while (request := next_request()) is not None:
            started = time.perf_counter()
            status, body = call(port, request, headers)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if 200 <= status < 300:
                    (floor_latencies if request.floor else latencies).append(elapsed)
                else:
                    errors.append(f"{status} {body[:200]!r}")

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {
        "requests": len(latencies), "errors": len(errors), "req/s": round(len(latencies) / wall, 1),
        "p50 ms": round(median(latencies), 1), "p95 ms": round(percentile(latencies, 0.95), 1),
        "first error": errors[0] if errors else "", "floor p50 ms": round(median(floor_latencies), 1),
    }


def mixed(floor: Iterator[Request], requests: Iterator[Request]) -> Iterator[Request]:
    """A floor request, then one of ``requests``, and so on: both meet the same conditions."""
    for request in requests:
        floor_request = next(floor)
        yield Request(floor_request.method, floor_request.path, floor_request.body, floor=True)
        yield request


def scenarios(invoice_count: int) -> list[tuple[str, Callable[[], Iterator[Request]]]]:
    """(name, request stream) per endpoint, from the generated data."""
    from django.db.models import Max, Min

    from inventory.models import SourceItem
    from inventory.stocks import resolve_stock_id
    from sales.models import Invoice, Order, OrderState

    rng = random.Random(1)
    stock_id = resolve_stock_id()
    skus = list(SourceItem.objects.filter(source__stock_links__stock_id=stock_id)
                .values_list("product_id", flat=True).distinct().order_by()[:5000])
    invoice_ids = list(Invoice.objects.order_by("?").values_list("pk", flat=True)[:2000])
    open_orders = list(Order.objects.filter(state=OrderState.NEW).order_by("?").values_list("pk", flat=True)
                       [:invoice_count])
    if not skus or not invoice_ids or not open_orders:
        raise SystemExit("no data: run manage.py generate_load first")

    orders = iter(open_orders)
    first, last = Order.objects.aggregate(first=Min("created_at"), last=Max("created_at")).values()
    statuses = ["pending", "processing", "complete", "canceled"]

    def order_search() -> Request:
        """GET /V1/orders: one status and a 30-day window of created_at, 20 a page (three filter groups: AND)."""
        start = first + (last - first) * rng.random()
        filters = [("status", rng.choice(statuses), "eq"), ("created_at", f"{start:%Y-%m-%d %H:%M:%S}", "gteq"),
                   ("created_at", f"{start + timedelta(days=30):%Y-%m-%d %H:%M:%S}", "lteq")]
        query = {"searchCriteria[pageSize]": 20, "searchCriteria[currentPage]": 1}
        for group, (field, value, condition) in enumerate(filters):
            prefix = f"searchCriteria[filter_groups][{group}][filters][0]"
            query |= {f"{prefix}[field]": field, f"{prefix}[value]": value, f"{prefix}[condition_type]": condition}
        return Request("GET", f"/rest/V1/orders?{urlencode(query)}")

    def forever(make: Callable[[], Request]) -> Callable[[], Iterator[Request]]:
        return lambda: iter(make, None)

    return [
        (FLOOR, forever(lambda: Request("GET", "/rest" + FLOOR.split(" ")[1]))),
        ("GET /V1/inventory/get-product-salable-quantity/{sku}/{stockId}", forever(
            lambda: Request("GET", f"/rest/V1/inventory/get-product-salable-quantity/{rng.choice(skus)}/{stock_id}"))),
        ("GET /V1/invoices/{id}", forever(lambda: Request("GET", f"/rest/V1/invoices/{rng.choice(invoice_ids)}"))),
        (ORDER_SEARCH, forever(order_search)),
        ("POST /V1/order/{id}/invoice", lambda: (  # every order once, across warm-ups and concurrency levels
            Request("POST", f"/rest/V1/order/{order_id}/invoice", b'{"capture": true}') for order_id in orders)),
    ]


def measure(levels: list[int], limit: int, seconds: float, workers: int) -> list[dict]:
    bench_superuser()
    plan = scenarios((2 * limit + 20) * len(levels))
    from django.db import connections

    connections.close_all()
    port = free_port()
    server = start_server(port, workers)
    try:
        status, body = call(port, Request("POST", "/rest/V1/integration/admin/token",
                                          json.dumps({"username": BENCH_USER, "password": BENCH_PASSWORD}).encode()),
                            {"Content-Type": "application/json"})
        if status != 200:
            raise SystemExit(f"admin token: HTTP {status} {body[:200]!r}")
        headers = {"Authorization": f"Bearer {json.loads(body)}", "Content-Type": "application/json"}
        rows = []
        floor_name, floor_stream = plan[0]
        for concurrency in levels:
            for name, stream in plan:
                requests = stream()
                load(port, requests, headers, concurrency, min(20, limit), seconds)  # warm-up: workers, caches
                figures = load(port, requests, headers, concurrency, limit, seconds)
                if name != floor_name:  # the ratio: the same endpoint alternating with the floor, in one run
                    ratio = load(port, mixed(floor_stream(), requests), headers, concurrency, 2 * limit, seconds)
                    figures["floor p50 ms"] = ratio["floor p50 ms"]
                    figures["x floor"] = round(ratio["p50 ms"] / (ratio["floor p50 ms"] or 1), 2)
                else:
                    figures["floor p50 ms"], figures["x floor"] = figures["p50 ms"], 1.0
                rows.append({"bench": "REST", "clients": concurrency, "what": name, **figures})
            alone = next(r for r in rows if r["clients"] == concurrency and r["what"] == floor_name)["p50 ms"] or 1
            for row in rows[-len(plan):]:
                row["x floor alone"] = round(row["p50 ms"] / alone, 2)
                if row["what"] in TARGETS:
                    target = TARGETS[row["what"]]
                    verdict = "ok" if row["x floor"] <= target else "OVER"
                    if not row["x floor"]:  # the stream ran dry (no open order left to invoice): no figure
                        verdict = "n/a, no requests: generate the data again"
                    row["target"] = f"<= {target}x: {verdict}"
        return rows
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", default="1,4", help="client threads; a comma-separated list of levels")
    parser.add_argument("--requests", type=int, default=300, help="per endpoint and level, at most")
    parser.add_argument("--seconds", type=float, default=20, help="per endpoint, at most")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    setup_django()
    print(f"bench.rest: {warm_database()}", file=sys.stderr)
    levels = [int(level) for level in args.concurrency.split(",")]
    emit(measure(levels, args.requests, args.seconds, args.workers), args.json)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
