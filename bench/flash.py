"""A flash sale over REST: guests checking out one hot SKU next to the same number on distinct SKUs, and the
latency of each checkout call next to the framework floor.

    DATABASE_URL=postgres://... .venv/bin/python -m bench.flash [--customers 32,64] [--rounds 4] [--workers 4] [--json]

Starts gunicorn (gunicorn.conf.py, ``--workers`` sync workers). Each customer is a client thread that runs the
storefront checkout ``--rounds`` times over HTTP, as a guest: ``POST /V1/guest-carts``, ``POST .../items`` (one
unit), ``POST .../shipping-information``, ``POST .../payment-information`` (the order). For each number of customers
it runs twice, in one server: every customer on its own SKU ("spread"), then all on one SKU ("hot") stocked with
exactly customers x rounds units, after which every customer tries once more and must be refused. It prints
orders/s for both, their ratio (target: hot at least 0.5 x spread), and checks the scarcity: as many orders as
units, the salable quantity exactly 0 at the end and never negative while the sale runs (a thread reads it in a
loop). PostgreSQL: SQLite serializes every writer, so there is no hot-row effect to measure there.

Then one client alone measures each call's median latency alternating request by request with the floor
(``GET /V1/inventory/stock-resolver/website/base``, authenticated), for a guest and for a customer (carts/mine):
targets 2x the floor for the cart calls and 2.5x for payment-information (issue 19).
Products are created with fresh SKUs on each run (FLASH-<run>-...), so the bench runs on any migrated database.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from decimal import Decimal

from bench.common import BENCH_PASSWORD, BENCH_USER, bench_superuser, emit, median, setup_django
from bench.rest import FLOOR, Request, call, free_port, start_server

ADDRESS = {
    "region": "New York",
    "region_id": 43,
    "region_code": "NY",
    "country_id": "US",
    "street": ["160 1st St."],
    "postcode": "11501",
    "city": "Mineola",
    "firstname": "Flash",
    "lastname": "Buyer",
    "telephone": "516-555-1111",
}
CART_TARGET, ORDER_TARGET, HOT_TARGET = 2.0, 2.5, 0.5


class Refused(Exception):
    """A checkout call answered something else than 2xx."""

    def __init__(self, what: str, status: int, body: bytes) -> None:
        super().__init__(f"{what}: HTTP {status} {body[:200]!r}")
        self.status = status


class Client:
    """One customer's HTTP calls: a guest (no token) or a customer (``token``: carts/mine)."""

    def __init__(self, port: int, token: str | None = None) -> None:
        self.port = port
        self.headers = {"Content-Type": "application/json"}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        self.base = "/rest/default/V1/carts/mine" if token else None
        self.timings: dict[str, list[float]] = {}

    def send(self, what: str, method: str, path: str, body: object = None) -> object:
        started = time.perf_counter()
        status, answer = call(
            self.port, Request(method, path, None if body is None else json.dumps(body).encode()), self.headers
        )
        self.timings.setdefault(what, []).append((time.perf_counter() - started) * 1000)
        if not 200 <= status < 300:
            raise Refused(what, status, answer)
        return json.loads(answer)

    def checkout(self, sku: str, between: Callable[[], None] = lambda: None) -> int:
        """The storefront checkout of one unit of ``sku``; the order id. ``between`` runs before each call."""
        if self.base is None:
            between()
            masked_id = self.send("POST /V1/guest-carts", "POST", "/rest/default/V1/guest-carts")
            base, prefix, email = (
                f"/rest/default/V1/guest-carts/{masked_id}",
                "guest-carts/{cartId}",
                "flash@example.com",
            )
            cart_ref = masked_id
        else:
            between()
            cart_ref = self.send("POST /V1/carts/mine", "POST", self.base)
            base, prefix, email = self.base, "carts/mine", None
        between()
        self.send(
            f"POST /V1/{prefix}/items",
            "POST",
            f"{base}/items",
            {"cartItem": {"sku": sku, "qty": 1, "quote_id": cart_ref}},
        )
        between()
        self.send(
            f"POST /V1/{prefix}/shipping-information",
            "POST",
            f"{base}/shipping-information",
            {
                "addressInformation": {
                    "shipping_address": {**ADDRESS, "email": "flash@example.com"},
                    "billing_address": ADDRESS,
                    "shipping_carrier_code": "flatrate",
                    "shipping_method_code": "flatrate",
                }
            },
        )
        between()
        payment = {"paymentMethod": {"method": "checkmo"}, "billingAddress": ADDRESS}
        return self.send(
            f"POST /V1/{prefix}/payment-information",
            "POST",
            f"{base}/payment-information",
            {**payment, **({"email": email} if email else {})},
        )


