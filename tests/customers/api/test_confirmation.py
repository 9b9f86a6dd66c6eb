"""Account confirmation: GET /V1/customers/{customerId}/confirm, POST /V1/customers/confirm,
PUT /V1/customers/{email}/activate, PUT /V1/customers/me/activate (Magento 2.4.6,
vendor/magento/module-customer/etc/webapi.xml; Api/AccountManagementInterface.php; Model/AccountManagement.php).

- customer/create_account/confirm is 0 in etc/config.xml: by default no account needs confirming and
  getConfirmationStatus answers ACCOUNT_CONFIRMATION_NOT_REQUIRED ("account_confirmation_not_required");
  with it on, "account_confirmation_required" while the customer has a confirmation key, "account_confirmed" after.
- With it on, Model/ResourceModel/Customer.php _beforeSave gives a new account a random confirmation key,
  AccountManagement::sendEmailConfirmation sends the "confirmation" email (account_new_confirmation.html,
  "Please confirm your %store_name account", link customer/account/confirm/?id=&key=), AccountManagementApi
  createAccount answers the customer without its key, and authenticate() refuses the account until confirmed
  (EmailNotConfirmedException, which the token service turns into its sign-in message).
- activateCustomer(): no key is "The account is already active." (InvalidTransitionException, 400), another key
  "The confirmation token is invalid. Verify the token and try again." (InputMismatchException, 400); success
  clears the key and sends the "confirmed" email (account_new_confirmed.html, "Welcome to %store_name").
- resendConfirmation($email, $websiteId, $redirectUrl): "Confirmation isn't needed." (InvalidTransitionException)
  for an account without a key; answers true.
- activate($email) and resendConfirmation look the account up by email (CustomerRepository::get): unknown is
  "No such entity with %fieldName = %fieldValue, %field2Name = %field2Value" (404).
"""

from __future__ import annotations

import re

import pytest
from rest_framework.test import APIClient

from customers.models import Customer

from .support import NO_SUCH_EMAIL, NO_SUCH_ENTITY, PASSWORD, V1, customer_client, make_customer, not_authorized

pytestmark = pytest.mark.django_db
ALREADY_ACTIVE = "The account is already active."
INVALID_KEY = "The confirmation token is invalid. Verify the token and try again."
NOT_NEEDED = "Confirmation isn't needed."
SIGN_IN_INCORRECT = (
    "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later."
)
JANE = {"customer": {"email": "jane@example.com", "firstname": "Jane", "lastname": "Doe"}, "password": PASSWORD}


@pytest.fixture
def confirmation_on(settings) -> None:
    settings.MAGENTO_CUSTOMER_CREATE_ACCOUNT_CONFIRM = True


def register(django_capture_on_commit_callbacks) -> dict:
    with django_capture_on_commit_callbacks(execute=True):
        response = APIClient().post(f"{V1}/customers", JANE, format="json")
    assert response.status_code == 200
    return response.json()


def token_for(email: str, password: str):
    return APIClient().post(
        f"{V1}/integration/customer/token", {"username": email, "password": password}, format="json"
    )


def status(client: APIClient, customer_id: int):
    return client.get(f"{V1}/customers/{customer_id}/confirm")


def activate(client: APIClient, email: str, key: str):
    return client.put(f"{V1}/customers/{email}/activate", {"confirmationKey": key}, format="json")


# --- off by default -----------------------------------------------------------------------------------------


def test_by_default_no_account_needs_confirming(rest_client, django_capture_on_commit_callbacks, mailoutbox):
    created = register(django_capture_on_commit_callbacks)

    response = status(rest_client, created["id"])

    assert (response.status_code, response.json()) == (200, "account_confirmation_not_required")
    assert Customer.objects.get(pk=created["id"]).confirmation is None
    assert token_for("jane@example.com", PASSWORD).status_code == 200
    assert mailoutbox == []


def test_activating_an_active_account_is_refused(rest_client):
    make_customer()

    response = activate(rest_client, "jane@example.com", "anything")

    assert (response.status_code, response.json()) == (400, {"message": ALREADY_ACTIVE})


def test_resending_to_an_active_account_is_not_needed(rest_client):
    make_customer()

    response = rest_client.post(f"{V1}/customers/confirm", {"email": "jane@example.com", "websiteId": 1}, format="json")

    assert (response.status_code, response.json()) == (400, {"message": NOT_NEEDED})


# --- on -----------------------------------------------------------------------------------------------------


def confirm_link_key(body: str) -> tuple[str, str]:
    match = re.search(r"customer/account/confirm/\?id=(\d+)&key=([0-9a-f]{32})", body)
    assert match, body
    return match.group(1), match.group(2)


def test_a_new_account_gets_a_key_by_email_and_no_token(
    confirmation_on, rest_client, django_capture_on_commit_callbacks, mailoutbox
):
    created = register(django_capture_on_commit_callbacks)

    assert "confirmation" not in created  # AccountManagementApi::createAccount unsets it
    [mail] = mailoutbox
    assert (mail.to, mail.subject) == (["jane@example.com"], "Please confirm your Main Website Store account")
    customer_id, key = confirm_link_key(mail.body)
    assert customer_id == str(created["id"])
    assert Customer.objects.get(pk=created["id"]).confirmation == key
    assert status(rest_client, created["id"]).json() == "account_confirmation_required"
    assert (token_for("jane@example.com", PASSWORD).json()) == {"message": SIGN_IN_INCORRECT}


