"""Every row lock of the catalog app. Global lock order (STYLE.md 5): order, order items, product, source items."""

from __future__ import annotations

from .models import Product


def lock_product(sku: str) -> Product | None:
    """Lock the product with ``sku``; None when there is none."""
    return Product.objects.select_for_update().filter(sku=sku).first()
