"""Catalog > Categories (the tree as an indented list, product counts, the products of a category) and the
Products grid's category filter. Writes go through catalog.categories, as the REST routes do."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from catalog.categories import save_category, save_category_product_link
from catalog.models import Category

pytestmark = pytest.mark.django_db

CATEGORIES_URL = reverse("admin:catalog_category_changelist")


def new(name: str, parent_id: int | None = None) -> Category:
    return save_category(None, {"name": name, "is_active": True, "parent_id": parent_id})


def test_the_list_is_the_indented_tree_with_branch_product_counts(admin_client: Client, product_factory: Callable):
    gear = new("Gear")
    bags = new("Bags", gear.pk)
    for product in (product_factory(), product_factory()):
        save_category_product_link(bags.pk, product.sku, 0)

    html = admin_client.get(CATEGORIES_URL).content.decode()

    names = ["Root Catalog", "Default Category", "Gear", "Bags"]
    assert [html.index(f">{name}</span>") for name in names] == sorted(html.index(f">{n}</span>") for n in names)
    assert '<span style="margin-left: 3.0em">Bags</span>' in html
    row = html[html.index(">Gear</span>") : html.index("</tr>", html.index(">Gear</span>"))]
    assert '<td class="field-product_count">2</td>' in row


def test_the_list_takes_a_constant_number_of_queries(
    admin_client: Client, product_factory: Callable, django_assert_max_num_queries: Callable
):
    parent = new("Gear")
    for n in range(15):
        category = new(f"Sub {n}", parent.pk)
        save_category_product_link(category.pk, product_factory().sku, 0)

    with django_assert_max_num_queries(7):  # session, user, count, page, product counts, filters
        assert admin_client.get(CATEGORIES_URL).status_code == 200


def test_the_change_page_lists_the_products_in_the_category(admin_client: Client, product_factory: Callable):
    gear = new("Gear")
    product = product_factory(name="Voyage Yoga Bag")
    save_category_product_link(gear.pk, product.sku, 7)

    html = admin_client.get(reverse("admin:catalog_category_change", args=[gear.pk])).content.decode()

    assert f">{product.sku}</a></td><td>Voyage Yoga Bag</td><td>7</td>" in html
    assert f"?category_links__category__id__exact={gear.pk}" in html


def test_add_and_delete_go_through_the_domain_functions(admin_client: Client):
    response = admin_client.post(
        reverse("admin:catalog_category_add"),
        {"parent": 2, "name": "Gear", "is_active": "true", "include_in_menu": "true", "position": ""},
    )

    gear = Category.objects.get(name="Gear")
    assert response.status_code == 302
    assert (gear.path, gear.level, gear.position) == (f"1/2/{gear.pk}", 2, 1)
    assert Category.objects.get(pk=2).children_count == 1

    admin_client.post(reverse("admin:catalog_category_delete", args=[gear.pk]), {"post": "yes"})

    assert list(Category.objects.values_list("pk", "children_count")) == [(1, 1), (2, 0)]


def test_the_roots_have_no_delete_button(admin_client: Client):
    response = admin_client.post(reverse("admin:catalog_category_delete", args=[2]), {"post": "yes"})

    assert response.status_code == 403
    assert Category.objects.count() == 2


def test_the_products_grid_filters_by_category(admin_client: Client, product_factory: Callable):
    gear = new("Gear")
    inside, outside = product_factory(), product_factory()
    save_category_product_link(gear.pk, inside.sku, 0)

    html = admin_client.get(
        reverse("admin:catalog_product_changelist") + f"?category_links__category__id__exact={gear.pk}"
    ).content.decode()

    assert f'<td class="field-sku">{inside.sku}</td>' in html
    assert f'<td class="field-sku">{outside.sku}</td>' not in html
