"""Salable quantity at scale: one indexed query, equal to MSI's definition after any sequence of operations."""

from __future__ import annotations

import random
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection

from backoffice.exceptions import DomainError
from catalog.models import ProductType
from inventory.models import Reservation, Source, SourceItem
from inventory.reservations import cleanup_reservations
from inventory.salable import get_salable_quantities, get_salable_quantity, is_product_salable
from inventory.source_items import SourceItemData, save_source_items
from inventory.sources import save_source
from sales.invoicing import InvoiceLine, invoice_order
from sales.models import Order
from sales.orders import cancel_order
from sales.placement import OrderLine, PlaceOrderRequest, place_order
from sales.shipping import ShipmentLine, ship_order
from tests.factories import ADDRESS, make_product
from tests.inventory.world import make_source, make_stock
from tests.performance.support import recomputed_salable

pytestmark = pytest.mark.django_db
D = Decimal
SOURCES = ("east", "west", "store")


@pytest.fixture
def shop():
    """Stock "Web" (website base) links east, west and store; stock "Retail" links store only; six products."""
    for code in SOURCES:
        make_source(code)
    web = make_stock("Web", sources=SOURCES, channels=["base"])
    retail = make_stock("Retail", sources=["store"])
    products = [make_product(quantity=None, type_id=ProductType.VIRTUAL if n % 3 == 0 else ProductType.SIMPLE)
                for n in range(6)]
    for product in products:
        save_source_items([SourceItemData(product.sku, code, D(20), 1) for code in SOURCES])
    return [p.sku for p in products], [web.pk, retail.pk]


def place(rng: random.Random, skus: list[str]) -> None:
    lines = [OrderLine(sku, D(rng.randint(1, 4))) for sku in rng.sample(skus, rng.randint(1, 3))]
    place_order(PlaceOrderRequest(lines=lines, billing_address=ADDRESS, shipping_address=ADDRESS,
                                  payment_method="checkmo", customer_email="load@example.com"))


def invoice(rng: random.Random, order: Order) -> None:
    item = rng.choice(list(order.items.all()))
    invoice_order(order, items=[InvoiceLine(item.pk, min(item.qty_to_invoice, D(rng.randint(1, 2))))])


def ship(rng: random.Random, order: Order) -> None:
    item = rng.choice(list(order.items.all()))
    ship_order(order, items=[ShipmentLine(item.pk, min(item.qty_to_ship, D(1)))], source_code=rng.choice(SOURCES))


def restock(rng: random.Random, skus: list[str]) -> None:
    status = 0 if rng.random() < 0.2 else 1
    save_source_items([SourceItemData(rng.choice(skus), rng.choice(SOURCES), D(rng.randint(0, 30)), status)])


def toggle_source(rng: random.Random) -> None:
    source = Source.objects.get(pk=rng.choice(SOURCES))
    save_source({"source_code": source.pk, "name": source.name, "enabled": not source.enabled})


def assert_salable_as_defined(skus: list[str], stock_ids: list[int]) -> None:
    expected = recomputed_salable()
    for stock_id in stock_ids:
        per_stock = get_salable_quantities(skus, stock_id=stock_id)
        for sku in skus:
            qty = expected.get((sku, stock_id), D(0))
            assert get_salable_quantity(sku, stock_id) == qty, (sku, stock_id)
            assert (per_stock[sku][0].qty if sku in per_stock else D(0)) == qty
            assert is_product_salable(sku, stock_id) is (qty > 0)
    every_stock = get_salable_quantities(skus)  # as the Products grid asks
    assert {(sku, row.stock_id): row.qty for sku, rows in every_stock.items() for row in rows} == expected


