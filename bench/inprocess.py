"""Issue 19's REST targets in process: each endpoint alternating with the floor through Django's test client.

    DATABASE_URL=... .venv/bin/python -m bench.inprocess [--requests 100] [--json]

No HTTP server and no client threads: what is left is the server's own work (middleware, token, view, SQL,
rendering), so the ratio moves less with the machine's load than bench/rest.py's does. Each endpoint's request
is timed (``time.perf_counter``) right after a floor request, ``--requests`` times; ``x floor`` is the median
over the floor's median. ``POST /V1/order/{id}/invoice`` invoices open orders of the generated data (it changes
the database), ``GET /V1/orders`` searches as bench/rest.py does. The load average is printed beside the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable

from bench.common import BENCH_PASSWORD, BENCH_USER, emit, median, setup_django

FLOOR_PATH = "/rest/V1/inventory/stock-resolver/website/base"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    setup_django()

    from django.db import connection
    from django.test import Client

    from bench.common import bench_superuser
    from bench.rest import FLOOR, TARGETS, scenarios

    bench_superuser()
    client = Client(HTTP_HOST="127.0.0.1")
    token = client.post("/rest/V1/integration/admin/token", json.dumps({"username": BENCH_USER, "password": BENCH_PASSWORD}),
                        content_type="application/json").json()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    made = dict(scenarios(args.requests + 10))

    def send(method: str, path: str, body: bytes | None) -> None:
        if method == "GET":
            response = client.get(path, **headers)
        else:
            response = client.post(path, body or b"", content_type="application/json", **headers)
        if response.status_code != 200:
            raise SystemExit(f"{method} {path}: HTTP {response.status_code} {response.content[:200]!r}")

    def timed(call: Callable[[], None]) -> float:
        started = time.perf_counter()
        call()
        return (time.perf_counter() - started) * 1000

    rows = []
    for what, make in made.items():
        if what == FLOOR:
            continue
        requests = make()
        floor_times, times = [], []
        for n in range(args.requests + 5):
            request = next(requests)
            floor = timed(lambda: send("GET", FLOOR_PATH, None))
            took = timed(lambda request=request: send(request.method, request.path, request.body))
            if n >= 5:  # warm-up
                floor_times.append(floor)
                times.append(took)
        ratio = median(times) / median(floor_times)
        target = TARGETS.get(what)
        rows.append({
            "bench": "REST in process", "database": connection.vendor, "what": what, "requests": len(times),
            "p50 ms": round(median(times), 2), "floor p50 ms": round(median(floor_times), 2),
            "x floor": round(ratio, 2),
            "target": "" if target is None else f"<= {target}x: {'ok' if ratio <= target else 'OVER'}",
            "load average": " ".join(f"{v:.1f}" for v in os.getloadavg()),
        })
    emit(rows, args.json)


if __name__ == "__main__":
    main()
