"""Which sources a stock draws on, and in which priority: Magento's StockSourceLinksSave / StockSourceLinksDelete.

The default source and Default Stock are linked to each other and to nothing else: Magento uses that pair to
represent single-source mode (InventoryCatalog's AssignToDefaultStockDefaultSourceValidator).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from backoffice.exceptions import DomainError

from .exceptions import (
    DEFAULT_LINK_SAVE,
    FIELD_EMPTY,
    FIELD_HAS_WHITESPACE,
    FIELD_NOT_POSITIVE,
    CouldNotSaveLinks,
    DefaultLinkNotDeletable,
    InputDataEmpty,
    ValidationFailed,
    field_error,
)
from .locks import lock_stocks
from .models import DEFAULT_SOURCE_CODE, DEFAULT_STOCK_ID, Source, StockSourceLink


@dataclass(frozen=True)
class StockSourceLinkData:
    stock_id: int | None
    source_code: str | None
    priority: int | None = None


def save_stock_source_links(links: Sequence[StockSourceLinkData]) -> None:
    """Link sources to stocks with a priority (1 = first); an existing link gets the new priority.

    Refuses an empty list, a blank or spaced source code, a priority below 1 and any link touching the default
    source or Default Stock (other than the two together), with Magento's messages; an unknown stock or
    source is "Could not save StockSourceLinks". Nothing is written on a refusal.

    The links are written in one upsert, as Magento's SaveMultiple writes them in one INSERT ... ON DUPLICATE
    KEY UPDATE: a pair sent twice keeps its last priority, and the number of queries does not grow with the
    number of links (10,000 in one request took past gunicorn's timeout, one query per link).
    """
    if not links:
        raise InputDataEmpty()
    errors = [error for link in links for error in _validate(link)]
    if errors:
        raise ValidationFailed(errors=errors)
    wanted = {(link.stock_id, link.source_code): link.priority for link in links}  # the last one of a pair wins
    with transaction.atomic():
        stocks = lock_stocks(stock_id for stock_id, _ in wanted if stock_id is not None)
        codes = {code for _, code in wanted}
        known_sources = set(Source.objects.filter(pk__in=codes).values_list("pk", flat=True))
        if any(stock_id not in stocks or code not in known_sources for stock_id, code in wanted):
            raise CouldNotSaveLinks()
        StockSourceLink.objects.bulk_create(
            [StockSourceLink(stock_id=stock_id, source_id=code, priority=priority)
             for (stock_id, code), priority in wanted.items()],
            update_conflicts=True, unique_fields=["stock", "source"], update_fields=["priority"],
        )


def delete_stock_source_links(links: Sequence[StockSourceLinkData]) -> None:
    """Unlink sources from stocks; priorities of the remaining links are not renumbered (as in Magento)."""
    if not links:
        raise InputDataEmpty()
    if any(link.stock_id == DEFAULT_STOCK_ID or link.source_code == DEFAULT_SOURCE_CODE for link in links):
        raise DefaultLinkNotDeletable()
    codes_by_stock: dict[int | None, set[str | None]] = {}
    for link in links:
        codes_by_stock.setdefault(link.stock_id, set()).add(link.source_code)
    with transaction.atomic():
        stocks = lock_stocks(stock_id for stock_id in codes_by_stock if stock_id is not None)
        for stock_id in stocks:  # one query per existing stock, however many links name it
            StockSourceLink.objects.filter(stock_id=stock_id, source_id__in=codes_by_stock[stock_id]).delete()


def _validate(link: StockSourceLinkData) -> list[DomainError]:
    """Magento's chain: source code, stock id (never fails: it casts to int first), priority, default pair."""
    errors = []
    source_code = link.source_code or ""
    if not source_code.strip():
        errors.append(field_error(FIELD_EMPTY, "source_code"))
    if re.search(r"\s", source_code):
        errors.append(field_error(FIELD_HAS_WHITESPACE, "source_code"))
    if (link.priority or 0) <= 0:
        errors.append(field_error(FIELD_NOT_POSITIVE, "priority"))
    is_default_pair = link.stock_id == DEFAULT_STOCK_ID and source_code == DEFAULT_SOURCE_CODE
    if not is_default_pair and (link.stock_id == DEFAULT_STOCK_ID or source_code == DEFAULT_SOURCE_CODE):
        errors.append(DomainError(DEFAULT_LINK_SAVE))
    return errors


def get_sources_assigned_to_stock(stock_id: int) -> list[Source]:
    """GetSourcesAssignedToStockOrderedByPriorityInterface: the stock's sources, first priority first."""
    links = StockSourceLink.objects.filter(stock_id=stock_id).select_related("source").order_by("priority", "pk")
    return [link.source for link in links]
