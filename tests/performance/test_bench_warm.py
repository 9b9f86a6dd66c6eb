"""bench.common.warm_database: the ratio benches (bench/rest.py, bench/inprocess.py) read the database's files into
the operating system's cache first, and say what they did; a database it cannot read is said, not an error."""

from __future__ import annotations

import pytest
from django.db import connection

from bench.common import warm_database

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's file")
def test_sqlite_reads_the_database_file(tmp_path, monkeypatch):
    database = tmp_path / "bench.sqlite3"
    database.write_bytes(b"\0" * (3 << 24))  # more than one read
    monkeypatch.setitem(connection.settings_dict, "NAME", str(database))

    assert warm_database() == f"warmed: 48.0 MB read ({database})"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's file")
def test_sqlite_in_memory_is_not_warmed():
    assert warm_database().startswith("not warmed: ")  # the tests' database is in memory


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_prewarm")
def test_postgresql_reads_every_table_and_index_of_the_schema():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT SUM(pg_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i', 'm')"
        )
        (size,) = cursor.fetchone()
    assert size > 2**20  # the project's tables and indexes

    assert warm_database() == f"warmed: {size / 2**20:.1f} MB read"
