"""Issue 19's REST targets in process: each endpoint alternating with the floor through Django's test client.

    DATABASE_URL=... .venv/bin/python -m bench.inprocess [--requests 100] [--json]

The database's files are read into the OS cache first (bench.common.warm_database). No HTTP server and no client
threads: what is left is the server's own work (middleware, token, view, SQL, rendering), so the ratio moves less
with the machine's load than bench/rest.py's does. Each endpoint's request is timed (``time.perf_counter``) right
after a floor request, ``--requests`` times; ``x floor`` is the median over the floor's median. ``POST
/V1/order/{id}/invoice`` invoices open orders of the generated data (it changes the database), ``GET /V1/orders``
searches as bench/rest.py does. Then the storefront checkout's calls (bench/flash.py's: create, add item,
shipping-information, payment-information) for a guest and for a customer (carts/mine), each call right after a
floor request, ``--flows`` checkouts each (``--flows 0``: none); the order email is left to the sending job
(SALES_EMAIL_ASYNC_SENDING), as a server sends it after the response is written and the test client would time it.
The load average is printed beside the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable

from bench.common import BENCH_PASSWORD, BENCH_USER, emit, median, setup_django, warm_database

FLOOR_PATH = "/rest/V1/inventory/stock-resolver/website/base"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--flows", type=int, default=40, help="checkouts of each caller (guest, customer)")
    parser.add_argument("--only-checkout", action="store_true", help="the checkout calls alone")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    setup_django()
    print(f"bench.inprocess: {warm_database()}", file=sys.stderr)

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
        if what == FLOOR or args.only_checkout:
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
    if args.flows:
        rows += checkout_calls(client, lambda: send("GET", FLOOR_PATH, None), args.flows)
    emit(rows, args.json)


def checkout_calls(client: object, floor: Callable[[], None], flows: int) -> list[dict]:
    """bench/flash.py's one-client latency run in process: ``flows`` checkouts as a guest and as a customer, each
    call right after a floor request; each call's median over the floor's (targets: 2x, 2.5x placement)."""
    from django.db import connection
    from django.test import override_settings

    from bench.flash import CART_TARGET, ORDER_TARGET, Client, Refused, make_products
    from customers.customers import CustomerData, create_customer, create_customer_token

    class InProcess(Client):
        def send(self, what: str, method: str, path: str, body: object = None) -> object:
            headers = {"HTTP_AUTHORIZATION": self.headers["Authorization"]} if "Authorization" in self.headers else {}
            started = time.perf_counter()
            response = client.generic(method, path, b"" if body is None else json.dumps(body),
                                      content_type="application/json", **headers)
            self.timings.setdefault(what, []).append((time.perf_counter() - started) * 1000)
            if not 200 <= response.status_code < 300:
                raise Refused(what, response.status_code, response.content)
            return response.json()

    run = time.strftime("%H%M%S")
    email = f"inprocess-{run}@example.com"
    create_customer(CustomerData(email=email, firstname="Flash", lastname="Buyer"), password="Flash-password-1")
    sku = f"INPROC-{run}"
    make_products([sku], 2 * flows + 20)
    floor_times: list[float] = []

    def timed_floor() -> None:
        started = time.perf_counter()
        floor()
        floor_times.append((time.perf_counter() - started) * 1000)

    rows = []
    for caller in (InProcess(0), InProcess(0, create_customer_token(email, "Flash-password-1"))):
        with override_settings(SALES_EMAIL_ASYNC_SENDING=True):
            for _ in range(5):  # warm-up
                caller.checkout(sku, timed_floor)
            caller.timings.clear()
            floor_times.clear()
            for _ in range(flows):
                caller.checkout(sku, timed_floor)
        floor_p50 = median(floor_times)
        for what, timings in caller.timings.items():
            ratio = median(timings) / floor_p50
            target = ORDER_TARGET if what.endswith("payment-information") else CART_TARGET
            rows.append({
                "bench": "checkout call in process", "database": connection.vendor, "what": what,
                "requests": len(timings), "p50 ms": round(median(timings), 2), "floor p50 ms": round(floor_p50, 2),
                "x floor": round(ratio, 2), "target": f"<= {target}x: {'ok' if ratio <= target else 'OVER'}",
                "load average": " ".join(f"{v:.1f}" for v in os.getloadavg()),
            })
    return rows


if __name__ == "__main__":
    main()