def test_the_emailed_key_activates_the_account(
    confirmation_on, rest_client, django_capture_on_commit_callbacks, mailoutbox
):
    created = register(django_capture_on_commit_callbacks)
    _, key = confirm_link_key(mailoutbox[0].body)

    with django_capture_on_commit_callbacks(execute=True):
        response = activate(rest_client, "jane@example.com", key)

    assert response.status_code == 200
    assert response.json()["id"] == created["id"]
    assert "confirmation" not in response.json()
    assert Customer.objects.get(pk=created["id"]).confirmation is None
    assert status(rest_client, created["id"]).json() == "account_confirmed"
    assert token_for("jane@example.com", PASSWORD).status_code == 200
    assert [m.subject for m in mailoutbox] == [
        "Please confirm your Main Website Store account",
        "Welcome to Main Website Store",
    ]
    assert activate(rest_client, "jane@example.com", key).json() == {"message": ALREADY_ACTIVE}


def test_a_wrong_key_activates_nothing(confirmation_on, rest_client, django_capture_on_commit_callbacks):
    created = register(django_capture_on_commit_callbacks)

    response = activate(rest_client, "jane@example.com", "0" * 32)

    assert (response.status_code, response.json()) == (400, {"message": INVALID_KEY})
    assert Customer.objects.get(pk=created["id"]).confirmation is not None


def test_activating_an_unknown_email_is_not_found(rest_client):
    response = activate(rest_client, "nobody@example.com", "0" * 32)

    assert (response.status_code, response.json()) == (
        404,
        {
            "message": NO_SUCH_EMAIL,
            "parameters": {
                "fieldName": "email",
                "fieldValue": "nobody@example.com",
                "field2Name": "websiteId",
                "field2Value": 1,
            },
        },
    )


def test_the_confirmation_email_is_sent_again(
    confirmation_on, rest_client, django_capture_on_commit_callbacks, mailoutbox
):
    register(django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        response = rest_client.post(
            f"{V1}/customers/confirm", {"email": "jane@example.com", "websiteId": 1}, format="json"
        )

    assert (response.status_code, response.content) == (200, b"true")
    assert [m.subject for m in mailoutbox] == ["Please confirm your Main Website Store account"] * 2
    assert confirm_link_key(mailoutbox[0].body) == confirm_link_key(mailoutbox[1].body)


def test_resending_to_an_unknown_email_is_not_found(rest_client):
    response = rest_client.post(
        f"{V1}/customers/confirm", {"email": "nobody@example.com", "websiteId": 1}, format="json"
    )

    assert response.status_code == 404


def test_a_customer_activates_their_own_account(rest_client, django_capture_on_commit_callbacks):
    """PUT /V1/customers/me/activate: activateById with the token's customer (an account whose key was set after
    its token was issued)."""
    jane = make_customer()
    client = customer_client()
    Customer.objects.filter(pk=jane.pk).update(confirmation="a" * 32)

    wrong = client.put(f"{V1}/customers/me/activate", {"confirmationKey": "b" * 32}, format="json")
    with django_capture_on_commit_callbacks(execute=True):
        right = client.put(f"{V1}/customers/me/activate", {"confirmationKey": "a" * 32}, format="json")

    assert (wrong.status_code, wrong.json()) == (400, {"message": INVALID_KEY})
    assert (right.status_code, right.json()["id"]) == (200, jane.pk)
    assert Customer.objects.get(pk=jane.pk).confirmation is None


def test_me_activate_refuses_an_admin_token(rest_client):
    response = rest_client.put(f"{V1}/customers/me/activate", {"confirmationKey": "x"}, format="json")

    assert (response.status_code, response.json()) == (401, not_authorized("self"))


def test_the_confirmation_key_is_required(rest_client):
    make_customer()

    response = rest_client.put(f"{V1}/customers/jane@example.com/activate", {}, format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": "confirmationKey"}},
    )


def test_status_of_an_unknown_customer_is_not_found(rest_client):
    response = status(rest_client, 999999)

    assert (response.status_code, response.json()) == (
        404,
        {"message": NO_SUCH_ENTITY, "parameters": {"fieldName": "customerId", "fieldValue": 999999}},
    )


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "customers/1/confirm"),
        ("POST", "customers/confirm"),
        ("PUT", "customers/jane@example.com/activate"),
    ],
)
def test_the_admin_routes_need_magento_customer_manage(staff_client_with, method, url):
    make_customer()
    body = '{"email": "jane@example.com", "websiteId": 1, "confirmationKey": "x"}'

    response = staff_client_with("sales.view_order").generic(
        method, f"{V1}/{url}", body, content_type="application/json"
    )

    assert (response.status_code, response.json()) == (401, not_authorized("Magento_Customer::manage"))
