"""Source selection algorithms (InventorySourceSelectionApi); "priority" is Magento's default."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from backoffice.exceptions import InputError
from backoffice.money import ZERO

from .distance import Address, order_sources_by_distance
from .exceptions import UnknownSourceSelectionAlgorithm
from .models import Source, SourceItem, StockSourceLink

EPSILON = Decimal("0.0000001")


@dataclass(frozen=True)
class ItemRequest:
    sku: str
    qty: Decimal


@dataclass(frozen=True)
class SourceSelectionItem:
    source_code: str
    sku: str
    qty_to_deduct: Decimal
    qty_available: Decimal


@dataclass(frozen=True)
class SourceSelectionResult:
    source_selection_items: list[SourceSelectionItem]
    shippable: bool


def select_sources_by_priority(
    stock_id: int, items: Sequence[ItemRequest], destination_address: Address | None = None
) -> SourceSelectionResult:
    """Walk the stock's enabled sources by link priority, taking from each in-stock source item what is still needed.

    Every candidate source item appears in the result, zero deductions included, as in Magento.
    """
    return _select_in_order(_priorities(stock_id), items)


def select_locked_sources_by_priority(
    stock_id: int, items: Sequence[ItemRequest], locked: Sequence[SourceItem]
) -> SourceSelectionResult:
    """``select_sources_by_priority`` among ``locked``, every source item of the items' SKUs read under their lock
    in primary-key order (inventory.locks.lock_source_items), rather than reading them again."""
    return _select_in_order(_priorities(stock_id), items, locked)


def _priorities(stock_id: int) -> dict[str, int]:
    return dict(
        StockSourceLink.objects.filter(stock_id=stock_id, source__enabled=True).values_list("source_id", "priority")
    )


def select_sources_by_distance(
    stock_id: int, items: Sequence[ItemRequest], destination_address: Address | None = None
) -> SourceSelectionResult:
    """DistanceBasedAlgorithm: the stock's enabled sources nearest the destination first, then as by priority."""
    if destination_address is None:
        raise InputError("No destination address was provided in the request")
    sources = [
        link.source
        for link in StockSourceLink.objects.filter(stock_id=stock_id, source__enabled=True)
        .select_related("source")
        .order_by("priority", "pk")
    ]
    ordered: list[Source] = order_sources_by_distance(sources, destination_address)
    return _select_in_order({source.source_code: position for position, source in enumerate(ordered)}, items)


def _select_in_order(
    rank: dict[str, int], items: Sequence[ItemRequest], source_items: Sequence[SourceItem] | None = None
) -> SourceSelectionResult:
    """GetDefaultSortedSourcesResult: take from each source's in-stock item, sources by ``rank`` (lowest first).
    ``source_items``: the SKUs' source items already read, in primary-key order (else they are read here)."""
    still_needed = {item.sku.lower(): item.qty for item in items}
    if source_items is None:
        source_items = SourceItem.objects.filter(
            source_id__in=rank, product_id__in=[item.sku for item in items], status=SourceItem.Status.IN_STOCK
        ).order_by("pk")
    else:  # the lock read the SKUs' items as the query above matches them: keep its other conditions
        source_items = [
            source_item for source_item in source_items
            if source_item.source_id in rank and source_item.status == SourceItem.Status.IN_STOCK
        ]
    candidates = sorted(
        source_items, key=lambda source_item: rank[source_item.source_id]  # stable: ties keep repository order
    )
    selection = []
    for source_item in candidates:
        key = source_item.sku.lower()
        qty_to_deduct = min(max(source_item.quantity, ZERO), still_needed.get(key, ZERO))
        still_needed[key] = still_needed.get(key, ZERO) - qty_to_deduct
        selection.append(SourceSelectionItem(source_item.source_id, source_item.sku, qty_to_deduct, source_item.quantity))
    return SourceSelectionResult(selection, all(qty < EPSILON for qty in still_needed.values()))


@dataclass(frozen=True)
class SourceSelectionAlgorithm:
    code: str
    title: str
    description: str


PRIORITY = SourceSelectionAlgorithm(
    "priority", "Source Priority", "Algorithm which provides Source Selections based on predefined priority of Source"
)
DISTANCE = SourceSelectionAlgorithm(
    "distance",
    "Distance Priority",
    "Algorithm which provides Source Selections based on shipping address distance from the source",
)  # InventoryDistanceBasedSourceSelection/etc/di.xml
ALGORITHMS = {
    PRIORITY.code: (PRIORITY, select_sources_by_priority),
    DISTANCE.code: (DISTANCE, select_sources_by_distance),
}


def get_source_selection_algorithms() -> list[SourceSelectionAlgorithm]:
    """GetSourceSelectionAlgorithmListInterface."""
    return [algorithm for algorithm, _ in ALGORITHMS.values()]


def select_sources(
    algorithm_code: str, stock_id: int, items: Sequence[ItemRequest], destination_address: Address | None = None
) -> SourceSelectionResult:
    """SourceSelectionServiceInterface: run the named algorithm (Magento answers an unknown one with a 500);
    ``destination_address`` is the inventory request's extension attribute, which "distance" needs."""
    if algorithm_code not in ALGORITHMS:
        raise UnknownSourceSelectionAlgorithm(parameters=[algorithm_code])
    _, algorithm = ALGORITHMS[algorithm_code]
    return algorithm(stock_id, items, destination_address)