def make_products(skus: list[str], units: int) -> None:
    """``units`` of each SKU at one source of the website's stock."""
    from catalog.models import Product
    from inventory.models import SourceItem, StockSourceLink
    from inventory.stocks import resolve_stock_id

    source_id = (
        StockSourceLink.objects.filter(stock_id=resolve_stock_id())
        .order_by("pk")
        .values_list("source_id", flat=True)[0]
    )
    Product.objects.bulk_create(Product(sku=sku, name=sku, price=Decimal("10")) for sku in skus)
    SourceItem.objects.bulk_create(
        SourceItem(product_id=sku, source_id=source_id, quantity=Decimal(units)) for sku in skus
    )


def salable(sku: str) -> Decimal:
    from inventory.salable import get_salable_quantity
    from inventory.stocks import resolve_stock_id

    return get_salable_quantity(sku, resolve_stock_id())


def sale(port: int, skus: list[str], rounds: int, extra: bool) -> dict:
    """One client thread per SKU of ``skus`` (the same SKU repeated for a hot sale), ``rounds`` checkouts each,
    then (``extra``) one more each, which must be refused; the salable quantities are read in a loop meanwhile."""
    from django.db import connection

    orders, refusals, errors, lowest = [], [], [], {sku: Decimal(rounds * skus.count(sku)) for sku in skus}
    lock, done = threading.Lock(), threading.Event()
    barrier = threading.Barrier(len(skus))

    def customer(sku: str) -> None:
        client = Client(port)
        barrier.wait()
        for _ in range(rounds):
            try:
                order_id = client.checkout(sku)
                with lock:
                    orders.append(order_id)
            except Refused as error:
                with lock:
                    errors.append(str(error))

    def watch() -> None:
        try:
            while not done.is_set():
                for sku in set(skus):
                    qty = salable(sku)
                    lowest[sku] = min(lowest[sku], qty)
                time.sleep(0.02)
        finally:
            connection.close()

    watcher = threading.Thread(target=watch)
    watcher.start()
    threads = [threading.Thread(target=customer, args=(sku,)) for sku in skus]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if extra:  # sold out: every customer tries once more
        for sku in skus:
            try:
                orders.append(Client(port).checkout(sku))
            except Refused as error:
                (refusals if error.status == 400 else errors).append(str(error))  # sold out
    done.set()
    watcher.join()
    final = {sku: salable(sku) for sku in set(skus)}
    return {
        "orders": len(orders),
        "orders/s": round(len(orders) / wall, 1),
        "seconds": round(wall, 1),
        "refused after": len(refusals),
        "errors": len(errors),
        "first error": errors[0] if errors else "",
        "salable at end": f"{sum(final.values()):f}",
        "lowest salable": f"{min(lowest.values()):f}",
        "distinct orders": len(set(orders)),
    }


