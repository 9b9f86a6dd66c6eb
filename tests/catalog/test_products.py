"""catalog.products: ProductRepository::save (an upsert by SKU) and ::deleteById, without any inventory."""

from __future__ import annotations

from decimal import Decimal

import pytest

from backoffice.exceptions import InputError
from catalog.exceptions import (
    AttributeValueEmpty,
    InvalidFieldValue,
    ProductNotFound,
    SkuTooLong,
)
from catalog.models import Product, ProductType
from catalog.products import delete_product, get_product, save_product, update_attributes
from inventory.models import SourceItem

pytestmark = pytest.mark.django_db


def test_save_creates_with_magentos_defaults():
    product, created = save_product(" 24-WB01 ", {"name": "Voyage Yoga Bag", "price": Decimal(32)})

    assert created is True
    assert (product.sku, product.type_id, product.attribute_set_id, product.status, product.visibility) == (
        "24-WB01",
        ProductType.SIMPLE,
        4,
        1,
        4,
    )
    assert get_product("24-WB01") == product


def test_save_updates_only_the_given_fields():
    save_product("24-WB01", {"name": "Voyage Yoga Bag", "price": Decimal(32), "weight": Decimal(1)})

    product, created = save_product("24-WB01", {"price": Decimal(30), "name": None})

    assert created is False
    assert (product.name, product.price, product.weight) == ("Voyage Yoga Bag", Decimal(30), Decimal(1))
    assert Product.objects.count() == 1


@pytest.mark.parametrize(
    ("sku", "changes", "error", "text"),
    [
        (
            "",
            {"name": "X", "price": 1},
            AttributeValueEmpty,
            'The "sku" attribute value is empty. Set the attribute and try again.',
        ),
        (
            "NEW",
            {"price": 1},
            AttributeValueEmpty,
            'The "Product Name" attribute value is empty. Set the attribute and try again.',
        ),
        (
            "NEW",
            {"name": " ", "price": 1},
            AttributeValueEmpty,
            'The "Product Name" attribute value is empty. Set the attribute and try again.',
        ),
        ("S" * 65, {"name": "X", "price": 1}, SkuTooLong, "SKU length should be 64 characters maximum."),
        (
            "NEW",
            {"name": "X", "price": 1, "status": 3},
            InvalidFieldValue,
            'Invalid value of "3" provided for the status field.',
        ),
        (
            "NEW",
            {"name": "X", "price": Decimal(-1)},
            InvalidFieldValue,
            'Invalid value of "-1" provided for the price field.',
        ),
    ],
)
def test_refusals_write_nothing(sku, changes, error, text):
    with pytest.raises(error) as excinfo:
        save_product(sku, changes)

    assert str(excinfo.value) == text
    assert Product.objects.count() == 0


def test_an_update_can_not_empty_the_name():
    save_product("24-WB01", {"name": "Voyage Yoga Bag", "price": 1})

    with pytest.raises(AttributeValueEmpty):
        save_product("24-WB01", {"name": ""})

    assert Product.objects.get().name == "Voyage Yoga Bag"


def test_delete_takes_the_products_source_items_with_it():
    product, _ = save_product("24-WB01", {"name": "Voyage Yoga Bag", "price": 1})
    SourceItem.objects.create(product=product, source_id="default", quantity=5)

    delete_product("24-WB01")

    assert (Product.objects.count(), SourceItem.objects.count()) == (0, 0)


def test_unknown_products():
    with pytest.raises(ProductNotFound):
        delete_product("nope")
    with pytest.raises(ProductNotFound):
        get_product("nope")


def test_update_attributes_sets_status_and_price_on_every_product():
    """Magento's Product\\Action::updateAttributes (Catalog > Products > Update attributes)."""
    first, _ = save_product("A-1", {"name": "A", "price": Decimal(1)})
    second, _ = save_product("B-1", {"name": "B", "price": Decimal(2)})
    save_product("C-1", {"name": "C", "price": Decimal(3)})

    updated = update_attributes([first.pk, second.pk], {"status": 2, "price": Decimal("9.50")})

    assert updated == 2
    rows = dict((sku, (status, price)) for sku, status, price in Product.objects.values_list("sku", "status", "price"))
    assert rows == {"A-1": (2, Decimal("9.5")), "B-1": (2, Decimal("9.5")), "C-1": (1, Decimal(3))}


def test_update_attributes_sets_name_weight_and_visibility():
    first, _ = save_product("A-1", {"name": "A", "price": Decimal(1)})
    save_product("B-1", {"name": "B", "price": Decimal(2)})

    update_attributes([first.pk], {"name": "Bag", "weight": Decimal("2.5"), "visibility": 2})

    rows = Product.objects.order_by("sku").values_list("name", "weight", "visibility")
    assert list(rows) == [("Bag", Decimal("2.5"), 2), ("B", None, 4)]


@pytest.mark.parametrize(
    ("changes", "text"),
    [
        ({"status": 3}, 'Invalid value of "3" provided for the status field.'),
        ({"price": Decimal("-1")}, 'Invalid value of "-1" provided for the price field.'),
        ({"price": Decimal("1e20")}, 'Invalid value of "1E+20" provided for the price field.'),
        ({"visibility": 5}, 'Invalid value of "5" provided for the visibility field.'),
        ({"name": " "}, 'The "Product Name" attribute value is empty. Set the attribute and try again.'),
        ({"weight": Decimal("-0.1")}, "Please enter a number 0 or greater in this field."),
        ({"weight": Decimal("1e9")}, 'Invalid value of "1E+9" provided for the weight field.'),
    ],
)
def test_update_attributes_refuses_a_bad_value_and_changes_nothing(changes, text):
    """Save::validateProductAttributes (each attribute's backend: Eav AbstractBackend::validate for the required
    name, Product/Attribute/Backend/Weight for the weight) and the option lists of status and visibility."""
    product, _ = save_product("A-1", {"name": "A", "price": Decimal(1)})

    with pytest.raises(InputError) as refused:
        update_attributes([product.pk], {"status": 2, **changes})

    assert str(refused.value) == text
    assert Product.objects.values_list("status", "price").get() == (1, Decimal(1))
