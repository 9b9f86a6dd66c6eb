"""Exact row counts of the largest catalogue tables, kept by triggers, for the grids' unfiltered "N records found".

``COUNT(*)`` reads every row (or every index entry, and the heap where the visibility map is not set): 150-330 ms
for 600,000 products or 1,500,000 source items on PostgreSQL at a load of 5-8. A counted table has a row in
``grid_row_count`` that its triggers keep exact in the same transaction as the insert or delete (an aborted
transaction takes its count change with it):

- PostgreSQL: statement-level AFTER INSERT / DELETE triggers with transition tables (one counter update a
  statement, however many rows: a bulk insert or a ``COPY`` updates the counter once) and AFTER TRUNCATE, enabled
  ALWAYS (they fire under ``session_replication_role = replica`` too, which generate_load sets);
- SQLite: row-level AFTER INSERT / DELETE triggers (Django's flush deletes, it does not truncate).

The counter row is locked from a counted table's insert or delete until its transaction ends: concurrent product
creations wait for one another's commit (the catalogue's writes are an admin's and an import's, not the shop's).
On PostgreSQL every trigger first locks all the counter rows in one order (by table name): a product's creation
counts the product then its source items, its deletion (Django's collector) the source items then the product, and
counters locked in those two orders would deadlock the two transactions; in one order the second waits.
``RowCountedPaginator`` reads the counter for a grid page with no filter and no search; any other page counts.

Plumbing: imports no domain app.
"""

from __future__ import annotations

from functools import cached_property

from django.db import connection, connections

from .admin_grids import GridPaginator
from .sql_operations import VendorSQL

COUNTER_TABLE = "grid_row_count"


def create_statements(table: str, vendor: str) -> list[str]:
    qn = connection.ops.quote_name
    counter, name = qn(COUNTER_TABLE), f"{table}_row_count"

    def add(delta: str) -> str:
        return (f"INSERT INTO {counter} (table_name, row_count) VALUES ('{table}', {delta}) "
                f"ON CONFLICT (table_name) DO UPDATE SET row_count = {counter}.row_count + excluded.row_count")

    statements = [
        f"CREATE TABLE IF NOT EXISTS {counter} (table_name varchar(63) PRIMARY KEY, row_count bigint NOT NULL)",
        f"DELETE FROM {counter} WHERE table_name = '{table}'",
        f"INSERT INTO {counter} (table_name, row_count) SELECT '{table}', COUNT(*) FROM {qn(table)}",
    ]
    if vendor == "postgresql":
        return [
            *statements,
            f"CREATE OR REPLACE FUNCTION {qn(name)}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"PERFORM 1 FROM {counter} ORDER BY table_name FOR UPDATE; "  # the one lock order (module docstring)
            f"IF TG_OP = 'INSERT' THEN {add('(SELECT COUNT(*) FROM new_rows)')}; "
            f"ELSIF TG_OP = 'DELETE' THEN {add('-(SELECT COUNT(*) FROM old_rows)')}; "
            f"ELSE UPDATE {counter} SET row_count = 0 WHERE table_name = '{table}'; END IF; RETURN NULL; END $$",
            f"CREATE TRIGGER {qn(name + '_insert')} AFTER INSERT ON {qn(table)} REFERENCING NEW TABLE AS new_rows "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {qn(name)}()",
            f"CREATE TRIGGER {qn(name + '_delete')} AFTER DELETE ON {qn(table)} REFERENCING OLD TABLE AS old_rows "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {qn(name)}()",
            f"CREATE TRIGGER {qn(name + '_truncate')} AFTER TRUNCATE ON {qn(table)} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {qn(name)}()",
            # also under session_replication_role = replica (generate_load's COPY skips the foreign key triggers)
            *(f"ALTER TABLE {qn(table)} ENABLE ALWAYS TRIGGER {qn(f'{name}_{event}')}"
              for event in ("insert", "delete", "truncate")),
        ]
    if vendor == "sqlite":
        return [
            *statements,
            f"CREATE TRIGGER {qn(name + '_insert')} AFTER INSERT ON {qn(table)} BEGIN {add('1')}; END",
            f"CREATE TRIGGER {qn(name + '_delete')} AFTER DELETE ON {qn(table)} BEGIN {add('-1')}; END",
        ]
    return []


def drop_statements(table: str, vendor: str) -> list[str]:
    qn = connection.ops.quote_name
    name = f"{table}_row_count"
    events = ("insert", "delete", "truncate") if vendor == "postgresql" else ("insert", "delete")
    on = f" ON {qn(table)}" if vendor == "postgresql" else ""
    statements = [f"DROP TRIGGER IF EXISTS {qn(f'{name}_{event}')}{on}" for event in events]
    if vendor == "postgresql":
        statements.append(f"DROP FUNCTION IF EXISTS {qn(name)}()")
    return [*statements, f"DELETE FROM {qn(COUNTER_TABLE)} WHERE table_name = '{table}'"]


class CreateRowCounter(VendorSQL):
    """Count ``table``'s rows in ``grid_row_count`` from now on (triggers), starting from its current count."""

    def __init__(self, table: str) -> None:
        self.table = table

    def deconstruct(self) -> tuple[str, list, dict]:
        return self.__class__.__qualname__, [], {"table": self.table}

    def describe(self) -> str:
        return f"Count the rows of {self.table} by triggers"

    def forwards(self, vendor: str) -> list[str]:
        return drop_statements(self.table, vendor)[:-1] + create_statements(self.table, vendor)

    def backwards(self, vendor: str) -> list[str]:
        return drop_statements(self.table, vendor)


def counted_rows(table: str, using: str = "default") -> int | None:
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT row_count FROM {connection.ops.quote_name(COUNTER_TABLE)} WHERE table_name = %s", [table])
        row = cursor.fetchone()
    return None if row is None else row[0]


class RowCountedPaginator(GridPaginator):
    """A grid of a counted table: its unfiltered pages read the counter (one row) instead of counting every row."""

    @cached_property
    def count(self) -> int:
        query = self.object_list.query
        if not query.where and not query.distinct and not query.combinator and query.low_mark == 0 and query.high_mark is None:
            counted = counted_rows(self.object_list.model._meta.db_table, self.object_list.db)
            if counted is not None:
                return counted
        return super().count
