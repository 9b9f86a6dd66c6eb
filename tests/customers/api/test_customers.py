"""POST /V1/customers, GET /V1/customers/{id}, /search and /me, and POST /V1/integration/customer/token."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import check_password
from django.utils import timezone
from rest_framework.test import APIClient

from backoffice.rest.models import AccessToken, UserType
from customers.customers import CustomerData, create_customer
from customers.models import Customer

pytestmark = pytest.mark.django_db
V1 = "/rest/default/V1"
DATE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."
SIGN_IN_INCORRECT = (
    "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later."
)
# The tutorial's step 6 payload.
JANE = {
    "customer": {
        "lastname": "Doe", "firstname": "Jane", "email": "jdoe@example.com",
        "addresses": [{
            "defaultBilling": True, "defaultShipping": True, "firstname": "Jane", "lastname": "Doe",
            "region": {"regionCode": "NY", "regionId": 43, "region": "New York"}, "countryId": "US",
            "postcode": "11501", "city": "Mineola", "street": ["160 1st St."], "telephone": "516-555-1111",
        }],
    },
    "password": "Password1",
}


def post_customer(body: dict, client: APIClient | None = None):
    return (client or APIClient()).post(f"{V1}/customers", body, format="json")


def token_for(username: str, password: str):
    return APIClient().post(f"{V1}/integration/customer/token", {"username": username, "password": password},
                            format="json")


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def jane_body(customer_id: int, address_id: int, created_at: str, updated_at: str) -> dict:
    return {
        "id": customer_id, "group_id": 1, "default_billing": str(address_id), "default_shipping": str(address_id),
        "created_at": created_at, "updated_at": updated_at, "created_in": "Default Store View",
        "email": "jdoe@example.com", "firstname": "Jane", "lastname": "Doe", "store_id": 1, "website_id": 1,
        "addresses": [{
            "id": address_id, "customer_id": customer_id,
            "region": {"region_code": "NY", "region": "New York", "region_id": 43}, "region_id": 43,
            "country_id": "US", "street": ["160 1st St."], "telephone": "516-555-1111", "postcode": "11501",
            "city": "Mineola", "firstname": "Jane", "lastname": "Doe", "default_shipping": True,
            "default_billing": True,
        }],
        "disable_auto_group_change": 0,
        "extension_attributes": {"is_subscribed": False},
    }


def test_step_6_creates_the_customer_as_magento_shows_it():
    response = post_customer(JANE)

    assert response.status_code == 200
    body = response.json()
    assert DATE.fullmatch(body["created_at"])
    assert DATE.fullmatch(body["updated_at"])
    assert body == jane_body(body["id"], body["addresses"][0]["id"], body["created_at"], body["updated_at"])
    customer = Customer.objects.get(pk=body["id"])
    assert customer.password.startswith("md5$")  # a Django hash (the test settings' fast hasher)
    assert customer.password != "Password1"


def test_the_admin_token_the_tutorial_sends_changes_nothing(rest_client):
    """Step 6 sends the admin token; Magento's createAccount ignores the caller: same customer, same password."""
    response = post_customer(JANE, rest_client)

    assert response.status_code == 200
    body = response.json()
    assert body == jane_body(body["id"], body["addresses"][0]["id"], body["created_at"], body["updated_at"])
    customer = Customer.objects.get(pk=body["id"])
    assert check_password("Password1", customer.password)


def test_the_same_email_twice_is_refused():
    post_customer(JANE)

    response = post_customer({**JANE, "customer": {**JANE["customer"], "email": "JDOE@example.com"}})

    assert response.status_code == 400
    assert response.json() == {
        "message": "A customer with the same email address already exists in an associated website."
    }
    assert Customer.objects.count() == 1


