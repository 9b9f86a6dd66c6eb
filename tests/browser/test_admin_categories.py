"""A merchant builds a category in Catalog > Categories, in a real browser: the add form (under Default Category),
the tree list where the new category sits indented under its parent with its product count, and the category's
page listing its products."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from catalog.categories import save_category_product_link
from catalog.models import Category
from catalog.products import save_product
from tests.browser.test_admin_walkthrough import expect, log_in, merchant

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]

__all__ = ["merchant"]  # the fixture, used by name


def test_add_a_category_see_it_in_the_tree_and_its_products(
    page: object, live_server: object, merchant: None, screenshot: Callable[[str], Path]
) -> None:
    save_product("24-WB01", {"name": "Voyage Yoga Bag", "price": 32})
    log_in(page)
    page.goto("/admin/catalog/category/")
    page.get_by_role("link", name="Add category").click()
    expect(page.get_by_label("Parent:")).to_have_value("2")
    page.get_by_label("Name:").fill("Gear")
    page.get_by_label("Enable Category:").select_option("true")
    screenshot("new-category")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator("ul.messagelist")).to_contain_text("was added successfully")
    parent = page.locator("td.field-tree_name, th.field-tree_name").filter(has_text="Default Category").locator("span")
    child = page.locator("th.field-tree_name span").filter(has_text="Gear")
    parent_box, child_box = parent.bounding_box(), child.bounding_box()
    assert child_box["y"] > parent_box["y"]  # under its parent
    assert child_box["x"] > parent_box["x"]  # and indented
    screenshot("tree")

    gear = Category.objects.get(name="Gear")
    save_category_product_link(gear.pk, "24-WB01", 1)
    page.reload()
    expect(page.locator("tr", has_text="Gear").locator("td.field-product_count")).to_have_text("1")
    child.click()
    expect(page.locator("div.field-products")).to_contain_text("Voyage Yoga Bag")
    box = page.locator("div.field-products table").bounding_box()
    assert box["x"] + box["width"] <= 1920
    screenshot("category-page")
