"""Mass actions on source items (InventoryCatalog's BulkSourceAssign, BulkSourceUnassign, BulkInventoryTransfer,
BulkPartialInventoryTransfer). Moving quantities between sources of one stock leaves its salable quantity as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction

from backoffice.columns import fits_column
from backoffice.exceptions import DomainError
from backoffice.money import ZERO
from backoffice.phrases import phrase
from catalog.models import Product

from .exceptions import (
    DESTINATION_NOT_FOUND,
    ORIGIN_NOT_FOUND,
    SOURCE_NOT_FOUND_FOR_BULK,
    TRANSFER_AMOUNT_NOT_AVAILABLE,
    TRANSFER_ITEM_NOT_FOUND,
    TRANSFER_ON_ITSELF,
    BulkTransferValidationFailed,
    CouldNotSaveSourceItem,
    PartialTransferValidationFailed,
    ProductsNotFound,
    ValidationFailed,
)
from .locks import lock_source_items
from .models import Source, SourceItem

ASSIGN_ATTEMPTS = 5
IN_STOCK, OUT_OF_STOCK = SourceItem.Status.IN_STOCK, SourceItem.Status.OUT_OF_STOCK


@dataclass(frozen=True)
class TransferItem:
    sku: str
    qty: Decimal


def bulk_assign_sources(skus: Sequence[str], source_codes: Sequence[str]) -> int:
    """Assign every SKU to every source (quantity 0, out of stock); returns how many assignments were new.

    Like Magento's BulkSourceAssign, which counts the inserts that did not hit a duplicate: when a concurrent
    assignment commits one of the pairs first, the insert fails on the unique index and the whole assignment
    runs again, so the count stays exact and the answer is never a 500.
    """
    for attempt in range(1, ASSIGN_ATTEMPTS + 1):
        try:
            return _assign_sources(skus, source_codes)
        except IntegrityError:
            if attempt == ASSIGN_ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def _assign_sources(skus: Sequence[str], source_codes: Sequence[str]) -> int:
    _refuse_unknown_sources(source_codes)
    with transaction.atomic():
        products = _existing_skus(skus)
        assigned = {(si.sku, si.source_id) for si in lock_source_items(products, source_codes)}
        new = [
            SourceItem(product_id=sku, source_id=code, quantity=ZERO, status=OUT_OF_STOCK)
            for sku, code in sorted({(sku, code) for sku in products for code in source_codes} - assigned)
        ]
        SourceItem.objects.bulk_create(new)
    return len(new)


def bulk_unassign_sources(skus: Sequence[str], source_codes: Sequence[str]) -> int:
    """Remove the SKUs' source items at the sources (quantity, status and notify quantity go); returns how many."""
    _refuse_unknown_sources(source_codes)
    with transaction.atomic():
        locked = lock_source_items(skus, source_codes)
        SourceItem.objects.filter(pk__in=[si.pk for si in locked]).delete()
    return len(locked)


def bulk_transfer(skus: Sequence[str], origin: str, destination: str, *, unassign_from_origin: bool) -> bool:
    """Move all of each SKU's quantity from ``origin`` to ``destination``.

    The destination gets origin + destination quantity, the origin's status and notify quantity; the origin
    is left at 0 and out of stock, or unassigned with ``unassign_from_origin``.
    """
    errors = _source_pair_errors(origin, destination)
    if errors:
        raise BulkTransferValidationFailed(errors=errors)
    with transaction.atomic():
        products = _existing_skus(skus)
        locked = {(si.sku, si.source_id): si for si in lock_source_items(products, [origin, destination])}
        missing = sorted({sku for sku in products if (sku, destination) not in locked})
        if missing:
            # The destination items are created first (a concurrent creation of one is no conflict), then locked.
            SourceItem.objects.bulk_create(
                [SourceItem(product_id=sku, source_id=destination, quantity=ZERO, status=OUT_OF_STOCK) for sku in missing],
                ignore_conflicts=True,
            )
            locked |= {(si.sku, si.source_id): si for si in lock_source_items(missing, [destination])}
        for sku in products:
            source, target = locked.get((sku, origin)), locked[(sku, destination)]
            if source is None:
                continue  # nothing to move (Magento leaves the destination as it is)
            _check_fits(target.quantity + source.quantity)
            target.quantity += source.quantity
            target.status, target.notify_stock_qty = source.status, source.notify_stock_qty
            target.save()
            if source is not None and unassign_from_origin:
                source.delete()
            elif source is not None:
                source.quantity, source.status = ZERO, OUT_OF_STOCK
                source.save(update_fields=["quantity", "status"])
    return True


