"""MSI after a credit memo: InventorySales' return processors (ProcessRefundItems, DeductSourceItemQuantityOnRefund)
and the sources they read (GetShippedItemsPerSourceByPriority, GetInvoicedItemsPerSourceByPriority)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from inventory.reservations import SalesEvent
from inventory.source_deduction import (
    return_to_sources,
    source_with_sku_by_priority,
    sources_by_priority,
    write_off_by_source_selection,
)
from inventory.source_selection import ItemRequest
from inventory.stocks import resolve_stock_id

from ..invoicing import TYPES_WITH_SOURCE_ITEMS
from ..models import (
    ZERO,
    InvoiceItem,
    Order,
    ShipmentItem,
)
from .totals import _Line


def _return_to_stock(
    order: Order, lines: list[_Line], processed_before: dict[int, Decimal], returned_ids: set[int]
) -> None:
    """MSI after a credit memo, per SKU (its source items are the ones of the order item's SKU):

    - returned physical items (ProcessReturnQtyOnCreditMemoPlugin -> ProcessRefundItems): the part never
      shipped gets a +qty ``creditmemo_created`` reservation; the shipped part goes back to the source that
      shipped the SKU, the highest-priority one when several did (GetShippedItemsPerSourceByPriority groups
      a SKU's shipments under its first source);
    - returned virtual/downloadable items: back to the highest-priority source holding the SKU
      (GetInvoicedItemsPerSourceByPriority);
    - physical items not returned (DeductSourceItemQuantityOnRefundPlugin): the part never shipped leaves the
      sources by priority, with its +qty reservation; the shipped part stays out.
    """
    managed = [line for line in lines if line.item.product_type in TYPES_WITH_SOURCE_ITEMS]
    if not managed:
        return
    stock_id = resolve_stock_id()
    event = SalesEvent(type="creditmemo_created", object_id=str(order.pk), object_increment_id=order.increment_id or "")
    shipped = _shipped_by_sku(order, stock_id)
    invoiced_virtual = defaultdict(Decimal)
    for invoice_item in InvoiceItem.objects.filter(parent__order=order, order_item__is_virtual=1):
        invoiced_virtual[invoice_item.sku] += invoice_item.qty

    # (qty, processedQty) per SKU, processedQty = invoiced - refunded before this credit memo.
    returned: dict[str, list[Decimal]] = {}
    written_off: dict[str, list[Decimal]] = {}
    for line in managed:
        target = returned if line.item.pk in returned_ids else written_off
        if target is written_off and line.item.is_virtual:
            continue
        qty_and_processed = target.setdefault(line.item.sku, [ZERO, ZERO])
        qty_and_processed[0] += line.processed
        qty_and_processed[1] += processed_before[line.item.pk]

    back_to_sources: dict[str, list[ItemRequest]] = defaultdict(list)
    compensate: list[ItemRequest] = []
    for sku, (qty, processed) in returned.items():
        deducted = shipped.get(sku) or (
            [(source_with_sku_by_priority(stock_id, sku), invoiced_virtual[sku])] if invoiced_virtual.get(sku) else []
        )
        # ProcessRefundItems: the refund takes what was never shipped first; that part is only reserved.
        not_shipped = max(processed - sum((q for _, q in deducted), ZERO), ZERO)
        to_stock = min(qty, not_shipped)
        to_source = qty - to_stock
        if to_stock > 0:
            compensate.append(ItemRequest(sku, to_stock))
        for source_code, source_qty in deducted:
            if to_source <= 0:
                break
            back = min(source_qty, to_source)
            back_to_sources[source_code].append(ItemRequest(sku, back))
            to_source -= back
    if back_to_sources or compensate:
        return_to_sources(stock_id, back_to_sources, event=event, compensate=compensate)

    # DeductSourceItemQuantityOnRefund: the never-shipped part of what does not come back leaves the sources.
    write_off = []
    for sku, (qty, processed) in written_off.items():
        not_shipped = max(processed - sum((q for _, q in shipped.get(sku, [])), ZERO), ZERO)
        if min(qty, not_shipped) > 0:
            write_off.append(ItemRequest(sku, min(qty, not_shipped)))
    if write_off:
        write_off_by_source_selection(stock_id, write_off, event=event)


def _shipped_by_sku(order: Order, stock_id: int) -> dict[str, list[tuple[str, Decimal]]]:
    """GetShippedItemsPerSourceByPriority: each SKU's shipped quantity, all of it under the highest-priority
    source that shipped it (sources outside the stock come last)."""
    per_source: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    rows = ShipmentItem.objects.filter(parent__order=order).values_list("parent__source_code", "sku", "qty")
    for source_code, sku, qty in rows:
        per_source[source_code][sku] += qty
    ranked = sources_by_priority(stock_id)
    ordered = sorted(per_source, key=lambda code: (ranked.index(code) if code in ranked else len(ranked), code))
    result: dict[str, list[tuple[str, Decimal]]] = {}
    for code in ordered:
        for sku, qty in per_source[code].items():
            if sku in result:
                first_code, total = result[sku][0]
                result[sku] = [(first_code, total + qty)]
            else:
                result[sku] = [(code, qty)]
    return result
