"""catalog.categories: the tree kept as Magento's category resource model keeps it (module-catalog
Model/ResourceModel/Category.php _beforeSave, changeParent, _processPositions; AggregateCount::processDelete;
Model/CategoryManagement.php move; Model/CategoryRepository.php save, get, delete)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalog.categories import (
    delete_category,
    get_category_tree,
    move_category,
    save_category,
    save_category_product_link,
    set_product_category_links,
)
from catalog.exceptions import CategoryMoveRefused, CategoryNotDeleted, CategoryNotFound, CategoryNotSaved
from catalog.models import Category, CategoryProduct
from catalog.products import save_product

pytestmark = pytest.mark.django_db


def new(name: str, parent_id: int | None = None, **changes: object) -> Category:
    return save_category(None, {"name": name, "is_active": True, "parent_id": parent_id, **changes})


def rows() -> dict[str, tuple]:
    return {c.name: (c.path, c.level, c.position, c.children_count, c.parent_id) for c in Category.objects.all()}


def test_magentos_roots_come_from_the_migration():
    assert rows() == {"Root Catalog": ("1", 0, 0, 1, None), "Default Category": ("1/2", 1, 1, 0, 1)}


def test_create_places_the_category_last_under_the_store_root_and_counts_it_in_every_ancestor():
    gear = new("Gear")
    bags = new("Bags", gear.pk)
    watches = new("Watches", gear.pk)

    assert rows() == {
        "Root Catalog": ("1", 0, 0, 4, None),
        "Default Category": ("1/2", 1, 1, 3, 1),
        "Gear": (f"1/2/{gear.pk}", 2, 1, 2, 2),
        "Bags": (f"1/2/{gear.pk}/{bags.pk}", 3, 1, 0, gear.pk),
        "Watches": (f"1/2/{gear.pk}/{watches.pk}", 3, 2, 0, gear.pk),
    }
    assert gear.include_in_menu is True


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"name": "", "is_active": True}, 'The "Name" attribute value is empty. Set the attribute and try again.'),
        ({"name": "Gear"}, 'The "Is Active" attribute value is empty. Set the attribute and try again.'),
    ],
)
def test_create_refuses_an_empty_required_attribute(changes, reason):
    with pytest.raises(CategoryNotSaved) as excinfo:
        save_category(None, changes)

    assert (excinfo.value.message, excinfo.value.parameters) == ("Could not save category: %1", [reason])
    assert Category.objects.count() == 2


def test_create_under_an_unknown_parent_is_not_found():
    with pytest.raises(CategoryNotFound) as excinfo:
        new("Gear", 99)

    assert str(excinfo.value) == "No such entity with id = 99"


def test_update_changes_the_fields_sent_and_never_the_place():
    gear = new("Gear")

    saved = save_category(gear.pk, {"name": "Gear & Bags", "is_active": False, "parent_id": 1, "position": None})

    assert (saved.name, saved.is_active, saved.parent_id, saved.position) == ("Gear & Bags", False, 2, 1)


def test_delete_takes_the_subtree_and_its_links_and_uncounts_them():
    gear = new("Gear")
    bags = new("Bags", gear.pk)
    new("Totes", bags.pk)
    save_product("24-WB01", {"name": "Voyage Yoga Bag", "price": Decimal(32)})
    save_category_product_link(bags.pk, "24-WB01", 3)

    delete_category(bags.pk)

    assert rows() == {
        "Root Catalog": ("1", 0, 0, 2, None),
        "Default Category": ("1/2", 1, 1, 1, 1),
        "Gear": (f"1/2/{gear.pk}", 2, 1, 0, 2),
    }
    assert CategoryProduct.objects.count() == 0


@pytest.mark.parametrize("category_id", [1, 2])
def test_the_roots_can_not_be_deleted(category_id):
    with pytest.raises(CategoryNotDeleted) as excinfo:
        delete_category(category_id)

    assert str(excinfo.value) == f"Cannot delete category with id {category_id}"
    assert Category.objects.count() == 2


def test_move_carries_the_subtree_and_renumbers_both_sets_of_siblings():
    gear, men, women = new("Gear"), new("Men"), new("Women")
    bags = new("Bags", gear.pk)
    totes = new("Totes", bags.pk)
    tops = new("Tops", men.pk)

    move_category(bags.pk, men.pk, None)  # after the last active child: Tops

    assert rows()["Bags"] == (f"1/2/{men.pk}/{bags.pk}", 3, 2, 1, men.pk)
    assert rows()["Totes"] == (f"1/2/{men.pk}/{bags.pk}/{totes.pk}", 4, 1, 0, bags.pk)
    assert (rows()["Gear"][3], rows()["Men"][3]) == (0, 3)
    assert rows()["Tops"][2] == 1

    move_category(women.pk, men.pk, 0)  # first

    assert [(c.name, c.position) for c in Category.objects.filter(parent_id=men.pk).order_by("position")] == [
        ("Women", 1),
        ("Tops", 2),
        ("Bags", 3),
    ]
    assert [(c.name, c.position) for c in Category.objects.filter(parent_id=2).order_by("position")] == [
        ("Gear", 1),
        ("Men", 2),
    ]
    assert (rows()["Default Category"][3], rows()["Root Catalog"][3], tops.parent_id) == (6, 7, men.pk)


def test_move_under_its_own_child_or_itself_is_refused():
    gear = new("Gear")
    bags = new("Bags", gear.pk)

    with pytest.raises(CategoryMoveRefused) as child:
        move_category(gear.pk, bags.pk)
    with pytest.raises(CategoryMoveRefused) as itself:
        move_category(gear.pk, gear.pk)

    assert str(child.value) == "Operation do not allow to move a parent category to any of children category"
    assert str(itself.value) == "Could not move category"
    assert rows()["Bags"][0] == f"1/2/{gear.pk}/{bags.pk}"


def test_tree_counts_products_of_the_whole_branch_and_stops_at_depth():
    gear = new("Gear")
    bags = new("Bags", gear.pk)
    for sku in ("A", "B"):
        save_product(sku, {"name": sku, "price": 1})
    save_category_product_link(bags.pk, "A", 0)
    save_category_product_link(gear.pk, "A", 0)
    save_category_product_link(bags.pk, "B", 0)

    root = get_category_tree(None, None)
    shallow = get_category_tree(None, 1)
    admin = get_category_tree(None, 0, store_root=False)

    assert (root.category.pk, root.product_count) == (2, 2)
    assert [(n.category.name, n.product_count) for n in root.children[0].children] == [("Bags", 2)]
    assert shallow.children[0].children == []
    assert (admin.category.pk, admin.children) == (1, [])


def test_product_category_links_are_replaced_and_unknown_categories_left_out():
    gear, bags = new("Gear"), new("Bags")
    product, _ = save_product("A", {"name": "A", "price": 1})

    set_product_category_links(product, [(str(gear.pk), 2), (bags.pk, None), ("999", 1), ("x", 1)])
    assert set(CategoryProduct.objects.values_list("category_id", "position")) == {(gear.pk, 2), (bags.pk, 0)}

    set_product_category_links(product, [(bags.pk, 5)])
    assert set(CategoryProduct.objects.values_list("category_id", "position")) == {(bags.pk, 5)}