@pytest.mark.parametrize(
    ("customer", "password", "body"),
    [
        ({"lastname": "Doe", "email": "x@example.com"}, "Password1",
         {"message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": "firstname"}}),
        ({"firstname": "Jane", "lastname": "Doe", "email": "not-an-email"}, "Password1",
         {"message": 'Invalid value of "%value" provided for the %fieldName field.',
          "parameters": {"value": "not-an-email", "fieldName": "email"}}),
        ({"firstname": "Jane", "lastname": "Doe", "email": "x@example.com"}, "Pass1",
         {"message": "The password needs at least %1 characters. Create a new password and try again.",
          "parameters": [8]}),
        ({"firstname": "Jane", "lastname": "Doe", "email": "x@example.com"}, "password1",
         {"message": "Minimum of different classes of characters in password is %1. Classes of characters: "
                     "Lower Case, Upper Case, Digits, Special Characters.", "parameters": [3]}),
        ({"firstname": "Jane", "lastname": "Doe", "email": "x@example.com", "nickname": "JD"}, "Password1",
         {"message": 'Property "%1" does not have accessor method "%2" in class "%3".',
          "parameters": ["Nickname", "getNickname", "Magento\\Customer\\Api\\Data\\CustomerInterface"]}),
    ],
)
def test_refuses_invalid_customers_with_magentos_messages(customer, password, body):
    response = post_customer({"customer": customer, "password": password})

    assert response.status_code == 400
    assert response.json() == body
    assert not Customer.objects.exists()


def test_an_address_without_its_required_fields_is_refused_with_every_reason():
    address = {"firstname": "Jane", "lastname": "Doe", "countryId": "US", "street": ["160 1st St."]}

    response = post_customer({"customer": {**JANE["customer"], "addresses": [address]}, "password": "Password1"})

    assert response.status_code == 400
    assert response.json() == {
        "message": "One or more input exceptions have occurred.",
        "errors": [
            {"message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": name}}
            for name in ("city", "telephone", "postcode", "regionId")  # Validator\Country: US requires one
        ],
    }


def test_missing_customer_is_a_required_field():
    response = post_customer({"password": "Password1"})

    assert (response.status_code, response.json()) == (
        400, {"message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": "customer"}})


def test_an_admin_reads_a_customer_and_searches_customers(rest_client):
    created = post_customer(JANE).json()
    post_customer({"customer": {"firstname": "John", "lastname": "Roe", "email": "jroe@example.com"}})

    detail = rest_client.get(f"{V1}/customers/{created['id']}")
    search = rest_client.get(f"{V1}/customers/search", {
        "searchCriteria[filterGroups][0][filters][0][field]": "email",
        "searchCriteria[filterGroups][0][filters][0][value]": "jdoe@example.com",
    })
    missing = rest_client.get(f"{V1}/customers/999999")

    assert detail.json() == created
    assert search.json() == {
        "items": [created],
        "search_criteria": {"filter_groups": [{"filters": [
            {"field": "email", "value": "jdoe@example.com", "condition_type": "eq"}]}], "page_size": 20},
        "total_count": 1,
    }
    assert (missing.status_code, missing.json()) == (
        404, {"message": "No such entity with %fieldName = %fieldValue",
              "parameters": {"fieldName": "customerId", "fieldValue": 999999}})


def test_a_customer_without_addresses_has_no_default_addresses():
    body = post_customer({"customer": {"firstname": "John", "lastname": "Roe", "email": "jroe@example.com"}}).json()

    assert "default_billing" not in body
    assert "default_shipping" not in body
    assert body["addresses"] == []


def test_reading_customers_needs_magento_customer_acl(staff_client_with):
    created = post_customer(JANE).json()

    response = staff_client_with("sales.view_order").get(f"{V1}/customers/{created['id']}")

    assert response.status_code == 401
    assert response.json() == {"message": NOT_AUTHORIZED, "parameters": {"resources": "Magento_Customer::customer"}}


