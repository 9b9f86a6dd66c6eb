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
row by row, the SQLite FTS5 triggers and PostgreSQL's deferred checks at ``COMMIT`` were most of the time.
"""

from __future__ import annotations

import itertools
import json
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandParser
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from backoffice.grid_search import create_statements, drop_statements
from backoffice.money import CENT, ZERO
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


class TableWriter:
    """Rows of one model, buffered and written in batches. Values are given by attname; the model's defaults
    fill the rest. Values must be database-ready (datetimes through ``db_time``, JSON as text)."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.fields = model._meta.concrete_fields
        self.defaults = [_default(f) for f in self.fields]
        self.position = {f.attname: i for i, f in enumerate(self.fields)}
        self.rows: list[list] = []
        self.count = 0

    def add(self, **values: object) -> None:
        row, position = self.defaults.copy(), self.position  # a copy and a few stores: a dict merge costs more
        try:
            for name, value in values.items():
                row[position[name]] = value
        except KeyError as error:
            raise TypeError(f"{self.model.__name__} has no field {error}") from None
        self.rows.append(row)

    def flush(self) -> None:
        if not self.rows:
            return
        qn = connection.ops.quote_name
        table, columns = qn(self.model._meta.db_table), ", ".join(qn(f.column) for f in self.fields)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:  # sqlite3's own cursor: Django's wrapper rewrites every row's parameters
                placeholders = ", ".join(["?"] * len(self.fields))
                cursor.cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", self.rows)
        self.count += len(self.rows)
        self.rows.clear()


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


def db_time(value: datetime) -> object:
    """What ``adapt_datetimefield_value`` gives (an aware datetime for PostgreSQL, naive UTC text for SQLite),
    without its per-call settings and connection look-ups."""
    if _postgresql():
        return value
    if value.tzinfo is UTC:  # every time here derives from timezone.now(): str() ends with "+00:00"
        return str(value)[:-6]
    return str(value.astimezone(UTC).replace(tzinfo=None))


@cache
def _postgresql() -> bool:
    return connection.vendor == "postgresql"


def next_pk(model: type[models.Model]) -> int:
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(slots=True)
class CatalogProduct:
    pk: int
    sku: str
    name: str
    type_id: str
    price: Decimal
    weight: Decimal | None
    # [source index (= priority on the main stock), quantity, status] in priority order.
    items: list[list[int]] = field(default_factory=list)
    reserved: int = 0  # Σ reservations on the main stock

    @property
    def is_virtual(self) -> bool:
        return self.type_id == ProductType.VIRTUAL

    @property
    def salable(self) -> int:
        in_stock = [qty for _, qty, status in self.items if status == SourceItem.Status.IN_STOCK]
        return sum(in_stock) + self.reserved if in_stock else 0


