"""Magento_Catalog's attribute, attribute set and product type routes (vendor/magento/module-catalog/etc/webapi.xml),
over the system attributes this back-office has (catalog/attributes.py). Messages: Eav Model/AttributeRepository,
AttributeSetRepository, AttributeManagement, Attribute/GroupRepository, Entity/Attribute/OptionManagement."""

from __future__ import annotations

import pytest

from tests.factories import make_product

pytestmark = pytest.mark.django_db

NO_STATUS_CODE = {
    "message": 'The attribute with a "%1" attributeCode doesn\'t exist. Verify the attribute and try again.',
    "parameters": ["color"],
}


def test_an_attribute_answers_product_attribute_interface(rest_client):
    """Catalog Setup/CategorySetup.php 'status' (int, select, website scope, Source\\Status) renamed
    "Enable Product" by Setup/Patch/Data/UpdateProductAttributes.php; options from the source model."""
    body = rest_client.get("/rest/V1/products/attributes/status").json()

    assert {
        k: body[k]
        for k in (
            "attribute_id",
            "attribute_code",
            "frontend_input",
            "backend_type",
            "scope",
            "is_required",
            "is_user_defined",
            "default_frontend_label",
            "entity_type_id",
        )
    } == {
        "attribute_id": 97,
        "attribute_code": "status",
        "frontend_input": "select",
        "backend_type": "int",
        "scope": "website",
        "is_required": False,
        "is_user_defined": False,
        "default_frontend_label": "Enable Product",
        "entity_type_id": "4",
    }
    assert body["options"] == [{"label": "Enabled", "value": "1"}, {"label": "Disabled", "value": "2"}]


def test_an_unknown_attribute_is_magentos_404(rest_client):
    response = rest_client.get("/rest/V1/products/attributes/color")

    assert (response.status_code, response.json()) == (404, NO_STATUS_CODE)


def test_the_attribute_list_needs_search_criteria_and_filters(rest_client):
    """ProductAttributeRepositoryInterface::getList(SearchCriteriaInterface $searchCriteria): required."""
    assert rest_client.get("/rest/V1/products/attributes").status_code == 400
    query = (
        "searchCriteria[filterGroups][0][filters][0][field]=frontend_input"
        "&searchCriteria[filterGroups][0][filters][0][value]=select"
    )

    body = rest_client.get(f"/rest/V1/products/attributes?{query}").json()

    assert [item["attribute_code"] for item in body["items"]] == ["status", "visibility"]
    assert body["total_count"] == 2


def test_visibility_options_are_magentos(rest_client):
    """Catalog Model/Product/Visibility::getOptionArray."""
    assert rest_client.get("/rest/V1/products/attributes/visibility/options").json() == [
        {"label": "Not Visible Individually", "value": "1"},
        {"label": "Catalog", "value": "2"},
        {"label": "Search", "value": "3"},
        {"label": "Catalog, Search", "value": "4"},
    ]


def test_options_of_an_attribute_without_source_cannot_be_added(rest_client):
    response = rest_client.post("/rest/V1/products/attributes/sku/options", {"option": {"label": "x"}}, format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"message": 'The "%1" attribute doesn\'t work with options.', "parameters": ["sku"]},
    )


@pytest.mark.parametrize("method", ["put", "delete"])
def test_option_writes_are_refused_never_a_500(rest_client, method):
    body = {"option": {"label": "Paused", "value": "3"}}
    response = getattr(rest_client, method)("/rest/V1/products/attributes/status/options/1", body, format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"message": 'The "%1" attribute can\'t be saved.', "parameters": ["status"]},
    )


def test_a_system_attribute_cannot_be_deleted_or_saved(rest_client):
    deleted = rest_client.delete("/rest/V1/products/attributes/sku")
    saved = rest_client.put("/rest/V1/products/attributes/sku", {"attribute": {}}, format="json")
    created = rest_client.post("/rest/V1/products/attributes", {"attribute": {}}, format="json")

    assert (deleted.status_code, deleted.json()) == (400, {"message": "The attribute can't be deleted."})
    assert saved.json() == created.json() == {"message": "The attribute can't be saved."}


def test_input_types_and_product_types(rest_client):
    """Catalog Model/Product/Attribute/Source/Inputtype (webapi area) and etc/product_types.xml labels."""
    assert rest_client.get("/rest/V1/products/attributes/types").json() == [
        {"value": "price", "label": "Price"},
        {"value": "media_image", "label": "Media Image"},
    ]
    assert rest_client.get("/rest/V1/products/types").json()[:2] == [
        {"name": "simple", "label": "Simple Product"},
        {"name": "virtual", "label": "Virtual Product"},
    ]


