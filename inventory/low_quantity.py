"""Low-quantity notification thresholds per source item (InventoryLowQuantityNotification).

The threshold ("Notify Quantity") lives on the source item; null means the configured default, 1 as in
Magento's ``cataloginventory/item_options/notify_stock_qty``. It never changes the salable quantity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from catalog.models import Product

from .exceptions import CouldNotSaveSourceItemConfiguration, InputDataEmpty, WrongInputData
from .locks import lock_source_items
from .models import DEFAULT_NOTIFY_STOCK_QTY, Source, SourceItem

__all__ = ["DEFAULT_NOTIFY_STOCK_QTY"]


@dataclass(frozen=True)
class SourceItemConfiguration:
    """SourceItemConfigurationInterface: wire keys source_code, notify_stock_qty, sku."""

    source_code: str
    notify_stock_qty: Decimal | None
    sku: str


def save_source_item_configurations(configurations: Sequence[SourceItemConfiguration]) -> None:
    """Set the notify quantity of each source item; every (sku, source) pair must be assigned already."""
    if not configurations:
        raise InputDataEmpty()
    with transaction.atomic():
        locked = {
            (si.sku, si.source_id): si
            for si in lock_source_items({c.sku for c in configurations}, {c.source_code for c in configurations})
        }
        if any((c.sku, c.source_code) not in locked for c in configurations):
            raise CouldNotSaveSourceItemConfiguration()
        for configuration in configurations:
            source_item = locked[(configuration.sku, configuration.source_code)]
            source_item.notify_stock_qty = configuration.notify_stock_qty
            source_item.save(update_fields=["notify_stock_qty"])


def get_source_item_configuration(source_code: str, sku: str) -> SourceItemConfiguration:
    """The threshold of one source item, or the default when none was set (or the SKU is not assigned there)."""
    if not Source.objects.filter(pk=source_code).exists() or not Product.objects.filter(sku=sku).exists():
        raise WrongInputData()
    configured = (
        SourceItem.objects.filter(source_id=source_code, product_id=sku).values_list("notify_stock_qty", flat=True).first()
    )
    return SourceItemConfiguration(source_code, DEFAULT_NOTIFY_STOCK_QTY if configured is None else configured, sku)


def delete_source_item_configurations(pairs: Sequence[tuple[str, str]]) -> None:
    """Reset the thresholds of the (sku, source_code) pairs to the default."""
    with transaction.atomic():
        locked = lock_source_items({sku for sku, _ in pairs}, {code for _, code in pairs})
        wanted = set(pairs)
        SourceItem.objects.filter(pk__in=[si.pk for si in locked if (si.sku, si.source_id) in wanted]).update(
            notify_stock_qty=None
        )
