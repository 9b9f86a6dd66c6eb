"""Passwords: PUT /V1/customers/me/password, PUT /V1/customers/password, GET /V1/customers/{customerId}/password/
resetLinkToken/{resetPasswordLinkToken}, POST /V1/customers/resetPassword (Magento 2.4.6,
vendor/magento/module-customer/etc/webapi.xml and Model/AccountManagement.php).

- changePasswordById: Authentication::authenticate counts a wrong current password as a sign-in failure
  (processAuthenticationFailure) and answers InvalidEmailOrPasswordException "The password doesn't match this
  account. Verify the password and try again." (401); then checkPasswordDifferentFromEmail and
  checkPasswordStrength; the pending reset token is dropped. Here the customer's other tokens are revoked too.
- initiatePasswordReset($email, $template, $websiteId): CustomerRepository::get($email, $websiteId), whose
  NoSuchEntityException is "No such entity with %fieldName = %fieldValue, %field2Name = %field2Value" (404,
  Model/CustomerRegistry.php retrieveByEmail): the REST answer does tell whether an account exists (Magento_Security's
  reset-request limit, Model/Plugin/AccountManagement.php, only runs in the frontend area). A template other than
  email_reminder / email_reset is handleUnknownTemplate's InputException. Both templates (password_new.html,
  password_reset_confirmation.html) send the customer/account/createPassword link with the id and the token.
- validateResetPasswordToken: customerId 0 is 'Invalid value of "%value" provided for the %fieldName field.',
  a wrong token "The password token is mismatched. Reset and try again." (InputMismatchException, 400), an old one
  "The password token is expired. Reset and try again." (ExpiredException, 400): isResetPasswordLinkTokenExpired
  with customer/password/reset_link_expiration_period = 2 hours (etc/config.xml).
- resetPassword: an empty email is '"%fieldName" is required. Enter and try again.'; on success the token is
  cleared (single use), the lock counters reset, the sessions cleared (here: the tokens revoked).
"""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from backoffice.rest.models import SignInFailures
from customers.models import Customer

from .support import (
    NO_SUCH_EMAIL,
    NO_SUCH_ENTITY,
    PASSWORD,
    V1,
    customer_client,
    make_customer,
    not_authorized,
    required,
)

pytestmark = pytest.mark.django_db
MISMATCH = "The password doesn't match this account. Verify the password and try again."
TOKEN_MISMATCHED = "The password token is mismatched. Reset and try again."
TOKEN_EXPIRED = "The password token is expired. Reset and try again."
SIGN_IN_INCORRECT = (
    "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later."
)
NEW_PASSWORD = "NewPassword2"


def token_for(email: str, password: str):
    return APIClient().post(
        f"{V1}/integration/customer/token", {"username": email, "password": password}, format="json"
    )


def change(client: APIClient, current: str, new: str):
    return client.put(f"{V1}/customers/me/password", {"currentPassword": current, "newPassword": new}, format="json")


# --- PUT /V1/customers/me/password --------------------------------------------------------------------------


def test_a_customer_changes_their_password_and_their_other_tokens_die():
    make_customer()
    phone, laptop = customer_client(), customer_client()

    response = change(phone, PASSWORD, NEW_PASSWORD)

    assert (response.status_code, response.content) == (200, b"true")
    assert token_for("jane@example.com", PASSWORD).status_code == 401
    assert token_for("jane@example.com", NEW_PASSWORD).status_code == 200
    assert phone.get(f"{V1}/customers/me").status_code == 200  # the token that changed it stays signed in
    assert laptop.get(f"{V1}/customers/me").status_code == 401


def test_a_wrong_current_password_is_magentos_401_and_changes_nothing():
    jane = make_customer()
    hash_before = jane.password

    response = change(customer_client(), "Wrong-password1", NEW_PASSWORD)

    assert (response.status_code, response.json()) == (401, {"message": MISMATCH})
    assert Customer.objects.get(pk=jane.pk).password == hash_before


