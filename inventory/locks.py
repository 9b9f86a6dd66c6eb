"""Every row lock of the inventory app. Global lock order (STYLE.md 5): order, order items, then these."""

from __future__ import annotations

from collections.abc import Iterable

from .models import SourceItem


def lock_source_items(skus: Iterable[str], source_codes: Iterable[str] | None = None) -> list[SourceItem]:
    """Lock the source items of ``skus`` (at ``source_codes``, or everywhere), always in primary-key order."""
    queryset = SourceItem.objects.select_for_update().filter(product_id__in=sorted(set(skus)))
    if source_codes is not None:
        queryset = queryset.filter(source_id__in=sorted(set(source_codes)))
    return list(queryset.order_by("pk"))
