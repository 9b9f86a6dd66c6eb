"""Catalog factories: products (with their stock at a source, the way a merchant's catalog has it)."""

from __future__ import annotations

from decimal import Decimal
from itertools import count

from catalog.models import Product, ProductType
from inventory.models import DEFAULT_SOURCE_CODE, SourceItem

_seq = count(1)


def make_product(*, quantity: Decimal | None = Decimal("100"), source_code: str = DEFAULT_SOURCE_CODE,
                 **overrides: object) -> Product:
    """A simple product at 10.00 with ``quantity`` at ``source_code`` (the default source, on Default Stock);
    ``quantity=None``: no source item at all."""
    n = next(_seq)
    fields = {"sku": f"SKU-{n}", "name": f"Product {n}", "price": Decimal("10"), "type_id": ProductType.SIMPLE}
    product = Product.objects.create(**(fields | overrides))
    if quantity is not None:
        SourceItem.objects.create(product=product, source_id=source_code, quantity=quantity)
    return product
