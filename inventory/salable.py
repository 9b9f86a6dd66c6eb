"""Salable quantity, as MSI computes it (GetProductSalableQtyInterface).

salable(sku, stock) = Σ quantity of the SKU's in-stock source items at the stock's enabled sources
                      + Σ reservations of (sku, stock) − out-of-stock threshold (0),
and 0 when no such in-stock source item exists (the SKU is not salable on that stock).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from catalog.models import Product

from .exceptions import ProductNotFound
from .models import Reservation, SourceItem

ZERO = Decimal("0")
OUT_OF_STOCK_THRESHOLD = ZERO  # Magento's default "Out-of-Stock Threshold" (min_qty)


@dataclass(frozen=True)
class StockSalableQty:
    stock_id: int
    stock_name: str
    qty: Decimal


def get_salable_quantities(skus: Iterable[str], stock_id: int | None = None) -> dict[str, list[StockSalableQty]]:
    """Salable quantity per stock for each SKU, over the stocks its sources belong to; two queries in all."""
    skus = list(set(skus))
    links = SourceItem.objects.filter(product_id__in=skus)
    if stock_id is not None:
        links = links.filter(source__stock_links__stock_id=stock_id)
    in_stock = Q(status=SourceItem.Status.IN_STOCK, source__enabled=True)
    rows = (
        links.values("product_id", "source__stock_links__stock_id", "source__stock_links__stock__name")
        .annotate(quantity=Sum("quantity", filter=in_stock), salable_items=Count("pk", filter=in_stock))
        .order_by("product_id", "source__stock_links__stock_id")
    )
    reserved = {
        (row["sku"], row["stock_id"]): row["total"]
        for row in Reservation.objects.filter(sku__in=skus)
        .values("sku", "stock_id")
        .annotate(total=Sum("quantity"))
        .order_by()
    }
    result: dict[str, list[StockSalableQty]] = defaultdict(list)
    for row in rows:
        sku, row_stock_id = row["product_id"], row["source__stock_links__stock_id"]
        if row_stock_id is None:
            continue
        qty = ZERO
        if row["salable_items"]:
            qty = row["quantity"] + reserved.get((sku, row_stock_id), ZERO) - OUT_OF_STOCK_THRESHOLD
        result[sku].append(StockSalableQty(row_stock_id, row["source__stock_links__stock__name"], qty))
    return dict(result)


def get_salable_quantity(sku: str, stock_id: int) -> Decimal:
    """The salable quantity of one SKU on one stock; unknown SKUs are refused like Magento."""
    if not Product.objects.filter(sku=sku).exists():
        raise ProductNotFound()
    per_stock = get_salable_quantities([sku], stock_id=stock_id).get(sku, [])
    return per_stock[0].qty if per_stock else ZERO


def is_salable_for_requested_qty(sku: str, stock_id: int, requested_qty: Decimal) -> bool:
    return get_salable_quantity(sku, stock_id) >= requested_qty
