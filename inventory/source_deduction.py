"""Taking shipped or invoiced quantities out of source items (Magento's SourceDeductionService)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction

from .exceptions import NotEnoughQuantity, SourceItemNotFound
from .locks import lock_source_items
from .models import SourceItem
from .reservations import SalesEvent, append_reservations
from .source_selection import ItemRequest, select_sources_by_priority

ZERO = Decimal("0")


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
        locked = {(si.source_id, si.sku): si for si in lock_source_items([i.sku for i in items])}
        result = select_sources_by_priority(stock_id, items)
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
    source_item.save(update_fields=["quantity", "status"])
