"""Questions about accounts: POST /V1/customers/isEmailAvailable, PUT /V1/customers/validate,
GET /V1/customers/{customerId}/permissions/readonly (Magento 2.4.6, vendor/magento/module-customer/etc/webapi.xml,
Model/AccountManagement.php).

- isEmailAvailable($customerEmail, $websiteId): while checkout/options/enable_guest_checkout_login is off
  (module-checkout/etc/config.xml: 0) every email is "available" (true), so the anonymous route tells nobody which
  accounts exist; with it on, false when an account has the email on the website (CustomerRepository::get).
- validate(CustomerInterface) (Magento_Customer::manage) answers ValidationResultsInterface {"valid", "messages"}:
  the EAV backend validator's messages, e.g. AbstractBackend::validate's 'The "%1" attribute value is empty. Set the
  attribute and try again.' with the attribute's label (Setup/CustomerSetup.php: "First Name", "Last Name",
  "Email"), rendered.
- isReadonly($customerId) (Magento_Customer::customer) is !CustomerSecure::getDeleteable(): false for every
  account here; an unknown id is NoSuchEntityException (customerId, 404).
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from customers.models import Customer

from .support import NO_SUCH_ENTITY, V1, customer_client, make_customer, not_authorized, required

pytestmark = pytest.mark.django_db
EMPTY = 'The "%s" attribute value is empty. Set the attribute and try again.'


def available(email: str, **extra: object):
    return APIClient().post(f"{V1}/customers/isEmailAvailable", {"customerEmail": email, **extra}, format="json")


# --- POST /V1/customers/isEmailAvailable --------------------------------------------------------------------


@pytest.mark.parametrize("email", ["jane@example.com", "nobody@example.com"])
def test_every_email_is_available_while_guest_checkout_login_is_off(email):
    make_customer()

    response = available(email)

    assert (response.status_code, response.content) == (200, b"true")


@pytest.mark.parametrize(
    ("email", "extra", "expected"),
    [
        ("jane@example.com", {}, b"false"),
        ("JANE@example.com", {"websiteId": 1}, b"false"),
        ("nobody@example.com", {}, b"true"),
        ("jane@example.com", {"websiteId": 2}, b"true"),
    ],
)
def test_with_guest_checkout_login_on_a_taken_email_is_unavailable(settings, email, extra, expected):
    settings.MAGENTO_CHECKOUT_GUEST_CHECKOUT_LOGIN = True
    make_customer()

    response = available(email, **extra)

    assert (response.status_code, response.content) == (200, expected)


def test_the_email_is_required():
    response = APIClient().post(f"{V1}/customers/isEmailAvailable", {}, format="json")

    assert (response.status_code, response.json()) == (400, required("customerEmail"))


# --- PUT /V1/customers/validate -----------------------------------------------------------------------------


def validate(client: APIClient, customer: dict):
    return client.put(f"{V1}/customers/validate", {"customer": customer}, format="json")


def test_a_complete_customer_is_valid(rest_client):
    response = validate(rest_client, {"firstname": "Jane", "lastname": "Doe", "email": "jane@example.com"})

    assert (response.status_code, response.json()) == (200, {"valid": True, "messages": []})


def test_an_incomplete_customer_lists_every_empty_attribute(rest_client):
    response = validate(rest_client, {"email": "jane@example.com", "firstname": ""})

    assert (response.status_code, response.json()) == (
        200,
        {"valid": False, "messages": [EMPTY % "First Name", EMPTY % "Last Name"]},
    )


def test_validating_writes_nothing(rest_client):
    validate(rest_client, {"firstname": "Jane", "lastname": "Doe", "email": "jane@example.com"})

    assert not Customer.objects.exists()


def test_validating_needs_magento_customer_manage():
    make_customer()

    response = validate(customer_client(), {"firstname": "Jane", "lastname": "Doe", "email": "jane@example.com"})

    assert (response.status_code, response.json()) == (401, not_authorized("Magento_Customer::manage"))


def test_a_customer_with_an_unknown_key_is_refused(rest_client):
    response = validate(rest_client, {"firstname": "Jane", "nickname": "J"})

    assert response.status_code == 400


# --- GET /V1/customers/{customerId}/permissions/readonly ----------------------------------------------------


def test_no_customer_is_read_only(rest_client):
    jane = make_customer()

    response = rest_client.get(f"{V1}/customers/{jane.pk}/permissions/readonly")

    assert (response.status_code, response.content) == (200, b"false")


def test_read_only_of_an_unknown_customer_is_not_found(rest_client):
    response = rest_client.get(f"{V1}/customers/999999/permissions/readonly")

    assert (response.status_code, response.json()) == (
        404,
        {"message": NO_SUCH_ENTITY, "parameters": {"fieldName": "customerId", "fieldValue": 999999}},
    )


def test_read_only_needs_magento_customer_customer(staff_client_with):
    jane = make_customer()

    denied = staff_client_with("sales.view_order").get(f"{V1}/customers/{jane.pk}/permissions/readonly")

    assert (denied.status_code, denied.json()) == (401, not_authorized("Magento_Customer::customer"))
