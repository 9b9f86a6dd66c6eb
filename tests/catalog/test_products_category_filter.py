"""GET /V1/products?searchCriteria... ``category_id``: Magento's custom filter, on the tutorial's categories.

Magento 2.4.6: module-catalog ``Model/ProductRepository.php::getList`` runs the
``Magento\\Catalog\\Model\\Api\\SearchCriteria\\ProductCollectionProcessor`` whose FilterProcessor maps
``category_id`` to ``Model/Api/SearchCriteria/CollectionProcessor/FilterProcessor/ProductCategoryFilter.php``
(etc/di.xml): in/nin split the value on commas, and ``Model/ResourceModel/Product/Collection.php::
addCategoriesFilter`` maps eq to in and neq to nin over catalog_category_product.
"""

from __future__ import annotations

import pytest

from catalog.models import Category

pytestmark = pytest.mark.django_db

INVALID = 'Invalid value of "%value" provided for the %fieldName field.'


def skus(rest_client, *filters: tuple[str, str, str], sort: str | None = None) -> object:
    params = {}
    for group, (field, value, condition) in enumerate(filters):
        prefix = f"searchCriteria[filter_groups][{group}][filters][0]"
        params |= {f"{prefix}[field]": field, f"{prefix}[value]": value, f"{prefix}[condition_type]": condition}
    if sort:
        params |= {"searchCriteria[sortOrders][0][field]": sort, "searchCriteria[sortOrders][0][direction]": "DESC"}
    response = rest_client.get("/rest/V1/products", params)
    if response.status_code != 200:
        return response.status_code, response.json()
    return [item["sku"] for item in response.json()["items"]]


@pytest.fixture
def bags(tutorial) -> int:
    return Category.objects.get(name="Bags").pk


@pytest.fixture
def video(tutorial) -> int:
    return Category.objects.get(name="Video Download").pk


def test_eq_and_in_answer_the_categories_products(rest_client, bags, video):
    assert skus(rest_client, ("category_id", str(bags), "eq")) == ["24-WB01", "24-WB03"]
    assert skus(rest_client, ("category_id", f"{bags},{video}", "in")) == ["24-WB01", "24-WB03", "240-LV06"]
    assert skus(rest_client, ("category_id", f"{video}, 999999", "in")) == ["240-LV06"]


def test_a_product_in_two_of_the_categories_is_listed_once(rest_client, bags, video):
    linked = rest_client.post(
        f"/rest/V1/categories/{video}/products",
        {"productLink": {"sku": "24-WB01", "category_id": video}},
        format="json",
    )
    assert (linked.status_code, linked.json()) == (200, True)

    response = rest_client.get(
        "/rest/V1/products",
        {
            "searchCriteria[filter_groups][0][filters][0][field]": "category_id",
            "searchCriteria[filter_groups][0][filters][0][value]": f"{bags},{video}",
            "searchCriteria[filter_groups][0][filters][0][condition_type]": "in",
        },
    )

    assert [item["sku"] for item in response.json()["items"]] == ["24-WB01", "24-WB03", "240-LV06"]
    assert response.json()["total_count"] == 3


def test_neq_and_nin_answer_the_products_outside_them(rest_client, bags, video):
    assert skus(rest_client, ("category_id", str(bags), "neq")) == ["240-LV06", "vp1"]
    assert skus(rest_client, ("category_id", f"{bags},{video}", "nin")) == ["vp1"]


def test_the_filter_combines_with_the_others(rest_client, bags):
    assert skus(rest_client, ("category_id", str(bags), "eq"), ("sku", "24-WB03", "eq")) == ["24-WB03"]


def test_a_value_that_is_no_category_id_matches_nothing(rest_client, bags):
    assert skus(rest_client, ("category_id", "bags", "eq")) == []
    assert skus(rest_client, ("category_id", "", "in")) == []
    assert skus(rest_client, ("category_id", "9" * 40, "nin")) == ["24-WB01", "24-WB03", "240-LV06", "vp1"]


@pytest.mark.parametrize("condition", ["gt", "like", "null", "from"])
def test_other_condition_types_are_refused(rest_client, bags, condition):
    assert skus(rest_client, ("category_id", str(bags), condition)) == (
        400,
        {"message": INVALID, "parameters": {"value": str(bags), "fieldName": "category_id"}},
    )


def test_a_sort_order_on_category_id_is_ignored_as_magento_ignores_a_non_attribute(rest_client, bags):
    """Eav\\Model\\Entity\\Collection\\AbstractCollection::addAttributeToSort: no such attribute, no ORDER BY."""
    assert skus(rest_client, ("category_id", str(bags), "nin"), sort="category_id") == ["240-LV06", "vp1"]
    assert skus(rest_client, ("sku", "%", "like"), sort="category_id") == ["24-WB01", "24-WB03", "240-LV06", "vp1"]
