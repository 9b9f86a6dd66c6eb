"""Salable quantity, MSI's definition: in-stock items of enabled linked sources, plus reservations."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Value

from catalog.models import Product
from inventory import salable
from inventory.exceptions import ProductNotFound
from inventory.models import Reservation, Source, SourceItem, Stock, StockSourceLink
from inventory.salable import (
    StockSalableQty,
    _salable_statement,
    are_products_salable,
    get_salable_quantities,
    get_salable_quantity,
    is_product_salable_for_requested_qty,
    salable_quantity_of,
    with_salable_quantity,
)
from tests.factories import make_product

pytestmark = pytest.mark.django_db
D = Decimal
IN, OUT = SourceItem.Status.IN_STOCK, SourceItem.Status.OUT_OF_STOCK


@pytest.fixture(autouse=True)
def fresh_statements(monkeypatch):
    """Each test compiles the salable statement afresh: none kept from an earlier test (or process)."""
    monkeypatch.setattr(salable, "_STATEMENTS", {})


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


@pytest.mark.parametrize(
    ("items", "reservations", "expected_a", "expected_b"),
    [
        ([("a1", "10"), ("a2", "5"), ("b1", "7")], [("A", "-3")], D(12), D(12)),
        ([("a1", "10", OUT)], [("A", "-1")], D(0), D(0)),  # nothing in stock: 0, the reservation notwithstanding
        ([("a1", "2.5"), ("b1", "0.25")], [("A", "-0.75"), ("B", "+0.5")], D("1.75"), D("0.75")),
    ],
)
def test_the_salable_quantity_read_with_the_product_is_the_one_asked_alone(
    two_stocks, items, reservations, expected_a, expected_b
):
    """Magento_InventorySales Model/GetProductSalableQty.php (the same sum, read with the product by the cart's
    quantity check): a stock id, or an expression giving it, each product its own quantity on that stock."""
    stock_a, stock_b = two_stocks
    product, other = make_product(quantity=None), make_product(quantity=None)
    for code, quantity, *status in items:
        put(product, code, quantity, *status)
    put(other, "a1", "4")
    for stock, quantity in reservations:
        reserve(product.sku, stock_a if stock == "A" else stock_b, quantity)

    for stock_id, expected in ((stock_a, expected_a), (stock_b, expected_b)):
        for stock in (stock_id, Value(stock_id)):
            read = {p.sku: p for p in with_salable_quantity(Product.objects.filter(sku__in=[product.sku, other.sku]), stock)}
            assert salable_quantity_of(read[product.sku]) == expected
            assert salable_quantity_of(read[other.sku]) == (D(4) if stock_id == stock_a else D(0))
        assert get_salable_quantity(product.sku, stock_id) == expected


def test_one_skus_salable_quantity_is_one_statement_compiled_once(two_stocks, django_assert_num_queries):
    """Magento_InventorySales Model/GetProductSalableQty.php: one SKU's quantity, a Decimal of the stock's sum, in
    one query; the statement is compiled once per database vendor and kept (the SKU and stock id are its
    parameters, so two SKUs on two stocks are each answered their own quantity)."""
    stock_a, stock_b = two_stocks
    first, second = make_product(quantity=None), make_product(quantity=None)
    put(first, "a1", "1.5")
    put(second, "b1", "6")
    reserve(second.sku, stock_b, "-2")

    assert _salable_statement(connection) is _salable_statement(connection)
    with django_assert_num_queries(1):
        quantity = get_salable_quantity(first.sku, stock_a)
    assert (type(quantity), quantity) == (Decimal, D("1.5"))
    assert (get_salable_quantity(second.sku, stock_b), get_salable_quantity(second.sku, stock_a)) == (D(4), D(0))
    assert get_salable_quantity(first.sku, stock_b) == D(0)



def test_a_disabled_source_drops_out_of_the_quantity_read_with_the_product_and_of_requested_qty(two_stocks):
    """Magento_InventorySales Model/ResourceModel/GetProductSalableQty (only enabled sources count) and
    Model/IsProductSalableForRequestedQtyCondition/IsAnySourceItemInStockCondition.php (an in-stock item at a
    disabled source is none)."""
    stock_a, _ = two_stocks
    product = make_product(quantity=None)
    put(product, "a1", "10")
    Source.objects.filter(source_code="a1").update(enabled=False)

    read = with_salable_quantity(Product.objects.filter(sku=product.sku), stock_a).get()
    assert salable_quantity_of(read) == D(0)
    assert get_salable_quantities([product.sku], stock_id=stock_a) == {product.sku: [StockSalableQty(stock_a, "Stock A", D(0))]}
    assert [error.code for error in is_product_salable_for_requested_qty(product.sku, stock_a, D(1)).errors] == [
        "is_any_source_item_in_stock-no_source_items_in_stock"
    ]


def test_are_products_salable_on_the_stock_asked_with_some_quantity_left(two_stocks):
    """Magento_InventorySalesApi Api/AreProductsSalableInterface.php with IsSalableWithReservationsCondition.php
    (salable while more than 0 is left): the stock asked, not the SKU's first stock; none left is not salable."""
    stock_a, stock_b = two_stocks
    reserved = make_product(quantity=None)
    put(reserved, "a1", "5")
    reserve(reserved.sku, stock_a, "-5")
    on_b = make_product(quantity=None)
    put(on_b, "a1", "10", OUT)
    put(on_b, "b1", "3")

    assert are_products_salable([reserved.sku, on_b.sku, "NOPE"], stock_a) == [
        (reserved.sku, False), (on_b.sku, False), ("NOPE", False)
    ]
    assert are_products_salable([on_b.sku], stock_b) == [(on_b.sku, True)]



def test_a_source_in_no_stock_is_skipped_and_the_skus_other_stocks_still_answered(two_stocks):
    """Magento_InventorySales Model/GetProductSalableQty.php per stock: a source item at a source linked to no stock
    counts on none, and does not hide the SKU's stocks (nor the next SKU's)."""
    stock_a, stock_b = two_stocks
    Source.objects.create(source_code="lonely", name="Lonely", country_id="US", postcode="1")
    first, second = make_product(quantity=None), make_product(quantity=None)
    for product in (first, second):
        put(product, "lonely", "7")
        put(product, "a1", "2")
    put(second, "b1", "3")

    assert get_salable_quantities([first.sku, second.sku]) == {
        first.sku: [StockSalableQty(stock_a, "Stock A", D(2))],
        second.sku: [StockSalableQty(stock_a, "Stock A", D(2)), StockSalableQty(stock_b, "Stock B", D(3))],
    }


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
