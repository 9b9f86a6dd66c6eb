"""Customer and address attribute metadata over REST (Magento 2.4.6, vendor/magento/module-customer/etc/webapi.xml:
GET /V1/attributeMetadata/customer[...] and /customerAddress[...], Magento_Customer::customer).

The bodies are Api/Data/AttributeMetadataInterface rendered by DataObjectProcessor (the interface's own getters,
then MetadataObjectInterface's attribute_code), built by Model/AttributeMetadataConverter::createMetadataAttribute
from the install data: Setup/CustomerSetup::getDefaultEntities and the data patches UpdateCustomerAttributesMetadata,
UpdateCustomerAttributeInputFilters, UpdateCustomerAddressAttributesSortOrder, UpdateIdentifierCustomerAttributesVisibility,
AddCustomerUpdatedAtAttribute. Expected values of firstname, website_id and postcode are those of Magento's own
dev/tests/api-functional/testsuite/Magento/Customer/Api/CustomerMetadataTest.php and AddressMetadataTest.php.
Model/Metadata/CustomerMetadata.php and AddressMetadata.php: an unknown attribute is "No such entity with
%fieldName = %fieldValue, %field2Name = %field2Value" (entityType, attributeCode), an unknown form
NoSuchEntityException::singleField('formCode', ...); getCustomAttributesMetadata lists the attributes without a
getter on the data interface: none here.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db
V1 = "/rest/default/V1/attributeMetadata"
NBSP4 = "\u00a0" * 4

FIRSTNAME = {
    "frontend_input": "text",
    "input_filter": "trim",
    "store_label": "First Name",
    "validation_rules": [{"name": "max_text_length", "value": "255"}, {"name": "min_text_length", "value": "1"}],
    "multiline_count": 0,
    "visible": True,
    "required": True,
    "data_model": "",
    "options": [],
    "frontend_class": "required-entry",
    "user_defined": False,
    "sort_order": 40,
    "frontend_label": "First Name",
    "note": "",
    "system": True,
    "backend_type": "static",
    "is_used_in_grid": False,
    "is_visible_in_grid": False,
    "is_filterable_in_grid": False,
    "is_searchable_in_grid": False,
    "attribute_code": "firstname",
}
WEBSITE_ID = {
    "frontend_input": "select",
    "input_filter": "",
    "store_label": "Associate to Website",
    "validation_rules": [],
    "multiline_count": 0,
    "visible": True,
    "required": True,
    "data_model": "",
    "options": [{"label": "Main Website", "value": "1"}],
    "frontend_class": "required-entry",
    "user_defined": False,
    "sort_order": 10,
    "frontend_label": "Associate to Website",
    "note": "",
    "system": True,
    "backend_type": "static",
    "is_used_in_grid": True,
    "is_visible_in_grid": True,
    "is_filterable_in_grid": True,
    "is_searchable_in_grid": False,
    "attribute_code": "website_id",
}
POSTCODE = {
    "frontend_input": "text",
    "input_filter": "",
    "store_label": "Zip/Postal Code",
    "validation_rules": [],
    "multiline_count": 0,
    "visible": True,
    "required": False,
    "data_model": "Magento\\Customer\\Model\\Attribute\\Data\\Postcode",
    "options": [],
    "frontend_class": "",
    "user_defined": False,
    "sort_order": 110,
    "frontend_label": "Zip/Postal Code",
    "note": "",
    "system": True,
    "backend_type": "static",
    "is_used_in_grid": True,
    "is_visible_in_grid": True,
    "is_filterable_in_grid": True,
    "is_searchable_in_grid": True,
    "attribute_code": "postcode",
}
CUSTOMER_CODES = [
    "website_id",
    "store_id",
    "created_in",
    "group_id",
    "firstname",
    "lastname",
    "email",
    "default_billing",
    "default_shipping",
    "created_at",
    "updated_at",
    "disable_auto_group_change",
]
ADDRESS_CODES = [
    "firstname",
    "lastname",
    "company",
    "street",
    "city",
    "country_id",
    "region",
    "region_id",
    "postcode",
    "telephone",
]


@pytest.mark.parametrize(("code", "expected"), [("firstname", FIRSTNAME), ("website_id", WEBSITE_ID)])
def test_a_customer_attribute_as_magentos_own_test_expects_it(rest_client, code, expected):
    response = rest_client.get(f"{V1}/customer/attribute/{code}")

    assert response.status_code == 200
    assert response.json() == expected
    assert list(response.json()) == list(expected)  # DataObjectProcessor's key order


def test_an_address_attribute_as_magentos_own_test_expects_it(rest_client):
    response = rest_client.get(f"{V1}/customerAddress/attribute/postcode")

    assert (response.status_code, response.json()) == (200, POSTCODE)


def test_email_validates_as_an_email(rest_client):
    body = rest_client.get(f"{V1}/customer/attribute/email").json()

    assert body["validation_rules"] == [{"name": "input_validation", "value": "email"}]
    assert body["frontend_class"] == "required-entry validate-email"
    assert (body["is_used_in_grid"], body["is_searchable_in_grid"]) == (True, True)


def test_group_id_offers_the_logged_in_groups_by_code(rest_client):
    """Model/Customer/Attribute/Source/Group: GroupManagement::getLoggedInGroups (not 0, sorted by code)."""
    rest_client.post("/rest/V1/customerGroups", {"group": {"code": "Affiliates"}}, format="json")

    body = rest_client.get(f"{V1}/customer/attribute/group_id").json()

    assert [option["label"] for option in body["options"]] == ["Affiliates", "General", "Retailer", "Wholesale"]
    assert body["options"][1] == {"label": "General", "value": "1"}


def test_store_id_offers_the_store_views_nested_under_website_and_group(rest_client):
    """Magento\\Store\\Model\\System\\Store::getStoreValuesForForm, labels indented with four no-break spaces."""
    body = rest_client.get(f"{V1}/customer/attribute/store_id").json()

    assert body["options"] == [
        {"label": "Main Website", "options": []},
        {"label": f"{NBSP4}Main Website Store", "options": [{"label": f"{NBSP4}Default Store View", "value": "1"}]},
    ]
    assert (body["visible"], body["required"], body["sort_order"]) == (False, True, 0)


def test_street_is_a_two_line_multiline(rest_client):
    body = rest_client.get(f"{V1}/customerAddress/attribute/street").json()

    assert (body["frontend_input"], body["multiline_count"], body["required"]) == ("multiline", 2, True)


def test_all_customer_attributes_in_attribute_set_order(rest_client):
    response = rest_client.get(f"{V1}/customer")

    assert response.status_code == 200
    assert [a["attribute_code"] for a in response.json()] == CUSTOMER_CODES
    assert FIRSTNAME in response.json()
    assert WEBSITE_ID in response.json()


def test_all_address_attributes_in_attribute_set_order(rest_client):
    response = rest_client.get(f"{V1}/customerAddress")

    assert [a["attribute_code"] for a in response.json()] == ADDRESS_CODES
    assert POSTCODE in response.json()


@pytest.mark.parametrize(
    ("form", "codes"),
    [
        (
            "adminhtml_customer",
            [
                "created_at",
                "website_id",
                "created_in",
                "group_id",
                "disable_auto_group_change",
                "firstname",
                "lastname",
                "email",
            ],
        ),
        ("customer_account_create", ["created_at", "firstname", "lastname", "email"]),
        ("customer_account_edit", ["created_at", "firstname", "lastname", "email"]),
        ("adminhtml_checkout", ["group_id", "email"]),
    ],
)
def test_a_customer_form_lists_its_attributes_by_sort_order(rest_client, form, codes):
    """CustomerSetup::installCustomerForms; the form collection orders on customer_eav_attribute.sort_order."""
    response = rest_client.get(f"{V1}/customer/form/{form}")

    assert response.status_code == 200
    assert [a["attribute_code"] for a in response.json()] == codes


@pytest.mark.parametrize("form", ["adminhtml_customer_address", "customer_address_edit", "customer_register_address"])
def test_an_address_form_lists_its_attributes_by_sort_order(rest_client, form):
    response = rest_client.get(f"{V1}/customerAddress/form/{form}")

    assert [a["attribute_code"] for a in response.json()] == [
        "firstname",
        "lastname",
        "company",
        "street",
        "country_id",
        "region",
        "region_id",
        "city",
        "postcode",
        "telephone",
    ]


@pytest.mark.parametrize("entity", ["customer", "customerAddress"])
def test_no_custom_attributes(rest_client, entity):
    response = rest_client.get(f"{V1}/{entity}/custom")

    assert (response.status_code, response.json()) == (200, [])


@pytest.mark.parametrize(("entity", "entity_type"), [("customer", "customer"), ("customerAddress", "customer_address")])
def test_an_unknown_attribute_is_magentos_404(rest_client, entity, entity_type):
    response = rest_client.get(f"{V1}/{entity}/attribute/shoe_size")

    assert response.status_code == 404
    assert response.json() == {
        "message": "No such entity with %fieldName = %fieldValue, %field2Name = %field2Value",
        "parameters": {
            "fieldName": "entityType",
            "fieldValue": entity_type,
            "field2Name": "attributeCode",
            "field2Value": "shoe_size",
        },
    }


@pytest.mark.parametrize("entity", ["customer", "customerAddress"])
def test_an_unknown_form_is_magentos_404(rest_client, entity):
    response = rest_client.get(f"{V1}/{entity}/form/checkout_register")

    assert response.status_code == 404
    assert response.json() == {
        "message": "No such entity with %fieldName = %fieldValue",
        "parameters": {"fieldName": "formCode", "fieldValue": "checkout_register"},
    }


def test_metadata_is_magento_customer_customer(staff_client_with):
    reader = staff_client_with("customers.view_customer")

    assert reader.get(f"{V1}/customer").status_code == 200
    assert reader.get(f"{V1}/customerAddress/attribute/city").status_code == 200
