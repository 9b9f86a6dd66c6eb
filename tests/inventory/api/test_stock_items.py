"""Magento_CatalogInventory's legacy routes: what GET /V1/stockItems/{sku} answers, the stock item PUT takes back,
with every StockItemInterface property bound by TypeProcessor's rules; GET /V1/stockItems/lowStock/ and
GET /V1/stockStatuses/{sku}.

Magento 2.4.6: module-catalog-inventory etc/webapi.xml (paths, Magento_Catalog::catalog_inventory),
Api/Data/StockItemInterface.php (each property's getter type: float, int, bool, string), Api/StockRegistryInterface
.php (getLowStockItems($scopeId, $qty, $currentPage = 1, $pageSize = 0), getStockStatusBySku),
Api/Data/StockStatusInterface.php, Model/ResourceModel/Stock/Item/StockItemCriteria.php; framework/Reflection/
TypeProcessor.php (processSimpleAndAnyType, setType), framework/Webapi/ServiceInputProcessor.php (_createFromArray
wraps 'Error occurred during "%field_name" processing. ' per property; process: required parameters).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from backoffice.rest.models import Integration
from tests.factories import make_product
from tests.inventory.world import quantities

pytestmark = pytest.mark.django_db
D = Decimal
TYPE_ERROR = 'The "{}" value\'s type is invalid. The "{}" type was expected. Verify and try again.'
NO_ROUTE = {"message": "Request does not match any route."}
NO_PRODUCT = {"message": "The product that was requested doesn't exist. Verify the product and try again."}
CATALOG_INVENTORY = {"resources": "Magento_Catalog::catalog_inventory"}


def put_stock_item(client, body: dict, sku: str = "24-WB01"):
    return client.put(f"/rest/V1/products/{sku}/stockItems/1", {"stockItem": body}, format="json")


# --- PUT takes what GET answers ----------------------------------------------------------------------------


def test_the_stock_item_get_answers_is_taken_back_by_put(rest_client):
    make_product(sku="24-WB01", quantity=D(100))
    read = rest_client.get("/rest/V1/stockItems/24-WB01").json()

    response = put_stock_item(rest_client, read)

    assert (response.status_code, response.json()) == (200, read["item_id"])
    assert rest_client.get("/rest/V1/stockItems/24-WB01").json() == read


@pytest.mark.parametrize("number", [1.0, 1, "1", " 1.5e1 ", 0, -2.5, None])
@pytest.mark.parametrize("field", ["min_qty", "min_sale_qty", "max_sale_qty", "notify_stock_qty", "qty_increments"])
def test_every_float_property_takes_any_json_number_or_numeric_string_or_null(rest_client, field, number):
    make_product(sku="24-WB01", quantity=D(100))

    response = put_stock_item(rest_client, {"qty": 7, field: number})

    assert response.status_code == 200, response.content
    assert quantities("24-WB01") == {"default": (D(7), 1)}


def test_the_quantity_takes_a_float_and_a_numeric_string(rest_client):
    make_product(sku="24-WB01", quantity=D(100))

    assert put_stock_item(rest_client, {"qty": 7.0}).status_code == 200
    assert quantities("24-WB01") == {"default": (D(7), 1)}
    assert put_stock_item(rest_client, {"qty": " 8 "}).status_code == 200
    assert quantities("24-WB01") == {"default": (D(8), 1)}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("low_stock_date", None),
        ("low_stock_date", "2026-11-30 10:00:00"),
        ("low_stock_date", 5),
        ("item_id", None),
        ("item_id", "3"),
        ("item_id", 3.9),
        ("product_id", 1.0),
        ("stock_id", "1"),
        ("use_config_min_sale_qty", "1"),
        ("backorders", "0"),
        ("stock_status_changed_auto", 0.0),
        ("manage_stock", "yes"),
        ("is_qty_decimal", 0),
        ("use_config_min_qty", "whatever"),
        ("enable_qty_increments", None),
        ("show_default_notification_message", False),
        ("show_default_notification_message", 0),
        ("extension_attributes", {}),
        ("extension_attributes", None),
    ],
)
def test_int_bool_and_string_properties_bind_as_magento_casts_them(rest_client, field, value):
    make_product(sku="24-WB01", quantity=D(100))

    assert put_stock_item(rest_client, {field: value}).status_code == 200


@pytest.mark.parametrize(
    ("sent", "in_stock"),
    [(True, 1), ("yes", 1), ("On", 1), (1, 1), (1.0, 1), ("1", 1), (False, 0), ("no", 0), ("abc", 0), (0, 0), (2, 0)],
)
def test_is_in_stock_is_php_filter_var_boolean(rest_client, sent, in_stock):
    """TypeProcessor::setType: FILTER_VALIDATE_BOOLEAN, which never refuses a scalar."""
    make_product(sku="24-WB01", quantity=D(100))

    assert put_stock_item(rest_client, {"qty": 5, "is_in_stock": sent}).status_code == 200
    assert quantities("24-WB01") == {"default": (D(5), in_stock)}


@pytest.mark.parametrize(
    ("field", "value", "shown", "expected"),
    [
        ("min_qty", "abc", "abc", "float"),
        ("min_qty", True, "1", "float"),
        ("min_qty", "", "", "float"),
        ("max_sale_qty", [1], "array", "float"),
        ("qty", "1_000", "1_000", "float"),
        ("qty", "0x1A", "0x1A", "float"),
        ("item_id", "one", "one", "int"),
        ("use_config_min_sale_qty", True, "1", "int"),
        ("backorders", {"a": 1}, "array", "int"),
        ("manage_stock", [], "array", "bool"),
        ("low_stock_date", {}, "array", "string"),
    ],
)
def test_a_value_of_the_wrong_type_is_typeprocessors_400_naming_the_property(
    rest_client, field, value, shown, expected
):
    make_product(sku="24-WB01", quantity=D(100))

    response = put_stock_item(rest_client, {"qty": 7, field: value})

    assert response.status_code == 400
    assert response.json() == {
        "message": f'Error occurred during "{field}" processing. ' + TYPE_ERROR.format(shown, expected)
    }
    assert quantities("24-WB01") == {"default": (D(100), 1)}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("min_qty", 1e30),
        ("qty", "1e999999"),
        ("notify_stock_qty", -1e8),
        ("item_id", 1e30),
        ("item_id", "99999999999999999999"),
        ("backorders", -(2**40)),
    ],
)
def test_huge_numbers_are_refused_with_a_400_never_a_500(rest_client, field, value):
    make_product(sku="24-WB01", quantity=D(100))

    response = put_stock_item(rest_client, {field: value})

    assert response.status_code == 400
    assert quantities("24-WB01") == {"default": (D(100), 1)}


@pytest.mark.parametrize(
    ("field", "raw", "shown"),
    [("min_qty", "1e999999999", "INF"), ("qty", "-1e30", "-1.0E+30"), ("qty", "123456789.5", "123456789.5")],
)
def test_a_huge_json_number_is_refused_at_once_and_shown_as_php_prints_it(rest_client, field, raw, shown):
    make_product(sku="24-WB01", quantity=D(100))

    response = rest_client.put(
        "/rest/V1/products/24-WB01/stockItems/1",
        f'{{"stockItem": {{"{field}": {raw}}}}}',
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "message": f'Error occurred during "{field}" processing. ' + TYPE_ERROR.format(shown, "float")
    }


def test_show_default_notification_message_has_no_setter_so_only_an_empty_value_binds(rest_client):
    """StockItemInterface declares getShowDefaultNotificationMessage and no setter: _createFromArray skips an empty
    value and fails on another."""
    make_product(sku="24-WB01", quantity=D(100))

    response = put_stock_item(rest_client, {"show_default_notification_message": True})

    assert response.status_code == 400
    assert response.json()["parameters"] == [
        "ShowDefaultNotificationMessage",
        "setShowDefaultNotificationMessage",
        "Magento\\CatalogInventory\\Api\\Data\\StockItemInterface",
    ]


def test_the_products_stock_item_takes_the_same_rules_and_nests_the_message(rest_client):
    make_product(sku="24-WB01", quantity=D(100))
    product = rest_client.get("/rest/V1/products/24-WB01").json()
    product["extension_attributes"]["stock_item"] |= {"min_qty": 1.0, "low_stock_date": None, "qty": "9"}

    taken = rest_client.put("/rest/V1/products/24-WB01", {"product": product}, format="json")
    product["extension_attributes"]["stock_item"]["min_qty"] = "abc"
    refused = rest_client.put("/rest/V1/products/24-WB01", {"product": product}, format="json")

    assert taken.status_code == 200, taken.content
    assert refused.status_code == 400
    assert refused.json() == {
        "message": 'Error occurred during "extension_attributes" processing. '
        'Error occurred during "stock_item" processing. '
        'Error occurred during "min_qty" processing. ' + TYPE_ERROR.format("abc", "float")
    }
    assert quantities("24-WB01") == {"default": (D(9), 1)}


# --- GET /V1/stockStatuses/{sku} ------------------------------------------------------------------------------


def test_stock_status_answers_the_default_source_item_as_stock_status_interface(rest_client):
    product = make_product(sku="24-WB01", quantity=D("12.5"))

    response = rest_client.get("/rest/V1/stockStatuses/24-WB01")

    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["product_id", "stock_id", "qty", "stock_status", "stock_item"]
    assert {key: body[key] for key in ("product_id", "stock_id", "qty", "stock_status")} == {
        "product_id": product.pk,
        "stock_id": 1,
        "qty": 12,
        "stock_status": 1,
    }  # getQty is @return int
    assert body["stock_item"] == rest_client.get("/rest/V1/stockItems/24-WB01").json()


def test_stock_status_of_a_product_without_stock_is_out_of_stock(rest_client):
    make_product(sku="vp", quantity=None)

    body = rest_client.get("/rest/V1/stockStatuses/vp").json()

    assert (body["qty"], body["stock_status"], body["stock_item"]["is_in_stock"]) == (0, 0, False)


def test_stock_status_of_an_unknown_sku_is_magentos_404(rest_client):
    response = rest_client.get("/rest/V1/stockStatuses/nope")

    assert (response.status_code, response.json()) == (404, NO_PRODUCT)


# --- GET /V1/stockItems/lowStock/ ---------------------------------------------------------------------------


@pytest.fixture
def shelf() -> list:
    """Four products: 3, 10 and 50 on the default source, one with no default-source item (its qty is 0)."""
    return [
        make_product(sku="low-3", quantity=D(3)),
        make_product(sku="low-10", quantity=D(10)),
        make_product(sku="high-50", quantity=D(50)),
        make_product(sku="elsewhere", quantity=None),
    ]


@pytest.mark.parametrize(
    "path", ["/rest/V1/stockItems/lowStock/", "/rest/V1/stockItems/lowStock", "/rest/default/V1/stockItems/lowStock/"]
)
def test_low_stock_lists_the_stock_items_at_or_below_qty_not_a_sku_named_lowstock(rest_client, shelf, path):
    response = rest_client.get(path + "?scopeId=0&qty=10")

    assert response.status_code == 200, response.content
    body = response.json()
    assert list(body) == ["items", "search_criteria", "total_count"]
    assert [(item["product_id"], item["qty"]) for item in body["items"]] == [
        (shelf[0].pk, 3),
        (shelf[1].pk, 10),
        (shelf[3].pk, 0),
    ]
    assert body["items"][0] == rest_client.get("/rest/V1/stockItems/low-3").json()
    assert body["search_criteria"] == {
        "mapper_interface_name": "Magento\\CatalogInventory\\Model\\ResourceModel\\Stock\\Item\\StockItemCriteriaMapper",
        "criteria_list": [],
        "filters": [],
        "orders": [],
        "limit": ["1", "20"],
    }
    assert body["total_count"] == 3


def test_low_stock_pages_by_current_page_and_page_size(rest_client, shelf):
    first = rest_client.get("/rest/V1/stockItems/lowStock/?scopeId=0&qty=100&pageSize=3").json()
    second = rest_client.get("/rest/V1/stockItems/lowStock/?scope_id=0&qty=100&pageSize=3&currentPage=2").json()
    past = rest_client.get("/rest/V1/stockItems/lowStock/?scopeId=0&qty=100&pageSize=3&currentPage=99999999999").json()

    assert [item["product_id"] for item in first["items"] + second["items"]] == [p.pk for p in shelf]
    assert (first["total_count"], second["total_count"], second["search_criteria"]["limit"]) == (4, 4, ["2", "3"])
    assert (past["items"], past["total_count"]) == ([], 4)


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("scopeId=1&qty=100", 0),
        ("scopeId=0&qty=-1", 0),
        ("scopeId=0&qty=2.99", 1),
        ("scopeId=0&qty=3", 2),
        ("scopeId=0&qty=1e30", 4),
        ("scopeId=0.9&qty=-1e30", 0),
    ],
)
def test_low_stock_filters_on_the_default_scope_and_the_quantity(rest_client, shelf, query, count):
    """Every legacy stock item is in website 0 (StockConfiguration::getDefaultScopeId); qty is compared <=."""
    response = rest_client.get(f"/rest/V1/stockItems/lowStock/?{query}")

    assert (response.status_code, response.json()["total_count"]) == (200, count)


@pytest.mark.parametrize(
    ("query", "body"),
    [
        (
            "qty=1",
            {"message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": "scopeId"}},
        ),
        (
            "",
            {
                "message": "One or more input exceptions have occurred.",
                "errors": [
                    {
                        "message": '"%fieldName" is required. Enter and try again.',
                        "parameters": {"fieldName": "scopeId"},
                    },
                    {"message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": "qty"}},
                ],
            },
        ),
        ("scopeId=0&qty=ten", {"message": TYPE_ERROR.format("ten", "float")}),
        ("scopeId=&qty=1", {"message": TYPE_ERROR.format("", "int")}),
        ("scopeId[]=0&qty=1", {"message": TYPE_ERROR.format("array", "int")}),
        (
            "scopeId=0&qty=1&pageSize=301",
            {"message": "Maximum SearchCriteria pageSize is %max", "parameters": {"max": 300}},
        ),
    ],
)
def test_low_stock_refuses_as_service_input_processor_does(rest_client, query, body):
    response = rest_client.get(f"/rest/V1/stockItems/lowStock/?{query}")

    assert (response.status_code, response.json()) == (400, body)


def test_low_stock_costs_the_same_queries_for_one_row_or_a_page(rest_client, shelf, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert len(rest_client.get("/rest/V1/stockItems/lowStock/?scopeId=0&qty=100").json()["items"]) == 4


# --- ACL and route order ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/rest/V1/stockItems/lowStock/?scopeId=0&qty=1", "/rest/V1/stockStatuses/24-WB01", "/rest/V1/stockItems/24-WB01"],
)
def test_the_legacy_reads_need_magento_catalog_catalog_inventory(staff_client_with, client, path):
    make_product(sku="24-WB01")
    reader = staff_client_with("inventory.view_sourceitem")

    assert reader.get(path).status_code == 200
    response = client.get(path)
    assert (response.status_code, response.json()["parameters"]) == (401, CATALOG_INVENTORY)


def test_the_stock_item_put_needs_the_change_permission(staff_client_with):
    make_product(sku="24-WB01", quantity=D(100))
    reader = staff_client_with("inventory.view_sourceitem")

    response = put_stock_item(reader, {"qty": 1})

    assert (response.status_code, response.json()["parameters"]) == (401, CATALOG_INVENTORY)
    assert quantities("24-WB01") == {"default": (D(100), 1)}


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/rest/V1/products/attributes?searchCriteria[pageSize]=1", "items"),
        ("/rest/V1/products/types", "types"),
        ("/rest/default/V1/products/attributes/?searchCriteria", "items"),
    ],
)
def test_catalogs_literal_get_routes_are_no_skus(rest_client, client, path, body):
    """Magento_Catalog's GET /V1/products/attributes and /types win over /V1/products/:sku in Magento's router
    (Webapi Model/Rest/Config::getRestRoutes): the attribute list and the product types, never a product; the
    route is matched before the ACL: a guest gets Magento's 401 of the catalog resource."""
    make_product(sku="attributes")
    make_product(sku="types")

    response = rest_client.get(path)

    assert response.status_code == 200
    assert "sku" not in (response.json() if body == "items" else {})
    assert client.get(path).status_code == 401


