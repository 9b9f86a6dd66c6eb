"""Customer groups over REST (Magento 2.4.6, vendor/magento/module-customer/etc/webapi.xml, every route
Magento_Customer::group):

- Setup/Patch/Data/DefaultCustomerGroupsAndAttributes.php installs 0 NOT LOGGED IN, 1 General, 2 Wholesale,
  3 Retailer, each with tax class 3 ("Retail Customer", Magento_Tax's customer class); etc/config.xml sets
  customer/create_account/default_group = 1.
- Model/ResourceModel/GroupRepository.php: getById/save/getList/deleteById. save: "code" required
  ('"%fieldName" is required. Enter and try again.'); a tax class that is not a customer class is
  InputException::invalidFieldValue('taxClassId', value); with an id (POST or PUT) it updates, an unknown id is
  GroupRegistry::retrieve's "No such entity with id = X"; a duplicate code is "Customer Group already exists."
  (InvalidTransitionException, 400); the code is cut to 32 characters (Model/Group::GROUP_CODE_MAX_LENGTH);
  deleteById refuses id 0 and the default group with StateException "Cannot delete group." (400) and moves the
  deleted group's customers to the default group (Model/ResourceModel/Group::_afterDelete).
- Model/GroupManagement.php: getDefaultGroup(storeId) ("No such entity with storeId = X"), isReadonly(groupId)
  (true for 0 and the default group; "No such entity with groupId = X").
- Model/CustomerGroupConfig.php: setDefaultCustomerGroup(id) answers the id.
- Api/Data/GroupInterface.php: id, code, tax_class_id, tax_class_name.
"""

from __future__ import annotations

import pytest

from customers.customers import CustomerData, create_customer
from customers.models import Customer, CustomerGroup

pytestmark = pytest.mark.django_db
V1 = "/rest/default/V1"
NO_SUCH_ENTITY = "No such entity with %fieldName = %fieldValue"
INVALID_FIELD_VALUE = 'Invalid value of "%value" provided for the %fieldName field.'
NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."
INSTALLED = [
    {"id": 0, "code": "NOT LOGGED IN", "tax_class_id": 3, "tax_class_name": "Retail Customer"},
    {"id": 1, "code": "General", "tax_class_id": 3, "tax_class_name": "Retail Customer"},
    {"id": 2, "code": "Wholesale", "tax_class_id": 3, "tax_class_name": "Retail Customer"},
    {"id": 3, "code": "Retailer", "tax_class_id": 3, "tax_class_name": "Retail Customer"},
]


def create_group(client, code: str = "VIP", **fields: object):
    return client.post(f"{V1}/customerGroups", {"group": {"code": code, **fields}}, format="json")


@pytest.mark.parametrize("group", INSTALLED, ids=[g["code"] for g in INSTALLED])
def test_magentos_installed_groups(rest_client, group):
    response = rest_client.get(f"{V1}/customerGroups/{group['id']}")

    assert (response.status_code, response.json()) == (200, group)


def test_an_unknown_group_is_magentos_404(rest_client):
    response = rest_client.get(f"{V1}/customerGroups/99")

    assert response.status_code == 404
    assert response.json() == {"message": NO_SUCH_ENTITY, "parameters": {"fieldName": "id", "fieldValue": 99}}


def test_search_lists_every_group_by_id(rest_client):
    response = rest_client.get(f"{V1}/customerGroups/search?searchCriteria[pageSize]=10")

    assert response.status_code == 200
    assert response.json()["items"] == INSTALLED
    assert response.json()["total_count"] == 4


def test_search_filters_on_magentos_field_names(rest_client):
    query = (
        "searchCriteria[filter_groups][0][filters][0][field]=code"
        "&searchCriteria[filter_groups][0][filters][0][value]=%25ale%25"
        "&searchCriteria[filter_groups][0][filters][0][condition_type]=like"
        "&searchCriteria[sortOrders][0][field]=id&searchCriteria[sortOrders][0][direction]=DESC"
    )

    response = rest_client.get(f"{V1}/customerGroups/search?{query}")

    assert [g["code"] for g in response.json()["items"]] == ["Wholesale"]


def test_search_filters_and_sorts_on_the_tax_class_name(rest_client):
    query = (
        "searchCriteria[filter_groups][0][filters][0][field]=tax_class_name"
        "&searchCriteria[filter_groups][0][filters][0][value]=Retail Customer"
        "&searchCriteria[sortOrders][0][field]=code&searchCriteria[sortOrders][0][direction]=ASC"
    )

    response = rest_client.get(f"{V1}/customerGroups/search?{query}")

    assert [g["code"] for g in response.json()["items"]] == ["General", "NOT LOGGED IN", "Retailer", "Wholesale"]


