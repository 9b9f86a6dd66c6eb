"""Reservations at scale: salable quantity (time, queries, index) and the reservation commands (time, peak RSS).

    DATABASE_URL=... .venv/bin/python -m bench.scale [--salable 2000] [--json]

Salable quantity is ``inventory.salable.get_salable_quantity`` in process, for random SKUs of the main stock:
median and 95th percentile over ``--salable`` calls, its query count, and on PostgreSQL whether the plan reads
the reservation index. Each command runs as its own process; its peak RSS is the kernel's (``wait4``).
``inventory_reservation_list_inconsistencies`` runs twice: over every order, and (Magento's use) over the
finished orders' ids given on stdin. The cleanup, which deletes rows, runs only with ``--cleanup``.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time

from bench.common import ROOT, emit, median, percentile, setup_django

SALABLE_TARGET_MS = 5.0


def salable(calls: int) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from inventory.models import Reservation
    from inventory.salable import get_salable_quantity
    from inventory.stocks import resolve_stock_id

    stock_id = resolve_stock_id()
    skus = list(Reservation.objects.filter(stock_id=stock_id).order_by("-pk").values_list("sku", flat=True)[:20000])
    if not skus:
        raise SystemExit("no reservations: run manage.py generate_load first")
    rng = random.Random(19)
    times = []
    for _ in range(calls):
        sku = rng.choice(skus)
        started = time.perf_counter()
        get_salable_quantity(sku, stock_id)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        get_salable_quantity(skus[0], stock_id)
    plan = ""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + captured.captured_queries[0]["sql"])
            plan = " ".join(row[0] for row in cursor.fetchall())
    index = "reservation_stock_sku_qty" in plan if plan else "n/a"
    return [
        {
            "bench": "salable",
            "what": "salable quantity of one SKU (in process)",
            "reservations": Reservation.objects.count(),
            "p50 ms": round(median(times), 2),
            "p95 ms": round(percentile(times, 0.95), 2),
            "target ms": SALABLE_TARGET_MS,
            "queries": len(captured.captured_queries),
            "reads reservation index": index,
        }
    ]


def run_command(what: str, args: list[str], stdin_path: str | None = None) -> dict:
    """A manage.py command as its own process: wall time and the kernel's peak RSS of that process."""
    started = time.monotonic()
    with open(stdin_path or os.devnull, "rb") as stdin:
        process = subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        lines = sum(1 for _ in process.stdout)
        _, status, usage = os.wait4(process.pid, 0)
    if status:
        raise SystemExit(f"{what}: exit status {status}")
    return {
        "bench": "reservation command",
        "what": what,
        "s": round(time.monotonic() - started, 1),
        "peak RSS MB": round(usage.ru_maxrss / 1024),
        "output lines": lines,
    }


def commands(cleanup: bool) -> list[dict]:
    from sales.models import Order, OrderState

    rows = [run_command("list-inconsistencies, every order", ["inventory_reservation_list_inconsistencies", "--raw"])]
    finished = Order.objects.filter(state__in=[OrderState.COMPLETE, OrderState.CLOSED, OrderState.CANCELED])
    with tempfile.NamedTemporaryFile("w", suffix=".ids") as ids:
        count = 0
        for pk in finished.values_list("pk", flat=True).order_by("pk").iterator(chunk_size=10000):
            ids.write(f"{pk}\n")
            count += 1
        ids.flush()
        rows.append(
            run_command(
                f"list-inconsistencies, {count} finished orders on stdin",
                ["inventory_reservation_list_inconsistencies", "--raw", "--object-ids", "-"],
                ids.name,
            )
        )
    if cleanup:
        rows.append(run_command("cleanup", ["inventory_reservation_cleanup"]))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--salable", type=int, default=2000, help="salable quantity calls")
    parser.add_argument("--cleanup", action="store_true", help="also time the cleanup (it deletes rows)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    setup_django()
    emit(salable(args.salable) + commands(args.cleanup), args.json)


if __name__ == "__main__":
    main()
