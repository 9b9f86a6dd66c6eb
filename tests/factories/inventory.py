"""Inventory factories (MSI): sources, stocks with their links and sales channels, source items, reservations."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

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


def make_source_item(sku: str, source_code: str, quantity: str | int,
                     status: int = SourceItem.Status.IN_STOCK) -> SourceItem:
    return SourceItem.objects.create(product_id=sku, source_id=source_code, quantity=Decimal(quantity), status=status)


def make_reservation(sku: str, stock_id: int, quantity: str | int, *, object_id: str = "1",
                     increment_id: str = "000000001", event_type: str = "order_placed") -> Reservation:
    """A reservation row written directly (an order's own are written by ``place_order``)."""
    return Reservation.objects.create(
        stock_id=stock_id, sku=sku, quantity=Decimal(quantity), event_type=event_type, object_id=object_id,
        object_increment_id=increment_id,
    )
