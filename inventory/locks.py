"""Row locks of the inventory app, in the one global lock order: the table in the README's "Layout" section.

Lock 5, `Stock`s by pk then a `Source` (configuration writers, which take no other lock), and lock 6,
`SourceItem`s by pk, after the order, its items and the product. Reservations are insert-only and never locked.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from backoffice.compiled import CompiledQuery, columns_of, instance_of

from .models import Source, SourceItem, Stock

COMPILED_UP_TO = 20  # SKUs: lock_source_items keeps a compiled query for each count up to this one
_LOCK_BY_SKU_COUNT: dict[int, CompiledQuery] = {}


def lock_source_items(skus: Iterable[str], source_codes: Iterable[str] | None = None) -> list[SourceItem]:
    """Lock the source items of ``skus`` (at ``source_codes``, or everywhere), always in primary-key order. Everywhere
    (order placement's lock), for a cart's few SKUs: a query compiled once per number of SKUs (backoffice.compiled),
    as building it took longer than the database's answer."""
    skus = sorted(set(skus))
    if source_codes is None and 0 < len(skus) <= COMPILED_UP_TO:
        return [instance_of(SourceItem, row) for row in _lock_by_skus(len(skus)).rows(*skus)]
    queryset = SourceItem.objects.select_for_update().filter(product_id__in=skus)
    if source_codes is not None:
        queryset = queryset.filter(source_id__in=sorted(set(source_codes)))
    return list(queryset.order_by("pk"))


def source_items_lock_statement(skus: Iterable[str]) -> tuple[str, list[object]]:
    """``lock_source_items(skus)``'s SQL and parameters, for a caller sending it with the statements it guards
    (backoffice.compiled.execute_together)."""
    skus = sorted(set(skus))
    if 0 < len(skus) <= COMPILED_UP_TO:
        return _lock_by_skus(len(skus)).statement(*skus)
    queryset = SourceItem.objects.select_for_update().filter(product_id__in=skus).order_by("pk").values_list("pk")
    sql, params = queryset.query.get_compiler(connection=connection).as_sql()
    return sql, list(params)


def _lock_by_skus(count: int) -> CompiledQuery:
    compiled = _LOCK_BY_SKU_COUNT.get(count)
    if compiled is None:
        compiled = _LOCK_BY_SKU_COUNT[count] = CompiledQuery(
            lambda *skus: SourceItem.objects.select_for_update().filter(product_id__in=skus).order_by("pk")
            .values_list(*columns_of(SourceItem)),
            *(f"\x00lock-sku-{n}\x00" for n in range(count)),
        )
    return compiled


def lock_stocks(stock_ids: Iterable[int]) -> dict[int, Stock]:
    """Lock the existing stocks among ``stock_ids``, in primary-key order."""
    stocks = Stock.objects.select_for_update().filter(pk__in=sorted(set(stock_ids))).order_by("pk")
    return {stock.pk: stock for stock in stocks}


def lock_source(source_code: str) -> Source | None:
    return Source.objects.select_for_update().filter(pk=source_code).first()