@pytest.mark.parametrize("seed", [1, 2])
def test_salable_quantity_stays_msi_s_definition_after_random_operations(shop, seed):
    skus, stock_ids = shop
    rng = random.Random(seed)
    operations = ["place"] * 4 + ["invoice"] * 2 + ["ship"] * 3 + ["cancel", "restock", "restock", "toggle", "cleanup"]
    done = Counter()
    for _ in range(50):
        operation = rng.choice(operations)
        orders = list(Order.objects.filter(state__in=["new", "processing"]))
        try:
            if operation == "place":
                place(rng, skus)
            elif operation == "restock":
                restock(rng, skus)
            elif operation == "toggle":
                toggle_source(rng)
            elif operation == "cleanup":
                cleanup_reservations(batch_size=3)
            elif orders:
                {"invoice": invoice, "ship": ship, "cancel": lambda _, o: cancel_order(o)}[operation](rng, rng.choice(orders))
            else:
                continue
            done[operation] += 1
        except DomainError:
            pass  # refused (not enough for sale, nothing left to ship, ...): nothing was written
        assert_salable_as_defined(skus, stock_ids)

    assert set(done) == set(operations), done  # every kind of operation went through at least once


def test_one_query_for_one_sku_and_stock(shop, django_assert_num_queries):
    skus, (web, _) = shop
    place_order(PlaceOrderRequest(lines=[OrderLine(skus[1], D(3))], billing_address=ADDRESS, shipping_address=ADDRESS,
                                  payment_method="checkmo", customer_email="load@example.com"))

    with django_assert_num_queries(1):
        qty = get_salable_quantity(skus[1], web)

    assert qty == D(57)


def test_reservations_are_summed_on_their_index(shop, django_assert_num_queries):
    """The query plan reads reservation_stock_sku_qty by (stock_id, sku), whatever the table's size."""
    skus, (web, _) = shop
    Reservation.objects.bulk_create(
        Reservation(stock_id=web, sku=f"OTHER-{n}", quantity=D(-1), event_type="order_placed") for n in range(500)
    )
    with django_assert_num_queries(1) as captured:
        get_salable_quantity(skus[0], web)
    sql, params = captured.captured_queries[0]["sql"], None
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a 500-row table would be scanned anyway
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())

    assert "reservation_stock_sku_qty" in plan


def test_a_compensated_order_leaves_the_salable_quantity_where_it_was(shop):
    skus, (web, _) = shop
    order = place_order(PlaceOrderRequest(lines=[OrderLine(skus[1], D(2))], billing_address=ADDRESS,
                                          shipping_address=ADDRESS, payment_method="checkmo",
                                          customer_email="load@example.com"))
    cancel_order(order)

    assert get_salable_quantity(skus[1], web) == SourceItem.objects.filter(product_id=skus[1]).count() * D(20)


def test_the_statement_is_compiled_once_and_answers_exact_decimals(shop, django_assert_num_queries):
    """The salable query is compiled by the ORM on the first call only; later calls execute the same SQL with
    their SKU and stock id, and the backend's converters still give exact Decimals (SQLite sums as REAL)."""
    from django.db.models.sql.compiler import SQLCompiler

    from inventory import salable

    skus, (web, retail) = shop
    Reservation.objects.bulk_create([
        Reservation(stock_id=web, sku=skus[2], quantity=D("-1.5"), event_type="order_placed"),
        Reservation(stock_id=web, sku=skus[2], quantity=D("-0.25"), event_type="order_placed"),
        Reservation(stock_id=retail, sku=skus[3], quantity=D("-2.0001"), event_type="order_placed"),
    ])
    get_salable_quantity(skus[0], web)  # compiled here, if no earlier test did

    compiled = []
    original = SQLCompiler.as_sql

    def as_sql(self, *args, **kwargs):
        compiled.append(self.query.model)
        return original(self, *args, **kwargs)

    SQLCompiler.as_sql = as_sql
    try:
        with django_assert_num_queries(3):
            web_qty = get_salable_quantity(skus[2], web)
            retail_qty = get_salable_quantity(skus[3], retail)
            unknown = salable._salable_quantity_or_none("NO-SUCH-SKU", web)
    finally:
        SQLCompiler.as_sql = original

    assert compiled == []
    assert (web_qty, retail_qty, unknown) == (D("58.25"), D("17.9999"), None)
    assert type(web_qty) is Decimal
    assert get_salable_quantity(skus[2], retail) == D(20)  # the web reservations are not the retail stock's