def test_view_customer_grants_magento_customer_acl(staff_client_with):
    created = post_customer(JANE).json()

    response = staff_client_with("customers.view_customer").get(f"{V1}/customers/{created['id']}")

    assert (response.status_code, response.json()) == (200, created)


def test_step_6_token_is_a_bare_string_that_opens_customers_me():
    created = post_customer(JANE).json()

    response = token_for("jdoe@example.com", "Password1")
    me = bearer(response.json()).get(f"{V1}/customers/me")

    assert response.status_code == 200
    assert re.fullmatch(r'"[a-z0-9]{32}"', response.content.decode())
    assert me.json() == created


def test_a_customer_token_lives_one_hour_by_default_and_as_configured(settings):
    post_customer(JANE)

    token_for("jdoe@example.com", "Password1")
    settings.MAGENTO_CUSTOMER_TOKEN_LIFETIME_HOURS = 2
    token_for("jdoe@example.com", "Password1")

    first, second = AccessToken.objects.filter(user_type=UserType.CUSTOMER).order_by("pk")
    assert abs(first.expires_at - first.created_at - timedelta(hours=1)) < timedelta(seconds=5)
    assert abs(second.expires_at - second.created_at - timedelta(hours=2)) < timedelta(seconds=5)


def test_an_expired_customer_token_is_a_guest():
    post_customer(JANE)
    token = token_for("jdoe@example.com", "Password1").json()
    AccessToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = bearer(token).get(f"{V1}/customers/me")

    assert (response.status_code, response.json()) == (401, {"message": NOT_AUTHORIZED,
                                                            "parameters": {"resources": "self"}})


@pytest.mark.parametrize(("username", "password"), [("jdoe@example.com", "wrong"), ("nobody@example.com", "Password1")])
def test_wrong_credentials_get_the_admin_tokens_message(username, password):
    post_customer(JANE)

    response = token_for(username, password)

    assert (response.status_code, response.json()) == (401, {"message": SIGN_IN_INCORRECT})


def test_empty_credentials_are_required_fields():
    response = token_for("", "")

    assert response.status_code == 400
    assert response.json() == {
        "message": "One or more input exceptions have occurred.",
        "errors": [
            {"message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": "username"}},
            {"message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": "password"}},
        ],
    }


def test_six_failures_lock_the_customer_out_like_the_admin(settings):
    settings.MAGENTO_AUTH_LOCK_MAX_FAILURES = 6
    post_customer(JANE)
    for _ in range(6):
        token_for("jdoe@example.com", "wrong")

    response = token_for("jdoe@example.com", "Password1")

    assert (response.status_code, response.json()) == (401, {"message": SIGN_IN_INCORRECT})


def test_a_customer_token_never_opens_admin_routes(tutorial):
    token = token_for("jdoe@example.com", "Password1").json()
    client = bearer(token)
    customer_id = Customer.objects.get(email="jdoe@example.com").pk

    orders = client.get(f"{V1}/orders", {"searchCriteria[pageSize]": 10})
    customer = client.get(f"{V1}/customers/{customer_id}")

    assert (orders.status_code, orders.json()) == (
        401, {"message": NOT_AUTHORIZED, "parameters": {"resources": "Magento_Sales::actions_view"}})
    assert (customer.status_code, customer.json()) == (
        401, {"message": NOT_AUTHORIZED, "parameters": {"resources": "Magento_Customer::customer"}})


def test_an_admin_token_is_not_a_customer(rest_client):
    response = rest_client.get(f"{V1}/customers/me")

    assert (response.status_code, response.json()) == (401, {"message": NOT_AUTHORIZED,
                                                            "parameters": {"resources": "self"}})


def test_a_customer_created_without_password_cannot_get_a_token():
    create_customer(CustomerData(email="nopass@example.com", firstname="No", lastname="Pass"))

    assert token_for("nopass@example.com", "").status_code == 400
    assert token_for("nopass@example.com", "anything").status_code == 401