def bulk_partial_transfer(origin: str, destination: str, items: Sequence[TransferItem]) -> None:
    """Move ``qty`` of each SKU from ``origin`` to ``destination``; the destination is set in stock.

    Both source items must exist and the origin must hold the quantity, else "Transfer validation failed"
    lists every problem and nothing moves.
    """
    with transaction.atomic():
        locked = {
            (si.sku, si.source_id): si
            for si in lock_source_items([item.sku for item in items], [origin, destination])
        }
        errors = _source_pair_errors(origin, destination)
        for item in items:
            source, target = locked.get((item.sku, origin)), locked.get((item.sku, destination))
            if source is None:
                errors.append(_missing_item(item.sku, origin))
                continue
            if item.qty <= ZERO or source.quantity < item.qty:  # a non-positive qty: our addition
                errors.append(DomainError(TRANSFER_AMOUNT_NOT_AVAILABLE, parameters={"sku": item.sku}))
            if target is None:
                errors.append(_missing_item(item.sku, destination))
        if errors:
            raise PartialTransferValidationFailed(errors=errors)
        for item in items:
            source, target = locked[(item.sku, origin)], locked[(item.sku, destination)]
            _check_fits(target.quantity + item.qty)
            source.quantity -= item.qty
            source.save(update_fields=["quantity"])
            target.quantity += item.qty
            target.status = IN_STOCK
            target.save(update_fields=["quantity", "status"])


def _check_fits(quantity: Decimal) -> None:
    """A destination quantity beyond decimal(12,4) cannot be saved: SourceItemsSave's "Could not save Source Item"
    (the transaction is undone, so nothing moves)."""
    if not fits_column(SourceItem._meta.get_field("quantity"), quantity):
        raise CouldNotSaveSourceItem()


def _missing_item(sku: str, source_code: str) -> DomainError:
    """PartialTransferItemsValidator wraps the filled-in NoSuchEntityException text as "%message"."""
    text = phrase(TRANSFER_ITEM_NOT_FOUND, sku=sku, sourceCode=source_code)
    return DomainError("%message", parameters={"message": text})


def _existing_skus(skus: Sequence[str]) -> list[str]:
    """The SKUs, once each, in request order; unknown ones are refused like GetProductTypesBySkus does."""
    wanted = list(dict.fromkeys(skus))
    known = set(Product.objects.filter(sku__in=wanted).values_list("sku", flat=True))
    missing = [sku for sku in wanted if sku not in known]
    if missing:
        raise ProductsNotFound(missing)
    return wanted


def _refuse_unknown_sources(source_codes: Sequence[str]) -> None:
    known = set(Source.objects.filter(pk__in=source_codes).values_list("pk", flat=True))
    errors = [
        DomainError(SOURCE_NOT_FOUND_FOR_BULK, parameters={"sourceCode": code})
        for code in dict.fromkeys(source_codes)
        if code not in known
    ]
    if errors:
        raise ValidationFailed(errors=errors)


def _source_pair_errors(origin: str, destination: str) -> list[DomainError]:
    known = set(Source.objects.filter(pk__in=[origin, destination]).values_list("pk", flat=True))
    errors = []
    if origin not in known:
        errors.append(DomainError(ORIGIN_NOT_FOUND, parameters={"sourceCode": origin}))
    if destination not in known:
        errors.append(DomainError(DESTINATION_NOT_FOUND, parameters={"sourceCode": destination}))
    if origin == destination:
        errors.append(DomainError(TRANSFER_ON_ITSELF))
    return errors
