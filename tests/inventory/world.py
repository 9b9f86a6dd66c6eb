"""Helpers of the inventory tests: rows read back, snapshots, search criteria; the builders (sources, stocks, source
items, reservations) live in tests/factories/inventory.py and are re-exported here under their short names."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from inventory.models import Reservation, SalesChannel, Source, SourceItem, Stock, StockSourceLink
from tests.factories.inventory import make_reservation as reserve
from tests.factories.inventory import make_source, make_stock
from tests.factories.inventory import make_source_item as put

__all__ = ["criteria", "make_source", "make_stock", "put", "quantities", "reserve", "snapshot"]


def quantities(sku: str) -> dict[str, tuple[Decimal, int]]:
    """{source_code: (quantity, status)} of a SKU's source items."""
    return {si.source_id: (si.quantity, si.status) for si in SourceItem.objects.filter(product_id=sku)}


def snapshot() -> list[tuple]:
    """Every inventory row, to assert that a refusal changed nothing."""
    return [
        list(Source.objects.values_list()),
        list(Stock.objects.values_list()),
        list(SalesChannel.objects.values_list()),
        list(StockSourceLink.objects.values_list()),
        list(SourceItem.objects.values_list()),
        list(Reservation.objects.values_list()),
    ]


def criteria(*groups: list[tuple[str, object, str]], sort: tuple[str, str] | None = None,
             page_size: int | None = None, current_page: int | None = None) -> str:
    """A searchCriteria query string: each group lists (field, value, condition_type) filters (ORed)."""
    params: list[tuple[str, object]] = []
    for i, group in enumerate(groups):
        for j, (field, value, condition) in enumerate(group):
            prefix = f"searchCriteria[filter_groups][{i}][filters][{j}]"
            params += [(f"{prefix}[field]", field), (f"{prefix}[value]", value), (f"{prefix}[condition_type]", condition)]
    if sort:
        params += [("searchCriteria[sortOrders][0][field]", sort[0]), ("searchCriteria[sortOrders][0][direction]", sort[1])]
    if page_size:
        params.append(("searchCriteria[pageSize]", page_size))
    if current_page:
        params.append(("searchCriteria[currentPage]", current_page))
    return urlencode(params or [("searchCriteria", "")])
