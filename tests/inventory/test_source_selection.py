"""The priority source selection algorithm: link priority, ties, disabled sources, out-of-stock items, shortages;
and the source deduction that follows it (inventory/source_deduction.py, below)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inventory.exceptions import SourceItemNotFound
from inventory.models import DEFAULT_SOURCE_CODE, Reservation, Source, SourceItem, Stock, StockSourceLink
from inventory.reservations import SalesEvent
from inventory.source_deduction import (
    deduct_by_source_selection,
    return_to_sources,
    source_with_sku_by_priority,
    sources_by_priority,
    write_off_by_source_selection,
)
from inventory.source_selection import ItemRequest, SourceSelectionItem, select_sources_by_priority
from tests.factories import make_product, make_source, make_source_item, make_stock

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


# --- Source deduction (inventory/source_deduction.py) called directly: which source items move, which stay
# untouched, in what order the stock's sources are read. Found by `make mutate` (README "Mutation testing"); the REST
# and credit memo tests reach these functions only with the default source. Contracts (magento/inventory):
# InventorySourceDeductionApi/Model/SourceDeductionService.php (a source item at the out-of-stock threshold, 0, is out
# of stock), InventorySales/Model/ReturnProcessor/ProcessRefundItems.php (goods back into the named source items; a
# SourceItemNotFound names the source code and the SKU), .../ReturnProcessor/DeductSourceItemQuantityOnRefund.php
# (the write-off by source selection), Inventory/Model/Source/Command/GetSourcesAssignedToStockOrderedByPriority.php
# (a stock's sources by link priority) and .../ReturnProcessor/GetInvoicedItemsPerSourceByPriority.php (the first of
# them holding the SKU).

IN, OUT = SourceItem.Status.IN_STOCK, SourceItem.Status.OUT_OF_STOCK

EVENT = SalesEvent(type="creditmemo_created", object_id="7", object_increment_id="000000007")


def held(sku: str) -> dict[str, tuple[Decimal, int]]:
    return {si.source_id: (si.quantity, si.status) for si in SourceItem.objects.filter(product_id=sku)}


@pytest.fixture
def regional() -> int:
    """A stock whose links were written out of priority order, with a tie on priority 2 (link order decides):
    north (priority 2, first link), east (priority 1), south (priority 2, last link)."""
    for code in ("north", "east", "south", "west"):
        make_source(code)
    stock = make_stock("Regional")
    for code, priority in (("north", 2), ("east", 1), ("south", 2)):
        StockSourceLink.objects.create(stock=stock, source_id=code, priority=priority)
    return stock.pk


def test_a_stocks_sources_come_by_priority_then_by_link_order_and_only_its_own(regional):
    other = make_stock("Other")
    StockSourceLink.objects.create(stock=other, source_id="west", priority=1)

    assert sources_by_priority(regional) == ["east", "north", "south"]
    assert sources_by_priority(other.pk) == ["west"]


def test_a_refunded_virtual_item_goes_back_to_the_first_source_of_the_stock_holding_it(regional):
    """GetInvoicedItemsPerSourceByPriority: by the stock's priority (not by link order, nor another stock's)."""
    product = make_product(quantity=None)
    for code in ("north", "south", "west"):
        make_source_item(product.sku, code, 1)
    other = make_stock("Other")
    StockSourceLink.objects.create(stock=other, source_id="west", priority=1)

    assert source_with_sku_by_priority(regional, product.sku) == "north"  # priority 2, linked before south
    make_source_item(product.sku, "east", 1)
    assert source_with_sku_by_priority(regional, product.sku) == "east"
    assert source_with_sku_by_priority(other.pk, product.sku) == "west"


def test_a_sku_no_source_of_the_stock_holds_goes_back_to_the_default_source(regional):
    assert source_with_sku_by_priority(regional, make_product(quantity=None).sku) == DEFAULT_SOURCE_CODE


def test_a_source_the_selection_takes_nothing_from_is_not_touched(regional):
    """SourceDeductionService deducts from the sources the selection takes from; east covers the whole quantity, so
    north's in-stock item at 0 stays in stock (it is not at the threshold by a deduction)."""
    product = make_product(quantity=None)
    make_source_item(product.sku, "east", 5)
    make_source_item(product.sku, "north", 0)

    deduct_by_source_selection(regional, [ItemRequest(product.sku, D(2))], event=EVENT)

    assert held(product.sku) == {"east": (D(3), IN), "north": (D(0), IN)}


def test_a_write_off_takes_one_unit_from_the_first_source_and_leaves_the_others(regional):
    product = make_product(quantity=None)
    make_source_item(product.sku, "east", 1)
    make_source_item(product.sku, "north", 0)

    write_off_by_source_selection(regional, [ItemRequest(product.sku, D(1))], event=EVENT)

    assert held(product.sku) == {"east": (D(0), OUT), "north": (D(0), IN)}
    assert list(Reservation.objects.filter(sku=product.sku).values_list("stock_id", "quantity")) == [(regional, D(1))]


def test_a_return_to_a_source_without_the_item_is_refused_naming_both_and_writes_nothing(regional):
    product = make_product(quantity=None)
    make_source_item(product.sku, "east", 1)

    with pytest.raises(SourceItemNotFound) as refused:
        return_to_sources(
            regional, {"east": [ItemRequest(product.sku, D(1))], "north": [ItemRequest(product.sku, D(2))]},
            event=EVENT, compensate=[ItemRequest(product.sku, D(1))],
        )

    assert refused.value.parameters == ["north", product.sku]
    assert held(product.sku) == {"east": (D(1), IN)}
    assert not Reservation.objects.filter(sku=product.sku).exists()


