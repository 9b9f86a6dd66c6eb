"""Self-registration (anonymous POST /V1/customers) does not choose its own customer group, and the website and
store view it names must exist and belong together, as in Magento 2.4.6:

- vendor/magento/module-customer/Model/AccountManagement.php, createAccount(): "if (isset($groupId) &&
  !$this->authorization->isAllowed(self::ADMIN_RESOURCE)) { $customer->setGroupId(null); }" with
  ADMIN_RESOURCE = 'Magento_Customer::manage': a guest's group_id is dropped and the default group applies.
- createAccountWithPasswordHash(): an unset (or 0) website comes from the store view, an unset store view from the
  website's default store; validateCustomerStoreIdByWebsiteId() refuses a store view outside the website ("The
  store view is not in the associated website.", a LocalizedException: 400) after StoreManager::getWebsite() has
  refused an unknown website (WebsiteRepository::getById's NoSuchEntityException: 404).
"""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from customers.models import Customer

pytestmark = pytest.mark.django_db
V1 = "/rest/default/V1"
STORE_NOT_IN_WEBSITE = "The store view is not in the associated website."
WEBSITE_NOT_FOUND = "The website with id 5 that was requested wasn't found. Verify the website and try again."


def register(client: APIClient | None = None, **customer: object):
    body = {"customer": {"email": "el@example.com", "firstname": "El", "lastname": "X", **customer},
            "password": "Password1"}
    return (client or APIClient()).post(f"{V1}/customers", body, format="json")


def test_a_guest_registering_cannot_choose_its_customer_group():
    response = register(group_id=3)

    assert response.status_code == 200
    assert response.json()["group_id"] == 1  # customer/create_account/default_group: General
    assert Customer.objects.get().group_id == 1


def test_a_customer_token_cannot_choose_the_group_either():
    register(email="first@example.com")
    token = APIClient().post(f"{V1}/integration/customer/token",
                             {"username": "first@example.com", "password": "Password1"}, format="json").json()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    response = register(client, group_id=3)

    assert (response.status_code, response.json()["group_id"]) == (200, 1)


def test_an_admin_allowed_to_manage_customers_keeps_the_group_it_sends(rest_client, staff_client_with):
    kept = register(rest_client, group_id=3)
    dropped = register(staff_client_with("customers.view_customer"), email="clerk-made@example.com", group_id=3)

    assert (kept.status_code, kept.json()["group_id"]) == (200, 3)
    assert (dropped.status_code, dropped.json()["group_id"]) == (200, 1)


def test_an_unknown_website_is_refused_and_nothing_is_written():
    response = register(website_id=5)

    assert response.status_code == 404
    assert response.json() == {"message": WEBSITE_NOT_FOUND}
    assert not Customer.objects.exists()


def test_a_store_view_outside_the_website_is_refused_and_nothing_is_written():
    response = register(website_id=1, store_id=5)

    assert response.status_code == 400
    assert response.json() == {"message": STORE_NOT_IN_WEBSITE}
    assert not Customer.objects.exists()


def test_website_0_or_store_0_mean_unset_and_come_from_the_other():
    response = register(website_id=0, store_id=0)

    assert response.status_code == 200
    assert (response.json()["website_id"], response.json()["store_id"]) == (1, 1)


def test_an_integration_allowed_to_manage_customers_keeps_the_group_it_sends(db):
    """AccountManagement::createAccount asks AuthorizationInterface::isAllowed('Magento_Customer::manage'): an
    integration (OAuth 1.0a) given that resource is such a caller, one without it is not."""
    from tests.integrations.conftest import create_integration, sign

    def register(credentials: dict, email: str) -> dict:
        body = json.dumps({"customer": {"email": email, "firstname": "I", "lastname": "N", "group_id": 3}})
        url = "http://testserver/rest/V1/customers"
        headers = sign(credentials, "POST", url, body=body, headers={"Content-Type": "application/json"})
        response = APIClient().generic("POST", "/rest/V1/customers", body, content_type="application/json",
                                       HTTP_AUTHORIZATION=headers["Authorization"])
        assert response.status_code == 200, response.content
        return response.json()

    manager = create_integration("CRM", "Magento_Customer::manage")
    reader = create_integration("Shop", "Magento_Sales::actions_view")

    assert register(manager, "crm-made@example.com")["group_id"] == 3
    assert register(reader, "shop-made@example.com")["group_id"] == 1
