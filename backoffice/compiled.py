"""Hot statements the ORM compiles once: the SQL of a ``values_list`` queryset built and compiled once per
database vendor, then run with each call's values, its rows converted as the queryset would convert them; and the
UPDATE of a row with the INSERT of a new one (``update_and_insert``), built once per model and field list.

For the hot paths, where building and compiling the query cost more than the database's answer (STYLE section 0:
raw SQL where the ORM's build cost was measured to dominate; here the SQL is still the ORM's): the storefront
checkout's reads, the order and item locks every document writer takes (a hundred-column SELECT), the order's
UPDATE and status history row after an invoice or a shipment. The queryset is built with stand-ins ("marks") for
the call's values, found again among the compiled parameters; ``instance_of`` turns selected columns back into
model instances (``Model.from_db``, as the ORM loads them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.db.models.fields import Field
from django.db.models.sql.compiler import SQLCompiler
from django.db.transaction import TransactionManagementError
from psycopg.adapt import Transformer
from psycopg.pq import ExecStatus

# Marks for the common kinds of value: an id (within every integer column's range, as the ORM checks it) and a text.
ID_MARK = 2_147_480_003
TEXT_MARK = "\x00compiled-query-mark\x00"
DECIMAL_MARK = Decimal("-987654321.0123")


@dataclass(frozen=True)
class _Compiled:
    sql: str
    slots: tuple[tuple[int | None, object], ...]  # per parameter: (the call value's index, or None, and the constant)
    compiler: SQLCompiler  # read only after compiling
    converters: dict[int, tuple[list, object]]  # the selected columns' converters, found once (as results_iter finds them)


class CompiledQuery:
    """``build(*marks)`` is a ``values_list`` queryset; each mark (a value no real call passes, of the type the
    field expects: the ORM may check it) stands for the call's value of the same position."""

    def __init__(self, build: Callable[..., models.QuerySet], *marks: object) -> None:
        self._build, self._marks = build, marks
        self._compiled: dict[str, _Compiled] = {}

    def rows(self, *values: object) -> list[tuple]:
        return rows_together((self, values))[0]

    def statement(self, *values: object) -> tuple[str, list[object]]:
        """The SQL and parameters for these values (for ``execute_together``)."""
        compiled, params = self._statement(values)
        return compiled.sql, params

    def _statement(self, values: Sequence[object]) -> tuple[_Compiled, list[object]]:
        compiled = self._compiled.get(connection.vendor) or self._compile()
        locking = compiled.compiler.query.select_for_update and connection.features.has_select_for_update
        if locking and connection.get_autocommit():  # as the ORM refuses it (a lock outside a transaction holds nothing)
            raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
        return compiled, [values[index] if index is not None else constant for index, constant in compiled.slots]

    def _compile(self) -> _Compiled:
        compiler = self._build(*self._marks).query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        slots = tuple(
            (next((n for n, mark in enumerate(self._marks) if type(p) is type(mark) and p == mark), None), p)
            for p in params
        )
        missing = [mark for n, mark in enumerate(self._marks) if all(index != n for index, _ in slots)]
        if missing:
            raise ValueError(f"marks not found in the compiled parameters: {missing!r}")
        selected = [column for column, *_ in compiler.select[:compiler.col_count]]
        if compiler.has_composite_fields(selected):
            raise ValueError("a composite field's columns are not converted here: select them one by one")
        compiled = self._compiled[connection.vendor] = _Compiled(sql, slots, compiler, compiler.get_converters(selected))
        return compiled


def columns_of(model: type[models.Model], prefix: str = "") -> list[str]:
    """The lookups of ``model``'s concrete columns (by attname), under ``prefix`` ("customer__") for a joined one."""
    return [f"{prefix}{field.attname}" for field in model._meta.concrete_fields]


def instance_of(model: type[models.Model], row: Sequence[Any], start: int = 0) -> models.Model:
    """The instance of ``model`` whose ``columns_of`` values begin at ``row[start]``, as the ORM loads it."""
    names = [field.attname for field in model._meta.concrete_fields]
    return model.from_db(connection.alias, names, row[start:start + len(names)])


def database() -> BaseDatabaseWrapper:
    """The default connection itself, for a loop over many fields' ``get_db_prep_save``: each attribute read on
    ``django.db.connection``, a proxy, looks the connection up again (asgiref's Local), which cost more than the
    field's own preparation of a Decimal."""
    return connections[DEFAULT_DB_ALIAS]


