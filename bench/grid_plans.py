"""Where an admin grid page's time goes: the database's own execution time of each query (PostgreSQL's
``EXPLAIN (ANALYZE, BUFFERS)``) beside the request's Python CPU time, to tell a quiet machine's figure from a loaded one's.

    DATABASE_URL=postgres://... .venv/bin/python -m bench.grid_plans [--only "Orders search"] [--runs 3] [--plans]

For each page of ``bench.grids``: the median over ``--runs`` requests (after a warm-up) of the wall time and of the
process's CPU time (Python: it moves little with the machine's load, the wall time moves 2-5x), then each query the
last request ran, explained with ANALYZE: its execution time and shared buffers (hit + read). ``estimate`` is
CPU + the queries' execution times: what the page costs with the machine to itself (the queries' round trips
aside). ``--plans`` prints each query's plan.
"""

from __future__ import annotations

import argparse
import os
import time

from bench.common import bench_superuser, emit, median, setup_django


def explained(sql: str) -> tuple[float, int, str]:
    """(execution ms, shared buffers hit + read, plan text) of ``sql`` run once more under EXPLAIN ANALYZE."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
        plan = plan[0] if isinstance(plan, list) else plan
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        text = "\n".join(row[0] for row in cursor.fetchall())
    top = plan["Plan"]
    return plan["Execution Time"], top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0), text


def measure(runs: int, only: str, plans: bool) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.grids import pages

    client = Client(HTTP_HOST="localhost")
    client.force_login(bench_superuser())
    rows = []
    for grid, page, url in pages():
        if only and only.lower() not in f"{grid} {page}".lower():
            continue
        client.get(url)
        walls, cpus = [], []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as captured:
                started, cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                cpus.append((time.process_time() - cpu) * 1000)
                walls.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        executions = []
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            ms, buffers, text = explained(sql)
            executions.append((ms, buffers))
            if plans:
                print(f"-- {grid} {page}: {ms:.2f} ms, {buffers} buffers\n{sql}\n{text}\n")
        slowest = max(executions, default=(0.0, 0))
        rows.append({
            "what": f"{grid} {page}", "ms": round(median(walls), 1), "cpu ms": round(median(cpus), 1),
            "queries": len(captured.captured_queries), "db ms": round(sum(ms for ms, _ in executions), 1),
            "slowest query ms": round(slowest[0], 1), "its buffers": slowest[1],
            "estimate": round(median(cpus) + sum(ms for ms, _ in executions), 1),
            "load": round(os.getloadavg()[0], 1),
        })
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="")
    parser.add_argument("--plans", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    setup_django()
    emit(measure(args.runs, args.only, args.plans), args.json)


if __name__ == "__main__":
    main()