def test_the_default_attribute_set(rest_client):
    body = rest_client.get("/rest/V1/products/attribute-sets/4").json()
    listed = rest_client.get("/rest/V1/products/attribute-sets/sets/list?searchCriteria").json()
    attributes = rest_client.get("/rest/V1/products/attribute-sets/4/attributes").json()
    groups = rest_client.get("/rest/V1/products/attribute-sets/groups/list?searchCriteria").json()

    assert body == {"attribute_set_id": 4, "attribute_set_name": "Default", "sort_order": 1, "entity_type_id": 4}
    assert listed["items"] == [body]
    # InstallDefaultCategories' order in "Product Details", status moved to 5 by UpdateProductAttributes
    assert [a["attribute_code"] for a in attributes] == ["status", "name", "sku", "price", "weight", "visibility"]
    assert [g["attribute_group_name"] for g in groups["items"]] == ["Product Details"]


def test_attribute_set_errors_are_magentos(rest_client):
    missing = rest_client.get("/rest/V1/products/attribute-sets/9")
    deleted = rest_client.delete("/rest/V1/products/attribute-sets/4")
    unassigned = rest_client.delete("/rest/V1/products/attribute-sets/4/attributes/sku")
    group = rest_client.delete("/rest/V1/products/attribute-sets/groups/7")
    body = {"attributeSet": {"attribute_set_name": "Bags"}, "skeletonId": 4}
    created = rest_client.post("/rest/V1/products/attribute-sets", body, format="json")

    assert (missing.status_code, missing.json()) == (
        404,
        {
            "message": "No such entity with %fieldName = %fieldValue",
            "parameters": {"fieldName": "id", "fieldValue": 9},
        },
    )
    assert (deleted.status_code, deleted.json()) == (400, {"message": "The default attribute set can't be deleted."})
    assert unassigned.json() == {"message": "The system attribute can't be deleted."}
    assert group.json() == {"message": 'The attribute group with id "%1" can\'t be deleted.', "parameters": ["7"]}
    assert created.json()["message"].startswith("The attribute set couldn't be saved due to an error.")


def test_other_methods_on_the_literal_paths_are_the_sku_routes(rest_client):
    """No PUT/DELETE /V1/products/attributes in webapi.xml: Magento's router takes the SKU route."""
    make_product(sku="attributes")

    assert rest_client.delete("/rest/V1/products/attributes").json() is True
    assert rest_client.get("/rest/V1/products/attributes?searchCriteria").status_code == 200


@pytest.mark.parametrize(
    ("path", "resource"),
    [
        ("/rest/V1/products/attributes/sku", "Magento_Catalog::attributes_attributes"),
        ("/rest/V1/products/attribute-sets/4", "Magento_Catalog::sets"),
        ("/rest/V1/products/types", "Magento_Catalog::products"),
    ],
)
def test_reads_need_magentos_acl_resource(staff_client_with, path, resource):
    response = staff_client_with().get(path)

    assert (response.status_code, response.json()["parameters"]) == (401, {"resources": resource})


@pytest.mark.parametrize(
    ("method", "path", "resource"),
    [
        ("delete", "/rest/V1/products/attributes/sku", "Magento_Catalog::attributes_attributes"),
        ("post", "/rest/V1/products/attributes/status/options", "Magento_Catalog::attributes_attributes"),
        ("delete", "/rest/V1/products/attribute-sets/4", "Magento_Catalog::sets"),
        ("post", "/rest/V1/products/attribute-sets/groups", "Magento_Catalog::sets"),
        ("delete", "/rest/V1/products/attributes", "Magento_Catalog::products"),  # the SKU route's resource
    ],
)
def test_writes_need_magentos_acl_resource_before_any_answer(staff_client_with, method, path, resource):
    """A reader (catalog.view_product) holds no write resource: Magento's 401 naming the route's resource."""
    make_product(sku="attributes")
    reader = staff_client_with("catalog.view_product")

    response = getattr(reader, method)(path, {}, format="json")

    assert (response.status_code, response.json()["parameters"]) == (401, {"resources": resource})


def test_a_store_code_path_answers_the_same(rest_client):
    response = rest_client.get("/rest/default/V1/products/attributes/sku")

    assert (response.status_code, response.json()["attribute_code"]) == (200, "sku")


