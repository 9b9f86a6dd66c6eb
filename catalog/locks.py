"""Row locks of the catalog app, in the one global lock order: the table in the README's "Layout" section.

Lock 4, a `Product`, after the order and its items and before stocks and source items; the category tree
(Root Catalog's row) is locked alone, with no product lock."""

from __future__ import annotations

from collections.abc import Sequence

from .models import TREE_ROOT_ID, Category, Product


def lock_product(sku: str) -> Product | None:
    """Lock the product with ``sku``; None when there is none."""
    return Product.objects.select_for_update().filter(sku=sku).first()


def lock_category_tree() -> None:
    """Serialise the category tree's structural writes (create, move, delete keep the paths, levels, positions and
    children counts of many rows consistent) on the tree root's row. Taken before any product lock."""
    list(Category.objects.select_for_update().filter(pk=TREE_ROOT_ID).values_list("pk", flat=True))


def lock_products(product_ids: Sequence[int]) -> list[int]:
    """Lock the products with these ids, in id order (global lock order 4); the ids that exist."""
    rows = Product.objects.select_for_update().filter(pk__in=product_ids).order_by("pk")
    return list(rows.values_list("pk", flat=True))
