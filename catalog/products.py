"""Product writes: Magento's ProductRepository::save (an upsert by SKU) and ::deleteById.

Catalog knows nothing of inventory: ``inventory.products`` wraps these functions to add the default-source
assignment and the reservation guard, the way MSI plugs into the catalog in Magento.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.db import IntegrityError, transaction

from .exceptions import AttributeValueEmpty, InvalidFieldValue, ProductNotFound, ProductNotSaved, SkuTooLong
from .locks import lock_product
from .media import delete_files
from .models import Product, ProductStatus, ProductType, ProductVisibility

SKU_MAX_LENGTH = 64  # Catalog\Model\Product\Attribute\Backend\Sku::SKU_MAX_LENGTH
PRODUCT_FIELDS = frozenset({"name", "attribute_set_id", "price", "status", "visibility", "type_id", "weight"})
# Required attributes and the frontend labels Magento names in its refusal.
REQUIRED_ON_CREATE = {"name": "Product Name", "price": "Price"}
_CHOICES = {"type_id": ProductType.values, "status": ProductStatus.values, "visibility": ProductVisibility.values}


def get_product(sku: str) -> Product:
    try:
        return Product.objects.get(sku=sku)
    except Product.DoesNotExist:
        raise ProductNotFound() from None


def save_product(sku: str, changes: Mapping[str, object]) -> tuple[Product, bool]:
    """Create the product ``sku`` or update it; fields left out of ``changes`` keep their value.

    Returns the product and whether it was created. Refuses (changing nothing) an empty or too long SKU,
    an empty required attribute and unknown type, status or visibility values, with Magento's messages.
    """
    if set(changes) - PRODUCT_FIELDS:
        raise TypeError(f"not product fields: {sorted(set(changes) - PRODUCT_FIELDS)}")
    sku = sku.strip()  # the SKU backend trims it before saving
    if not sku:
        raise AttributeValueEmpty("sku")
    if len(sku) > SKU_MAX_LENGTH:
        raise SkuTooLong(SKU_MAX_LENGTH)
    for field, allowed in _CHOICES.items():
        if field in changes and changes[field] is not None and changes[field] not in allowed:
            raise InvalidFieldValue(field, changes[field])

    with transaction.atomic():
        product = lock_product(sku)
        created = product is None
        if product is None:
            product = Product(sku=sku)
        for field, value in changes.items():
            if value is not None or field == "weight":
                setattr(product, field, value)
        for field, label in REQUIRED_ON_CREATE.items():
            value = changes.get(field) if created else getattr(product, field)
            if value is None or (isinstance(value, str) and not value.strip()):
                raise AttributeValueEmpty(label)
        if isinstance(product.price, Decimal) and product.price < 0:
            raise InvalidFieldValue("price", product.price)
        try:
            with transaction.atomic():
                product.save()
        except IntegrityError:  # a concurrent create of the same SKU won the race
            raise ProductNotSaved() from None
    return product, created


def delete_product(sku: str) -> None:
    """Delete the product ``sku`` (its source items and gallery entries go with it, by cascade; the gallery's
    files once the deletion is committed)."""
    with transaction.atomic():
        product = lock_product(sku)
        if product is None:
            raise ProductNotFound()
        files = [entry.storage_name for entry in product.media_gallery_entries.all()]
        product.delete()
        if files:
            transaction.on_commit(lambda: delete_files(files))
