"""Plain builders for inventory tests (sources, stocks, links, source items), keyword overrides as in factories."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from urllib.parse import urlencode

from inventory.models import Reservation, SalesChannel, Source, SourceItem, Stock, StockSourceLink


def make_source(source_code: str, **overrides: object) -> Source:
    fields = {"name": source_code.title(), "country_id": "US", "postcode": "10001"}
    return Source.objects.create(source_code=source_code, **(fields | overrides))


def make_stock(name: str, sources: Iterable[str] = (), channels: Iterable[str] = ()) -> Stock:
    """A stock linked to ``sources`` in priority order, serving the website ``channels``."""
    stock = Stock.objects.create(name=name)
    for priority, code in enumerate(sources, 1):
        StockSourceLink.objects.create(stock=stock, source_id=code, priority=priority)
    for code in channels:
        SalesChannel.objects.update_or_create(type="website", code=code, defaults={"stock": stock})
    return stock


def put(sku: str, source_code: str, quantity: str | int, status: int = SourceItem.Status.IN_STOCK) -> SourceItem:
    return SourceItem.objects.create(product_id=sku, source_id=source_code, quantity=Decimal(quantity), status=status)


def reserve(sku: str, stock_id: int, quantity: str | int, *, object_id: str = "1", increment_id: str = "000000001",
            event_type: str = "order_placed") -> Reservation:
    return Reservation.objects.create(
        stock_id=stock_id, sku=sku, quantity=Decimal(quantity), event_type=event_type, object_id=object_id,
        object_increment_id=increment_id,
    )


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
