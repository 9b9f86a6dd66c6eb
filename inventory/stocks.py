"""Stocks and the sales channels they serve: Magento's StockRepository and StockResolverInterface.

A sales channel (a website) belongs to exactly one stock. Assigning it to a stock moves it there; a channel
taken off a stock goes back to Default Stock (InventorySales' SaveSalesChannelsLinksPlugin).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Subquery, Sum

from backoffice.compiled import CompiledQuery
from backoffice.exceptions import DomainError

from .exceptions import (
    FIELD_EMPTY,
    WEBSITE_NOT_FOUND,
    CouldNotDeleteStock,
    DefaultStockNotDeletable,
    NoLinkedStock,
    StockHasSalesChannels,
    StockNotFound,
    StockToDeleteNotFound,
    ValidationFailed,
    field_error,
)
from .locks import lock_stocks
from .models import DEFAULT_STOCK_ID, Reservation, SalesChannel, Stock

BASE_WEBSITE = "base"


@dataclass(frozen=True)
class SalesChannelData:
    type: str
    code: str


def website_codes() -> frozenset[str]:
    """The websites this back-office serves (Magento's store_website codes); "base" unless configured."""
    return frozenset(getattr(settings, "MAGENTO_WEBSITE_CODES", {BASE_WEBSITE}))


# The stock of a sales channel, compiled once (backoffice.compiled): every document writer and placement asks it.
_CHANNEL_STOCK = CompiledQuery(
    lambda channel_type, channel_code: SalesChannel.objects.filter(type=channel_type, code=channel_code)
    .order_by("pk").values_list("stock_id")[:1],
    "\x00channel-type\x00",
    "\x00channel-code\x00",
)


def resolve_stock_id(channel_type: str = SalesChannel.Type.WEBSITE, channel_code: str = BASE_WEBSITE) -> int:
    rows = _CHANNEL_STOCK.rows(str(channel_type), channel_code)
    if not rows:
        raise NoLinkedStock()
    return rows[0][0]


def channel_stock_id(channel_type: str = SalesChannel.Type.WEBSITE, channel_code: str = BASE_WEBSITE) -> Subquery:
    """``resolve_stock_id`` as an expression, for a query that needs the channel's stock without a query of its own
    (NULL when no stock is linked: the caller refuses with NoLinkedStock as ``resolve_stock_id`` does)."""
    return Subquery(SalesChannel.objects.filter(type=channel_type, code=channel_code).values("stock_id")[:1])


def get_stock(stock_id: int) -> Stock:
    try:
        return Stock.objects.prefetch_related("sales_channels").get(pk=stock_id)
    except Stock.DoesNotExist:
        raise StockNotFound(stock_id) from None


def save_stock(stock_id: int | None, name: str | None, sales_channels: Sequence[SalesChannelData]) -> Stock:
    """Create a stock (``stock_id`` None) or update one, and make ``sales_channels`` exactly its channels.

    Channels assigned elsewhere move here; channels this stock loses go back to Default Stock.
    """
    errors = _validate(name, sales_channels)
    if errors:
        raise ValidationFailed(errors=errors)
    with transaction.atomic():
        locked = lock_stocks([DEFAULT_STOCK_ID] if stock_id is None else [stock_id, DEFAULT_STOCK_ID])
        if stock_id is None:
            stock = Stock.objects.create(name=name)
        elif stock_id in locked:
            stock = locked[stock_id]
            stock.name = name
            stock.save(update_fields=["name"])
        else:
            raise StockNotFound(stock_id)
        wanted = {(channel.type, channel.code) for channel in sales_channels}
        if stock.pk != DEFAULT_STOCK_ID:  # Default Stock keeps what it loses: that is where lost channels go
            lost = [channel.pk for channel in stock.sales_channels.all() if (channel.type, channel.code) not in wanted]
            SalesChannel.objects.filter(pk__in=lost).update(stock_id=DEFAULT_STOCK_ID)
        for channel_type, code in sorted(wanted):
            SalesChannel.objects.update_or_create(type=channel_type, code=code, defaults={"stock": stock})
    return stock


def delete_stock(stock_id: int) -> None:
    """Delete a stock that serves no sales channel, with its source links.

    Refuses Default Stock and stocks with channels (Magento's plugins), and, beyond Magento, a stock whose
    reservations do not sum to zero (an order still waits on it): its reservations would point at nothing.
    Fully compensated reservations of the stock are removed with it, as Magento's cleanup would.
    """
    if stock_id == DEFAULT_STOCK_ID:
        raise DefaultStockNotDeletable()
    with transaction.atomic():
        if SalesChannel.objects.filter(stock_id=stock_id).exists():
            raise StockHasSalesChannels()
        stock = lock_stocks([stock_id]).get(stock_id)
        if stock is None:
            raise StockToDeleteNotFound(stock_id)
        reservations = Reservation.objects.filter(stock_id=stock_id)
        if reservations.values("sku").annotate(total=Sum("quantity")).exclude(total=0).exists():
            raise CouldNotDeleteStock()
        reservations.delete()
        stock.delete()


def _validate(name: str | None, sales_channels: Sequence[SalesChannelData]) -> list[DomainError]:
    """Stock NameValidator, then InventorySales' SalesChannelsValidator."""
    errors = []
    if not str(name or "").strip():
        errors.append(field_error(FIELD_EMPTY, "name"))
    known_websites = website_codes()
    for channel in sales_channels:
        if not channel.type.strip():
            errors.append(field_error(FIELD_EMPTY, "type"))
        if not channel.code.strip():
            errors.append(field_error(FIELD_EMPTY, "code"))
        if channel.type == SalesChannel.Type.WEBSITE and channel.code not in known_websites:
            errors.append(DomainError(WEBSITE_NOT_FOUND, parameters={"code": channel.code}))
    return errors
