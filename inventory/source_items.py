"""Quantities per SKU and source: Magento's SourceItemsSave (an upsert by sku + source_code) and SourceItemsDelete.

Deleting a source item never orphans a reservation: reservations belong to a stock and a SKU, not to a source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from backoffice.exceptions import DomainError
from catalog.models import Product

from .exceptions import (
    FIELD_EMPTY,
    FIELD_HAS_OUTER_SPACES,
    FIELD_HAS_WHITESPACE,
    FIELD_NOT_NUMERIC,
    FIELD_UNKNOWN_STATUS,
    CouldNotSaveSourceItem,
    InputDataEmpty,
    SourceItemsValidationFailed,
    field_error,
)
from .locks import lock_source_items
from .models import Source, SourceItem


@dataclass(frozen=True)
class SourceItemData:
    sku: str | None
    source_code: str | None
    quantity: Decimal | None = None
    status: int | None = None


def save_source_items(items: Sequence[SourceItemData]) -> None:
    """Set the quantity and status of each (sku, source) pair, creating the source items that are missing.

    Refuses an empty list, and items failing Magento's validators ("Validation Failed: <first failure>" with
    every failure listed); an unknown SKU or source is "Could not save Source Item". Nothing is written then.
    """
    if not items:
        raise InputDataEmpty()
    errors = [error for item in items for error in _validate(item)]
    if errors:
        raise SourceItemsValidationFailed(errors)
    latest = {(item.sku, item.source_code): item for item in items}  # a pair sent twice: the last one wins
    with transaction.atomic():
        skus = {item.sku for item in items}
        codes = {item.source_code for item in items}
        lock_source_items(skus, codes)  # the existing ones, in primary-key order (the global lock order)
        known_skus = set(Product.objects.filter(sku__in=skus).values_list("sku", flat=True))
        known_sources = set(Source.objects.filter(pk__in=codes).values_list("pk", flat=True))
        if not (skus <= known_skus and codes <= known_sources):
            raise CouldNotSaveSourceItem()
        # One INSERT ... ON CONFLICT DO UPDATE, new pairs in key order: a concurrent save creating the same pair
        # waits on the unique index and then updates it, never an IntegrityError.
        SourceItem.objects.bulk_create(
            [
                SourceItem(product_id=sku, source_id=code, quantity=item.quantity, status=item.status)
                for (sku, code), item in sorted(latest.items())
            ],
            update_conflicts=True,
            unique_fields=["source", "product"],
            update_fields=["quantity", "status"],
        )


def delete_source_items(items: Sequence[SourceItemData]) -> None:
    """Unassign SKUs from sources; pairs that are not assigned are skipped."""
    if not items:
        raise InputDataEmpty()
    with transaction.atomic():
        pairs = {(item.sku, item.source_code) for item in items}
        locked = lock_source_items({sku for sku, _ in pairs if sku}, {code for _, code in pairs if code})
        SourceItem.objects.filter(pk__in=[si.pk for si in locked if (si.sku, si.source_id) in pairs]).delete()


def _validate(item: SourceItemData) -> list[DomainError]:
    """Magento's chain: sku, source_code, quantity, status."""
    errors = []
    sku = item.sku or ""
    if not sku.strip():
        errors.append(field_error(FIELD_EMPTY, "sku"))
    if sku != sku.strip():
        errors.append(field_error(FIELD_HAS_OUTER_SPACES, "sku"))
    source_code = item.source_code or ""
    if not source_code.strip():
        errors.append(field_error(FIELD_EMPTY, "source_code"))
    if re.search(r"\s", source_code):
        errors.append(field_error(FIELD_HAS_WHITESPACE, "source_code"))
    if item.quantity is None:
        errors.append(field_error(FIELD_NOT_NUMERIC, "quantity"))
    if item.status is None:
        errors.append(field_error(FIELD_NOT_NUMERIC, "status"))
    elif item.status not in SourceItem.Status.values:
        errors.append(field_error(FIELD_UNKNOWN_STATUS, "status"))
    return errors
