"""A catalogue and order history at scale, for benchmarks: ``manage.py generate_load --products N --orders M``.

Writes, in bulk, what the domain functions would have left after a shop's life: sources, stocks (linked, the
first one serving website ``base``), simple and virtual products with their source items, customers, and orders
placed, held, canceled, invoiced and shipped, with their reservations, invoices, shipments and status history.
It does not call the domain functions row by row; it replays their arithmetic in memory instead, so that:

- per order and SKU, reservations sum to what placement, invoicing (virtual items), shipping and cancelation leave;
- ``qty_invoiced`` / ``qty_shipped`` / ``qty_canceled`` equal the invoice, shipment and cancelation quantities,
  and order, payment and invoice totals agree as ``invoice_order`` would have made them;
- source quantities are what remains after the shipments and virtual deductions (an item at 0 is out of stock),
  and no salable quantity is negative.

Rows go in with ``executemany`` on SQLite and ``COPY`` on PostgreSQL: at a few million rows ``bulk_create``'s
per-object cost is ten times the insert itself. Everything is one transaction; existing rows are kept and new
primary keys follow them. For the load, the grid search indexes stop following the tables and ``finish`` builds
them once at the end (one statement each), and the per-row foreign key checks are off (``bulk_load_session``):
row by row, the SQLite FTS5 triggers and PostgreSQL's deferred checks at ``COMMIT`` were most of the time. At the
end the dashboard's statistics are computed as the hourly ``refresh_statistics`` job would (``_statistics``).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandParser
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from backoffice.grid_search import create_statements, drop_statements
from catalog.models import Product, ProductType
from catalog.search import PRODUCT
from customers.models import Customer
from customers.search import CUSTOMER_SEARCH
from inventory.models import Reservation, SalesChannel, Source, SourceItem, Stock, StockSourceLink
from sales.carriers import FLAT_RATE_PER_ITEM, SHIPPING_METHODS
from sales.models import (
    Invoice,
    InvoiceItem,
    InvoiceState,
    Order,
    OrderAddress,
    OrderItem,
    OrderPayment,
    OrderState,
    OrderStatus,
    OrderStatusHistory,
    Shipment,
    ShipmentItem,
)
from sales.search import drop_search_triggers, rebuild_search_tables
from sales.statistics import refresh_bestsellers, refresh_daily_sales

VIRTUAL_SHARE = 0.1  # of products
VIRTUAL_ORDER_SHARE = 0.05  # of orders, made of virtual products only
GUEST_SHARE = 0.3
# What happens to an order after placement, with its weight.
LIFECYCLES = {"new": 25, "invoiced": 10, "shipped": 5, "complete": 45, "canceled": 10, "holded": 5}
LINE_QTYS = (1, 1, 1, 1, 2, 2, 3, 5)
HISTORY_DAYS = 730
FIRST_NAMES = ("Jane", "John", "Ana", "Wei", "Fatima", "Olga", "Kofi", "Maria", "Liam", "Noah", "Emma", "Yuki")
LAST_NAMES = ("Doe", "Smith", "Garcia", "Chen", "Khan", "Ivanova", "Mensah", "Rossi", "Brown", "Tanaka", "Muller")
CITIES = (("Mineola", "New York", 43, "NY", "11501"), ("Stockton", "California", 12, "CA", "95207"),
          ("Jersey City", "New Jersey", 41, "NJ", "07306"), ("Austin", "Texas", 57, "TX", "73301"))
PAYMENT_METHODS = (OrderPayment.Method.CHECKMO, OrderPayment.Method.BANKTRANSFER)
# The grid search documents of the tables written here: their indexes are built after the load (``finish``). The
# sales grids' search rows (sales.search) are dropped and rebuilt whole, set-based, the same way.
SEARCH_DOCUMENTS = (PRODUCT, CUSTOMER_SEARCH.sources[0][1])
# --profile: sizes by name; explicit flags override them. "extra-large" is above Magento's Performance Toolkit
# extra-large profile (600,000 products, 150,000 orders, 10,000 customers): issue 19's scale.
PROFILES: dict[str, dict[str, int]] = {
    "default": {"products": 1000, "sources": 10, "stocks": 2, "orders": 2000},
    "small": {"products": 2000, "sources": 10, "stocks": 2, "orders": 4000},
    "large": {"products": 100_000, "sources": 10, "stocks": 2, "orders": 200_000},
    "extra-large": {"products": 600_000, "sources": 10, "stocks": 2, "orders": 1_000_000, "customers": 20_000},
}


# The same, as the rows below write them: text.
LIFECYCLE_DRAW = tuple(name for name, weight in LIFECYCLES.items() for _ in range(weight))  # one random() a draw
CITY_TEXTS = tuple((city, region, str(region_id), code, postcode) for city, region, region_id, code, postcode in CITIES)
PAYMENT_TEXTS = tuple((method.value, json.dumps([method.label])) for method in PAYMENT_METHODS)
FLAT_RATE_CENTS = int(FLAT_RATE_PER_ITEM * 100)
FLAT_RATE_DESCRIPTION = SHIPPING_METHODS["flatrate_flatrate"]
INVOICE_PAID = str(InvoiceState.PAID.value)
IN_STOCK, OUT_OF_STOCK = str(SourceItem.Status.IN_STOCK.value), str(SourceItem.Status.OUT_OF_STOCK.value)
RESERVED = Reservation.EventType.ORDER_PLACED.value
# The order's state by lifecycle and whether it is virtual (a virtual order is complete once invoiced).
STATE_OF = {(lifecycle, virtual): state.value for lifecycle, state in {
    "new": OrderState.NEW, "holded": OrderState.HOLDED, "canceled": OrderState.CANCELED,
    "invoiced": OrderState.PROCESSING, "shipped": OrderState.PROCESSING, "complete": OrderState.COMPLETE,
}.items() for virtual in (False, True)} | {("invoiced", True): OrderState.COMPLETE.value}
EPOCH = date(1970, 1, 1)
# The columns each order row gives, in the order the tuples list them (``TableWriter``); the others are defaults.
ORDER_COLUMNS: dict[type[models.Model], tuple[str, ...]] = {
    Order: (
        "entity_id", "increment_id", "state", "status", "customer_id", "customer_email", "customer_firstname",
        "customer_lastname", "customer_group_id", "customer_is_guest", "subtotal", "base_subtotal",
        "subtotal_incl_tax", "base_subtotal_incl_tax", "discount_amount", "base_discount_amount",
        "discount_description", "applied_rule_ids", "shipping_amount", "base_shipping_amount", "shipping_incl_tax",
        "base_shipping_incl_tax", "grand_total", "base_grand_total", "subtotal_invoiced", "base_subtotal_invoiced",
        "discount_invoiced", "base_discount_invoiced", "shipping_invoiced", "base_shipping_invoiced", "tax_invoiced",
        "base_tax_invoiced", "discount_tax_compensation_invoiced", "base_discount_tax_compensation_invoiced",
        "total_invoiced", "base_total_invoiced", "total_paid", "base_total_paid", "total_qty_ordered",
        "total_item_count", "weight", "is_virtual", "shipping_method", "shipping_description", "hold_before_state",
        "hold_before_status", "created_at", "updated_at",
    ),
    OrderItem: (
        "item_id", "order_id", "product_id", "product_type", "sku", "name", "is_virtual", "weight", "row_weight",
        "qty_ordered", "qty_invoiced", "qty_shipped", "qty_canceled", "price", "base_price", "original_price",
        "base_original_price", "price_incl_tax", "base_price_incl_tax", "row_total", "base_row_total",
        "row_total_incl_tax", "base_row_total_incl_tax", "discount_percent", "discount_amount", "base_discount_amount",
        "row_invoiced", "base_row_invoiced", "discount_invoiced", "base_discount_invoiced", "created_at", "updated_at",
    ),
    OrderAddress: (
        "entity_id", "parent_id", "address_type", "customer_id", "firstname", "lastname", "street", "city", "region",
        "region_id", "region_code", "postcode", "country_id", "telephone", "email",
    ),
    OrderPayment: (
        "entity_id", "parent_id", "method", "additional_information", "amount_ordered", "base_amount_ordered",
        "shipping_amount", "base_shipping_amount", "amount_paid", "base_amount_paid", "shipping_captured",
        "base_shipping_captured",
    ),
    OrderStatusHistory: ("entity_id", "parent_id", "status", "entity_name", "is_customer_notified", "created_at"),
    Invoice: (
        "entity_id", "order_id", "increment_id", "state", "billing_address_id", "shipping_address_id", "subtotal",
        "base_subtotal", "subtotal_incl_tax", "base_subtotal_incl_tax", "discount_amount", "base_discount_amount",
        "shipping_amount", "base_shipping_amount", "shipping_incl_tax", "base_shipping_incl_tax", "grand_total",
        "base_grand_total", "total_qty", "created_at", "updated_at",
    ),
    InvoiceItem: (
        "entity_id", "parent_id", "order_item_id", "product_id", "sku", "name", "qty", "price", "base_price",
        "price_incl_tax", "base_price_incl_tax", "row_total", "base_row_total", "row_total_incl_tax",
        "base_row_total_incl_tax", "discount_amount", "base_discount_amount",
    ),
    Shipment: (
        "entity_id", "order_id", "increment_id", "customer_id", "billing_address_id", "shipping_address_id",
        "total_qty", "total_weight", "packages", "source_code", "created_at", "updated_at",
    ),
    ShipmentItem: ("entity_id", "parent_id", "order_item_id", "product_id", "sku", "name", "price", "weight", "qty"),
    Reservation: ("reservation_id", "stock_id", "sku", "quantity", "event_type", "object_id", "object_increment_id",
                  "created_at"),
}


class TableWriter:
    """Rows of one model, buffered and written in batches. A row is a tuple of database-ready text, one value a
    column of ``columns`` in their order, NULL as ``null_value()`` (PostgreSQL: COPY's ``\\N``; SQLite: None): the
    caller formats numbers and times once (``money_text``, ``stamp``), not the driver per value. The model's other
    columns get their defaults, encoded once: the tail of every COPY line on PostgreSQL, literals in the INSERT
    statement on SQLite. Text written here never holds a tab, newline or backslash (COPY's escapes)."""

    def __init__(self, model: type[models.Model], columns: tuple[str, ...]) -> None:
        fields = {f.attname: f for f in model._meta.concrete_fields}
        if unknown := set(columns) - set(fields):
            raise TypeError(f"{model.__name__} has no field {', '.join(sorted(unknown))}")
        rest = [f for name, f in fields.items() if name not in columns]
        qn = connection.ops.quote_name
        table = qn(model._meta.db_table)
        names = ", ".join(qn(f.column) for f in [fields[name] for name in columns] + rest)
        self.model, self.width = model, len(columns)
        self.rows: list[tuple[str | None, ...]] = []
        self.count = 0
        if _postgresql():
            self.sql = f"COPY {table} ({names}) FROM STDIN"
            self.end = "".join("\t" + _copy_text(_default(f)) for f in rest) + "\n"
        else:
            values = ", ".join(["?"] * len(columns) + [_sql_literal(_default(f)) for f in rest])
            self.sql = f"INSERT INTO {table} ({names}) VALUES ({values})"

    def flush(self) -> None:
        with connection.cursor() as cursor:
            self.write(cursor.cursor, self.rows)  # the driver's own cursor: Django's rewrites every row's parameters
        self.rows.clear()

    def take(self) -> list[tuple[str | None, ...]]:
        """The rows so far, for ``write`` elsewhere (another thread); new rows go to a new list."""
        rows, self.rows = self.rows, []
        return rows

    def write(self, cursor: Any, rows: list[tuple[str | None, ...]]) -> None:
        if not rows:
            return
        if len(rows[0]) != self.width:
            raise TypeError(f"{self.model.__name__}: {len(rows[0])} values for {self.width} columns")
        if _postgresql():  # one string a batch: the rows are text already
            with cursor.copy(self.sql) as copy:
                copy.write(self.end.join(["\t".join(row) for row in rows]) + self.end)
        else:
            cursor.executemany(self.sql, rows)
        self.count += len(rows)


def _copy_text(value: object) -> str:
    """A value in COPY's text format (for the defaults, encoded once)."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _sql_literal(value: object) -> str:
    """A value as an SQLite literal: text, which the column's affinity turns into a number as it does bound text."""
    if value is None:
        return "NULL"
    return str(int(value)) if isinstance(value, bool) else "'" + str(value).replace("'", "''") + "'"


@contextmanager
def bulk_load_session() -> Iterator[None]:
    """The connection set for a bulk load of rows consistent by construction (tests/performance/test_generate_load.py
    checks their invariants), back as it was afterwards.

    - SQLite, outside a transaction (the pragmas cannot change inside one): no foreign key checks (a look-up per
      inserted row), no fsync (``synchronous = OFF``: a crash loses the load, one transaction anyway), a 256 MB
      page cache.
    - PostgreSQL, when the role may (a superuser): ``session_replication_role = replica``, which skips the foreign
      key triggers; otherwise each of the millions of rows queues a deferred check that ``COMMIT`` runs one by one
      (most of the extra-large load's database time).
    """
    settings: dict[str, object] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite" and not connection.in_atomic_block:
            for name in ("foreign_keys", "synchronous", "cache_size"):
                settings[name] = cursor.execute(f"PRAGMA {name}").fetchone()[0]
            for name, value in {"foreign_keys": 0, "synchronous": 0, "cache_size": -262144}.items():
                cursor.execute(f"PRAGMA {name} = {value}")
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT current_setting('is_superuser') = 'on', current_setting('session_replication_role')")
            superuser, role = cursor.fetchone()
            if superuser and role == "origin":
                settings["session_replication_role"] = role
                cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name, value in settings.items():
                cursor.execute(f"PRAGMA {name} = {int(value)}" if connection.vendor == "sqlite" else f"SET {name} = {value}")


def _default(f: models.Field) -> object:
    value = f.get_default()
    return json.dumps(value) if isinstance(f, models.JSONField) else value


@cache
def _postgresql() -> bool:
    return connection.vendor == "postgresql"


def null_value() -> str | None:
    """NULL in a row: COPY's marker on PostgreSQL, None for SQLite's ``executemany``."""
    return "\\N" if _postgresql() else None


def stamper(until: int) -> Callable[[int], str]:
    """Seconds since the epoch (UTC) as the database's datetime text: what ``adapt_datetimefield_value`` gives
    (PostgreSQL: with the UTC offset; SQLite: naive UTC), at a fraction of ``str(datetime)``'s cost (the date
    part is computed once a day). A time after ``until`` (an event hours or days after an order of the last
    days) is written as ``until``: nothing is dated in the future."""
    suffix, dates = "+00" if _postgresql() else "", {}

    def stamp(t: int) -> str:
        day, second = divmod(min(t, until), 86400)
        if (date := dates.get(day)) is None:
            date = dates[day] = str(EPOCH + timedelta(days=day))
        return f"{date} {second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}{suffix}"

    return stamp


def next_pk(model: type[models.Model]) -> int:
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def money_text(cents: int) -> str:
    """Cents as decimal text: money is counted in integer cents here (exact, and no Decimal a value)."""
    return f"{cents // 100}.{cents % 100:02d}" if cents >= 0 else f"-{-cents // 100}.{-cents % 100:02d}"


def tenths_text(tenths: int) -> str:
    return f"{tenths // 10}.{tenths % 10}"


@dataclass(slots=True, eq=False)
class CatalogProduct:
    """A product's state as the orders leave it: a few hundred bytes each, the memory that grows with the
    catalogue (the name is derived from the pk when a row needs it)."""

    pk: int
    sku: str
    type_id: str
    virtual: bool
    price: int  # cents
    weight: int | None  # tenths of a unit
    sources: tuple[int, ...]  # its source items' sources (index = priority on the main stock), by priority
    quantities: list[int]  # their quantities; an item is in stock while above 0 (inventory.source_deduction)
    reserved: int = 0  # Σ reservations on the main stock

    @property
    def name(self) -> str:
        return f"Load {'Virtual' if self.virtual else 'Simple'} Product {self.pk}"

    @property
    def salable(self) -> int:
        in_stock = [qty for qty in self.quantities if qty > 0]
        return sum(in_stock) + self.reserved if in_stock else 0


@dataclass(slots=True, eq=False)
class Line:
    """An order line, with the texts its rows repeat (formatted once)."""

    product: CatalogProduct
    qty: int
    row_total: int  # cents
    item_id: str = ""
    discount: int = 0  # cents
    qty_text: str = ""
    name: str = ""
    price: str = ""
    row_total_text: str = ""
    discount_text: str = ""


class Command(BaseCommand):
    help = "Generate a catalogue, inventory and order history in bulk (for benchmarks and scale tests)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--profile", choices=PROFILES, default="default",
                            help="sizes by name (" + "; ".join(f"{k}: {v}" for k, v in PROFILES.items())
                            + "); the flags below override them")
        parser.add_argument("--products", type=int)
        parser.add_argument("--sources", type=int)
        parser.add_argument("--stocks", type=int, help="the first one serves website base")
        parser.add_argument("--orders", type=int)
        parser.add_argument("--customers", type=int, help="default: a quarter of the orders")
        parser.add_argument("--max-lines", type=int, default=6, help="order lines per order, 1 to this")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch-size", type=int, default=5000, help="orders written per batch")

    def handle(self, *args: object, **options: int) -> None:
        options = {"customers": None} | PROFILES[options["profile"]] | {k: v for k, v in options.items() if v is not None}
        self.rng = random.Random(options["seed"])
        self.started = time.monotonic()
        self.now_ts = int(timezone.now().timestamp())
        self.stamp, self.null = stamper(self.now_ts), null_value()
        self.written: list[TableWriter] = []
        with bulk_load_session(), transaction.atomic():
            self._suspend_search_indexes()
            self.main_stock, self.sources = self._inventory_setup(options["sources"], options["stocks"])
            self.stock_id, self.source_codes = str(self.main_stock.pk), [s.source_code for s in self.sources]
            self.products = self._catalog(options["products"])
            self.customers = self._customers(options["customers"] or max(options["orders"] // 4, 1))
            self._orders(options["orders"], options["max_lines"], options["batch_size"])
            self._source_items()
            self.finish()
            self._reset_sequences()
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block  # VACUUM refuses transactions
        self._progress("VACUUM ANALYZE" if vacuum else "ANALYZE", 0, 1)  # minutes at millions of rows
        with connection.cursor() as cursor:  # what autovacuum would do after such a load: statistics, visibility map
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        self._statistics()
        self._progress("done", 1, 1)
        self.stderr.write("")
        counts = ", ".join(f"{w.model.__name__} {w.count}" for w in self.written if w.count)
        self.stdout.write(f"Generated in {time.monotonic() - self.started:.1f} s: {counts}.")

    def _suspend_search_indexes(self) -> None:
        """The grid search indexes of the tables written here stop following them for the load (SQLite: the FTS5
        triggers, which index row by row; PostgreSQL: the GIN indexes, cheaper built once than grown): ``finish``
        builds them again from the tables. All in the load's transaction: a failed load leaves them as they were."""
        with connection.cursor() as cursor:
            for document in SEARCH_DOCUMENTS:
                for statement in drop_statements(document.table, connection.vendor, table_too=False):
                    cursor.execute(statement)
        drop_search_triggers(connection)

    def finish(self) -> None:
        """What is built from the written rows as a whole, set-based, once they are all in (before ANALYZE): the
        grid search indexes, each in one statement (backoffice.grid_search.create_statements: SQLite refills its
        FTS5 table with one INSERT ... SELECT and puts the triggers back; PostgreSQL creates the GIN index)."""
        self._progress("search indexes", 0, len(SEARCH_DOCUMENTS))
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")  # GIN builds sort in memory
            for done, document in enumerate(SEARCH_DOCUMENTS, 1):
                for statement in create_statements(document.table, document.columns, document.model._meta.pk.column,
                                                   connection.vendor):
                    cursor.execute(statement)
                self._progress("search indexes", done, len(SEARCH_DOCUMENTS))
        self._progress("grid search rows", 0, 1)
        rebuild_search_tables(connection)
        self._progress("grid search rows", 1, 1)

    def _statistics(self) -> None:
        """The dashboard's statistics, as the hourly ``refresh_statistics`` job would leave them: this month's
        bestsellers and every day's orders and revenue from the first order's (one GROUP BY over the orders),
        so that the dashboard shows computed figures, not "Not computed yet"."""
        self._progress("statistics", 0, 1)
        first = Order.objects.order_by("created_at").values_list("created_at", flat=True).first()
        if first is not None:
            refresh_daily_sales(since=timezone.localtime(first).date())
            refresh_bestsellers()
        self._progress("statistics", 1, 1)

    def _progress(self, what: str, done: int, total: int) -> None:
        elapsed = time.monotonic() - self.started
        self.stderr.write(f"\rgenerate_load: {what} {done}/{total} ({100 * done // max(total, 1)}%) {elapsed:.0f} s  ",
                          ending="")
        self.stderr.flush()

    # --- inventory and catalogue -----------------------------------------------------------------------------

    def _inventory_setup(self, n_sources: int, n_stocks: int) -> tuple[Stock, list[Source]]:
        sources = []
        for i in range(1, n_sources + 1):
            city, region, region_id, _, postcode = CITIES[i % len(CITIES)]
            source, _ = Source.objects.get_or_create(
                source_code=f"load_src_{i:02d}",
                defaults={"name": f"Load Source {i:02d}", "country_id": "US", "postcode": postcode, "city": city,
                          "region": region, "region_id": region_id, "enabled": True},
            )
            sources.append(source)
        stocks = [Stock.objects.get_or_create(name=f"Load Stock {k}")[0] for k in range(1, n_stocks + 1)]
        # The first stock holds every source, by priority; the others a share each (sources overlap).
        for priority, source in enumerate(sources, 1):
            StockSourceLink.objects.get_or_create(stock=stocks[0], source=source, defaults={"priority": priority})
            if n_stocks > 1:
                other = stocks[1 + (priority - 1) % (n_stocks - 1)]
                StockSourceLink.objects.get_or_create(stock=other, source=source, defaults={"priority": priority})
        SalesChannel.objects.update_or_create(type=SalesChannel.Type.WEBSITE, code="base",
                                              defaults={"stock": stocks[0]})
        return stocks[0], sources


    def writer(self, model: type[models.Model], columns: tuple[str, ...]) -> TableWriter:
        w = TableWriter(model, columns)
        self.written.append(w)
        return w

    def _catalog(self, n: int) -> list[CatalogProduct]:
        rnd, now, null = self.rng.random, self.stamp(self.now_ts), null_value()
        products_out = self.writer(Product, ("id", "sku", "name", "type_id", "price", "weight", "created_at",
                                             "updated_at"))
        rows = products_out.rows
        pk = next_pk(Product)
        n_sources = len(self.sources)
        products = []
        for i in range(pk, pk + n):
            virtual = rnd() < VIRTUAL_SHARE
            sources = tuple(sorted(self.rng.sample(range(n_sources), 1 + int(rnd() * min(4, n_sources)))))
            product = CatalogProduct(
                pk=i, sku=f"LOAD-{i:07d}", type_id=ProductType.VIRTUAL.value if virtual else ProductType.SIMPLE.value,
                virtual=virtual, price=500 + int(rnd() * 19500), weight=None if virtual else 1 + int(rnd() * 49),
                sources=sources, quantities=[0 if rnd() < 0.03 else 20 + int(rnd() * 481) for _ in sources],
            )
            products.append(product)
            weight = null if product.weight is None else tenths_text(product.weight)
            rows.append((str(i), product.sku, product.name, product.type_id, money_text(product.price), weight, now,
                         now))
            if len(rows) >= 10_000:
                products_out.flush()
                self._progress("products", i + 1 - pk, n)
        products_out.flush()
        return products

    def _source_items(self) -> None:
        items = self.writer(SourceItem, ("id", "source_id", "product_id", "quantity", "status"))
        pk, codes, rows = next_pk(SourceItem), self.source_codes, items.rows
        for n, product in enumerate(self.products, 1):
            for source_index, qty in zip(product.sources, product.quantities, strict=True):
                rows.append((str(pk), codes[source_index], product.sku, str(qty), IN_STOCK if qty > 0 else OUT_OF_STOCK))
                pk += 1
            if len(rows) >= 20_000:
                items.flush()
                self._progress("source items", n, len(self.products))
        items.flush()

    def _customers(self, n: int) -> list[tuple[str, str, str, str]]:
        rng, now = self.rng, self.stamp(self.now_ts)
        out = self.writer(Customer, ("id", "email", "firstname", "lastname", "password", "created_at", "updated_at"))
        pk = next_pk(Customer)
        password = _copy_text(make_password(None)) if _postgresql() else make_password(None)  # unusable
        customers = []
        for i in range(pk, pk + n):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            email = f"load.customer{i}@example.com"
            out.rows.append((str(i), email, first, last, password, now, now))
            customers.append((str(i), email, first, last))
        out.flush()
        return customers

    def _reset_sequences(self) -> None:
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [w.model for w in self.written]):
                cursor.execute(statement)

    # --- orders ------------------------------------------------------------------------------------------------
    # Each row below is a tuple of text in its writer's column order (``TableWriter``); money in integer cents
    # until formatted; random draws as ``random()`` scaled (``randint`` and ``choice`` cost ten times more).

    def _orders(self, n: int, max_lines: int, batch_size: int) -> None:
        self.out = {model: self.writer(model, columns) for model, columns in ORDER_COLUMNS.items()}
        self.next = {model: next_pk(model) for model in ORDER_COLUMNS}
        self.physical = [p for p in self.products if not p.virtual and p.sources]
        self.virtual = [p for p in self.products if p.virtual and p.sources]
        start, span = self.now_ts - HISTORY_DAYS * 86400, HISTORY_DAYS * 86400
        rnd = self.rng.random
        # PostgreSQL: a batch's COPYs run in a thread (on this connection, which nothing else uses meanwhile) while
        # the next batch is built; waiting on the server releases the GIL, so its ingestion and Python's row
        # building overlap. SQLite's executemany takes the GIL back at every row: it stays in line.
        with ThreadPoolExecutor(max_workers=1) as background:
            writing: Future[None] | None = None
            for i in range(n):
                lines = self._lines(max_lines)
                if lines:
                    self._order(lines, start + span * i // n, LIFECYCLE_DRAW[int(rnd() * len(LIFECYCLE_DRAW))])
                if (i + 1) % batch_size == 0 or i + 1 == n:
                    if writing:
                        writing.result()  # one COPY at a time on a connection; its error raised here
                    batch = [(writer, writer.take()) for writer in self.out.values()]
                    if _postgresql():
                        writing = background.submit(_write_batch, connection.connection, batch)
                    else:
                        _write_batch(connection.connection, batch)
                    self._progress("orders", i + 1, n)
            if writing:
                writing.result()

    def _take(self, model: type[models.Model], count: int = 1) -> int:
        pk = self.next[model]
        self.next[model] = pk + count
        return pk

    def _lines(self, max_lines: int) -> list[Line]:
        """Distinct products with enough salable quantity (placement refuses the others)."""
        rnd = self.rng.random
        pool = self.virtual if self.virtual and rnd() < VIRTUAL_ORDER_SHARE else self.physical or self.virtual
        if not pool:
            return []
        size, wanted = len(pool), min(1 + int(rnd() * max_lines), len(pool))
        picked: list[CatalogProduct] = []
        while len(picked) < wanted:  # a sample without replacement; repeats are rare but for tiny pools
            product = pool[int(rnd() * size)]
            if product not in picked:
                picked.append(product)
        lines = []
        for product in picked:
            qty = LINE_QTYS[int(rnd() * len(LINE_QTYS))]
            if product.salable >= qty:
                lines.append(Line(product, qty, product.price * qty))
        return lines

    def _order(self, lines: list[Line], placed: int, lifecycle: str) -> None:
        rnd, null, stamp, out = self.rng.random, self.null, self.stamp, self.out
        order_id = self._take(Order)
        oid, increment_id = str(order_id), f"{order_id:09d}"
        is_virtual = all(line.product.virtual for line in lines)
        customer = None if rnd() < GUEST_SHARE else self.customers[int(rnd() * len(self.customers))]
        if customer:
            customer_id, email, first, last = customer
        else:
            customer_id, email = null, f"guest{order_id}@example.com"
            first, last = FIRST_NAMES[int(rnd() * len(FIRST_NAMES))], LAST_NAMES[int(rnd() * len(LAST_NAMES))]

        subtotal = sum(line.row_total for line in lines)
        discount_percent = 20 if subtotal >= 20000 and rnd() < 0.5 else 0
        item_id = self._take(OrderItem, len(lines))
        for line in lines:  # invoice_order's arithmetic: each row's discount rounded half up to the cent
            line.item_id, item_id = str(item_id), item_id + 1
            line.discount = (line.row_total * discount_percent + 50) // 100
            line.qty_text, line.name, line.price = str(line.qty), line.product.name, money_text(line.product.price)
            line.row_total_text, line.discount_text = money_text(line.row_total), money_text(line.discount)
        discount = sum(line.discount for line in lines)
        physical_qty = sum(line.qty for line in lines if not line.product.virtual)
        shipping = 0 if is_virtual else physical_qty * FLAT_RATE_CENTS
        grand_total = subtotal - discount + shipping
        weights = [line.product.weight * line.qty for line in lines if line.product.weight is not None]

        if is_virtual and lifecycle in ("invoiced", "shipped", "complete"):
            lifecycle = "complete"  # a virtual order is complete once invoiced: nothing ships
        shipments = self._plan_shipments(lines) if lifecycle in ("shipped", "complete") and not is_virtual else []
        if lifecycle in ("shipped", "complete") and not is_virtual and shipments is None:
            lifecycle = "invoiced" if lifecycle == "complete" else "new"  # no single source holds an item
        invoiced = lifecycle in ("invoiced", "complete")
        shipped = lifecycle in ("shipped", "complete") and not is_virtual
        canceled = lifecycle == "canceled"
        state = STATE_OF[lifecycle, is_virtual]
        status = OrderStatus.PENDING.value if state == OrderState.NEW else state
        at = placed  # the time of the event being written
        placed_at = stamp(placed)
        updated_at = stamp(placed + 2 * 86400) if lifecycle != "new" else placed_at

        sub, disc, ship, total = (money_text(subtotal), money_text(-discount), money_text(shipping),
                                  money_text(grand_total))
        # subtotal, discount, shipping, tax, discount tax compensation, total invoiced and total paid, base_ each
        invoiced_totals = (sub, sub, disc, disc, ship, ship, "0", "0", "0", "0", total, total, total, total) \
            if invoiced else (null,) * 14
        discounted = bool(discount_percent)
        out[Order].rows.append((
            oid, increment_id, state, status, customer_id, email, first, last, "1" if customer else "0",
            "0" if customer else "1", sub, sub, sub, sub, disc, disc, "Discount" if discounted else null,
            "3" if discounted else null, ship, ship, ship, ship, total, total, *invoiced_totals,
            str(sum(line.qty for line in lines)), str(len(lines)), tenths_text(sum(weights)) if weights else null,
            "1" if is_virtual else "0", null if is_virtual else "flatrate_flatrate",
            null if is_virtual else FLAT_RATE_DESCRIPTION, OrderState.NEW.value if lifecycle == "holded" else null,
            OrderStatus.PENDING.value if lifecycle == "holded" else null, placed_at, updated_at,
        ))
        percent, items = str(discount_percent), out[OrderItem].rows
        for line in lines:
            product, qty, price, row_total, line_discount = (line.product, line.qty_text, line.price,
                                                             line.row_total_text, line.discount_text)
            weight = null if product.weight is None else tenths_text(product.weight)
            row_weight = null if product.weight is None else tenths_text(product.weight * line.qty)
            items.append((
                line.item_id, oid, str(product.pk), product.type_id, product.sku, line.name,
                "1" if product.virtual else "0", weight, row_weight, qty, qty if invoiced else "0",
                qty if shipped and not product.virtual else "0", qty if canceled else "0",
                price, price, price, price, price, price, row_total, row_total, row_total, row_total, percent,
                line_discount, line_discount, row_total if invoiced else "0", row_total if invoiced else "0",
                line_discount if invoiced else "0", line_discount if invoiced else "0", placed_at, updated_at,
            ))
        addresses = self._addresses(oid, customer_id, first, last, email, is_virtual)
        method, information = PAYMENT_TEXTS[int(rnd() * len(PAYMENT_TEXTS))]
        paid, captured = (total, ship) if invoiced else (null, null)
        out[OrderPayment].rows.append((
            str(self._take(OrderPayment)), oid, method, information, total, total, ship, ship, paid, paid, captured,
            captured,
        ))
        ids = (oid, increment_id)
        self._history(oid, OrderStatus.PENDING.value, "order", null, placed_at)
        self._reserve(lines, -1, RESERVED, ids, placed_at)
        if lifecycle == "holded":
            self._history(oid, OrderStatus.HOLDED.value, "order", null, stamp(at + 3600))
        if canceled:
            canceled_at = stamp(at + 7200)
            self._history(oid, OrderStatus.CANCELED.value, "order", null, canceled_at)
            self._reserve(lines, 1, Reservation.EventType.ORDER_CANCELED.value, ids, canceled_at)
        if invoiced:
            at += 3600
            invoiced_at = stamp(at)
            after = OrderState.COMPLETE if is_virtual else OrderState.PROCESSING  # physical items still to ship
            self._invoice(oid, lines, addresses, sub, disc, ship, total, invoiced_at)
            self._deduct_virtual(lines)
            self._reserve([line for line in lines if line.product.virtual], 1,
                          Reservation.EventType.INVOICE_CREATED.value, ids, invoiced_at)
            self._history(oid, after.value, "invoice", "0", invoiced_at)
        for source_index, shipped_lines in shipments or []:
            at += 12 * 3600
            shipped_at = stamp(at)
            self._ship(oid, customer_id, addresses, source_index, shipped_lines, shipped_at)
            self._reserve(shipped_lines, 1, Reservation.EventType.SHIPMENT_CREATED.value, ids, shipped_at)
            done = source_index == shipments[-1][0] and invoiced
            self._history(oid, OrderStatus.COMPLETE.value if done else OrderStatus.PROCESSING.value, "shipment",
                          "0", shipped_at)

    def _plan_shipments(self, lines: list[Line]) -> list[tuple[int, list[Line]]] | None:
        """One shipment per source: each physical line from the first source by priority that holds all of it."""
        by_source: dict[int, list[tuple[int, Line]]] = {}
        for line in lines:
            if line.product.virtual:
                continue
            item = next((i for i, qty in enumerate(line.product.quantities) if qty >= line.qty), None)
            if item is None:
                return None
            by_source.setdefault(line.product.sources[item], []).append((item, line))
        for shipped in by_source.values():
            for item, line in shipped:
                _decrement(line.product, item, line.qty)
        return sorted((source, [line for _, line in shipped]) for source, shipped in by_source.items())

    def _deduct_virtual(self, lines: list[Line]) -> None:
        """The priority source selection at invoice time: in-stock items by priority, as much as each holds."""
        for line in lines:
            if not line.product.virtual:
                continue
            needed, quantities = line.qty, line.product.quantities
            for item, qty in enumerate(quantities):
                if qty > 0 and needed:
                    take = min(qty, needed)
                    _decrement(line.product, item, take)
                    needed -= take
            if needed:
                raise AssertionError(f"{line.product.sku}: not enough to deduct")  # salable was checked

    def _reserve(self, lines: list[Line], sign: int, event: str, ids: tuple[str, str], at: str) -> None:
        rows, stock_id, reservation_id = self.out[Reservation].rows, self.stock_id, self._take(Reservation, len(lines))
        for line in lines:
            line.product.reserved += sign * line.qty
            rows.append((str(reservation_id), stock_id, line.product.sku, str(sign * line.qty), event, *ids, at))
            reservation_id += 1

    def _history(self, order_id: str, status: str, entity: str, notified: str | None, at: str) -> None:
        self.out[OrderStatusHistory].rows.append(
            (str(self._take(OrderStatusHistory)), order_id, status, entity, notified, at))

    def _addresses(self, order_id: str, customer_id: str | None, first: str, last: str, email: str,
                   is_virtual: bool) -> dict[str, str]:
        rnd, rows = self.rng.random, self.out[OrderAddress].rows
        place = CITY_TEXTS[int(rnd() * len(CITY_TEXTS))]  # city, region, region id and code, postcode
        ids = {}
        for address_type in ("billing",) if is_virtual else ("shipping", "billing"):
            ids[address_type] = address_id = str(self._take(OrderAddress))
            rows.append((address_id, order_id, address_type, customer_id, first, last,
                         f"{1 + int(rnd() * 999)} Main St.", *place, "US", "555-0100", email))
        return ids

    def _invoice(self, order_id: str, lines: list[Line], addresses: dict[str, str], subtotal: str, discount: str,
                 shipping: str, grand_total: str, at: str) -> None:
        """One invoice for everything, as ``invoice_order`` without items makes it (tax 0)."""
        invoice_id, null = self._take(Invoice), self.null
        parent = str(invoice_id)
        self.out[Invoice].rows.append((
            parent, order_id, f"{invoice_id:09d}", INVOICE_PAID, addresses.get("billing", null),
            addresses.get("shipping", null), subtotal, subtotal, subtotal, subtotal, discount, discount, shipping,
            shipping, shipping, shipping, grand_total, grand_total, str(sum(line.qty for line in lines)), at, at,
        ))
        rows, entity_id = self.out[InvoiceItem].rows, self._take(InvoiceItem, len(lines))
        for line in lines:
            product, price, row_total = line.product, line.price, line.row_total_text
            line_discount = line.discount_text if line.discount else null
            rows.append((
                str(entity_id), parent, line.item_id, str(product.pk), product.sku, line.name, line.qty_text,
                price, price, price, price, row_total, row_total, row_total, row_total, line_discount, line_discount,
            ))
            entity_id += 1

    def _ship(self, order_id: str, customer_id: str | None, addresses: dict[str, str], source_index: int,
              lines: list[Line], at: str) -> None:
        shipment_id, null = self._take(Shipment), self.null
        parent = str(shipment_id)
        weights = [line.product.weight * line.qty for line in lines if line.product.weight is not None]
        self.out[Shipment].rows.append((
            parent, order_id, f"{shipment_id:09d}", customer_id, addresses.get("billing", null),
            addresses.get("shipping", null), str(sum(line.qty for line in lines)),
            tenths_text(sum(weights)) if weights else null, "[]", self.source_codes[source_index], at, at,
        ))
        rows, entity_id = self.out[ShipmentItem].rows, self._take(ShipmentItem, len(lines))
        for line in lines:
            product = line.product
            weight = null if product.weight is None else tenths_text(product.weight)
            rows.append((str(entity_id), parent, line.item_id, str(product.pk), product.sku, line.name, line.price,
                         weight, line.qty_text))
            entity_id += 1


def _write_batch(raw_connection: Any, batch: list[tuple[TableWriter, list[tuple[str | None, ...]]]]) -> None:
    cursor = raw_connection.cursor()
    try:
        for writer, rows in batch:
            writer.write(cursor, rows)
    finally:
        cursor.close()


def _decrement(product: CatalogProduct, item: int, qty: int) -> None:
    """inventory.source_deduction's rule: never below 0, out of stock at 0 (``_source_items`` writes the status)."""
    if product.quantities[item] < qty:
        raise AssertionError("source quantity would go negative")
    product.quantities[item] -= qty