def test_a_zero_return_is_no_return(regional):
    """A zero quantity names no source item: no refusal for a source without the item, no status change."""
    product = make_product(quantity=None)
    make_source_item(product.sku, "east", 4, status=OUT)

    return_to_sources(
        regional, {"east": [ItemRequest(product.sku, D(0))], "north": [ItemRequest(product.sku, D(0))]}, event=EVENT
    )

    assert held(product.sku) == {"east": (D(4), OUT)}


def test_goods_back_to_a_backordered_source_item_at_zero_leave_it_out_of_stock(regional):
    """SourceDeductionService::getSourceStockStatus: a quantity at the threshold (0) is out of stock; back above it,
    in stock. A backorder left the item at -2."""
    product = make_product(quantity=None)
    make_source_item(product.sku, "east", -2, status=OUT)

    return_to_sources(regional, {"east": [ItemRequest(product.sku, D(2))]}, event=EVENT)
    assert held(product.sku) == {"east": (D(0), OUT)}

    return_to_sources(regional, {"east": [ItemRequest(product.sku, D(1))]}, event=EVENT)
    assert held(product.sku) == {"east": (D(1), IN)}


def test_a_return_locks_only_the_named_sources_items(regional):
    """The lock order's row 6 (README): a credit memo returning goods to east must not lock (and so wait on) the
    SKU's items at the stock's other sources, which a shipment from north may hold."""
    product = make_product(quantity=None)
    make_source_item(product.sku, "east", 1)
    make_source_item(product.sku, "north", 1)

    with CaptureQueriesContext(connection) as queries:
        return_to_sources(regional, {"east": [ItemRequest(product.sku, D(1))]}, event=EVENT)

    [lock] = [q["sql"] for q in queries if q["sql"].startswith("SELECT") and "inventory_sourceitem" in q["sql"]]
    assert '"inventory_sourceitem"."source_id" IN' in lock
    assert held(product.sku) == {"east": (D(2), IN), "north": (D(1), IN)}


# --- deduct_by_source_selection selects among the source items it has just locked (no second read of them), and
# writes each deduction with an UPDATE built once: the same selection as select_sources_by_priority's own read.


def test_the_selection_among_the_locked_items_is_the_selection_read_again(regional):
    """Link priority, link order on a tie, a disabled source, an out-of-stock item, another stock's source, a SKU with
    no item and two SKUs at once: select_locked_sources_by_priority over lock_source_items' rows answers what
    select_sources_by_priority reads."""
    from inventory.locks import lock_source_items
    from inventory.source_selection import select_locked_sources_by_priority

    one, two, none = (make_product(quantity=None).sku for _ in range(3))
    make_source_item(one, "south", 4)
    make_source_item(one, "north", 3)
    make_source_item(one, "east", 1, status=OUT)
    make_source_item(one, "west", 9)  # no link to the regional stock
    make_source_item(two, "east", 2)
    make_source_item(two, "south", 8)
    Source.objects.filter(pk="north").update(enabled=False)
    items = [ItemRequest(one, D(5)), ItemRequest(two, D(3)), ItemRequest(none, D(1))]

    locked = lock_source_items([one, two, none])
    chosen = select_locked_sources_by_priority(regional, items, locked)

    assert chosen == select_sources_by_priority(regional, items)
    assert [(i.source_code, i.sku, i.qty_to_deduct) for i in chosen.source_selection_items] == [
        ("east", two, D(2)), ("south", one, D(4)), ("south", two, D(1))]
    assert not chosen.shippable  # one is short by 1, none has no item


def test_a_deduction_by_selection_reads_the_items_once_and_writes_each_with_one_update(regional):
    product = make_product(quantity=None)
    make_source_item(product.sku, "east", 2)
    make_source_item(product.sku, "north", 5)

    with CaptureQueriesContext(connection) as captured:
        deduct_by_source_selection(regional, [ItemRequest(product.sku, D(4))], event=EVENT)

    reads = [q["sql"] for q in captured.captured_queries if "inventory_sourceitem" in q["sql"]]
    assert [sql.split(" ", 1)[0] for sql in reads] == ["SELECT", "UPDATE", "UPDATE"]  # the lock, then each deduction
    assert held(product.sku) == {"east": (D(0), OUT), "north": (D(3), IN)}
    assert list(Reservation.objects.filter(sku=product.sku).values_list("quantity", flat=True)) == [D(4)]


def test_the_stock_of_a_sales_channel_is_resolved_by_a_statement_compiled_once():
    from inventory.exceptions import NoLinkedStock
    from inventory.models import SalesChannel
    from inventory.stocks import resolve_stock_id

    other = make_stock("Other")
    SalesChannel.objects.create(stock=other, type=SalesChannel.Type.WEBSITE, code="second")

    assert resolve_stock_id() == SalesChannel.objects.get(code="base").stock_id
    assert resolve_stock_id(SalesChannel.Type.WEBSITE, "second") == other.pk
    with pytest.raises(NoLinkedStock):
        resolve_stock_id(SalesChannel.Type.WEBSITE, "nowhere")