def test_wrong_current_passwords_count_toward_the_account_lock(settings):
    settings.MAGENTO_CUSTOMER_LOCKOUT_FAILURES = 3
    make_customer()
    client = customer_client()
    for _ in range(3):
        change(client, "Wrong-password1", NEW_PASSWORD)

    assert (token_for("jane@example.com", PASSWORD).status_code) == 401
    assert change(client, PASSWORD, NEW_PASSWORD).status_code == 401


def test_a_right_current_password_clears_the_failures():
    jane = make_customer()
    client = customer_client()
    change(client, "Wrong-password1", NEW_PASSWORD)

    change(client, PASSWORD, NEW_PASSWORD)

    assert not SignInFailures.objects.filter(account_id=jane.pk).exists()


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        (
            "Pass1",
            {
                "message": "The password needs at least %1 characters. Create a new password and try again.",
                "parameters": [8],
            },
        ),
        (
            "password1",
            {
                "message": "Minimum of different classes of characters in password is %1. Classes of "
                "characters: Lower Case, Upper Case, Digits, Special Characters.",
                "parameters": [3],
            },
        ),
        (
            " Password1 ",
            {"message": "The password can't begin or end with a space. Verify the password and try again."},
        ),
        (
            "Jane@example.com",
            {"message": "The password can't be the same as the email address. Create a new password and try again."},
        ),
        ("Aa1" + "x" * 254, {"message": "Please enter a password with at most %1 characters.", "parameters": [256]}),
    ],
)
def test_a_weak_new_password_is_refused(new, expected):
    jane = make_customer()

    response = change(customer_client(), PASSWORD, new)

    assert (response.status_code, response.json()) == (400, expected)
    assert Customer.objects.get(pk=jane.pk).password == jane.password


def test_both_passwords_are_required():
    make_customer()

    response = customer_client().put(f"{V1}/customers/me/password", {"newPassword": NEW_PASSWORD}, format="json")

    assert (response.status_code, response.json()) == (400, required("currentPassword"))


def test_an_admin_token_cannot_change_a_customers_password(rest_client):
    response = change(rest_client, PASSWORD, NEW_PASSWORD)

    assert (response.status_code, response.json()) == (401, not_authorized("self"))


def test_changing_the_password_drops_a_pending_reset_link(django_capture_on_commit_callbacks, mailoutbox):
    jane = make_customer()
    with django_capture_on_commit_callbacks(execute=True):
        initiate("jane@example.com")
    token = reset_token(mailoutbox[-1].body)

    change(customer_client(), PASSWORD, NEW_PASSWORD)

    response = APIClient().get(f"{V1}/customers/{jane.pk}/password/resetLinkToken/{token}")
    assert (response.status_code, response.json()) == (400, {"message": TOKEN_MISMATCHED})


# --- PUT /V1/customers/password -----------------------------------------------------------------------------


def initiate(email: str, template: str = "email_reset", **extra: object):
    return APIClient().put(f"{V1}/customers/password", {"email": email, "template": template, **extra}, format="json")


def reset_token(body: str) -> str:
    """The token of the createPassword link in an email body."""
    url = re.search(r"https?://\S+customer/account/createPassword/\S+", body).group(0)
    return parse_qs(urlsplit(url).query)["token"][0]


@pytest.mark.parametrize("template", ["email_reset", "email_reminder"])
def test_a_reset_link_is_emailed_after_commit(django_capture_on_commit_callbacks, mailoutbox, template):
    jane = make_customer()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = initiate("jane@example.com", template, websiteId=1)
    assert (response.status_code, response.content) == (200, b"true")
    assert mailoutbox == []
    for callback in callbacks:
        callback()

    [mail] = mailoutbox
    assert (mail.to, mail.subject) == (["jane@example.com"], "Reset your Main Website Store password")
    url = re.search(r"https?://\S+customer/account/createPassword/\S+", mail.body).group(0)
    query = parse_qs(urlsplit(url).query)
    assert query["id"] == [str(jane.pk)]
    assert re.fullmatch(r"[0-9a-f]{32}", query["token"][0])