def execute_together(statements: Sequence[tuple[str, Sequence[object]]]) -> list[tuple[list[tuple], int]]:
    """Run the (sql, params) statements in their order; each one's rows (none for a statement without) and row
    count. On PostgreSQL they go in one round trip: with client-side binding (Django's default for psycopg 3) they
    are sent as one simple query, each statement with its own snapshot (under READ COMMITTED a statement after a
    lock sees what the lock's previous holder committed), each answering its own result. Elsewhere (SQLite answers
    in process) one after the other."""
    together = (len(statements) > 1 and connection.vendor == "postgresql"
                and not connection.settings_dict["OPTIONS"].get("server_side_binding"))
    results = []
    with connection.cursor() as cursor:
        if together:
            execute_bound(cursor, "; ".join(sql for sql, _ in statements), [p for _, params in statements for p in params])
        for n, (sql, params) in enumerate(statements):
            if not together:
                execute_bound(cursor, sql, params)
            elif n:
                cursor.nextset()
            results.append(([tuple(row) for row in cursor.fetchall()] if _has_rows(cursor) else [], cursor.rowcount))
    return results


def _has_rows(cursor: CursorWrapper) -> bool:
    """Whether the statement answered rows; on PostgreSQL from its result's status, where ``description`` builds a
    column object per column (a hundred for the order's lock)."""
    if connection.vendor == "postgresql":
        return cursor.cursor.pgresult.status == ExecStatus.TUPLES_OK
    return cursor.description is not None


# psycopg keeps its parse of a statement's text (where its placeholders are) for statements of at most this many
# characters and parameters (psycopg/_queries.py MAX_CACHED_STATEMENT_LENGTH and _PARAMS); a longer one it parses
# again at each call.
PSYCOPG_PARSE_KEPT_UP_TO = (4096, 50)


def execute_bound(cursor: CursorWrapper, sql: str, params: Sequence[object]) -> None:
    """``cursor.execute(sql, params)``, a statement beyond psycopg's kept parses bound here. With client-side binding
    on PostgreSQL (Django's default for psycopg 3) the parameters are bound as psycopg binds them (its transformer's
    ``as_literal``, then ``%``-formatting into the statement), where psycopg would parse the statement's text for its
    placeholders on each call: at 190 parameters the parse cost more than the statement's round trip, and the order
    page's five statements (10 KB) and the cart's lock (4.3 KB) were parsed at every request. ``sql``'s
    placeholders are all ``%s``."""
    if (connection.vendor != "postgresql" or connection.settings_dict["OPTIONS"].get("server_side_binding")
            or (len(sql) <= PSYCOPG_PARSE_KEPT_UP_TO[0] and len(params) <= PSYCOPG_PARSE_KEPT_UP_TO[1])):
        cursor.execute(sql, params)
        return
    literal = Transformer.from_context(cursor.cursor).as_literal
    cursor.execute(sql.encode() % tuple(b"NULL" if value is None else literal(value) for value in params))


def rows_together(*calls: tuple[CompiledQuery, Sequence[object]]) -> list[list[tuple]]:
    """Each (query, values)'s rows, the statements run together (``execute_together``: one round trip on
    PostgreSQL), in their order: a lock first is held when the next ones read. The rows are converted as
    ``results_iter`` converts them, by the converters found when compiling (finding them again, column by column,
    cost more than the statement's round trip on a hundred columns)."""
    return [converted(query, rows) for (query, _), rows in zip(calls, raw_rows_together(*calls), strict=True)]


def raw_rows_together(*calls: tuple[CompiledQuery, Sequence[object]]) -> list[list[tuple]]:
    """``rows_together``'s rows as the database answered them, not converted: cheap to compare with another read's."""
    statements = [query._statement(values) for query, values in calls]
    return [fetched for fetched, _ in execute_together([(compiled.sql, params) for compiled, params in statements])]


def data_version() -> int | None:
    """SQLite's ``PRAGMA data_version``: the same number again on this connection as long as no other connection
    has committed a change to the database (https://sqlite.org/pragma.html#pragma_data_version). None elsewhere."""
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA data_version")
        return cursor.fetchone()[0]


def converted(query: CompiledQuery, rows: list[tuple]) -> list[tuple]:
    """``rows`` of ``query`` (``raw_rows_together``'s) converted as ``rows_together`` converts them."""
    compiled = query._compiled[connection.vendor]
    if not compiled.converters:
        return rows
    return [tuple(row) for row in compiled.compiler.apply_converters(rows, compiled.converters)]


# --- Writes: an UPDATE of named fields and an INSERT, built once per model (and field list) and vendor -----------

_WRITES: dict[tuple[object, ...], tuple[str, tuple[Field, ...]]] = {}


def _built(key: tuple[object, ...], build: Callable[[], tuple[str, tuple[Field, ...]]]) -> tuple[str, tuple[Field, ...]]:
    key = (connection.vendor, *key)
    if key not in _WRITES:
        _WRITES[key] = build()
    return _WRITES[key]


