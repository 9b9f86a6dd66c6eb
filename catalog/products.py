"""Product writes: Magento's ProductRepository::save (an upsert by SKU) and ::deleteById.

Catalog knows nothing of inventory: ``inventory.products`` wraps these functions to add the default-source
assignment and the reservation guard, the way MSI plugs into the catalog in Magento.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from backoffice.columns import fits_column
from backoffice.exceptions import InputError

from .categories import set_product_category_links
from .exceptions import AttributeValueEmpty, InvalidFieldValue, ProductNotFound, ProductNotSaved, SkuTooLong
from .locks import lock_product, lock_products
from .media import delete_files
from .models import Product, ProductStatus, ProductType, ProductVisibility

SKU_MAX_LENGTH = 64  # Catalog\Model\Product\Attribute\Backend\Sku::SKU_MAX_LENGTH
PRODUCT_FIELDS = frozenset({"name", "attribute_set_id", "price", "status", "visibility", "type_id", "weight"})
# extension_attributes.category_links as (category_id, position) pairs; left out: the links stay as they are.
CATEGORY_LINKS = "category_links"
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
    if set(changes) - PRODUCT_FIELDS - {CATEGORY_LINKS}:
        raise TypeError(f"not product fields: {sorted(set(changes) - PRODUCT_FIELDS - {CATEGORY_LINKS})}")
    category_links = changes.get(CATEGORY_LINKS)
    changes = {field: value for field, value in changes.items() if field != CATEGORY_LINKS}
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
        if category_links is not None:
            set_product_category_links(product, category_links)
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


# The attributes of Magento's Update Attributes form this back-office stores: every attribute of the Default set
# but the unique one (sku) and those the form excludes (Helper/Product/Edit/Action/Attribute::getAttributes).
MASS_UPDATE_FIELDS = frozenset({"name", "price", "weight", "status", "visibility"})
WEIGHT_NOT_NEGATIVE = "Please enter a number 0 or greater in this field."  # Product/Attribute/Backend/Weight


def update_attributes(product_ids: Sequence[int], changes: Mapping[str, object]) -> int:
    """Set the same attribute values on many products at once: Magento's Product\\Action::updateAttributes, behind
    Catalog > Products > Update attributes and Change status. Returns how many products were updated.

    Product Name, Price, Weight, Enable Product (status) and Visibility. Every value is checked first, as
    Save::validateProductAttributes does with each attribute's backend (an empty name: "The "Product Name" attribute
    value is empty..."; a negative weight; an unknown status or visibility, a negative or too large price: Magento's
    "Invalid value" message), changing nothing; the products are locked in id order (lock order 4) and updated in
    one transaction.
    """
    if set(changes) - MASS_UPDATE_FIELDS:
        raise TypeError(f"not mass-updatable fields: {sorted(set(changes) - MASS_UPDATE_FIELDS)}")
    for field, values in (("status", ProductStatus.values), ("visibility", ProductVisibility.values)):
        if field in changes and changes[field] not in values:
            raise InvalidFieldValue(field, changes[field])
    if "name" in changes and (not isinstance(changes["name"], str) or not changes["name"].strip()):
        raise AttributeValueEmpty(REQUIRED_ON_CREATE["name"])
    if "name" in changes and len(changes["name"]) > Product._meta.get_field("name").max_length:
        raise InvalidFieldValue("name", changes["name"])
    price = changes.get("price")
    if "price" in changes and (
        not isinstance(price, Decimal) or price < 0 or not fits_column(Product._meta.get_field("price"), price)
    ):
        raise InvalidFieldValue("price", price)
    weight = changes.get("weight")
    if weight is not None and (not isinstance(weight, Decimal) or weight < 0):
        raise InputError(WEIGHT_NOT_NEGATIVE)
    if weight is not None and not fits_column(Product._meta.get_field("weight"), weight):
        raise InvalidFieldValue("weight", weight)
    if not changes:
        return 0
    with transaction.atomic():
        ids = lock_products(product_ids)
        return Product.objects.filter(pk__in=ids).update(**changes, updated_at=timezone.now())