def test_only_a_hash_of_the_reset_token_is_stored(django_capture_on_commit_callbacks, mailoutbox):
    jane = make_customer()

    with django_capture_on_commit_callbacks(execute=True):
        initiate("jane@example.com")

    token = reset_token(mailoutbox[0].body)
    stored = Customer.objects.get(pk=jane.pk)
    assert stored.rp_token
    assert token not in stored.rp_token
    assert stored.rp_token_created_at is not None


def test_an_unknown_email_is_magentos_404():
    make_customer()

    response = initiate("nobody@example.com", websiteId=1)

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


def test_the_email_is_found_whatever_its_letter_case(django_capture_on_commit_callbacks, mailoutbox):
    make_customer()

    with django_capture_on_commit_callbacks(execute=True):
        response = initiate("JANE@example.com")

    assert response.status_code == 200
    assert mailoutbox[0].to == ["jane@example.com"]


def test_an_unknown_template_is_refused_and_writes_nothing(mailoutbox):
    jane = make_customer()

    response = initiate("jane@example.com", "email_welcome")

    assert (response.status_code, response.json()) == (
        400,
        {
            "message": 'Invalid value of "%value" provided for the %fieldName field. Possible values: %template1 or '
            "%template2.",
            "parameters": {
                "value": "email_welcome",
                "fieldName": "template",
                "template1": "email_reminder",
                "template2": "email_reset",
            },
        },
    )
    assert Customer.objects.get(pk=jane.pk).rp_token is None
    assert mailoutbox == []


def test_an_unknown_website_finds_no_account():
    make_customer()

    response = initiate("jane@example.com", websiteId=7)

    assert response.status_code == 404
    assert response.json()["parameters"]["field2Value"] == 7


@pytest.mark.parametrize("missing", ["email", "template"])
def test_email_and_template_are_required(missing):
    body = {"email": "jane@example.com", "template": "email_reset"}
    del body[missing]

    response = APIClient().put(f"{V1}/customers/password", body, format="json")

    assert (response.status_code, response.json()) == (400, required(missing))


# --- GET /V1/customers/{id}/password/resetLinkToken/{token} ---------------------------------------------------


@pytest.fixture
def jane_with_link(django_capture_on_commit_callbacks, mailoutbox) -> tuple[Customer, str]:
    jane = make_customer()
    with django_capture_on_commit_callbacks(execute=True):
        initiate("jane@example.com")
    return jane, reset_token(mailoutbox[-1].body)


def validate_link(customer_id: int, token: str):
    return APIClient().get(f"{V1}/customers/{customer_id}/password/resetLinkToken/{token}")


def test_a_fresh_link_is_valid(jane_with_link):
    jane, token = jane_with_link

    response = validate_link(jane.pk, token)

    assert (response.status_code, response.content) == (200, b"true")


def test_a_wrong_token_is_mismatched(jane_with_link):
    jane, _ = jane_with_link

    response = validate_link(jane.pk, "f" * 32)

    assert (response.status_code, response.json()) == (400, {"message": TOKEN_MISMATCHED})


def test_another_customers_token_is_mismatched(jane_with_link):
    _, token = jane_with_link
    john = make_customer("john@example.com")

    assert validate_link(john.pk, token).json() == {"message": TOKEN_MISMATCHED}


def test_a_link_expires_after_two_hours(jane_with_link):
    jane, token = jane_with_link
    Customer.objects.filter(pk=jane.pk).update(rp_token_created_at=timezone.now() - timedelta(hours=2, seconds=1))

    response = validate_link(jane.pk, token)

    assert (response.status_code, response.json()) == (400, {"message": TOKEN_EXPIRED})


def test_a_link_is_valid_just_under_two_hours(jane_with_link):
    jane, token = jane_with_link
    Customer.objects.filter(pk=jane.pk).update(rp_token_created_at=timezone.now() - timedelta(minutes=119))

    assert validate_link(jane.pk, token).status_code == 200


def test_the_expiration_period_is_a_setting(jane_with_link, settings):
    settings.MAGENTO_CUSTOMER_RESET_LINK_EXPIRATION_HOURS = 5
    jane, token = jane_with_link
    Customer.objects.filter(pk=jane.pk).update(rp_token_created_at=timezone.now() - timedelta(hours=4))

    assert validate_link(jane.pk, token).status_code == 200


