"""Taking shipped or invoiced quantities out of source items (Magento's SourceDeductionService)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.db import connection, transaction

from backoffice.compiled import update_statement
from backoffice.money import ZERO

from .exceptions import NotEnoughQuantity, SourceItemNotFound
from .locks import lock_source_items
from .models import DEFAULT_SOURCE_CODE, SourceItem, StockSourceLink
from .reservations import SalesEvent, append_reservations
from .source_selection import ItemRequest, select_locked_sources_by_priority, select_sources_by_priority


def deduct_source_items(
    source_code: str, items: Sequence[ItemRequest], *, stock_id: int, event: SalesEvent
) -> None:
    """Decrement ``items`` at one source and append the compensating (+qty) reservations.

    Refuses when the source has no item for a SKU or not enough of it; then nothing is written.
    """
    with transaction.atomic():
        locked = {item.sku: item for item in lock_source_items([i.sku for i in items], [source_code])}
        for item in items:
            source_item = locked.get(item.sku)
            if source_item is None:
                raise SourceItemNotFound(parameters=[source_code, item.sku])
            _decrement(source_item, item.qty)
        append_reservations(stock_id, [(item.sku, item.qty) for item in items], event)


def deduct_by_source_selection(stock_id: int, items: Sequence[ItemRequest], *, event: SalesEvent) -> None:
    """Deduct where the priority algorithm says (virtual items at invoice time) and append reservations."""
    with transaction.atomic():
        rows = lock_source_items([i.sku for i in items])
        locked = {(si.source_id, si.sku): si for si in rows}
        result = select_locked_sources_by_priority(stock_id, items, rows)
        if not result.shippable:
            raise NotEnoughQuantity()
        for selected in result.source_selection_items:
            if selected.qty_to_deduct > 0:
                _decrement(locked[(selected.source_code, selected.sku)], selected.qty_to_deduct)
        append_reservations(stock_id, [(item.sku, item.qty) for item in items], event)


def _decrement(source_item: SourceItem, qty: Decimal) -> None:
    """On a locked row: lower the quantity; at the out-of-stock threshold (0) the item goes out of stock."""
    if source_item.quantity - qty < ZERO:
        raise NotEnoughQuantity()
    source_item.quantity -= qty
    if source_item.quantity <= ZERO:
        source_item.status = SourceItem.Status.OUT_OF_STOCK
    _save_quantity(source_item)


def _save_quantity(source_item: SourceItem) -> None:
    """``save(update_fields=["quantity", "status"])`` of a locked source item, its UPDATE built once
    (backoffice.compiled.update_statement: the ORM's build cost more than the statement)."""
    sql, params = update_statement(source_item, ["quantity", "status"])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def return_to_sources(
    stock_id: int, returns: Mapping[str, Sequence[ItemRequest]], *, event: SalesEvent, compensate: Sequence[ItemRequest] = ()
) -> None:
    """Goods coming back (MSI's ProcessRefundItems): ``returns`` maps a source code to the quantities put back
    into its source items (a SourceDeductionRequest of negative quantities); ``compensate`` are quantities
    that never left a source, given back to the salable quantity by +qty reservations of ``event``.

    A source item back above zero is in stock again (SourceDeductionService with can_back_in_stock on).
    Refuses when a source has no item for a SKU; then nothing is written. Locks source items by pk.
    """
    with transaction.atomic():
        wanted = [(code, item) for code, items in returns.items() for item in items if item.qty > 0]
        locked = {
            (source_item.source_id, source_item.sku.lower()): source_item
            for source_item in lock_source_items([item.sku for _, item in wanted], [code for code, _ in wanted])
        }
        for code, item in wanted:
            source_item = locked.get((code, item.sku.lower()))
            if source_item is None:
                raise SourceItemNotFound(parameters=[code, item.sku])
            source_item.quantity += item.qty
            if source_item.quantity > ZERO:
                source_item.status = SourceItem.Status.IN_STOCK
            _save_quantity(source_item)
        append_reservations(stock_id, [(item.sku, item.qty) for item in compensate], event)


def write_off_by_source_selection(stock_id: int, items: Sequence[ItemRequest], *, event: SalesEvent) -> None:
    """Refunded goods that never shipped and do not go back to stock (MSI's DeductSourceItemQuantityOnRefund):
    the priority algorithm's sources give them up and +qty reservations release the order's hold on them.

    MSI deducts what the selection finds, even short of the quantity; so does this. The reservations
    compensate the whole quantity, so a finished order's reservations still sum to zero.
    """
    with transaction.atomic():
        locked = {(si.source_id, si.sku): si for si in lock_source_items([i.sku for i in items])}
        for selected in select_sources_by_priority(stock_id, items).source_selection_items:
            if selected.qty_to_deduct > 0:
                _decrement(locked[(selected.source_code, selected.sku)], selected.qty_to_deduct)
        append_reservations(stock_id, [(item.sku, item.qty) for item in items], event)


def source_with_sku_by_priority(stock_id: int, sku: str) -> str:
    """The highest-priority source of the stock that holds ``sku`` (the default source when none does):
    where MSI returns refunded virtual items (GetInvoicedItemsPerSourceByPriority)."""
    codes = (
        StockSourceLink.objects.filter(stock_id=stock_id, source__source_items__product_id=sku)
        .order_by("priority", "pk")
        .values_list("source_id", flat=True)
    )
    return next(iter(codes), DEFAULT_SOURCE_CODE)


def sources_by_priority(stock_id: int) -> list[str]:
    """The stock's source codes in priority order (GetSourcesAssignedToStockOrderedByPriority)."""
    return list(
        StockSourceLink.objects.filter(stock_id=stock_id).order_by("priority", "pk").values_list("source_id", flat=True)
    )
