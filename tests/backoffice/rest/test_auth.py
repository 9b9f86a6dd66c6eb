"""POST /V1/integration/admin/token and Bearer authentication, as Magento's AdminTokenService and TokenUserContext."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from backoffice.rest.models import AccessToken, SignInFailures, UserType
from backoffice.rest.tokens import revoke_admin_access_tokens
from sales.invoicing import invoice_order
from sales.models import Invoice, Order

pytestmark = pytest.mark.django_db

TOKEN_URL = "/rest/V1/integration/admin/token"
SIGN_IN_INCORRECT = {
    "message": "The account sign-in was incorrect or your account is disabled temporarily. "
    "Please wait and try again later."
}
REQUIRED = '"%fieldName" is required. Enter and try again.'
NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."
INVOICE_READ_REFUSED = {"message": NOT_AUTHORIZED, "parameters": {"resources": "Magento_Sales::sales_invoice"}}
INVOICE_WRITE_REFUSED = {"message": NOT_AUTHORIZED, "parameters": {"resources": "Magento_Sales::invoice"}}
ORDER_READ_REFUSED = {"message": NOT_AUTHORIZED, "parameters": {"resources": "Magento_Sales::actions_view"}}


def request_token(username: object = "admin", password: object = "password", url: str = TOKEN_URL):
    return APIClient().post(url, {"username": username, "password": password}, format="json")


def bearer_client(header: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    return client


@pytest.fixture
def invoice(tutorial) -> Invoice:
    return invoice_order(Order.objects.get(customer_email="jdoe@example.com"))


# --- issuing tokens ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/rest/V1/integration/admin/token",
        "/rest/default/V1/integration/admin/token",
        "/rest/all/V1/integration/admin/token",
    ],
)
def test_a_staff_user_gets_a_bare_json_string_token_usable_as_bearer(admin_user, invoice, url):
    response = request_token(url=url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    token = response.json()
    assert re.fullmatch(r"[a-z0-9]{32}", token)
    assert response.content == f'"{token}"'.encode()
    assert bearer_client(f"Bearer {token}").get(f"/rest/V1/invoices/{invoice.pk}").status_code == 200


def test_every_request_gets_a_new_token(admin_user):
    first = request_token().json()

    second = request_token().json()

    assert first != second
    assert AccessToken.objects.count() == 2


def test_only_a_sha256_of_the_token_is_stored(admin_user):
    before = timezone.now()

    token = request_token().json()

    stored = AccessToken.objects.get()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {str(value) for value in AccessToken.objects.values().get().values()}
    assert (stored.user, stored.user_type, stored.revoked) == (admin_user, UserType.ADMIN, False)
    assert before + timedelta(hours=1) <= stored.expires_at <= timezone.now() + timedelta(hours=1)


def test_admin_and_customer_tokens_live_one_hour_as_magento_246s_jwts(settings):
    """Magento 2.4.6 issues JWTs (module-jwt-user-token etc/di.xml, the UserTokenIssuerInterface preference):
    webapi/jwtauth/admin_expiration and customer_expiration are 60 minutes (its etc/config.xml); the older
    oauth/access_token_lifetime/admin (4 h, module-integration etc/config.xml) no longer applies."""
    assert settings.MAGENTO_ADMIN_TOKEN_LIFETIME_HOURS == 1
    assert settings.MAGENTO_CUSTOMER_TOKEN_LIFETIME_HOURS == 1


@pytest.mark.parametrize(
    ("username", "password"),
    [("admin", "wrong"), ("nobody", "password"), ("admin", "PASSWORD")],
    ids=["wrong-password", "unknown-user", "password-is-case-sensitive"],
)
def test_wrong_credentials_are_refused(admin_user, username, password):
    response = request_token(username, password)

    assert response.status_code == 401
    assert response.json() == SIGN_IN_INCORRECT
    assert AccessToken.objects.count() == 0


@pytest.mark.parametrize(
    "flags",
    [
        {"is_active": False, "is_staff": True},
        {"is_active": True, "is_staff": False},
        {"is_active": True, "is_staff": False, "is_superuser": True},
    ],
    ids=["inactive-staff", "customer-like-user", "superuser-without-staff"],
)
def test_only_active_staff_users_get_a_token(django_user_model, flags):
    django_user_model.objects.create_user("someone", password="secret", **flags)

    response = request_token("someone", "secret")

    assert response.status_code == 401
    assert response.json() == SIGN_IN_INCORRECT
    assert AccessToken.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"password": "password"}, "username"),
        ({"username": "", "password": "password"}, "username"),
        ({"username": None, "password": "password"}, "username"),
        ({"username": "admin"}, "password"),
        ({"username": "admin", "password": ""}, "password"),
    ],
    ids=["username-absent", "username-empty", "username-null", "password-absent", "password-empty"],
)
def test_a_missing_credential_is_a_required_field_error(admin_user, body, field):
    response = APIClient().post(TOKEN_URL, body, format="json")

    assert response.status_code == 400
    assert response.json() == {"message": REQUIRED, "parameters": {"fieldName": field}}
    assert AccessToken.objects.count() == 0
    assert SignInFailures.objects.count() == 0  # not a sign-in failure: nothing counts towards the lock


@pytest.mark.parametrize(
    "body", [{}, {"username": "", "password": ""}, [], "admin"], ids=["empty", "blank", "list", "string"]
)
def test_both_credentials_missing_are_listed_together(body):
    response = APIClient().post(TOKEN_URL, body, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "message": "One or more input exceptions have occurred.",
        "errors": [
            {"message": REQUIRED, "parameters": {"fieldName": "username"}},
            {"message": REQUIRED, "parameters": {"fieldName": "password"}},
        ],
    }


def test_an_empty_body_is_two_missing_credentials():
    response = APIClient().post(TOKEN_URL, b"", content_type="application/json")

    assert response.status_code == 400
    assert [error["parameters"] for error in response.json()["errors"]] == [
        {"fieldName": "username"},
        {"fieldName": "password"},
    ]


@pytest.mark.parametrize(("username", "password"), [(["admin"], "password"), ("admin", {"p": "password"})])
def test_an_array_credential_is_a_type_error_not_a_server_error(admin_user, username, password):
    response = request_token(username, password)

    assert response.status_code == 400
    assert response.json() == {
        "message": 'The "array" value\'s type is invalid. The "string" type was expected. Verify and try again.'
    }
    assert AccessToken.objects.count() == 0


def test_a_numeric_credential_is_read_as_a_string(django_user_model):
    django_user_model.objects.create_user("1234", password="5678", is_staff=True)

    response = request_token(1234, 5678)

    assert response.status_code == 200
    assert AccessToken.objects.get().user.username == "1234"


# --- the authentication lock -----------------------------------------------------------------------------------


def fail(times: int, username: str = "admin") -> None:
    for _ in range(times):
        assert request_token(username, "wrong").status_code == 401


def test_six_failures_lock_the_account_even_against_the_right_password(admin_user):
    fail(6)

    response = request_token("admin", "password")

    assert response.status_code == 401
    assert response.json() == SIGN_IN_INCORRECT
    assert AccessToken.objects.count() == 0
    # a refused locked attempt is not counted again (the token lock's counter; the admin account's is the same)
    assert SignInFailures.objects.get(rule="token").failures_count == 6


def test_five_failures_do_not_lock_and_success_resets_the_count(admin_user):
    fail(5)

    assert request_token().status_code == 200

    assert SignInFailures.objects.count() == 0
    fail(5)
    assert request_token().status_code == 200


def test_the_lock_lasts_the_configured_timeout(admin_user, settings):
    settings.MAGENTO_AUTH_LOCK_TIMEOUT_SECONDS = 600
    before = timezone.now()

    fail(6)

    log = SignInFailures.objects.get(rule="token")
    assert (log.account_id, log.user_type, log.failures_count) == (admin_user.pk, UserType.ADMIN, 6)
    assert before + timedelta(seconds=600) <= log.lock_expires_at <= timezone.now() + timedelta(seconds=600)


def test_the_right_password_works_again_once_the_lock_has_expired(admin_user):
    fail(6)
    SignInFailures.objects.update(lock_expires_at=timezone.now() - timedelta(seconds=1))

    response = request_token()

    assert response.status_code == 200
    assert SignInFailures.objects.count() == 0


def test_a_zero_timeout_never_locks(admin_user, settings):
    settings.MAGENTO_AUTH_LOCK_TIMEOUT_SECONDS = 0  # the token lock, and the admin account's (Magento: 0 is off)
    settings.MAGENTO_ADMIN_LOCKOUT_THRESHOLD_MINUTES = 0

    fail(7)

    assert request_token().status_code == 200


def test_failures_older_than_the_timeout_no_longer_count(admin_user):
    fail(5)
    SignInFailures.objects.update(lock_expires_at=timezone.now() - timedelta(seconds=1))

    fail(1)

    assert SignInFailures.objects.get(rule="token").failures_count == 1
    assert request_token().status_code == 200


def test_the_lock_is_per_user_name(admin_user, django_user_model):
    django_user_model.objects.create_user("clerk", password="clerk-password", is_staff=True)
    fail(6, username="clerk")

    response = request_token()

    assert response.status_code == 200


def test_the_max_failures_setting_is_honoured(admin_user, settings):
    settings.MAGENTO_AUTH_LOCK_MAX_FAILURES = 2

    fail(2)

    assert request_token().status_code == 401


# --- Bearer authentication -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        "Token {token}",
        "Basic YWRtaW46cGFzc3dvcmQ=",
        "Bearer  {token}",
        "Bearer {token} extra",
        "{token}",
        "Bearer unknown0000000000000000000000000",
        "Bearer {token}x",
    ],
    ids=[
        "no-header",
        "empty",
        "scheme-only",
        "scheme-and-space",
        "other-scheme",
        "basic",
        "two-spaces",
        "three-parts",
        "no-scheme",
        "unknown-token",
        "token-with-suffix",
    ],
)
def test_a_missing_malformed_or_unknown_token_is_a_guest(admin_token, invoice, header):
    client = APIClient() if header is None else bearer_client(header.format(token=admin_token))

    response = client.get(f"/rest/V1/invoices/{invoice.pk}")

    assert response.status_code == 401
    assert response.json() == INVOICE_READ_REFUSED


def test_a_guest_is_refused_even_on_a_missing_invoice():
    response = APIClient().get("/rest/V1/invoices/1")

    assert response.status_code == 401
    assert response.json() == INVOICE_READ_REFUSED


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER", "bEaReR"])
def test_the_scheme_is_case_insensitive(admin_token, invoice, scheme):
    response = bearer_client(f"{scheme} {admin_token}").get(f"/rest/V1/invoices/{invoice.pk}")

    assert response.status_code == 200
    assert response.json()["entity_id"] == invoice.pk


def test_a_revoked_token_is_a_guest(admin_user, admin_token, invoice):
    client = bearer_client(f"Bearer {admin_token}")
    assert client.get(f"/rest/V1/invoices/{invoice.pk}").status_code == 200

    revoked = revoke_admin_access_tokens(admin_user.pk)

    assert revoked == 1
    response = client.get(f"/rest/V1/invoices/{invoice.pk}")
    assert response.status_code == 401
    assert response.json() == INVOICE_READ_REFUSED


def test_revoking_leaves_other_users_tokens_alone(admin_user, admin_token, staff_client_with, invoice):
    clerk = staff_client_with("sales.view_invoice")

    revoke_admin_access_tokens(admin_user.pk)

    assert clerk.get(f"/rest/V1/invoices/{invoice.pk}").status_code == 200


def test_an_expired_token_is_a_guest(admin_token, invoice):
    AccessToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = bearer_client(f"Bearer {admin_token}").get(f"/rest/V1/invoices/{invoice.pk}")

    assert response.status_code == 401
    assert response.json() == INVOICE_READ_REFUSED


def test_the_token_lifetime_setting_is_honoured(admin_user, invoice, settings):
    settings.MAGENTO_ADMIN_TOKEN_LIFETIME_HOURS = 0
    token = request_token().json()

    response = bearer_client(f"Bearer {token}").get(f"/rest/V1/invoices/{invoice.pk}")

    assert response.status_code == 401
    assert response.json() == INVOICE_READ_REFUSED


def test_a_token_of_a_user_deactivated_since_is_a_guest(admin_user, admin_token, invoice):
    admin_user.is_active = False
    admin_user.save()

    response = bearer_client(f"Bearer {admin_token}").get(f"/rest/V1/invoices/{invoice.pk}")

    assert response.status_code == 401
    assert response.json() == INVOICE_READ_REFUSED


def test_a_token_of_a_user_no_longer_staff_is_refused(admin_user, admin_token, invoice):
    admin_user.is_staff = False
    admin_user.save()

    response = bearer_client(f"Bearer {admin_token}").get(f"/rest/V1/invoices/{invoice.pk}")

    assert response.status_code == 401
    assert response.json() == INVOICE_READ_REFUSED


def test_a_customer_token_never_opens_an_admin_resource(admin_user, invoice):
    AccessToken.objects.create(
        token_hash=hashlib.sha256(b"c" * 32).hexdigest(),
        user_type=UserType.CUSTOMER,
        customer_id=1,
        expires_at=timezone.now() + timedelta(hours=1),
    )

    response = bearer_client(f"Bearer {'c' * 32}").get(f"/rest/V1/invoices/{invoice.pk}")

    assert response.status_code == 401
    assert response.json() == INVOICE_READ_REFUSED


# --- ACL: Magento resources mapped onto Django permissions ---------------------------------------------------


@pytest.mark.parametrize("permissions", [(), ("sales.view_order",), ("sales.add_invoice",)])
def test_a_staff_user_without_view_invoice_is_refused(staff_client_with, invoice, permissions):
    client = staff_client_with(*permissions)

    response = client.get(f"/rest/V1/invoices/{invoice.pk}")

    assert response.status_code == 401
    assert response.json() == INVOICE_READ_REFUSED


def test_a_staff_user_with_view_invoice_reads_invoices_but_not_orders(staff_client_with, invoice):
    client = staff_client_with("sales.view_invoice")

    invoice_response = client.get(f"/rest/V1/invoices/{invoice.pk}")
    order_response = client.get(f"/rest/V1/orders/{invoice.order_id}")

    assert invoice_response.status_code == 200
    assert invoice_response.json()["entity_id"] == invoice.pk
    assert order_response.status_code == 401
    assert order_response.json() == ORDER_READ_REFUSED


@pytest.mark.parametrize(
    "path",
    [
        "/rest/V1/invoices/{invoice}",
        "/rest/V1/invoices?searchCriteria[pageSize]=5",
        "/rest/V1/orders/{order}",
        "/rest/default/V1/orders?searchCriteria[pageSize]=5",
    ],
)
def test_a_superuser_reads_everything(rest_client, invoice, path):
    response = rest_client.get(path.format(invoice=invoice.pk, order=invoice.order_id))

    assert response.status_code == 200


def test_a_superuser_creates_invoices(rest_client, tutorial):
    order = Order.objects.get(customer_email="jdoe@example.com")

    response = rest_client.post(f"/rest/V1/order/{order.pk}/invoice", {}, format="json")

    assert response.status_code == 200
    assert response.json() == Invoice.objects.get().pk


@pytest.fixture
def refused_client(request, admin_token, staff_client_with) -> APIClient:
    kind = request.param
    if kind == "no-token":
        return APIClient()
    if kind == "unknown-token":
        return bearer_client("Bearer " + "0" * 32)
    if kind == "expired-token":
        AccessToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
        return bearer_client(f"Bearer {admin_token}")
    return staff_client_with("sales.view_order", "sales.view_invoice")  # may read, may not invoice


@pytest.mark.parametrize(
    "refused_client", ["no-token", "unknown-token", "expired-token", "staff-without-add-invoice"], indirect=True
)
def test_a_refused_invoice_request_writes_nothing(tutorial, refused_client):
    order = Order.objects.get(customer_email="jdoe@example.com")
    before = order.updated_at

    response = refused_client.post(f"/rest/V1/order/{order.pk}/invoice", {"capture": True}, format="json")

    assert response.status_code == 401
    assert response.json() == INVOICE_WRITE_REFUSED
    assert Invoice.objects.count() == 0
    order.refresh_from_db()
    assert (order.state, order.updated_at, order.total_invoiced) == ("new", before, None)
    assert [item.qty_invoiced for item in order.items.all()] == [0, 0, 0]


def test_a_staff_user_with_add_invoice_creates_one(staff_client_with, tutorial):
    client = staff_client_with("sales.add_invoice")
    order = Order.objects.get(customer_email="jdoe@example.com")

    response = client.post(f"/rest/V1/order/{order.pk}/invoice", {}, format="json")

    assert response.status_code == 200
    assert Invoice.objects.get().order_id == order.pk
