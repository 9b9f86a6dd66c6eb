"""The orders of a ``GET /V1/orders`` page read as plain rows, not through the ORM's model building.

A page of 20 orders is some 250 rows of up to 100 columns (the orders with their payments, items, addresses and
status histories). Building them with the ORM cost most of the answer: each query compiled again, every value
passed through the backend's converters one call at a time (SQLite keeps decimals as REAL: each becomes a
``Decimal`` by two context operations), then ``Model.__init__`` per row and a related manager per prefetch. Here
each table's statement is written once per database vendor from ``_meta`` (every concrete column, the model's
``Meta.ordering``), executed with the page's order ids, and each row becomes an instance of its model holding
exactly the values the ORM would have given it: the same converters, a decimal's remembered by its stored value
(the page repeats a few prices and many zeros). The instances carry their payment and prefetched rows where the
ORM puts them (``_state.fields_cache``, ``_prefetched_objects_cache``), so ``render_order`` reads them unchanged;
``tests/sales/api/test_order_rendering.py`` compares the bytes with the ORM's and DRF's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import DecimalField, Field, Model
from django.db.models.base import ModelState
from django.db.models.query import QuerySet

from ..models import Order, OrderAddress, OrderItem, OrderPayment, OrderStatusHistory

IDS = "<ids>"  # in a Table's SQL: where the placeholders of the page's ids go
Converter = Callable[[Any, BaseDatabaseWrapper], Any]
CACHED_DECIMALS = 4096  # per kind of decimal column; the cache starts again when full
# Stored value -> the ORM's Decimal, per (vendor, max_digits, decimal_places): the converters depend on no more.
_DECIMALS: dict[tuple[str, int | None, int | None], dict[Any, Any]] = {}


@dataclass(frozen=True)
class Table:
    """One model's SELECT of every concrete column, by the ids in ``key`` (IDS stands for their placeholders)."""

    model: type[Model]
    attnames: tuple[str, ...]
    sql: str
    key: int  # the position of the column the rows are matched by (the order id)
    converters: tuple[tuple[int, Converter], ...]
    joined: Table | None = None  # a one-to-one row read with each of these (the order's payment)

    def select(self, ids: Sequence[int]) -> list[Model]:
        """The rows of these ids; with ``joined``, each with its joined row (or None) in ``joined_row``."""
        placeholders = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(self.sql.replace(IDS, placeholders), list(ids))
            rows = cursor.fetchall()
        if self.joined is None:
            return [self.instance(row) for row in rows]
        width, other = len(self.attnames), self.joined
        instances = []
        for row in rows:
            instance = self.instance(row[:width])
            joined = row[width:]
            instance.joined_row = None if joined[other.key] is None else other.instance(joined)
            instances.append(instance)
        return instances

    def instance(self, row: Sequence[Any]) -> Model:
        """The model instance the ORM would build from this row (Model.from_db, without __init__'s per-field
        loop and signals: nothing listens to an order's init)."""
        values = list(row)
        for position, convert in self.converters:
            values[position] = convert(values[position], connection)
        instance = Model.__new__(self.model)
        state = instance._state = ModelState()
        state.adding, state.db = False, connection.alias
        instance.__dict__.update(zip(self.attnames, values, strict=True))
        return instance


def column_converter(field: Field, db: BaseDatabaseWrapper) -> Converter | None:
    """The backend's and the field's converters for this column, as the ORM applies them; for a decimal, its
    result remembered by the stored value (a pure function of it)."""
    column = field.get_col(field.model._meta.db_table)
    functions = [*db.ops.get_db_converters(column), *column.get_db_converters(db)]
    if not functions:
        return None

    def convert(value: Any, db: BaseDatabaseWrapper) -> Any:
        for function in functions:
            value = function(value, column, db)
        return value

    if not isinstance(field, DecimalField):
        return convert
    cache = _DECIMALS.setdefault((db.vendor, field.max_digits, field.decimal_places), {})

    def convert_decimal(value: Any, db: BaseDatabaseWrapper) -> Any:
        try:
            return cache[value]
        except KeyError:
            if len(cache) >= CACHED_DECIMALS:
                cache.clear()
            result = cache[value] = convert(value, db)
            return result
        except TypeError:  # unhashable: not a number
            return convert(value, db)

    return convert_decimal


