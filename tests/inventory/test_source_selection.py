"""The priority source selection algorithm: link priority, ties, disabled sources, out-of-stock items, shortages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from inventory.models import Source, SourceItem, Stock, StockSourceLink
from inventory.source_selection import ItemRequest, SourceSelectionItem, select_sources_by_priority
from tests.factories import make_product

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def stock() -> Stock:
    stock = Stock.objects.create(name="Stock")
    for code, priority in (("second", 2), ("first", 1), ("tie_a", 3), ("tie_b", 3)):
        source = Source.objects.create(source_code=code, name=code, country_id="US", postcode="1")
        StockSourceLink.objects.create(stock=stock, source=source, priority=priority)
    return stock


def put(sku: str, code: str, quantity: str, status: int = SourceItem.Status.IN_STOCK) -> None:
    SourceItem.objects.create(product_id=sku, source_id=code, quantity=D(quantity), status=status)


def test_sources_are_taken_in_link_priority_order(stock):
    sku = make_product(quantity=None).sku
    put(sku, "second", "10")
    put(sku, "first", "3")

    result = select_sources_by_priority(stock.pk, [ItemRequest(sku, D(5))])

    assert result.shippable
    assert result.source_selection_items == [
        SourceSelectionItem("first", sku, D(3), D(3)),
        SourceSelectionItem("second", sku, D(2), D(10)),
    ]


def test_equal_priorities_keep_the_order_the_source_items_were_saved_in(stock):
    sku = make_product(quantity=None).sku
    put(sku, "tie_b", "4")
    put(sku, "tie_a", "4")

    result = select_sources_by_priority(stock.pk, [ItemRequest(sku, D(6))])

    assert [(i.source_code, i.qty_to_deduct) for i in result.source_selection_items] == [("tie_b", 4), ("tie_a", 2)]


def test_disabled_sources_and_out_of_stock_items_are_skipped(stock):
    sku = make_product(quantity=None).sku
    put(sku, "first", "10", SourceItem.Status.OUT_OF_STOCK)
    put(sku, "second", "10")
    put(sku, "tie_a", "10")
    Source.objects.filter(pk="second").update(enabled=False)

    result = select_sources_by_priority(stock.pk, [ItemRequest(sku, D(4))])

    assert result.source_selection_items == [SourceSelectionItem("tie_a", sku, D(4), D(10))]


def test_a_shortage_is_not_shippable_and_lists_what_there_is(stock):
    sku = make_product(quantity=None).sku
    put(sku, "first", "2")
    put(sku, "second", "0")

    result = select_sources_by_priority(stock.pk, [ItemRequest(sku, D(5))])

    assert not result.shippable
    assert [(i.source_code, i.qty_to_deduct, i.qty_available) for i in result.source_selection_items] == [
        ("first", 2, 2), ("second", 0, 0)]


def test_several_skus_are_served_independently(stock):
    one, two = make_product(quantity=None).sku, make_product(quantity=None).sku
    put(one, "first", "1")
    put(two, "first", "5")
    put(one, "second", "5")

    result = select_sources_by_priority(stock.pk, [ItemRequest(one, D(3)), ItemRequest(two, D(3))])

    assert result.shippable
    assert [(i.source_code, i.sku, i.qty_to_deduct) for i in result.source_selection_items] == [
        ("first", one, 1), ("first", two, 3), ("second", one, 2)]