def test_customer_id_zero_is_an_invalid_value():
    response = validate_link(0, "f" * 32)

    assert (response.status_code, response.json()) == (
        400,
        {
            "message": 'Invalid value of "%value" provided for the %fieldName field.',
            "parameters": {"value": 0, "fieldName": "customerId"},
        },
    )


def test_an_unknown_customer_is_not_found():
    response = validate_link(999999, "f" * 32)

    assert (response.status_code, response.json()) == (
        404,
        {"message": NO_SUCH_ENTITY, "parameters": {"fieldName": "customerId", "fieldValue": 999999}},
    )


def test_a_customer_without_a_link_has_a_mismatched_token():
    jane = make_customer()

    assert validate_link(jane.pk, "f" * 32).json() == {"message": TOKEN_MISMATCHED}


# --- POST /V1/customers/resetPassword -----------------------------------------------------------------------


def reset(email: str, token: str, new: str = NEW_PASSWORD):
    return APIClient().post(
        f"{V1}/customers/resetPassword", {"email": email, "resetToken": token, "newPassword": new}, format="json"
    )


def test_a_customer_resets_their_password_with_the_emailed_token(jane_with_link):
    jane, token = jane_with_link
    old_token = customer_client()

    response = reset("jane@example.com", token)

    assert (response.status_code, response.content) == (200, b"true")
    assert token_for("jane@example.com", NEW_PASSWORD).status_code == 200
    assert token_for("jane@example.com", PASSWORD).status_code == 401
    assert old_token.get(f"{V1}/customers/me").status_code == 401  # the sessions are cleared
    assert Customer.objects.values_list("rp_token", "rp_token_created_at").get(pk=jane.pk) == (None, None)


def test_a_reset_token_works_once(jane_with_link):
    _, token = jane_with_link
    reset("jane@example.com", token)

    response = reset("jane@example.com", token, "ThirdPassword3")

    assert (response.status_code, response.json()) == (400, {"message": TOKEN_MISMATCHED})
    assert token_for("jane@example.com", NEW_PASSWORD).status_code == 200


def test_a_reset_clears_the_account_lock(jane_with_link, settings):
    settings.MAGENTO_CUSTOMER_LOCKOUT_FAILURES = 2
    _, token = jane_with_link
    for _ in range(2):
        token_for("jane@example.com", "Wrong-password1")

    reset("jane@example.com", token)

    assert token_for("jane@example.com", NEW_PASSWORD).status_code == 200


def test_an_expired_token_resets_nothing(jane_with_link):
    jane, token = jane_with_link
    Customer.objects.filter(pk=jane.pk).update(rp_token_created_at=timezone.now() - timedelta(hours=3))

    response = reset("jane@example.com", token)

    assert (response.status_code, response.json()) == (400, {"message": TOKEN_EXPIRED})
    assert token_for("jane@example.com", PASSWORD).status_code == 200


def test_a_weak_new_password_resets_nothing_and_keeps_the_token(jane_with_link):
    _, token = jane_with_link

    response = reset("jane@example.com", token, "weak")

    assert response.status_code == 400
    assert reset("jane@example.com", token).status_code == 200


def test_the_new_password_cannot_be_the_email(jane_with_link):
    _, token = jane_with_link

    response = reset("jane@example.com", token, "jane@example.com")

    assert (response.status_code, response.json()) == (
        400,
        {"message": "The password can't be the same as the email address. Create a new password and try again."},
    )


def test_an_empty_email_is_required(jane_with_link):
    _, token = jane_with_link

    response = reset("", token)

    assert (response.status_code, response.json()) == (400, required("email"))


def test_resetting_an_unknown_email_is_not_found():
    response = reset("nobody@example.com", "f" * 32)

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


def test_another_customers_token_resets_nothing(jane_with_link):
    _, token = jane_with_link
    make_customer("john@example.com")

    response = reset("john@example.com", token)

    assert (response.status_code, response.json()) == (400, {"message": TOKEN_MISMATCHED})
    assert token_for("john@example.com", PASSWORD).status_code == 200
