"""Salable quantity, MSI's definition: in-stock items of enabled linked sources, plus reservations."""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalog.models import Product
from inventory.exceptions import ProductNotFound
from inventory.models import Reservation, Source, SourceItem, Stock, StockSourceLink
from inventory.salable import (
    StockSalableQty,
    are_products_salable,
    get_salable_quantities,
    get_salable_quantity,
    is_product_salable_for_requested_qty,
)
from tests.factories import make_product

pytestmark = pytest.mark.django_db
D = Decimal
IN, OUT = SourceItem.Status.IN_STOCK, SourceItem.Status.OUT_OF_STOCK


@pytest.fixture
def two_stocks():
    """Stock A links sources a1 (priority 1) and a2; stock B links b1 and shares a2."""
    sources = {code: Source.objects.create(source_code=code, name=code.upper(), country_id="US", postcode="1")
               for code in ("a1", "a2", "b1")}
    stock_a = Stock.objects.create(name="Stock A")
    stock_b = Stock.objects.create(name="Stock B")
    for stock, codes in ((stock_a, ["a1", "a2"]), (stock_b, ["b1", "a2"])):
        for priority, code in enumerate(codes, 1):
            StockSourceLink.objects.create(stock=stock, source=sources[code], priority=priority)
    return stock_a.pk, stock_b.pk


def put(product: Product, source_code: str, quantity: str, status: int = IN) -> None:
    SourceItem.objects.create(product=product, source_id=source_code, quantity=D(quantity), status=status)


def reserve(sku: str, stock_id: int, quantity: str) -> None:
    Reservation.objects.create(stock_id=stock_id, sku=sku, quantity=D(quantity), event_type="order_placed")


@pytest.mark.parametrize(
    ("items", "reservations", "expected_a", "expected_b"),
    [
        ([("a1", "10"), ("a2", "5"), ("b1", "7")], [], D(15), D(12)),
        ([("a1", "10"), ("a2", "5", OUT)], [], D(10), D(0)),  # out-of-stock items drop out
        ([("a1", "10", OUT)], [("A", "-1")], D(0), None),  # nothing in stock: not salable at all
        ([("a1", "10"), ("b1", "3")], [("A", "-4"), ("B", "-3")], D(6), D(0)),
        ([("a1", "10")], [("A", "-4"), ("A", "+4")], D(10), None),  # compensation cancels out
        ([("a1", "2.5"), ("a2", "0.25")], [("A", "-0.75")], D(2), D("0.25")),  # decimal quantities
    ],
)
def test_salable_quantity_per_stock(two_stocks, items, reservations, expected_a, expected_b):
    stock_a, stock_b = two_stocks
    product = make_product(quantity=None)
    for code, quantity, *status in items:
        put(product, code, quantity, *status)
    for stock, quantity in reservations:
        reserve(product.sku, stock_a if stock == "A" else stock_b, quantity)

    per_stock = {row.stock_id: row.qty for row in get_salable_quantities([product.sku])[product.sku]}

    assert per_stock.get(stock_a) == expected_a
    assert per_stock.get(stock_b) == expected_b
    assert get_salable_quantity(product.sku, stock_a) == expected_a


def test_a_disabled_source_drops_out(two_stocks):
    stock_a, _ = two_stocks
    product = make_product(quantity=None)
    put(product, "a1", "10")
    put(product, "a2", "5")

    Source.objects.filter(source_code="a1").update(enabled=False)

    assert get_salable_quantity(product.sku, stock_a) == D(5)


def test_a_stock_the_sku_has_no_source_item_in_is_zero(two_stocks):
    _, stock_b = two_stocks
    product = make_product(quantity=None)
    put(product, "a1", "10")

    assert get_salable_quantity(product.sku, stock_b) == D(0)
    assert get_salable_quantities([product.sku]) == {product.sku: [StockSalableQty(two_stocks[0], "Stock A", D(10))]}