@pytest.mark.parametrize(
    ("method", "path", "parameter"),
    [
        ("post", "/rest/V1/products/attributes", "attribute"),
        ("put", "/rest/V1/products/attributes/sku", "attribute"),
        ("post", "/rest/V1/products/attributes/status/options", "option"),
        ("put", "/rest/V1/products/attribute-sets/4", "attributeSet"),
        ("post", "/rest/V1/products/attribute-sets/groups", "group"),
    ],
)
def test_a_missing_service_parameter_is_service_input_processors_400(rest_client, method, path, parameter):
    """Webapi ServiceInputProcessor::process binds the service method's parameters before the service runs."""
    response = getattr(rest_client, method)(path, {"other": 1}, format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": parameter}},
    )


def test_assigning_an_attribute_checks_set_and_attribute_then_stores_nothing(rest_client):
    body = {"attributeSetId": 4, "attributeGroupId": 7, "attributeCode": "color", "sortOrder": 1}

    unknown = rest_client.post("/rest/V1/products/attribute-sets/attributes", body, format="json")
    known = rest_client.post(
        "/rest/V1/products/attribute-sets/attributes", body | {"attributeCode": "sku"}, format="json"
    )

    assert (unknown.status_code, unknown.json()) == (404, NO_STATUS_CODE)
    assert (known.status_code, known.json()) == (400, {"message": "The attribute can't be saved."})


def test_install_data_patches_are_applied(rest_client):
    """ChangePriceAttributeDefaultScope (price global); InstallDefaultCategories (weight, status, visibility not
    required); PropertyMapper's defaults (not in the grid) beside CategorySetup's own (weight in the grid)."""
    price = rest_client.get("/rest/V1/products/attributes/price").json()
    weight = rest_client.get("/rest/V1/products/attributes/weight").json()
    name = rest_client.get("/rest/V1/products/attributes/name").json()

    assert (price["scope"], price["is_required"], price["is_filterable"], price["apply_to"]) == (
        "global",
        True,
        True,
        ["simple", "virtual"],
    )
    assert (weight["is_required"], weight["is_used_in_grid"], weight["is_filterable_in_grid"]) == (False, True, True)
    assert (name["scope"], name["is_used_in_grid"], name["used_for_sort_by"], name["is_searchable"]) == (
        "store",
        False,
        True,
        "1",
    )
    assert "source_model" not in name
    assert name["options"] == []


def test_models_and_defaults_are_in_attribute_interfaces_order_and_nulls_are_left_out(rest_client):
    """Eav Api/Data/AttributeInterface's getters (backend_type, backend_model, source_model, default_value,
    is_unique, frontend_class, validation_rules); CategorySetup's 'backend', 'source', 'frontend_class'."""
    sku = rest_client.get("/rest/V1/products/attributes/sku").json()
    status = rest_client.get("/rest/V1/products/attributes/status").json()

    assert list(sku)[-5:] == ["backend_type", "backend_model", "is_unique", "frontend_class", "validation_rules"]
    assert (sku["backend_model"], sku["is_unique"], sku["frontend_class"]) == (
        "Magento\\Catalog\\Model\\Product\\Attribute\\Backend\\Sku",
        "1",
        "validate-length maximum-length-64",
    )
    assert list(status)[-5:] == ["backend_type", "source_model", "default_value", "is_unique", "validation_rules"]
    assert status["default_value"] == "1"


def test_a_set_id_that_is_no_integer_matches_no_route(rest_client):
    """The path's int parameter (AttributeSetRepositoryInterface::get(int $attributeSetId)) takes the one id
    converter: an impossible id never reaches the service (house rule, STYLE.md 0)."""
    response = rest_client.get("/rest/V1/products/attribute-sets/abc")
    missing_group = rest_client.delete("/rest/V1/products/attribute-sets/groups/99")

    assert (response.status_code, response.json()) == (404, {"message": "Request does not match any route."})
    assert (missing_group.status_code, missing_group.json()) == (
        404,
        {"message": 'The group with the "%1" ID doesn\'t exist. Verify the ID and try again.', "parameters": [99]},
    )


def test_other_methods_on_attributes_types_take_it_as_an_attribute_code(rest_client):
    """Only GET /V1/products/attributes/types exists; DELETE there is deleteById("types")."""
    response = rest_client.delete("/rest/V1/products/attributes/types")

    assert (response.status_code, response.json()["parameters"]) == (404, ["types"])
