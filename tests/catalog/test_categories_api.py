"""/V1/categories: the 11 category routes of Magento_Catalog's etc/webapi.xml, all under Magento_Catalog::categories.

Bodies: Api/Data/CategoryInterface.php (getter order), CategoryTreeInterface.php, CategoryProductLinkInterface.php;
services and messages: Model/CategoryRepository.php, CategoryManagement.php, CategoryLinkRepository.php,
CategoryLinkManagement.php (Magento 2.4.6, vendor/magento/module-catalog).
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from catalog.categories import save_category, save_category_product_link
from catalog.models import Category, CategoryProduct
from catalog.products import save_product

pytestmark = pytest.mark.django_db

V1 = "/rest/default/V1"


def new(name: str, parent_id: int | None = None) -> Category:
    return save_category(None, {"name": name, "is_active": True, "parent_id": parent_id})


def test_post_creates_under_default_category_and_answers_category_interface(rest_client):
    response = rest_client.post(f"{V1}/categories", {"category": {"name": "Gear", "is_active": True}}, format="json")

    assert response.status_code == 200
    body = response.json()
    gear = Category.objects.get(name="Gear")
    assert list(body) == [
        "id",
        "parent_id",
        "name",
        "is_active",
        "position",
        "level",
        "children",
        "created_at",
        "updated_at",
        "path",
        "available_sort_by",
        "include_in_menu",
        "custom_attributes",
    ]
    assert {k: v for k, v in body.items() if not k.endswith("_at")} == {
        "id": gear.pk,
        "parent_id": 2,
        "name": "Gear",
        "is_active": True,
        "position": 1,
        "level": 2,
        "children": "",
        "path": f"1/2/{gear.pk}",
        "available_sort_by": [],
        "include_in_menu": True,
        "custom_attributes": [
            {"attribute_code": "path", "value": f"1/2/{gear.pk}"},
            {"attribute_code": "children_count", "value": "0"},
        ],
    }
    assert rest_client.get(f"{V1}/categories/2").json()["children"] == str(gear.pk)


def test_post_refusals(rest_client):
    unnamed = rest_client.post(f"{V1}/categories", {"category": {"is_active": True}}, format="json")
    orphan = rest_client.post(
        f"{V1}/categories", {"category": {"name": "X", "is_active": True, "parent_id": 77}}, format="json"
    )
    unknown_key = rest_client.post(f"{V1}/categories", {"category": {"name": "X", "colour": "red"}}, format="json")

    assert (unnamed.status_code, unnamed.json()) == (
        400,
        {
            "message": "Could not save category: %1",
            "parameters": ['The "Name" attribute value is empty. Set the attribute and try again.'],
        },
    )
    assert (orphan.status_code, orphan.json()) == (
        404,
        {
            "message": "No such entity with %fieldName = %fieldValue",
            "parameters": {"fieldName": "id", "fieldValue": 77},
        },
    )
    assert unknown_key.status_code == 400
    assert Category.objects.count() == 2


def test_get_one_and_unknown(rest_client):
    root = rest_client.get(f"{V1}/categories/1").json()
    missing = rest_client.get(f"{V1}/categories/999")

    assert (root["parent_id"], root["name"], root["level"], "is_active" in root) == (0, "Root Catalog", 0, False)
    assert (missing.status_code, missing.json()["parameters"]) == (404, {"fieldName": "id", "fieldValue": 999})


def test_put_forces_the_path_id_and_the_get_body_round_trips_unchanged(rest_client):
    gear = new("Gear")
    body = rest_client.get(f"{V1}/categories/{gear.pk}").json()

    same = rest_client.put(f"{V1}/categories/{gear.pk}", {"category": body}, format="json")
    renamed = rest_client.put(
        f"{V1}/categories/{gear.pk}", {"category": {"id": 2, "name": "Gear & Bags", "parent_id": 1}}, format="json"
    )

    assert (same.status_code, {k: v for k, v in same.json().items() if k != "updated_at"}) == (
        200,
        {k: v for k, v in body.items() if k != "updated_at"},
    )
    assert (renamed.json()["id"], renamed.json()["name"], renamed.json()["parent_id"]) == (gear.pk, "Gear & Bags", 2)
    assert Category.objects.get(pk=2).name == "Default Category"
    assert rest_client.put(f"{V1}/categories/999", {"category": {"name": "X"}}, format="json").status_code == 404


def test_delete_removes_the_subtree_and_refuses_the_roots(rest_client):
    gear = new("Gear")
    new("Bags", gear.pk)

    deleted = rest_client.delete(f"{V1}/categories/{gear.pk}")
    root = rest_client.delete(f"{V1}/categories/2")
    missing = rest_client.delete(f"{V1}/categories/{gear.pk}")

    assert (deleted.status_code, deleted.json()) == (200, True)
    assert (root.status_code, root.json()) == (400, {"message": "Cannot delete category with id %1", "parameters": [2]})
    assert missing.status_code == 404
    assert list(Category.objects.values_list("pk", "children_count")) == [(1, 1), (2, 0)]


def test_tree_from_the_store_root_or_the_admin_scope_with_depth(rest_client):
    gear = new("Gear")
    bags = new("Bags", gear.pk)
    save_product("A", {"name": "A", "price": 1})
    save_category_product_link(bags.pk, "A", 0)

    store = rest_client.get(f"{V1}/categories").json()
    admin = rest_client.get("/rest/all/V1/categories?depth=1").json()
    branch = rest_client.get(f"{V1}/categories?rootCategoryId={gear.pk}&depth=0").json()

    assert store == {
        "id": 2,
        "parent_id": 1,
        "name": "Default Category",
        "is_active": True,
        "position": 1,
        "level": 1,
        "product_count": 1,
        "children_data": [
            {
                "id": gear.pk,
                "parent_id": 2,
                "name": "Gear",
                "is_active": True,
                "position": 1,
                "level": 2,
                "product_count": 1,
                "children_data": [
                    {
                        "id": bags.pk,
                        "parent_id": gear.pk,
                        "name": "Bags",
                        "is_active": True,
                        "position": 1,
                        "level": 3,
                        "product_count": 1,
                        "children_data": [],
                    }
                ],
            }
        ],
    }
    assert (admin["id"], [c["id"] for c in admin["children_data"]], admin["children_data"][0]["children_data"]) == (
        1,
        [2],
        [],
    )
    assert (branch["id"], branch["children_data"]) == (gear.pk, [])


def test_tree_refusals(rest_client):
    missing = rest_client.get(f"{V1}/categories?rootCategoryId=404")
    not_int = rest_client.get(f"{V1}/categories?depth=deep")

    assert missing.status_code == 404
    assert (not_int.status_code, not_int.json()) == (
        400,
        # ServiceInputProcessor::process renders TypeProcessor's SerializationException into its message (no
        # "parameters"): vendor/magento/framework/Webapi/ServiceInputProcessor.php
        {"message": 'The "deep" value\'s type is invalid. The "int" type was expected. Verify and try again.'},
    )


def test_list_takes_search_criteria(rest_client):
    new("Gear")
    new("Bags")

    response = rest_client.get(
        f"{V1}/categories/list?searchCriteria[filter_groups][0][filters][0][field]=name"
        "&searchCriteria[filter_groups][0][filters][0][value]=B%25"
        "&searchCriteria[filter_groups][0][filters][0][condition_type]=like"
    )
    everything = rest_client.get(f"{V1}/categories/list?searchCriteria[pageSize]=10").json()

    assert response.status_code == 200
    assert ([item["name"] for item in response.json()["items"]], response.json()["total_count"]) == (["Bags"], 1)
    assert [item["name"] for item in everything["items"]] == ["Root Catalog", "Default Category", "Gear", "Bags"]
    assert everything["items"][1]["children"] == ",".join(str(c.pk) for c in Category.objects.filter(level=2))


def test_move(rest_client):
    gear, men = new("Gear"), new("Men")
    bags = new("Bags", gear.pk)

    moved = rest_client.put(f"{V1}/categories/{bags.pk}/move", {"parentId": men.pk, "afterId": 0}, format="json")
    refused = rest_client.put(f"{V1}/categories/{men.pk}/move", {"parentId": bags.pk}, format="json")
    without_parent = rest_client.put(f"{V1}/categories/{men.pk}/move", {"afterId": 1}, format="json")
    missing = rest_client.put(f"{V1}/categories/{men.pk}/move", {"parentId": 404}, format="json")

    assert (moved.status_code, moved.json()) == (200, True)
    assert Category.objects.get(pk=bags.pk).path == f"1/2/{men.pk}/{bags.pk}"
    assert (refused.status_code, refused.json()) == (
        400,
        {"message": "Operation do not allow to move a parent category to any of children category"},
    )
    assert (without_parent.status_code, without_parent.json()) == (
        400,
        {"message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": "parentId"}},
    )
    assert missing.status_code == 404


def test_category_products_assign_list_and_remove(rest_client):
    gear = new("Gear")
    save_product("24-WB01", {"name": "Voyage Yoga Bag", "price": 32})

    posted = rest_client.post(
        f"{V1}/categories/{gear.pk}/products",
        {"productLink": {"sku": "24-WB01", "position": 3, "category_id": str(gear.pk)}},
        format="json",
    )
    put = rest_client.put(
        f"{V1}/categories/{gear.pk}/products",
        {"productLink": {"sku": "24-WB01", "position": 5, "category_id": "999"}},
        format="json",
    )
    listed = rest_client.get(f"{V1}/categories/{gear.pk}/products")

    assert (posted.status_code, posted.json(), put.status_code, put.json()) == (200, True, 200, True)
    assert listed.json() == [{"sku": "24-WB01", "position": 5, "category_id": str(gear.pk)}]

    removed = rest_client.delete(f"{V1}/categories/{gear.pk}/products/24-WB01")
    again = rest_client.delete(f"{V1}/categories/{gear.pk}/products/24-WB01")

    assert (removed.status_code, removed.json()) == (200, True)
    assert (again.status_code, again.json()) == (
        400,
        {"message": "The category doesn't contain the specified product."},
    )
    assert rest_client.get(f"{V1}/categories/{gear.pk}/products").json() == []


def test_category_products_refusals(rest_client):
    gear = new("Gear")
    save_product("A", {"name": "A", "price": 1})

    no_product = rest_client.post(
        f"{V1}/categories/{gear.pk}/products", {"productLink": {"sku": "nope", "category_id": gear.pk}}, format="json"
    )
    no_category = rest_client.post(
        f"{V1}/categories/{gear.pk}/products", {"productLink": {"sku": "A", "category_id": "404"}}, format="json"
    )

    assert (no_product.status_code, no_product.json()["message"]) == (
        404,
        "The product that was requested doesn't exist. Verify the product and try again.",
    )
    assert (no_category.status_code, no_category.json()["parameters"]) == (
        404,
        {"fieldName": "id", "fieldValue": "404"},
    )
    assert rest_client.get(f"{V1}/categories/404/products").status_code == 404
    assert rest_client.delete(f"{V1}/categories/{gear.pk}/products/nope").status_code == 404
    assert CategoryProduct.objects.count() == 0


def test_product_bodies_read_and_write_category_links(rest_client):
    gear, bags = new("Gear"), new("Bags")

    created = rest_client.post(
        f"{V1}/products",
        {
            "product": {
                "sku": "A",
                "name": "A",
                "price": 1,
                "attribute_set_id": 4,
                "extension_attributes": {
                    "category_links": [
                        {"position": 2, "category_id": str(gear.pk)},
                        {"position": 0, "category_id": bags.pk},
                    ]
                },
            }
        },
        format="json",
    )

    assert created.status_code == 200
    assert created.json()["extension_attributes"]["category_links"] == [
        {"position": 2, "category_id": str(gear.pk)},
        {"position": 0, "category_id": str(bags.pk)},
    ]
    assert list(created.json()["extension_attributes"])[:2] == ["website_ids", "category_links"]

    rest_client.put(f"{V1}/products/A", {"product": {"price": 2}}, format="json")  # left out: kept
    assert CategoryProduct.objects.count() == 2
    listed = rest_client.get(f"{V1}/products?searchCriteria[pageSize]=5").json()["items"][0]
    assert listed["extension_attributes"]["category_links"][0] == {"position": 2, "category_id": str(gear.pk)}

    cleared = rest_client.put(
        f"{V1}/products/A", {"product": {"extension_attributes": {"category_links": []}}}, format="json"
    )
    assert "category_links" not in cleared.json()["extension_attributes"]
    assert CategoryProduct.objects.count() == 0


@pytest.mark.parametrize(
    ("method", "path", "body", "permission"),
    [
        ("get", "/categories", None, "catalog.view_category"),
        ("get", "/categories/list?searchCriteria[pageSize]=1", None, "catalog.view_category"),
        ("get", "/categories/2", None, "catalog.view_category"),
        ("post", "/categories", {"category": {"name": "X", "is_active": True}}, "catalog.add_category"),
        ("put", "/categories/2", {"category": {"name": "X"}}, "catalog.change_category"),
        ("delete", "/categories/3", None, "catalog.delete_category"),
        ("put", "/categories/3/move", {"parentId": 1}, "catalog.change_category"),
        ("get", "/categories/2/products", None, "catalog.view_category"),
        (
            "post",
            "/categories/2/products",
            {"productLink": {"sku": "A", "category_id": "2"}},
            "catalog.change_category",
        ),
        ("put", "/categories/2/products", {"productLink": {"sku": "A"}}, "catalog.change_category"),
        ("delete", "/categories/2/products/A", None, "catalog.change_category"),
    ],
)
def test_acl_magento_catalog_categories(staff_client_with, method, path, body, permission):
    refused = getattr(APIClient(), method)(f"{V1}{path}", body, format="json")
    granted = getattr(staff_client_with(permission), method)(f"{V1}{path}", body, format="json")

    assert (refused.status_code, refused.json()) == (
        401,
        {
            "message": "The consumer isn't authorized to access %resources.",
            "parameters": {"resources": "Magento_Catalog::categories"},
        },
    )
    assert granted.status_code != 401


def test_a_product_body_with_its_category_links_round_trips_unchanged(rest_client):
    gear = new("Gear")
    rest_client.post(
        f"{V1}/products",
        {
            "product": {
                "sku": "A",
                "name": "A",
                "price": 1,
                "extension_attributes": {"category_links": [{"position": 4, "category_id": str(gear.pk)}]},
            }
        },
        format="json",
    )
    body = rest_client.get(f"{V1}/products/A").json()
    del body["extension_attributes"]["stock_item"]  # the stock item's own round trip is inventory's (issue 18)

    response = rest_client.put(f"{V1}/products/A", {"product": body}, format="json")

    assert response.status_code == 200
    assert response.json()["extension_attributes"]["category_links"] == body["extension_attributes"]["category_links"]
    assert list(CategoryProduct.objects.values_list("category_id", "position")) == [(gear.pk, 4)]