def table(model: type[Model], key_field: str, db: BaseDatabaseWrapper, joined: Table | None = None) -> Table:
    """``model``'s rows by ``key_field`` in (IDS), in its ``Meta.ordering``; with ``joined`` (a one-to-one row by
    the same ids), that table's columns after this one's, LEFT JOINed (a missing row gives NULLs)."""
    meta = model._meta
    quote = db.ops.quote_name
    fields = list(meta.concrete_fields)
    columns = [f"{quote(meta.db_table)}.{quote(field.column)}" for field in fields]
    source = quote(meta.db_table)
    if joined is not None:
        other = joined.model._meta
        columns += [f"{quote(other.db_table)}.{quote(field.column)}" for field in other.concrete_fields]
        source += (f" LEFT OUTER JOIN {quote(other.db_table)} ON {quote(other.db_table)}."
                   f"{quote(other.concrete_fields[joined.key].column)} = {quote(meta.db_table)}."
                   f"{quote(meta.get_field(key_field).column)}")
    ordering = ", ".join(
        f"{quote(meta.db_table)}.{quote(meta.get_field(name.lstrip('-')).column)}"
        f"{' DESC' if name.startswith('-') else ''}"
        for name in meta.ordering
    ) or f"{quote(meta.db_table)}.{quote(meta.pk.column)}"
    sql = (f"SELECT {', '.join(columns)} FROM {source} WHERE {quote(meta.db_table)}."
           f"{quote(meta.get_field(key_field).column)} IN ({IDS}) ORDER BY {ordering}")
    converters = tuple(
        (position, converter) for position, field in enumerate(fields)
        if (converter := column_converter(field, db)) is not None
    )
    attnames = tuple(field.attname for field in fields)
    return Table(model, attnames, sql, attnames.index(meta.get_field(key_field).attname), converters, joined)


_TABLES: dict[str, dict[str, Table]] = {}


def tables() -> dict[str, Table]:
    """The four statements, made on the first page of each database vendor."""
    made = _TABLES.get(connection.vendor)
    if made is None:
        payment = table(OrderPayment, "parent", connection)
        made = _TABLES[connection.vendor] = {
            "orders": table(Order, "entity_id", connection, joined=payment),
            "items": table(OrderItem, "order", connection),
            "addresses": table(OrderAddress, "parent", connection),
            "status_histories": table(OrderStatusHistory, "parent", connection),
        }
    return made


def load_orders(ids: Sequence[int]) -> list[Order]:
    """The orders of these ids, in this order, each with its payment, items, addresses and status histories
    (what ``Order.objects.with_details()`` gives), in four queries whatever the number of orders."""
    if not ids:
        return []
    made = tables()
    orders = {order.pk: order for order in made["orders"].select(ids)}
    children = {
        name: _by_order(made[name], made[name].select(ids)) for name in ("items", "addresses", "status_histories")
    }
    page = []
    for order_id in ids:
        order = orders.get(order_id)
        if order is None:  # deleted since the page's ids were read
            continue
        order._state.fields_cache["payment"] = order.__dict__.pop("joined_row")
        order._prefetched_objects_cache = {
            name: _prefetched(made[name].model, rows.get(order_id, [])) for name, rows in children.items()
        }
        page.append(order)
    return page


def _by_order(table: Table, rows: list[Model]) -> dict[int, list[Model]]:
    grouped: dict[int, list[Model]] = {}
    attname = table.attnames[table.key]
    for row in rows:
        grouped.setdefault(getattr(row, attname), []).append(row)
    return grouped


_EMPTY: dict[type[Model], QuerySet] = {}


def _prefetched(model: type[Model], rows: list[Model]) -> QuerySet:
    """A queryset holding these rows, as prefetch_related leaves one in the instance's cache: a copy of one
    made per model (QuerySet.__init__ builds a Query each time; a chained call clones it, never changes it)."""
    empty = _EMPTY.get(model)
    if empty is None:
        empty = _EMPTY[model] = QuerySet(model)
        empty._prefetch_done = True
    queryset = QuerySet.__new__(QuerySet)
    queryset.__dict__.update(empty.__dict__)
    queryset._result_cache = rows
    return queryset
