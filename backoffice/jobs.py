"""One run at a time of a scheduled job, whatever the number of machines running the scheduler or workers.

On PostgreSQL a session-level advisory lock keyed by the job's name: the second machine's try fails at once and
it skips the run (no row is written, nothing waits). SQLite is one machine's database, and its writes are
serialised anyway: the job just runs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


def _key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(f"backoffice.job:{name}".encode()).digest()[:8], "big", signed=True)


@contextmanager
def single_run(name: str) -> Iterator[bool]:
    """``with single_run("x") as running:`` — ``running`` is False when another session holds job ``x``."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [_key(name)])
        acquired = bool(cursor.fetchone()[0])
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_key(name)])