def test_the_default_source_serves_the_default_stock():
    product = make_product(quantity=D(98))

    assert get_salable_quantities([product.sku]) == {product.sku: [StockSalableQty(1, "Default Stock", D(98))]}


def test_an_unknown_sku_is_refused_like_magento():
    with pytest.raises(ProductNotFound) as excinfo:
        get_salable_quantity("nope", 1)

    assert excinfo.value.message == "The product that was requested doesn't exist. Verify the product and try again."


def test_many_skus_take_two_queries(two_stocks, django_assert_num_queries):
    products = [make_product(quantity=None) for _ in range(12)]
    for product in products:
        put(product, "a1", "3")
        put(product, "b1", "4")
        reserve(product.sku, two_stocks[0], "-1")

    with django_assert_num_queries(2):
        result = get_salable_quantities([p.sku for p in products])

    assert {sku: [row.qty for row in rows] for sku, rows in result.items()} == {p.sku: [D(2), D(4)] for p in products}


def test_are_products_salable_answers_for_the_stock_asked_and_nothing_left_is_not_salable(two_stocks):
    """AreProductsSalable (InventorySales/Model/AreProductsSalable.php -> IsProductSalable): salable when the
    stock's salable quantity is above 0, on the stock asked (not the SKU's first stock)."""
    stock_a, stock_b = two_stocks
    only_a, sold_out = make_product(quantity=None), make_product(quantity=None)
    put(only_a, "a1", "4")
    put(sold_out, "a1", "2")
    put(sold_out, "b1", "3")
    reserve(sold_out.sku, stock_b, "-3")

    assert are_products_salable([only_a.sku, sold_out.sku], stock_a) == [(only_a.sku, True), (sold_out.sku, True)]
    assert are_products_salable([only_a.sku, sold_out.sku], stock_b) == [(only_a.sku, False), (sold_out.sku, False)]


def test_an_in_stock_item_at_a_disabled_source_is_no_item_in_stock(two_stocks):
    """IsAnySourceItemInStockCondition (InventorySales/Model/IsProductSalableCondition/IsAnySourceItemInStockCondition
    .php) reads the stock's enabled sources only."""
    stock_a, _ = two_stocks
    product = make_product(quantity=None)
    put(product, "a1", "10")
    Source.objects.filter(source_code="a1").update(enabled=False)

    result = is_product_salable_for_requested_qty(product.sku, stock_a, D(1))

    assert [error.code for error in result.errors] == ["is_any_source_item_in_stock-no_source_items_in_stock"]


def test_the_largest_quantity_allowed_in_a_cart_may_be_asked_for():
    """IsCorrectQtyCondition::isMaxSaleQtyCheckFailed: only a quantity above max_sale_qty (10000) is refused."""
    product = make_product(quantity=D(10001))

    assert is_product_salable_for_requested_qty(product.sku, 1, D(10000)).errors == []
    assert [e.code for e in is_product_salable_for_requested_qty(product.sku, 1, D(10001)).errors] == [
        "is_correct_qty-max_sale_qty"
    ]


def test_salable_quantities_skip_disabled_sources_and_sources_no_stock_links(two_stocks):
    """GetProductSalableQty per stock (InventoryIndexer's stock index): only the stock's enabled sources count; an item
    at a source no stock links (MSI allows unassigned sources) adds to no stock and hides no other row."""
    stock_a, stock_b = two_stocks
    Source.objects.create(source_code="z", name="Z", country_id="US", postcode="1")
    product = make_product(quantity=None)
    put(product, "z", "7")
    put(product, "a1", "10")
    put(product, "a2", "5")
    Source.objects.filter(source_code="a1").update(enabled=False)

    assert get_salable_quantities([product.sku]) == {
        product.sku: [StockSalableQty(stock_a, "Stock A", D(5)), StockSalableQty(stock_b, "Stock B", D(5))]
    }