def update_and_insert(obj: models.Model, names: Sequence[str], new: models.Model) -> None:
    """``obj.save(update_fields=names)`` for a row known to exist (read under its lock), then ``new.save()`` (a new
    row, its pk from the table's counter), their values as ``save`` prepares them (``pre_save``: auto_now), in
    statements built once per model and field list; on PostgreSQL one statement, the UPDATE a data-modifying WITH
    (run once, read or not), where SQLite takes two."""
    update_sql, update_params = update_statement(obj, names)
    insert_sql, insert_params = insert_statement(new)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            execute_bound(cursor, f"WITH updated AS ({update_sql}) {insert_sql}", [*update_params, *insert_params])
        else:
            cursor.execute(update_sql, update_params)
            cursor.execute(insert_sql, insert_params)
        (pk,) = cursor.fetchone()
    saved(new, pk)


def saved(new: models.Model, pk: object) -> None:
    """``new`` as ``save()`` leaves a new row: its pk set, saved on this connection."""
    new.pk = pk
    new._state.adding = False
    new._state.db = connection.alias


def update_statement(obj: models.Model, names: Sequence[str]) -> tuple[str, list[object]]:
    """``obj.save(update_fields=names)``'s UPDATE and parameters, built once per model and field list."""
    model, names = type(obj), tuple(dict.fromkeys(names))  # a name given twice is set once, as save() does

    def build() -> tuple[str, tuple[Field, ...]]:
        meta, qn = model._meta, connection.ops.quote_name
        fields = tuple(meta.get_field(name) for name in names)
        assignments = ", ".join(f"{qn(field.column)} = %s" for field in fields)
        return f"UPDATE {qn(meta.db_table)} SET {assignments} WHERE {qn(meta.pk.column)} = %s", fields

    sql, fields = _built(("update", model, names), build)
    db = database()
    return sql, [*(field.get_db_prep_save(field.pre_save(obj, False), db) for field in fields), obj.pk]


def insert_statement(new: models.Model) -> tuple[str, list[object]]:
    """The INSERT of ``new`` (every concrete field but an auto pk) and its parameters, built once per model; it
    returns the pk (the caller sets it with ``inserted``)."""
    return insert_rows_statement([new])


def insert_rows_statement(rows: Sequence[models.Model]) -> tuple[str, list[object]]:
    """The INSERT of ``rows`` (new instances of one model; every concrete field but an auto pk), one VALUES row each,
    and its parameters as ``bulk_create``'s InsertQuery prepares them (``pre_save``, then ``get_db_prep_save``),
    its columns named once per model: compiling an InsertQuery cost more than running it. It returns the pks, in
    the rows' order."""
    model = type(rows[0])

    def build() -> tuple[str, tuple[Field, ...]]:
        meta, qn = model._meta, connection.ops.quote_name
        fields = tuple(f for f in meta.local_concrete_fields if not (f is meta.pk and f.db_returning))
        columns = ", ".join(qn(f.column) for f in fields)
        return f"INSERT INTO {qn(meta.db_table)} ({columns}) VALUES {{}} RETURNING {qn(meta.pk.column)}", fields

    sql, fields = _built(("insert", model), build)
    db = database()
    row = f"({', '.join(['%s'] * len(fields))})"
    return (sql.format(", ".join([row] * len(rows))),
            [field.get_db_prep_save(field.pre_save(new, True), db) for new in rows for field in fields])


def insert_rows(*groups: Sequence[models.Model]) -> None:
    """INSERT each group's rows (one model a group, new instances) and give them their primary keys, as
    ``bulk_create`` does, in statements built once per model (``insert_rows_statement``) without bulk_create's own
    work: on PostgreSQL in one statement, each group's INSERT a data-modifying CTE when there are several (an order's
    items, addresses, payment and first status took four round trips); on SQLite, which answers in process, one statement a group, in
    batches within its limit on parameters (as bulk_create batches)."""
    groups = [group for group in groups if group]
    if not groups:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            statements = [insert_rows_statement(group) for group in groups]
            if len(statements) == 1:  # one group: its INSERT as it is
                execute_bound(cursor, *statements[0])
            else:
                ctes = ", ".join(f"g{n} AS ({insert})" for n, (insert, _) in enumerate(statements))
                selects = " UNION ALL ".join(f"SELECT * FROM g{n}" for n in range(len(statements)))
                execute_bound(cursor, f"WITH {ctes} {selects}", [p for _, params in statements for p in params])
            keys = cursor.fetchall()
        else:
            keys = []
            for group in groups:
                columns = len(group[0]._meta.local_concrete_fields)
                batch = max(1, connection.features.max_query_params // columns)
                for start in range(0, len(group), batch):
                    cursor.execute(*insert_rows_statement(group[start:start + batch]))
                    keys += cursor.fetchall()
    rows = [row for group in groups for row in group]
    if len(keys) != len(rows):
        raise RuntimeError(f"insert_rows: {len(keys)} keys for {len(rows)} rows")
    for row, (pk,) in zip(rows, keys, strict=True):  # each INSERT's rows in insertion order, groups in turn
        saved(row, pk)