def test_other_methods_on_those_paths_still_name_a_sku_as_in_magento(rest_client):
    """Magento routes by method: no DELETE /V1/products/attributes exists, so the SKU route takes it."""
    response = rest_client.delete("/rest/V1/products/attributes")
    tier_prices = rest_client.put("/rest/V1/products/tier-prices", {"prices": []}, format="json")

    assert (response.status_code, response.json()) == (404, NO_PRODUCT)
    assert (tier_prices.status_code, tier_prices.json()) == (404, NO_ROUTE)  # PUT /V1/products/tier-prices


def test_integrations_given_the_old_resource_id_keep_their_access(db):
    """Migration webapi 0005: Magento_CatalogInventory::cataloginventory (a configuration section) becomes the
    routes' Magento_Catalog::catalog_inventory."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("backoffice.rest.migrations.0005_catalog_inventory_acl_resource")
    kept = Integration.objects.create(
        name="erp", resources=["Magento_CatalogInventory::cataloginventory", "Magento_Catalog::products"]
    )
    other = Integration.objects.create(name="crm", resources=["Magento_Sales::actions_view"])

    migration.rename(apps, None)

    kept.refresh_from_db()
    other.refresh_from_db()
    assert kept.resources == ["Magento_Catalog::catalog_inventory", "Magento_Catalog::products"]
    assert kept.allows("Magento_Catalog::catalog_inventory")
    assert other.resources == ["Magento_Sales::actions_view"]
