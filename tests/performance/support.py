"""MSI's salable quantity recomputed the plain way, from every row in Python, to check the indexed queries against."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from inventory.models import Reservation, Source, SourceItem, StockSourceLink

ZERO = Decimal("0")


def recomputed_salable() -> dict[tuple[str, int], Decimal]:
    """salable(sku, stock) for every (sku, stock) with a source item at a linked source: Σ in-stock source items
    at the stock's enabled sources + Σ reservations, or 0 when no such in-stock item exists (spec 9.3)."""
    enabled = set(Source.objects.filter(enabled=True).values_list("source_code", flat=True))
    stocks_of = defaultdict(set)
    for stock_id, source_code in StockSourceLink.objects.values_list("stock_id", "source_id"):
        stocks_of[source_code].add(stock_id)
    reserved = defaultdict(Decimal)
    for reservation in Reservation.objects.all():
        reserved[(reservation.sku, reservation.stock_id)] += reservation.quantity
    in_stock: dict[tuple[str, int], list[Decimal]] = defaultdict(list)
    for item in SourceItem.objects.all():
        for stock_id in stocks_of[item.source_id]:
            quantities = in_stock[(item.sku, stock_id)]
            if item.source_id in enabled and item.status == SourceItem.Status.IN_STOCK:
                quantities.append(item.quantity)
    return {key: sum(qtys, ZERO) + reserved[key] if qtys else ZERO for key, qtys in in_stock.items()}
