"""Products as Multi-Source Inventory sees them: the catalog's writes plus their inventory side.

Magento's MSI plugs into the catalog (InventoryCatalog, InventorySales): a product's legacy ``stock_item`` is
mirrored on its default-source item, and a product's reservations are cleaned up when it goes. Here the upper
app (inventory) calls down into ``catalog.products`` and adds that side, so catalog never imports inventory.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from backoffice.money import ZERO
from catalog import products as catalog_products
from catalog.exceptions import ProductNotRemoved
from catalog.locks import lock_product
from catalog.models import Product

from .exceptions import ProductNotFound
from .locks import lock_source_items
from .models import DEFAULT_SOURCE_CODE, Reservation, SourceItem


@dataclass(frozen=True)
class StockItemData:
    """The part of CatalogInventory's StockItemInterface a client may send: qty and is_in_stock."""

    qty: Decimal | None = None
    is_in_stock: bool | None = None


def save_product_with_stock(sku: str, changes: Mapping[str, object], stock_item: StockItemData | None) -> Product:
    """ProductRepository::save, then the stock item on the default source (single-source behaviour).

    As Magento's UpdateSourceItemAtLegacyStockItemSavePlugin, the default-source item is written only when
    the stock item says something: a non-zero qty, in stock, or a default-source item already there.
    Without ``is_in_stock`` the status follows the quantity (in stock above 0).
    """
    with transaction.atomic():
        product, _ = catalog_products.save_product(sku, changes)
        if stock_item is not None:
            _save_default_source_item(product.sku, stock_item)
    return product


def save_legacy_stock_item(sku: str, stock_item: StockItemData) -> int:
    """CatalogInventory's StockRegistryInterface::updateStockItemBySku under MSI: the product's legacy stock item
    is its default-source item (UpdateSourceItemAtLegacyStockItemSavePlugin). Answers the stock item's id: one
    legacy stock item per product on Default Stock, so the product's id. Locks the product, then its source item."""
    with transaction.atomic():
        product = lock_product(sku)
        if product is None:
            raise ProductNotFound()
        _save_default_source_item(product.sku, stock_item)
    return product.pk


def delete_product_with_stock(sku: str) -> None:
    """Delete a product, its source items and its (fully compensated) reservations.

    Refuses with Magento's "The "%1" product couldn't be removed." while the SKU still has reservations that
    do not sum to zero on some stock (an open order waits for it): they would point at nothing. Magento
    would delete them asynchronously; keeping the order shippable matters more here.
    """
    with transaction.atomic():
        product = lock_product(sku)
        if product is None:
            raise ProductNotFound()
        lock_source_items([product.sku])  # placement locks these before reserving: no new reservation slips in
        reservations = Reservation.objects.filter(sku=product.sku)
        if reservations.values("stock_id").annotate(total=Sum("quantity")).exclude(total=0).exists():
            raise ProductNotRemoved(product.sku)
        reservations.delete()
        catalog_products.delete_product(product.sku)


def _save_default_source_item(sku: str, stock_item: StockItemData) -> None:
    locked = lock_source_items([sku], [DEFAULT_SOURCE_CODE])
    source_item = locked[0] if locked else None
    if source_item is None and not stock_item.qty and not stock_item.is_in_stock:
        return
    if source_item is None:
        source_item = SourceItem(product_id=sku, source_id=DEFAULT_SOURCE_CODE, quantity=ZERO)
    if stock_item.qty is not None:
        source_item.quantity = stock_item.qty
    if stock_item.is_in_stock is not None:
        source_item.status = int(stock_item.is_in_stock)
    elif stock_item.qty is not None or source_item.pk is None:
        source_item.status = int(source_item.quantity > ZERO)
    source_item.save()
