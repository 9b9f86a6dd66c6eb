"""Row locks of the inventory app, in the one global lock order: the table in the README's "Layout" section.

Lock 5, `Stock`s by pk then a `Source` (configuration writers, which take no other lock), and lock 6,
`SourceItem`s by pk, after the order, its items and the product. Reservations are insert-only and never locked.
"""

from __future__ import annotations

from collections.abc import Iterable

from .models import Source, SourceItem, Stock


def lock_source_items(skus: Iterable[str], source_codes: Iterable[str] | None = None) -> list[SourceItem]:
    """Lock the source items of ``skus`` (at ``source_codes``, or everywhere), always in primary-key order."""
    queryset = SourceItem.objects.select_for_update().filter(product_id__in=sorted(set(skus)))
    if source_codes is not None:
        queryset = queryset.filter(source_id__in=sorted(set(source_codes)))
    return list(queryset.order_by("pk"))


def lock_stocks(stock_ids: Iterable[int]) -> dict[int, Stock]:
    """Lock the existing stocks among ``stock_ids``, in primary-key order."""
    stocks = Stock.objects.select_for_update().filter(pk__in=sorted(set(stock_ids))).order_by("pk")
    return {stock.pk: stock for stock in stocks}


def lock_source(source_code: str) -> Source | None:
    return Source.objects.select_for_update().filter(pk=source_code).first()
