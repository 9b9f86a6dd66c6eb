"""Statements the ORM compiles once per database connection, then runs with each call's parameters.

Building a query with the ORM (the queryset, its compiler, the converters of its columns) costs milliseconds on a
wide model (an order has about a hundred columns), several times what running it costs. The hot paths (the order
and item locks every document writer takes, the order's UPDATE and status history row after an invoice or a
shipment) compile once and keep the SQL text, the columns and their converters. Kept per connection object (one a
thread and alias, as Django's own): the converters are the connection's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.fields import Field
from django.db.transaction import TransactionManagementError

# Stands for the call's parameter while the ORM compiles: no row has this id, and nothing else in a compiled
# statement equals it.
MARK = -6_184_305_727

_compiled: WeakKeyDictionary[BaseDatabaseWrapper, dict[object, Any]] = WeakKeyDictionary()


def _connection() -> BaseDatabaseWrapper:
    return connections[DEFAULT_DB_ALIAS]


def _cached(key: object, build: Callable[[], Any]) -> Any:
    statements = _compiled.setdefault(_connection(), {})
    if key not in statements:
        statements[key] = build()
    return statements[key]


@dataclass(frozen=True)
class CompiledSelect[M: models.Model]:
    """A SELECT of one model's rows (and annotations), its parameter the value that stood for MARK."""

    model: type[M]
    sql: str
    params: tuple[object, ...]
    attnames: tuple[str, ...]
    annotations: tuple[tuple[str, int], ...]
    converters: tuple[tuple[int, list[Callable], object], ...]
    locking: bool

    @classmethod
    def of(cls, queryset: models.QuerySet[M]) -> CompiledSelect[M]:
        """``queryset`` compiled as its own iteration compiles it (filtered on MARK somewhere; no select_related)."""
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        fields = compiler.klass_info["select_fields"]
        if fields[0] != 0 or compiler.klass_info.get("related_klass_infos") or list(params).count(MARK) != 1:
            raise ValueError("CompiledSelect: one model's columns first, one MARK parameter")
        converters = compiler.get_converters([column for column, _, _ in compiler.select])
        return cls(
            model=queryset.model,
            sql=sql,
            params=tuple(params),
            attnames=tuple(column.target.attname for column, _, _ in compiler.select[: fields[-1] + 1]),
            annotations=tuple(compiler.annotation_col_map.items()),
            converters=tuple((pos, convs, expression) for pos, (convs, expression) in converters.items()),
            locking=queryset.query.select_for_update,
        )

    def fetch(self, value: object) -> list[M]:
        """The rows for ``value``, as the queryset's iteration would give them."""
        connection = _connection()
        if self.locking and connection.features.has_select_for_update and connection.get_autocommit():
            raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
        with connection.cursor() as cursor:
            cursor.execute(self.sql, [value if param == MARK else param for param in self.params])
            rows = cursor.fetchall()
        width, objects = len(self.attnames), []
        for row in rows:
            row = list(row)
            for pos, convs, expression in self.converters:
                for convert in convs:
                    row[pos] = convert(row[pos], expression, connection)
            obj = self.model.from_db(connection.alias, self.attnames, row[:width])
            for name, pos in self.annotations:
                setattr(obj, name, row[pos])
            objects.append(obj)
        return objects


def compiled_select[M: models.Model](key: object, build: Callable[[], models.QuerySet[M]]) -> CompiledSelect[M]:
    """The SELECT of ``build()`` (a queryset filtered on MARK), compiled on this connection's first call for ``key``."""
    return _cached(("select", key), lambda: CompiledSelect.of(build()))


def update_and_insert(obj: models.Model, names: Sequence[str], new: models.Model) -> None:
    """``obj.save(update_fields=names)`` for a row known to exist (read under its lock), then ``new.save()`` (a new
    row, its pk from the table's counter), their values as ``save`` prepares them (``pre_save``: auto_now), in
    statements built once per model and field list; on PostgreSQL one statement, the UPDATE a data-modifying WITH
    (run once, read or not), where SQLite takes two."""
    update_sql, update_params = _update(obj, names)
    insert_sql, insert_params = _insert(new)
    connection = _connection()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"WITH updated AS ({update_sql}) {insert_sql}", [*update_params, *insert_params])
        else:
            cursor.execute(update_sql, update_params)
            cursor.execute(insert_sql, insert_params)
        (new.pk,) = cursor.fetchone()
    new._state.adding = False
    new._state.db = connection.alias


def _update(obj: models.Model, names: Sequence[str]) -> tuple[str, list[object]]:
    model, names = type(obj), tuple(dict.fromkeys(names))  # a name given twice is set once, as save() does
    connection = _connection()

    def build() -> tuple[str, tuple[Field, ...]]:
        meta, qn = model._meta, connection.ops.quote_name
        fields = tuple(meta.get_field(name) for name in names)
        assignments = ", ".join(f"{qn(field.column)} = %s" for field in fields)
        return f"UPDATE {qn(meta.db_table)} SET {assignments} WHERE {qn(meta.pk.column)} = %s", fields

    sql, fields = _cached(("update", model, names), build)
    return sql, [*(field.get_db_prep_save(field.pre_save(obj, False), connection) for field in fields), obj.pk]


def _insert(new: models.Model) -> tuple[str, list[object]]:
    """The INSERT of ``new`` (every concrete field but an auto pk), built once per model; returns the pk."""
    model, connection = type(new), _connection()

    def build() -> tuple[str, tuple[Field, ...]]:
        meta, qn = model._meta, connection.ops.quote_name
        fields = tuple(f for f in meta.local_concrete_fields if not (f is meta.pk and f.db_returning))
        columns, values = ", ".join(qn(f.column) for f in fields), ", ".join(["%s"] * len(fields))
        return f"INSERT INTO {qn(meta.db_table)} ({columns}) VALUES ({values}) RETURNING {qn(meta.pk.column)}", fields

    sql, fields = _cached(("insert", model), build)
    return sql, [field.get_db_prep_save(field.pre_save(new, True), connection) for field in fields]