def test_create_answers_the_new_group_with_the_default_tax_class(rest_client):
    response = create_group(rest_client, "VIP", tax_class_id=None)

    assert response.status_code == 200
    group = CustomerGroup.objects.get(customer_group_code="VIP")
    assert response.json() == {"id": group.pk, "code": "VIP", "tax_class_id": 3, "tax_class_name": "Retail Customer"}
    assert group.pk > 3


@pytest.mark.parametrize("code", [None, "", "   "])
def test_a_group_needs_a_code(rest_client, code):
    response = rest_client.post(f"{V1}/customerGroups", {"group": {"code": code}}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "message": '"%fieldName" is required. Enter and try again.',
        "parameters": {"fieldName": "code"},
    }
    assert CustomerGroup.objects.count() == 4


@pytest.mark.parametrize("tax_class_id", [2, 9999])
def test_a_group_needs_a_customer_tax_class(rest_client, tax_class_id):
    """Tax class 2 exists but is Magento's product class "Taxable Goods"."""
    response = create_group(rest_client, tax_class_id=tax_class_id)

    assert response.status_code == 400
    assert response.json() == {
        "message": INVALID_FIELD_VALUE,
        "parameters": {"fieldName": "taxClassId", "value": tax_class_id},
    }


@pytest.mark.parametrize("code", ["General", "general", "GENERAL"])
def test_a_duplicate_code_is_refused_whatever_the_letter_case(rest_client, code):
    response = create_group(rest_client, code)

    assert (response.status_code, response.json()) == (400, {"message": "Customer Group already exists."})
    assert CustomerGroup.objects.count() == 4


def test_a_long_code_is_cut_to_32_characters(rest_client):
    response = create_group(rest_client, "x" * 40)

    assert response.json()["code"] == "x" * 32


def test_post_with_an_unknown_id_is_magentos_404(rest_client):
    response = create_group(rest_client, "New", id=88, tax_class_id=3)

    assert response.status_code == 404
    assert response.json() == {"message": NO_SUCH_ENTITY, "parameters": {"fieldName": "id", "fieldValue": 88}}


def test_put_renames_the_group_of_the_path(rest_client):
    new_id = create_group(rest_client, "VIP").json()["id"]

    response = rest_client.put(
        f"{V1}/customerGroups/{new_id}",
        {"group": {"id": 2, "code": "Very Important", "tax_class_id": 3}},
        format="json",
    )

    assert response.status_code == 200
    assert response.json() == {
        "id": new_id,
        "code": "Very Important",
        "tax_class_id": 3,
        "tax_class_name": "Retail Customer",
    }
    assert CustomerGroup.objects.get(pk=2).customer_group_code == "Wholesale"


def test_put_keeps_its_own_code(rest_client):
    response = rest_client.put(
        f"{V1}/customerGroups/2", {"group": {"code": "Wholesale", "tax_class_id": 3}}, format="json"
    )

    assert (response.status_code, response.json()["code"]) == (200, "Wholesale")


def test_put_without_a_tax_class_is_refused_as_in_magento(rest_client):
    """GroupRepository::save verifies the sent tax class when updating (_verifyTaxClassModel(getTaxClassId())),
    without the create path's default of 3."""
    response = rest_client.put(f"{V1}/customerGroups/2", {"group": {"code": "Wholesale 2"}}, format="json")

    assert response.status_code == 400
    assert response.json() == {"message": INVALID_FIELD_VALUE, "parameters": {"fieldName": "taxClassId", "value": None}}


def test_put_an_unknown_group_is_magentos_404(rest_client):
    response = rest_client.put(f"{V1}/customerGroups/9999", {"group": {"code": "X", "tax_class_id": 3}}, format="json")

    assert response.status_code == 404
    assert response.json() == {"message": NO_SUCH_ENTITY, "parameters": {"fieldName": "id", "fieldValue": 9999}}


def test_delete_moves_the_groups_customers_to_the_default_group(rest_client):
    customer = create_customer(CustomerData(email="w@example.com", firstname="W", lastname="X", group_id=2))

    response = rest_client.delete(f"{V1}/customerGroups/2")

    assert (response.status_code, response.json()) == (200, True)
    assert not CustomerGroup.objects.filter(pk=2).exists()
    customer.refresh_from_db()
    assert customer.group_id == 1