@dataclass
class Line:
    product: CatalogProduct
    qty: int
    item_id: int = 0
    row_total: Decimal = ZERO
    discount: Decimal = ZERO


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
        self.now = timezone.now().replace(microsecond=0)
        self.written: list[TableWriter] = []
        with bulk_load_session(), transaction.atomic():
            self._suspend_search_indexes()
            self.main_stock, self.sources = self._inventory_setup(options["sources"], options["stocks"])
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

    def writer(self, model: type[models.Model]) -> TableWriter:
        w = TableWriter(model)
        self.written.append(w)
        return w

    def _catalog(self, n: int) -> list[CatalogProduct]:
        rng, now = self.rng, db_time(self.now)
        products_out = self.writer(Product)
        pk = next_pk(Product)
        products = []
        for i in range(n):
            virtual = rng.random() < VIRTUAL_SHARE
            product = CatalogProduct(
                pk=pk + i, sku=f"LOAD-{pk + i:07d}", name=f"Load {'Virtual' if virtual else 'Simple'} Product {pk + i}",
                type_id=ProductType.VIRTUAL if virtual else ProductType.SIMPLE,
                price=Decimal(rng.randrange(500, 20000)) / 100,
                weight=None if virtual else Decimal(rng.randrange(1, 50)) / 10,
            )
            for source_index in sorted(rng.sample(range(len(self.sources)), rng.randint(1, min(4, len(self.sources))))):
                out_of_stock = rng.random() < 0.03
                qty = 0 if out_of_stock else rng.randint(20, 500)
                product.items.append([source_index, qty, int(not out_of_stock)])
            products.append(product)
            products_out.add(id=product.pk, sku=product.sku, name=product.name, type_id=product.type_id,
                             price=product.price, weight=product.weight, created_at=now, updated_at=now)
            if len(products_out.rows) >= 10_000:
                products_out.flush()
                self._progress("products", i + 1, n)
        products_out.flush()
        return products

    def _source_items(self) -> None:
        items = self.writer(SourceItem)
        pk = next_pk(SourceItem)
        for n, product in enumerate(self.products, 1):
            for source_index, qty, status in product.items:
                items.add(id=pk, source_id=self.sources[source_index].source_code, product_id=product.sku,
                          quantity=Decimal(qty), status=status)
                pk += 1
            if len(items.rows) >= 20_000:
                items.flush()
                self._progress("source items", n, len(self.products))
        items.flush()

    def _customers(self, n: int) -> list[tuple[int, str, str, str]]:
        rng, now = self.rng, db_time(self.now)
        out = self.writer(Customer)
        pk = next_pk(Customer)
        password = make_password(None)  # unusable
        customers = []
        for i in range(pk, pk + n):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            email = f"load.customer{i}@example.com"
            out.add(id=i, email=email, firstname=first, lastname=last, password=password, created_at=now,
                    updated_at=now)
            customers.append((i, email, first, last))
        out.flush()
        return customers

    def _reset_sequences(self) -> None:
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [w.model for w in self.written]):
                cursor.execute(statement)

    # --- orders ------------------------------------------------------------------------------------------------

    def _orders(self, n: int, max_lines: int, batch_size: int) -> None:
        self.out = {model: self.writer(model) for model in (
            Order, OrderItem, OrderAddress, OrderPayment, OrderStatusHistory, Invoice, InvoiceItem, Shipment,
            ShipmentItem, Reservation,
        )}
        self.next = {model: next_pk(model) for model in (
            Order, OrderItem, OrderAddress, OrderPayment, OrderStatusHistory, Invoice, InvoiceItem, Shipment,
            ShipmentItem, Reservation,
        )}
        self.physical = [p for p in self.products if not p.is_virtual and p.items]
        self.virtual = [p for p in self.products if p.is_virtual and p.items]
        start, step = self.now - timedelta(days=HISTORY_DAYS), timedelta(days=HISTORY_DAYS) / max(n, 1)
        lifecycles, cum_weights = list(LIFECYCLES), list(itertools.accumulate(LIFECYCLES.values()))
        for i in range(n):
            lines = self._lines(max_lines)
            if lines:
                self._order(lines, start + step * i, self.rng.choices(lifecycles, cum_weights=cum_weights)[0])
            if (i + 1) % batch_size == 0 or i + 1 == n:
                for writer in self.out.values():
                    writer.flush()
                self._progress("orders", i + 1, n)

    def _take(self, model: type[models.Model]) -> int:
        pk = self.next[model]
        self.next[model] = pk + 1
        return pk

    def _lines(self, max_lines: int) -> list[Line]:
        """Distinct products with enough salable quantity (placement refuses the others)."""
        rng = self.rng
        pool = self.virtual if self.virtual and rng.random() < VIRTUAL_ORDER_SHARE else self.physical or self.virtual
        if not pool:
            return []
        lines = []
        for product in rng.sample(pool, min(rng.randint(1, max_lines), len(pool))):
            qty = rng.choice(LINE_QTYS)
            if product.salable >= qty:
                lines.append(Line(product, qty))
        return lines

    def _order(self, lines: list[Line], placed_at: datetime, lifecycle: str) -> None:
        rng = self.rng
        order_id = self._take(Order)
        increment_id = f"{order_id:09d}"
        is_virtual = all(line.product.is_virtual for line in lines)
        customer = None if rng.random() < GUEST_SHARE else rng.choice(self.customers)
        first, last = (customer[2], customer[3]) if customer else (rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
        email = customer[1] if customer else f"guest{order_id}@example.com"

        subtotal = sum((money(line.product.price * line.qty) for line in lines), ZERO)
        discount_percent = Decimal(20) if subtotal >= 200 and rng.random() < 0.5 else ZERO
        for line in lines:
            line.item_id = self._take(OrderItem)
            line.row_total = money(line.product.price * line.qty)
            line.discount = money(line.row_total * discount_percent / 100)
        discount = sum((line.discount for line in lines), ZERO)
        physical_qty = sum(line.qty for line in lines if not line.product.is_virtual)
        shipping = Decimal(physical_qty) * FLAT_RATE_PER_ITEM if not is_virtual else ZERO
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
        state = {
            "new": OrderState.NEW, "holded": OrderState.HOLDED, "canceled": OrderState.CANCELED,
            "invoiced": OrderState.COMPLETE if is_virtual else OrderState.PROCESSING,
            "shipped": OrderState.PROCESSING, "complete": OrderState.COMPLETE,
        }[lifecycle]
        status = OrderStatus.PENDING if state == OrderState.NEW else OrderStatus(state)
        at = placed_at  # the time of the event being written
        updated_at = placed_at + timedelta(days=2) if lifecycle != "new" else placed_at

        invoiced_totals = {}
        if invoiced:
            invoiced_totals = {
                "subtotal_invoiced": subtotal, "discount_invoiced": -discount, "shipping_invoiced": shipping,
                "tax_invoiced": ZERO, "discount_tax_compensation_invoiced": ZERO, "total_invoiced": grand_total,
                "total_paid": grand_total,
            }
        self.out[Order].add(
            entity_id=order_id, increment_id=increment_id, state=state, status=status,
            customer_id=customer[0] if customer else None, customer_email=email, customer_firstname=first,
            customer_lastname=last, customer_group_id=1 if customer else 0, customer_is_guest=0 if customer else 1,
            subtotal=subtotal, base_subtotal=subtotal, subtotal_incl_tax=subtotal, base_subtotal_incl_tax=subtotal,
            discount_amount=-discount, base_discount_amount=-discount,
            discount_description="Discount" if discount_percent else None,
            applied_rule_ids="3" if discount_percent else None,
            shipping_amount=shipping, base_shipping_amount=shipping, shipping_incl_tax=shipping,
            base_shipping_incl_tax=shipping, grand_total=grand_total, base_grand_total=grand_total,
            **invoiced_totals, **{f"base_{name}": value for name, value in invoiced_totals.items()},
            total_qty_ordered=Decimal(sum(line.qty for line in lines)), total_item_count=len(lines),
            weight=sum(weights, ZERO) if weights else None, is_virtual=int(is_virtual),
            shipping_method=None if is_virtual else "flatrate_flatrate",
            shipping_description=None if is_virtual else SHIPPING_METHODS["flatrate_flatrate"],
            hold_before_state=OrderState.NEW if lifecycle == "holded" else None,
            hold_before_status=OrderStatus.PENDING if lifecycle == "holded" else None,
            created_at=db_time(placed_at), updated_at=db_time(updated_at),
        )
        for line in lines:
            product, qty = line.product, Decimal(line.qty)
            self.out[OrderItem].add(
                item_id=line.item_id, order_id=order_id, product_id=product.pk, product_type=product.type_id,
                sku=product.sku, name=product.name, is_virtual=int(product.is_virtual), weight=product.weight,
                row_weight=product.weight * qty if product.weight is not None else None, qty_ordered=qty,
                qty_invoiced=qty if invoiced else ZERO, qty_shipped=qty if shipped and not product.is_virtual else ZERO,
                qty_canceled=qty if canceled else ZERO,
                price=product.price, base_price=product.price, original_price=product.price,
                base_original_price=product.price, price_incl_tax=product.price, base_price_incl_tax=product.price,
                row_total=line.row_total, base_row_total=line.row_total, row_total_incl_tax=line.row_total,
                base_row_total_incl_tax=line.row_total, discount_percent=discount_percent,
                discount_amount=line.discount, base_discount_amount=line.discount,
                row_invoiced=line.row_total if invoiced else ZERO, base_row_invoiced=line.row_total if invoiced else ZERO,
                discount_invoiced=line.discount if invoiced else ZERO,
                base_discount_invoiced=line.discount if invoiced else ZERO,
                created_at=db_time(placed_at), updated_at=db_time(updated_at),
            )
        addresses = self._addresses(order_id, customer, first, last, email, is_virtual)
        method = rng.choice(PAYMENT_METHODS)
        paid = grand_total if invoiced else None
        self.out[OrderPayment].add(
            entity_id=self._take(OrderPayment), parent_id=order_id, method=method,
            additional_information=json.dumps([method.label]), amount_ordered=grand_total,
            base_amount_ordered=grand_total, shipping_amount=shipping, base_shipping_amount=shipping,
            amount_paid=paid, base_amount_paid=paid, shipping_captured=shipping if invoiced else None,
            base_shipping_captured=shipping if invoiced else None,
        )
        ids = (str(order_id), increment_id)
        self._history(order_id, OrderStatus.PENDING, "order", None, placed_at)
        self._reserve(lines, -1, Reservation.EventType.ORDER_PLACED, ids, placed_at)
        if lifecycle == "holded":
            self._history(order_id, OrderStatus.HOLDED, "order", None, at + timedelta(hours=1))
        if canceled:
            self._history(order_id, OrderStatus.CANCELED, "order", None, at + timedelta(hours=2))
            self._reserve(lines, 1, Reservation.EventType.ORDER_CANCELED, ids, at + timedelta(hours=2))
        if invoiced:
            at += timedelta(hours=1)
            after = OrderState.COMPLETE if is_virtual else OrderState.PROCESSING  # physical items still to ship
            self._invoice(order_id, lines, addresses, subtotal, discount, shipping, grand_total, at)
            self._deduct_virtual(lines)
            self._reserve([line for line in lines if line.product.is_virtual], 1,
                          Reservation.EventType.INVOICE_CREATED, ids, at)
            self._history(order_id, OrderStatus(after), "invoice", 0, at)
        for source_index, shipped_lines in shipments or []:
            at += timedelta(hours=12)
            self._ship(order_id, customer, addresses, source_index, shipped_lines, at)
            self._reserve(shipped_lines, 1, Reservation.EventType.SHIPMENT_CREATED, ids, at)
            last_one = source_index == shipments[-1][0]
            done = last_one and invoiced
            self._history(order_id, OrderStatus.COMPLETE if done else OrderStatus.PROCESSING, "shipment", 0, at)

    def _plan_shipments(self, lines: list[Line]) -> list[tuple[int, list[Line]]] | None:
        """One shipment per source: each physical line from the first source by priority that holds all of it."""
        by_source: dict[int, list[Line]] = {}
        for line in lines:
            if line.product.is_virtual:
                continue
            item = next((item for item in line.product.items
                         if item[2] == SourceItem.Status.IN_STOCK and item[1] >= line.qty), None)
            if item is None:
                return None
            by_source.setdefault(item[0], []).append(line)
        for source_index, shipped in by_source.items():
            for line in shipped:
                item = next(item for item in line.product.items if item[0] == source_index)
                _decrement(item, line.qty)
        return sorted(by_source.items())

    def _deduct_virtual(self, lines: list[Line]) -> None:
        """The priority source selection at invoice time: in-stock items by priority, as much as each holds."""
        for line in lines:
            if not line.product.is_virtual:
                continue
            needed = line.qty
            for item in line.product.items:
                if item[2] == SourceItem.Status.IN_STOCK and needed:
                    take = min(max(item[1], 0), needed)
                    if take:
                        _decrement(item, take)
                    needed -= take
            if needed:
                raise AssertionError(f"{line.product.sku}: not enough to deduct")  # salable was checked

    def _reserve(self, lines: list[Line], sign: int, event: str, ids: tuple[str, str], at: datetime) -> None:
        for line in lines:
            line.product.reserved += sign * line.qty
            self.out[Reservation].add(
                reservation_id=self._take(Reservation), stock_id=self.main_stock.pk, sku=line.product.sku, quantity=Decimal(sign * line.qty),
                event_type=event, object_id=ids[0], object_increment_id=ids[1], created_at=db_time(at),
            )

    def _history(self, order_id: int, status: str, entity: str, notified: int | None, at: datetime) -> None:
        self.out[OrderStatusHistory].add(
            entity_id=self._take(OrderStatusHistory), parent_id=order_id, status=status, entity_name=entity,
            is_customer_notified=notified, created_at=db_time(at),
        )

    def _addresses(self, order_id: int, customer: tuple | None, first: str, last: str, email: str,
                   is_virtual: bool) -> dict[str, int]:
        city, region, region_id, region_code, postcode = self.rng.choice(CITIES)
        ids = {}
        for address_type in ("billing",) if is_virtual else ("shipping", "billing"):
            ids[address_type] = self._take(OrderAddress)
            self.out[OrderAddress].add(
                entity_id=ids[address_type], parent_id=order_id, address_type=address_type,
                customer_id=customer[0] if customer else None, firstname=first, lastname=last,
                street=f"{self.rng.randint(1, 999)} Main St.", city=city, region=region, region_id=region_id,
                region_code=region_code, postcode=postcode, country_id="US", telephone="555-0100", email=email,
            )
        return ids

    def _invoice(self, order_id: int, lines: list[Line], addresses: dict[str, int], subtotal: Decimal,
                 discount: Decimal, shipping: Decimal, grand_total: Decimal, at: datetime) -> None:
        """One invoice for everything, as ``invoice_order`` without items makes it (tax 0)."""
        invoice_id = self._take(Invoice)
        self.out[Invoice].add(
            entity_id=invoice_id, order_id=order_id, increment_id=f"{invoice_id:09d}", state=InvoiceState.PAID,
            billing_address_id=addresses.get("billing"), shipping_address_id=addresses.get("shipping"),
            subtotal=subtotal, base_subtotal=subtotal, subtotal_incl_tax=subtotal, base_subtotal_incl_tax=subtotal,
            discount_amount=-discount, base_discount_amount=-discount, shipping_amount=shipping,
            base_shipping_amount=shipping, shipping_incl_tax=shipping, base_shipping_incl_tax=shipping,
            grand_total=grand_total, base_grand_total=grand_total, total_qty=Decimal(sum(ln.qty for ln in lines)),
            created_at=db_time(at), updated_at=db_time(at),
        )
        for line in lines:
            product, discount_amount = line.product, line.discount or None
            self.out[InvoiceItem].add(
                entity_id=self._take(InvoiceItem), parent_id=invoice_id, order_item_id=line.item_id,
                product_id=product.pk, sku=product.sku, name=product.name, qty=Decimal(line.qty),
                price=product.price, base_price=product.price, price_incl_tax=product.price,
                base_price_incl_tax=product.price, row_total=line.row_total, base_row_total=line.row_total,
                row_total_incl_tax=line.row_total, base_row_total_incl_tax=line.row_total,
                discount_amount=discount_amount, base_discount_amount=discount_amount,
            )

    def _ship(self, order_id: int, customer: tuple | None, addresses: dict[str, int], source_index: int,
              lines: list[Line], at: datetime) -> None:
        shipment_id = self._take(Shipment)
        weights = [line.product.weight * line.qty for line in lines if line.product.weight is not None]
        self.out[Shipment].add(
            entity_id=shipment_id, order_id=order_id, increment_id=f"{shipment_id:09d}",
            customer_id=customer[0] if customer else None, billing_address_id=addresses.get("billing"),
            shipping_address_id=addresses.get("shipping"), total_qty=Decimal(sum(ln.qty for ln in lines)),
            total_weight=sum(weights, ZERO) if weights else None, packages="[]",
            source_code=self.sources[source_index].source_code, created_at=db_time(at), updated_at=db_time(at),
        )
        for line in lines:
            product = line.product
            self.out[ShipmentItem].add(
                entity_id=self._take(ShipmentItem), parent_id=shipment_id, order_item_id=line.item_id,
                product_id=product.pk, sku=product.sku, name=product.name, price=product.price,
                weight=product.weight, qty=Decimal(line.qty),
            )


def _decrement(item: list[int], qty: int) -> None:
    """inventory.source_deduction's rule: never below 0, out of stock at 0."""
    if item[1] < qty:
        raise AssertionError("source quantity would go negative")
    item[1] -= qty
    if item[1] <= 0:
        item[2] = SourceItem.Status.OUT_OF_STOCK
