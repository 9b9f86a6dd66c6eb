"""What every bench script shares: Django set up on DATABASE_URL, the bench superuser, figures as JSON."""

from __future__ import annotations

import json
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The benchmarks, and the commands and servers they start, run as the demo does: on the development key (they
# measure generated data, not a deployment's secrets) with the production run's gunicorn.conf.py.
os.environ.setdefault("DJANGO_MODE", "demo")
BENCH_USER, BENCH_PASSWORD = "bench", "bench-password-1"


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")
    import django

    django.setup()


def bench_superuser():
    from django.contrib.auth import get_user_model

    user, created = get_user_model().objects.get_or_create(
        username=BENCH_USER, defaults={"is_staff": True, "is_superuser": True, "email": "bench@example.com"}
    )
    if created or not user.check_password(BENCH_PASSWORD):
        user.set_password(BENCH_PASSWORD)
        user.save()
    return user


def warm_database() -> str:
    """Read the database's files into the operating system's cache, as a server's are after a while: a ratio to
    the floor then measures the server's work, not the disk's first read of the pages a random 30-day window
    touches (cold, the order search measured 2.9x over HTTP on PostgreSQL and 3.1x on SQLite; warm, 2.3x and
    2.6x). SQLite: the file read through. PostgreSQL: every table and index of the schema read by pg_prewarm's
    ``read`` mode (into the OS cache, not shared_buffers), the extension created if it can be. Says what it did."""
    from django.db import DatabaseError, connection

    if connection.vendor == "sqlite":
        name = Path(str(connection.settings_dict["NAME"]))
        if not name.is_file():
            return f"not warmed: {name} is no file"
        with name.open("rb") as database:
            while database.read(1 << 24):
                pass
        return f"warmed: {name.stat().st_size / 2**20:.1f} MB read ({name})"
    try:
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            cursor.execute(
                "SELECT COALESCE(SUM(pg_prewarm(c.oid, 'read')), 0) * current_setting('block_size')::int FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i', 'm')"
            )
            (size,) = cursor.fetchone()
    except DatabaseError as error:
        return f"not warmed: {error}".strip()
    return f"warmed: {size / 2**20:.1f} MB read"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def emit(rows: list[dict], as_json: bool) -> None:
    """Rows as JSON lines (for bench/run) or as an aligned table."""
    if as_json:
        for row in rows:
            print(json.dumps(row))
        return
    print_table(rows)


def print_table(rows: list[dict], columns: list[str] | None = None) -> None:
    """A Markdown table (readable as it is, and pasted as it is into PERFORMANCE.md)."""
    if not rows:
        return
    columns = columns or list(dict.fromkeys(key for row in rows for key in row))
    cells = [[str(row.get(c, "")) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    print("| " + " | ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in cells:
        print("| " + " | ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) + " |")