@pytest.mark.parametrize("group_id", [0, 1])
def test_not_logged_in_and_the_default_group_cannot_be_deleted(rest_client, group_id):
    response = rest_client.delete(f"{V1}/customerGroups/{group_id}")

    assert (response.status_code, response.json()) == (400, {"message": "Cannot delete group."})
    assert CustomerGroup.objects.filter(pk=group_id).exists()


def test_deleting_an_unknown_group_is_magentos_404(rest_client):
    response = rest_client.delete(f"{V1}/customerGroups/4200")

    assert response.status_code == 404
    assert response.json() == {"message": NO_SUCH_ENTITY, "parameters": {"fieldName": "id", "fieldValue": 4200}}


# --- the default group -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["customerGroups/default", "customerGroups/default/1", "customerGroups/default/0"])
def test_the_default_group_is_general(rest_client, path):
    response = rest_client.get(f"{V1}/{path}")

    assert (response.status_code, response.json()) == (200, INSTALLED[1])


def test_the_default_group_of_an_unknown_store_is_magentos_404(rest_client):
    response = rest_client.get(f"{V1}/customerGroups/default/7")

    assert response.status_code == 404
    assert response.json() == {"message": NO_SUCH_ENTITY, "parameters": {"fieldName": "storeId", "fieldValue": 7}}


def test_setting_the_default_group_answers_its_id_and_moves_the_refusals(rest_client):
    response = rest_client.put(f"{V1}/customerGroups/default/3")

    assert (response.status_code, response.json()) == (200, 3)
    assert rest_client.get(f"{V1}/customerGroups/default").json()["id"] == 3
    assert rest_client.get(f"{V1}/customerGroups/3/permissions").json() is True
    assert rest_client.get(f"{V1}/customerGroups/1/permissions").json() is False
    assert rest_client.delete(f"{V1}/customerGroups/1").json() is True
    assert rest_client.delete(f"{V1}/customerGroups/3").status_code == 400


def test_new_accounts_join_the_configured_default_group(rest_client):
    rest_client.put(f"{V1}/customerGroups/default/2")

    customer = create_customer(CustomerData(email="new@example.com", firstname="N", lastname="X"))

    assert customer.group_id == 2


def test_setting_an_unknown_default_group_is_magentos_404(rest_client):
    response = rest_client.put(f"{V1}/customerGroups/default/99")

    assert response.status_code == 404
    assert response.json() == {"message": NO_SUCH_ENTITY, "parameters": {"fieldName": "id", "fieldValue": 99}}
    assert rest_client.get(f"{V1}/customerGroups/default").json()["id"] == 1


@pytest.mark.parametrize(("group_id", "readonly"), [(0, True), (1, True), (2, False), (3, False)])
def test_permissions_says_whether_the_group_is_read_only(rest_client, group_id, readonly):
    response = rest_client.get(f"{V1}/customerGroups/{group_id}/permissions")

    assert (response.status_code, response.json()) == (200, readonly)


def test_permissions_of_an_unknown_group_is_magentos_404(rest_client):
    response = rest_client.get(f"{V1}/customerGroups/99/permissions")

    assert response.status_code == 404
    assert response.json() == {"message": NO_SUCH_ENTITY, "parameters": {"fieldName": "groupId", "fieldValue": 99}}


# --- a customer's group --------------------------------------------------------------------------------------

GROUP_DOES_NOT_EXIST = "The specified customer group id does not exist."


def test_an_admin_cannot_register_a_customer_in_an_unknown_group(rest_client):
    """Model/ResourceModel/CustomerRepository::validateGroupId: a LocalizedException (400)."""
    body = {
        "customer": {"email": "x@example.com", "firstname": "X", "lastname": "Y", "group_id": 99},
        "password": "Password1",
    }

    response = rest_client.post(f"{V1}/customers", body, format="json")

    assert (response.status_code, response.json()) == (400, {"message": GROUP_DOES_NOT_EXIST})
    assert not Customer.objects.exists()


# --- access ------------------------------------------------------------------------------------------------


def test_group_routes_are_magento_customer_group(staff_client_with):
    reader = staff_client_with("customers.view_customergroup")

    assert reader.get(f"{V1}/customerGroups/1").status_code == 200
    refused = create_group(reader)
    assert refused.status_code == 401
    assert refused.json() == {"message": NOT_AUTHORIZED, "parameters": {"resources": "Magento_Customer::group"}}
    assert reader.delete(f"{V1}/customerGroups/2").status_code == 401
    assert reader.put(f"{V1}/customerGroups/default/2").status_code == 401
