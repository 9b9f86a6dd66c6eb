"""Stock exports by sales channel (InventoryExportStock): the salable quantity of a page of products, and the dump of
a stock's index.

``export_stock_salable_qty`` is PreciseExportStockProcessor: for each product of the page, in page order, its
salable quantity on the stock (GetProductSalableQty) and whether it is salable (AreProductsSalable); a product not
assigned to the stock (no source item at any of its sources) is left out. Every product type here holds source
items and every stock item is managed (Magento's defaults), so its other two branches never apply.

``stock_index_rows`` is StockIndexDumpProcessor over Magento's stock index (InventoryIndexer SelectBuilder): per
SKU with a source item at an enabled source of the stock, the index quantity (the in-stock items' quantities, no
reservations) and is_salable (MinQtyStockWithReservationsCondition: some item in stock, and quantity plus
reservations above the out-of-stock threshold). Read in SKU order, a chunk at a time: two queries per chunk.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from .models import Reservation, SourceItem
from .salable import OUT_OF_STOCK_THRESHOLD, ZERO, get_salable_quantities

DUMP_CHUNK = 1000


@dataclass(frozen=True)
class ProductStockIndexData:
    """ProductStockIndexDataInterface (getSku, getQty, getIsSalable), also the rows of ExportStockSalableQty."""

    sku: str
    qty: Decimal
    is_salable: bool


def export_stock_salable_qty(skus: Sequence[str], stock_id: int) -> list[ProductStockIndexData]:
    """The salable quantity of each of ``skus`` assigned to the stock, in the given order; two queries."""
    quantities = get_salable_quantities(skus, stock_id=stock_id)
    return [
        ProductStockIndexData(sku, quantities[sku][0].qty, quantities[sku][0].qty > ZERO)
        for sku in skus
        if sku in quantities
    ]


def stock_index_rows(stock_id: int, chunk: int = DUMP_CHUNK) -> Iterator[ProductStockIndexData]:
    """Every SKU of the stock's index, in SKU order, read ``chunk`` SKUs at a time (keyset on the SKU)."""
    in_stock = Q(status=SourceItem.Status.IN_STOCK)
    items = (
        SourceItem.objects.filter(source__enabled=True, source__stock_links__stock_id=stock_id)
        .values("product_id")
        .annotate(
            quantity=Coalesce(Sum("quantity", filter=in_stock), Value(ZERO), output_field=DecimalField()),
            in_stock=Count("pk", filter=in_stock),
        )
        .order_by("product_id")
    )
    after = None
    while True:
        rows = list((items.filter(product_id__gt=after) if after is not None else items)[:chunk])
        if not rows:
            return
        skus = [row["product_id"] for row in rows]
        reserved = dict(
            Reservation.objects.filter(stock_id=stock_id, sku__in=skus)
            .values("sku")
            .annotate(total=Sum("quantity"))
            .order_by()
            .values_list("sku", "total")
        )
        for row in rows:
            salable = row["quantity"] + reserved.get(row["product_id"], ZERO) - OUT_OF_STOCK_THRESHOLD
            yield ProductStockIndexData(row["product_id"], row["quantity"], bool(row["in_stock"]) and salable > ZERO)
        if len(rows) < chunk:
            return
        after = skus[-1]
