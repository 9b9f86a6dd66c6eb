"""The orders of a ``GET /V1/orders`` page rendered straight from the database's rows, without model instances.

A page of 20 orders is some 250 rows of up to 100 columns (the orders, their payments, addresses, items and
status histories). Building model instances from them, then rendering the instances, cost most of the answer.
Here each table's statement is written once per database vendor from its serializer's fields (only the columns
it prints) and ``_meta`` (quoted names, ``Meta.ordering``), executed with the page's order ids, and each row
tuple becomes the serializer's dict by position: a column's cell is the backend's converters followed by the
field's ``to_representation`` (sales/api/rendering.py ``representation``). A decimal's or a choice's answer is
remembered by the stored value (a page repeats a few prices and many zeros; the columns converted alike share
one memory), a date's for the page. What the serializer computes (``total_due``, the billing address, the
shipping assignment) is computed here from the same values. ``tests/sales/api/test_order_rendering.py`` compares
the bytes with the ORM's and DRF's, and pins the queries: eight a page whatever its size (four round trips on
PostgreSQL, where the five tables' statements go together).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import CharField, DateTimeField, DecimalField, Field, IntegerField, Model, TextField
from django.utils.dateparse import parse_datetime
from rest_framework import serializers

from backoffice.compiled import execute_together
from backoffice.rest.serializers import MagentoModelSerializer

from ..models import Order, OrderAddress
from .rendering import is_plain_decimal, json_decimal, prints_utc_seconds, representation
from .serializers import (
    OrderAddressSerializer,
    OrderItemSerializer,
    OrderPaymentSerializer,
    OrderSerializer,
    OrderStatusHistorySerializer,
)

IDS = "<ids>"  # in a Query's SQL: where the placeholders of the page's ids go
CACHED_VALUES = 8192  # per Remembered (under 1 MB when full); it starts again when full
ZERO = Decimal(0)
Cell = Callable[[Any], Any]  # a stored value (not None) -> its JSON value (None: the key is left out)


class Remembered(dict):
    """A conversion's answers by stored value, computed on the first lookup: ``cell = remembered.__getitem__``
    costs one dictionary lookup per value. Bounded: it starts again when full."""

    def __init__(self, convert: Cell) -> None:
        super().__init__()
        self.convert = convert

    def __missing__(self, value: Any) -> Any:
        if len(self) >= CACHED_VALUES:
            self.clear()
        result = self[value] = self.convert(value)
        return result


# Answers that depend on the settings (a date's format and time zone) are remembered for one page only: every
# Remembered here is emptied when a page starts (an item's dates are mostly its order's).
PAGE_MEMOS: dict[tuple, Remembered] = {}
_DECIMAL_CELLS: dict[tuple, Remembered] = {}


def stored(field: Field, db: BaseDatabaseWrapper) -> tuple[str, Cell | None]:
    """The column's expression in a SELECT, and what turns its fetched value (not None) into the model's value
    as the ORM gives it (the backend's and the field's converters; None if nothing). On PostgreSQL a decimal is
    read as text, which psycopg loads at a third of a Decimal's cost (2,300 of a page's values are decimals):
    ``Decimal(text)`` is then what psycopg's numeric loader would have made of it. On SQLite a date and time is
    read as the text Django stored (naive UTC, ``str(datetime)``), not through the sqlite3 module's
    ``parse_datetime`` at every fetch: ``column_cell`` prints most of them by slicing it."""
    quote = db.ops.quote_name
    expression = f"{quote(field.model._meta.db_table)}.{quote(field.column)}"
    column = field.get_col(field.model._meta.db_table)
    functions = [*db.ops.get_db_converters(column), *column.get_db_converters(db)]
    parse: Cell | None = None
    if db.vendor == "postgresql" and field.get_internal_type() == "DecimalField":
        expression, parse = f"{expression}::text", Decimal
    elif db.vendor == "sqlite" and field.get_internal_type() == "DateTimeField":
        expression, parse = f"CAST({expression} AS TEXT)", parse_datetime
    if not functions:
        return expression, parse

    def convert(value: Any) -> Any:
        if parse is not None:
            value = parse(value)
        for function in functions:
            value = function(value, column, db)
        return value

    return expression, convert


def model_value(field: Field, db: BaseDatabaseWrapper) -> Cell:
    """A fetched value as the ORM gives it on the instance (a decimal's remembered: a pure function of it)."""
    convert = stored(field, db)[1]
    if convert is None:
        return lambda value: value
    if field.get_internal_type() != "DecimalField":
        return lambda value: None if value is None else convert(value)
    return Remembered(lambda value: None if value is None else convert(value)).__getitem__


def json_amount(field: Field, db: BaseDatabaseWrapper) -> Cell:
    """A decimal column as MagentoJSONEncoder prints the model's Decimal (not through a serializer field)."""
    convert = model_value(field, db)
    return Remembered(lambda value: None if (value := convert(value)) is None else json_decimal(value)).__getitem__


def column_cell(model_field: Field, field: serializers.Field, db: BaseDatabaseWrapper) -> Cell | None:
    """The serializer ``field``'s value of ``model_field``'s fetched value (not None); None where the fetched
    value is already it (strings of text columns, integers of integer columns)."""
    convert = stored(model_field, db)[1]
    represent, pure = representation(field)
    if convert is None and (
        (represent is str and isinstance(model_field, CharField | TextField))
        or (represent is int and isinstance(getattr(model_field, "target_field", model_field), IntegerField))
    ):
        return None
    if convert is None:
        cell = represent
    else:
        def cell(value: Any) -> Any:
            value = convert(value)
            return None if value is None else represent(value)
    if db.vendor == "sqlite" and isinstance(model_field, DateTimeField) and prints_utc_seconds(field):
        # SQLite's text "YYYY-MM-DD HH:MM:SS[.ffffff]" is in UTC: what the field prints is its first 19
        # characters (2 of a page's 15 ms were parse_datetime and strftime); any other text is converted
        full = cell

        def cell(text: Any) -> Any:
            if type(text) is str and len(text) in (19, 26) and text[10] == " " and text[13] == ":":
                return text[:19]
            return full(text)

        return cell
    if pure and is_plain_decimal(field) and isinstance(model_field, DecimalField):
        # shared by the columns converted alike (an item's price, base price, original price... are one value)
        kind = (db.vendor, type(model_field), model_field.max_digits, model_field.decimal_places,
                field.max_digits, field.decimal_places, field.rounding)
        shared = _DECIMAL_CELLS.get(kind)
        if shared is None:
            shared = _DECIMAL_CELLS[kind] = Remembered(cell)
        return shared.__getitem__
    if pure:
        return Remembered(cell).__getitem__
    if isinstance(field, serializers.DateTimeField) and isinstance(model_field, DateTimeField):
        # one per page, shared by the columns converted alike (an item's dates are mostly its order's)
        kind = (db.vendor, type(model_field), type(field), getattr(field, "format", None),
                getattr(field, "timezone", None))
        memo = PAGE_MEMOS.get(kind)
        if memo is None:
            memo = PAGE_MEMOS[kind] = Remembered(cell)
        return memo.__getitem__
    return cell


@dataclass(frozen=True)
class Table:
    """A serializer's rows as columns: ``attnames`` are the columns a statement selects (the order id first),
    ``steps`` the keys printed, each (key, position in the row, cell, printed when null). A negative position
    reads the ``derived`` values passed to ``render`` (from the end)."""

    model: type[Model]
    attnames: tuple[str, ...]
    steps: tuple[tuple[str, int, Cell | None, bool], ...]

    def position(self, attname: str) -> int:
        return self.attnames.index(attname)

    def columns(self, db: BaseDatabaseWrapper) -> list[str]:
        fields = {field.attname: field for field in self.model._meta.concrete_fields}
        return [stored(fields[attname], db)[0] for attname in self.attnames]

    def render(self, row: Sequence[Any], derived: tuple = ()) -> dict[str, Any]:
        if derived:
            row = (*row, *derived)
        data = {}
        for name, position, cell, keep_null in self.steps:
            value = row[position]
            if value is not None and cell is not None:
                value = cell(value)
            if value is not None or keep_null:
                data[name] = value
        return data


def table(
    serializer_class: type[MagentoModelSerializer],
    key_field: str,
    db: BaseDatabaseWrapper,
    *,
    derived: Sequence[str] = (),
    cells: dict[str, tuple[str, Cell]] | None = None,
    also: Sequence[str] = (),
) -> Table:
    """``serializer_class``'s columns: the key first, the columns its fields print, then ``also``'s. ``derived``
    names the fields the caller computes (passed to ``render`` in this order); ``cells`` maps a field to
    (attname, function) where the field is a method of one column."""
    model = serializer_class.Meta.model
    cells = cells or {}
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    attnames: list[str] = [model._meta.get_field(key_field).attname]

    def column(attname: str) -> int:
        if attname not in attnames:
            attnames.append(attname)
        return attnames.index(attname)

    keep = frozenset(getattr(serializer_class.Meta, "non_nullable", ()))
    steps = []
    for name, field in serializer_class().fields.items():
        if name in derived:
            position, cell = list(derived).index(name) - len(derived), None
        elif name in cells:
            position, cell = column(cells[name][0]), cells[name][1]
        elif field.source in by_attname and not isinstance(
            field, serializers.BaseSerializer | serializers.SerializerMethodField | serializers.ReadOnlyField
        ):
            position, cell = column(field.source), column_cell(by_attname[field.source], field, db)
        else:
            raise TypeError(f"{serializer_class.__name__}.{name} is no column: name it in derived or cells")
        steps.append((name, position, cell, name in keep))
    for attname in also:
        column(attname)
    return Table(model, tuple(attnames), tuple(steps))


@dataclass(frozen=True)
class Query:
    """A table's prebuilt statement: its rows of the orders in (IDS), in its model's ``Meta.ordering``."""

    sql: str

    def statement(self, ids: Sequence[int]) -> tuple[str, list[int]]:
        return self.sql.replace(IDS, ", ".join(["%s"] * len(ids))), list(ids)


def query(table: Table, db: BaseDatabaseWrapper) -> Query:
    """``table``'s statement. One table each: joining the payment and the addresses to the orders saved two
    round trips but cost PostgreSQL more to plan (0.8 ms for three joins on IN lists) than it saved; without
    the ids repeated in each join's condition, it read every payment (a hash join over a sequential scan)."""
    meta = table.model._meta
    quote = db.ops.quote_name
    name = quote(meta.db_table)
    key = f"{name}.{quote(meta.get_field(table.attnames[0]).column)}"
    ordering = ", ".join(
        f"{name}.{quote(meta.get_field(field.lstrip('-')).column)}{' DESC' if field.startswith('-') else ''}"
        for field in meta.ordering
    ) or f"{name}.{quote(meta.pk.column)}"
    return Query(f"SELECT {', '.join(table.columns(db))} FROM {name} WHERE {key} IN ({IDS}) ORDER BY {ordering}")


# OrderSerializer's fields computed here (not columns), in the order load_orders passes them to render.
ORDER_DERIVED = ("base_total_due", "billing_address_id", "total_due", "items", "billing_address", "payment",
                 "status_histories", "extension_attributes")
SHIPPING_TOTALS = ("base_shipping_amount", "base_shipping_incl_tax", "shipping_amount", "shipping_incl_tax")
DUE = {"total_due": ("grand_total", "total_paid"), "base_total_due": ("base_grand_total", "base_total_paid")}


@dataclass(frozen=True)
class Statements:
    """A vendor's tables of an order page (each read by its own statement), and how to read the order's own
    values that are not printed as such."""

    orders: Table
    payment: Table
    addresses: Table
    items: Table
    status_histories: Table
    queries: dict[str, Query]  # by the name of the table above
    values: dict[str, tuple[int, Cell]]  # an order attname -> its position, its model value
    amounts: dict[str, tuple[int, Cell]]  # a shipping total -> its position, its JSON number
    due: dict[str, Cell]  # total_due, base_total_due: a Decimal -> the JSON number OrderSerializer prints

    def rows(self, ids: Sequence[int]) -> dict[str, dict[int, list[tuple]]]:
        """Each table's rows of these orders, by order id (in the table's ordering), by the table's name: the
        statements sent together (one round trip on PostgreSQL: 0.5 ms of a page's 12 in process)."""
        results = execute_together([query.statement(ids) for query in self.queries.values()])
        tables: dict[str, dict[int, list[tuple]]] = {}
        for name, (fetched, _) in zip(self.queries, results, strict=True):
            grouped = tables[name] = {}
            for row in fetched:
                grouped.setdefault(row[0], []).append(row)
        return tables


_STATEMENTS: dict[str, Statements] = {}


def statements() -> Statements:
    """The statements of this database vendor, made on its first page."""
    made = _STATEMENTS.get(connection.vendor)
    if made is not None:
        return made
    db = connection
    also = ("shipping_method", *SHIPPING_TOTALS, *(attname for pair in DUE.values() for attname in pair))
    tables = {
        "orders": table(OrderSerializer, "entity_id", db, derived=ORDER_DERIVED, also=also),
        "payment": table(OrderPaymentSerializer, "parent", db, derived=("account_status", "cc_last4")),
        "addresses": table(OrderAddressSerializer, "parent", db, also=("address_type",),
                           cells={"street": ("street", lambda street: street.split("\n"))}),
        "items": table(OrderItemSerializer, "order", db),
        "status_histories": table(OrderStatusHistorySerializer, "parent", db),
    }
    orders = tables["orders"]
    fields = {field.attname: field for field in Order._meta.concrete_fields}
    order_fields = OrderSerializer().fields
    made = _STATEMENTS[db.vendor] = Statements(
        **tables,
        queries={name: query(made_table, db) for name, made_table in tables.items()},
        values={attname: (orders.position(attname), model_value(fields[attname], db)) for attname in also},
        amounts={attname: (orders.position(attname), json_amount(fields[attname], db)) for attname in SHIPPING_TOTALS},
        due={name: representation(order_fields[name])[0] for name in DUE},
    )
    return made


def render_orders(ids: Sequence[int]) -> list[dict[str, Any]]:
    """The orders of these ids, in this order, as OrderSerializer prints them (each with its payment, items,
    addresses and status histories), in five statements whatever the number of orders (one round trip on
    PostgreSQL). An id whose order is gone
    (deleted since the page's ids were read) is left out."""
    if not ids:
        return []
    made = statements()
    for memo in PAGE_MEMOS.values():
        memo.clear()
    tables = made.rows(ids)
    orders, payments, addresses = tables["orders"], tables["payment"], tables["addresses"]
    items, histories = tables["items"], tables["status_histories"]
    address_type = made.addresses.position("address_type")
    address_id = made.addresses.position("entity_id")

    page = []
    for order_id in ids:
        if order_id not in orders:
            continue
        row = orders[order_id][0]
        value = {attname: convert(row[position]) for attname, (position, convert) in made.values.items()}
        due = {name: made.due[name](value[total] - (value[paid] or ZERO)) for name, (total, paid) in DUE.items()}
        billing = shipping = None
        for address in addresses.get(order_id, ()):  # Order.address: the first of each type
            if billing is None and address[address_type] == OrderAddress.Type.BILLING:
                billing = address
            elif shipping is None and address[address_type] == OrderAddress.Type.SHIPPING:
                shipping = address
        payment = payments.get(order_id)
        order_items = [made.items.render(item) for item in items.get(order_id, ())]
        extension_attributes = {}
        if shipping is not None:
            total = {attname: None if row[position] is None else cell(row[position])
                     for attname, (position, cell) in made.amounts.items()}
            assignment = {"address": made.addresses.render(shipping), "method": value["shipping_method"],
                          "total": total}
            extension_attributes = {"shipping_assignments": [{"shipping": assignment, "items": order_items}]}
        derived = (
            due["base_total_due"],
            None if billing is None else billing[address_id],
            due["total_due"],
            order_items,
            None if billing is None else made.addresses.render(billing),
            None if payment is None else made.payment.render(payment[0], (None, None)),
            [made.status_histories.render(history) for history in histories.get(order_id, ())],
            extension_attributes,
        )
        page.append(made.orders.render(row, derived))
    return page
