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


def claim_in_transaction(name: str) -> bool:
    """Inside a transaction: True when this session now holds ``name`` until it commits or rolls back, False when
    another session holds it (it never waits). On PostgreSQL a transaction-level advisory lock, which locks no row:
    what it guards (an email going out) may take the mail server's time without holding up order writes. SQLite
    serialises its writers anyway: always True."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_key(name)])
        return bool(cursor.fetchone()[0])


def wait_in_transaction(name: str) -> None:
    """Inside a transaction: wait until no other session holds ``name``, then hold it until this one commits or
    rolls back, so that two runs of the same replacement (delete a period's rows, insert them again) follow one
    another instead of both inserting. On PostgreSQL a transaction-level advisory lock, which locks no row; SQLite
    serialises its writers anyway."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_key(name)])
