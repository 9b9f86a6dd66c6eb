"""Generate the load data on SQLite and PostgreSQL, run every benchmark on each, print the figures.

    bench/run [--profile small|large|extra-large] [--databases sqlite,postgresql] [--reuse] [--concurrency 1,4]
              [--requests 300] [--memory]

The profiles are ``generate_load``'s: ``large`` (issue 8's scale, the default; ``--scale full``) is 100,000
products at 10 sources and 200,000 orders (about a million reservations); ``extra-large`` (issue 19) 600,000
products, 1,000,000 orders, 20,000 customers (about 5 million reservations); ``small`` (``--scale small``) for
everyday use. SQLite goes to $BENCH_SQLITE_URL (default var/bench.sqlite3); PostgreSQL to $BENCH_POSTGRES_URL
(default postgres://postgres@127.0.0.1:5432/backoffice_bench), dropped and created again unless ``--reuse``.
Every profile measures the reservation figures (bench/scale.py); ``extra-large`` or ``--memory`` the memory ones
(bench/memory.py: 20,000 requests to one gunicorn worker, the order CSV export).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench.common import ROOT, print_table
from bench.targets import issue_19_targets

PYTHON = str(ROOT / ".venv" / "bin" / "python")
PROFILES = ("small", "large", "extra-large")
SCALES = {"full": "large", "small": "small"}  # the former --scale names
DATABASES = {
    "sqlite": os.environ.get("BENCH_SQLITE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"),
    "postgresql": os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/backoffice_bench"),
}


def fresh_database(name: str, url: str) -> None:
    if name == "sqlite":
        path = Path(urlsplit(url).path)
        path.parent.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        return
    import psycopg

    parts = urlsplit(url)
    database = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
        connection.execute(f'CREATE DATABASE "{database}"')


def children_cpu_s() -> float:
    """User and system CPU seconds of the finished child processes: on a shared machine the wall time says how
    busy it was, this what the command itself cost (the database server's own work is not in it)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(args: list[str], url: str) -> str:
    env = {**os.environ, "DATABASE_URL": url}
    result = subprocess.run([PYTHON, *args], cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True)
    return result.stdout


def json_rows(output: str, database: str) -> list[dict]:
    return [{"database": database, **json.loads(line)} for line in output.splitlines() if line.startswith("{")]


def database_version(url: str) -> str:
    code = "from django.db import connection; connection.ensure_connection(); print(connection.vendor, " \
           "'.'.join(map(str, connection.get_database_version())))"
    return run(["manage.py", "shell", "-c", code], url).strip().splitlines()[-1]


def targets(grids: list[dict], rest: list[dict]) -> list[str]:
    """The issue's targets, checked on the figures: grid pages (first, filtered, deep) under 300 ms in a constant
    number of queries; invoice creation within 3x the framework floor (one client); every grid's keyword search
    under 100 ms (issue 19)."""
    lines = []
    for database in dict.fromkeys(row["database"] for row in grids):
        pages = [r for r in grids if r["database"] == database and r["what"].split()[-1] in ("first", "filtered", "deep")
                 and not r["what"].startswith("Reservations")]
        slowest = max(pages, key=lambda r: r["ms"])
        counts: dict[str, set[int]] = {}  # by the page's grid ("Order page", "Orders": not the same grid)
        for r in pages:
            counts.setdefault(r["what"].rsplit(" ", 1)[0], set()).add(r["queries"])
        constant = all(len(c) == 1 for c in counts.values())
        invoice = next((r for r in rest if r["database"] == database and r["clients"] == 1
                        and r["what"].startswith("POST")), None)
        lines.append(f"{database}: grid pages <= 300 ms: {'ok' if slowest['ms'] <= 300 else 'OVER'} "
                     f"(slowest {slowest['what']} {slowest['ms']} ms); constant queries per grid: "
                     f"{'ok' if constant else 'NO'} {counts}; invoice creation <= 3x floor: "
                     + (f"{'ok' if invoice['x floor'] <= 3 else 'OVER'} ({invoice['x floor']}x alternating with the "
                        f"floor in one run; alone {invoice['x floor alone']}x the floor alone)" if invoice else "n/a"))
        searches = [r for r in grids if r["database"] == database and " search " in f" {r['what']} "]
        if searches:
            slowest = max(searches, key=lambda r: r["ms"])
            lines.append(f"{database}: keyword search <= 100 ms: {'ok' if slowest['ms'] <= 100 else 'OVER'} "
                         f"(slowest {slowest['what']} {slowest['ms']} ms, {len(searches)} searches)")
    return lines


def print_flash(rows: list[dict]) -> None:
    """bench/flash.py's two tables: each checkout call next to the floor, then the flash sales."""
    if not rows:
        return
    print_table([r for r in rows if r["bench"] == "checkout call"],
                ["what", "requests", "p50 ms", "floor p50 ms", "x floor", "target"])
    print()
    print_table([r for r in rows if r["bench"] == "flash sale"],
                ["customers", "what", "orders", "orders/s", "hot / spread", "target", "refused after", "salable at end",
                 "lowest salable", "oversell", "errors"])
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=PROFILES)
    parser.add_argument("--scale", choices=SCALES, help="the former names: full = large, small = small")
    parser.add_argument("--memory", action="store_true", help="the memory figures at any profile")
    parser.add_argument("--databases", help="comma-separated (default sqlite,postgresql; small: sqlite)")
    parser.add_argument("--reuse", action="store_true", help="keep the databases and their data as they are")
    parser.add_argument("--concurrency", help="REST client threads, one run per level (default 1,4; small: 1)")
    parser.add_argument("--requests", help="REST requests per endpoint and level, at most (default 300; small: 40)")
    parser.add_argument("--flash", action="store_true", help="also the flash sale on PostgreSQL (bench/flash.py)")
    args = parser.parse_args()
    profile = args.profile or SCALES.get(args.scale, "large")
    # small is the everyday check (issue 19: under a minute): the embedded database only (--databases adds
    # PostgreSQL), fewer requests, one client level, 3 runs a grid page.
    light = profile == "small"
    concurrency = args.concurrency or ("1" if light else "1,4")
    requests = args.requests or ("40" if light else "300")
    rest_seconds, grid_runs = ("3", "3") if light else ("20", "5")
    databases = args.databases or ("sqlite" if light else "sqlite,postgresql")
    begun = time.monotonic()

    generated, grids, rest, versions, scale, memory, flash = [], [], [], [], [], [], []
    for name in databases.split(","):
        url = DATABASES[name]
        if not args.reuse:
            fresh_database(name, url)
            run(["manage.py", "migrate", "--verbosity", "0"], url)
            started, cpu = time.monotonic(), children_cpu_s()
            summary = run(["manage.py", "generate_load", "--profile", profile], url).strip()
            generated.append({"database": name, "generate_load s": round(time.monotonic() - started),
                              "Python CPU s": round(children_cpu_s() - cpu),
                              "load average": f"{os.getloadavg()[0]:.1f}",
                              "rows": summary.split(": ", 1)[-1].rstrip(".")})
        versions.append(database_version(url))
        grids += json_rows(run(["-m", "bench.grids", "--json", "--runs", grid_runs], url), name)
        rest += json_rows(run(["-m", "bench.rest", "--json", "--concurrency", concurrency,
                               "--requests", requests, "--seconds", rest_seconds], url), name)
        if args.flash and name == "postgresql":
            flash = json_rows(run(["-m", "bench.flash", "--json"], url), name)
        calls = "300" if profile == "small" else "2000"  # small: everyday use, under a minute in all
        scale += json_rows(run(["-m", "bench.scale", "--json", "--salable", calls], url), name)
        if profile == "extra-large" or args.memory:
            memory += json_rows(run(["-m", "bench.memory", "--csv", "--json"], url), name)

    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"\n{os.cpu_count()} cores, Python {platform.python_version()}, {', '.join(versions)}, "
          f"generate_load --profile {profile}, load average at the end {load}\n")
    print_table(generated)
    print()
    print_table(grids, ["database", "what", "ms", "queries"])
    print()
    print_table(rest, ["database", "clients", "what", "requests", "errors", "req/s", "p50 ms", "p95 ms",
                       "x floor alone", "floor p50 ms", "x floor", "target"])
    print()
    print_flash(flash)
    for line in targets(grids, rest):
        print(line)
    print()
    print_table(scale)
    print()
    print_table(memory)
    print()
    print_table(issue_19_targets(profile, generated, grids, scale, memory))
    print(f"load average (1, 5, 15 min): {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    elapsed = time.monotonic() - begun
    print(f"bench/run --profile {profile}: {elapsed:.0f} s wall, {children_cpu_s():.0f} s CPU in its commands"
          + (f" (target for everyday use: under 60 s: {'ok' if elapsed < 60 else 'OVER'})" if light else ""))
    errors = [row for row in rest if row["errors"]]
    for row in errors:
        print(f"{row['database']} {row['what']}: {row['errors']} errors, first: {row['first error']}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