def flash_sales(port: int, levels: list[int], rounds: int, run: str) -> list[dict]:
    rows = []
    for customers in levels:
        spread = [f"FLASH-{run}-{customers}-S{n}" for n in range(customers)]
        hot = f"FLASH-{run}-{customers}-HOT"
        make_products(spread, rounds)
        make_products([hot], customers * rounds)
        figures = {}
        for name, skus in (("spread", spread), ("hot", [hot] * customers)):
            result = sale(port, skus, rounds, extra=name == "hot")
            units = customers * rounds
            result["oversell"] = (
                "none"
                if (
                    result["orders"] == units
                    and Decimal(result["salable at end"]) == 0
                    and Decimal(result["lowest salable"]) >= 0
                    and result["distinct orders"] == units
                )
                else "FAILED"
            )
            figures[name] = result
            rows.append(
                {"bench": "flash sale", "customers": customers, "what": f"{name} ({len(set(skus))} SKU)", **result}
            )
        ratio = figures["hot"]["orders/s"] / (figures["spread"]["orders/s"] or 1)
        rows[-1]["hot / spread"] = round(ratio, 2)
        rows[-1]["target"] = f">= {HOT_TARGET}: {'ok' if ratio >= HOT_TARGET else 'BELOW'}"
    return rows


def call_latencies(port: int, floor_headers: dict[str, str], flows: int, run: str) -> list[dict]:
    """One client: ``flows`` checkouts as a guest and as a customer, each call followed by a floor request."""
    from customers.customers import CustomerData, create_customer, create_customer_token

    email = f"flash-{run}@example.com"
    create_customer(CustomerData(email=email, firstname="Flash", lastname="Buyer"), password="Flash-password-1")
    sku = f"FLASH-{run}-LATENCY"
    make_products([sku], 4 * flows + 40)
    floor = Client(port)
    floor.headers = floor_headers

    def floor_call() -> None:
        floor.send("floor", "GET", "/rest" + FLOOR.split(" ")[1])

    rows = []
    for client in (Client(port), Client(port, create_customer_token(email, "Flash-password-1"))):
        for _ in range(5):  # warm-up
            client.checkout(sku, floor_call)
        client.timings.clear()
        floor.timings.clear()
        for _ in range(flows):
            client.checkout(sku, floor_call)
        floor_p50 = median(floor.timings["floor"])
        for what, timings in client.timings.items():
            ratio = median(timings) / floor_p50
            target = ORDER_TARGET if what.endswith("payment-information") else CART_TARGET
            rows.append(
                {
                    "bench": "checkout call",
                    "clients": 1,
                    "what": what,
                    "requests": len(timings),
                    "p50 ms": round(median(timings), 1),
                    "floor p50 ms": round(floor_p50, 1),
                    "x floor": round(ratio, 2),
                    "target": f"<= {target}x: {'ok' if ratio <= target else 'OVER'}",
                }
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", default="32,64", help="concurrent customers; a comma-separated list of levels")
    parser.add_argument("--rounds", type=int, default=4, help="checkouts per customer and sale")
    parser.add_argument("--flows", type=int, default=40, help="checkouts of the one-client latency run")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    setup_django()
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        raise SystemExit("bench.flash measures row locks: run it on PostgreSQL (DATABASE_URL=postgres://...)")
    bench_superuser()
    run = time.strftime("%H%M%S")
    connections.close_all()
    port = free_port()
    server = start_server(port, args.workers)
    try:
        status, body = call(
            port,
            Request(
                "POST",
                "/rest/V1/integration/admin/token",
                json.dumps({"username": BENCH_USER, "password": BENCH_PASSWORD}).encode(),
            ),
            {"Content-Type": "application/json"},
        )
        if status != 200:
            raise SystemExit(f"admin token: HTTP {status} {body[:200]!r}")
        floor_headers = {"Authorization": f"Bearer {json.loads(body)}", "Content-Type": "application/json"}
        rows = call_latencies(port, floor_headers, args.flows, run)
        rows += flash_sales(port, [int(level) for level in args.customers.split(",")], args.rounds, run)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    for row in rows:
        row["load"] = load
    emit(rows, args.json)
    sys.stdout.flush()
    failed = [row for row in rows if row.get("oversell") == "FAILED" or row.get("errors")]
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
