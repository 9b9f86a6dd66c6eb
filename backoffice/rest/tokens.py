"""Issuing and revoking access tokens: Magento's AdminTokenService."""

from __future__ import annotations

import secrets
import string
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils import timezone

from backoffice.exceptions import AGGREGATE_INPUT_MESSAGE, AuthenticationError, InputError, RequiredFieldError

from .lockout import Account, customer_account_rule, sign_in, token_rule
from .models import AccessToken, UserType, hash_token

SIGN_IN_INCORRECT = (
    "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later."
)
_ALPHABET = string.ascii_lowercase + string.digits


def check_credentials(username: object, password: object) -> None:
    """Magento's CredentialsValidator: both fields present and non-empty."""
    missing = [name for name, value in (("username", username), ("password", password)) if not value]
    if len(missing) == 1:
        raise RequiredFieldError(missing[0])
    if missing:
        raise InputError(AGGREGATE_INPUT_MESSAGE, errors=[RequiredFieldError(name) for name in missing])


def create_admin_access_token(username: str, password: str, *, request: HttpRequest | None = None) -> str:
    """Return a new admin token (32 lowercase letters and digits, like Magento's) or refuse.

    The credentials go through Django's ``authenticate`` (backends.LockedModelBackend): throttled per client
    address and user name, then the admin account lock and Magento_Integration's token lock, counted per
    account before the password is checked.
    """
    check_credentials(username, password)
    user = authenticate(request, username=username, password=password, token_endpoint=True)
    if user is None or not user.is_active or not user.is_staff:
        raise AuthenticationError(SIGN_IN_INCORRECT)
    token = "".join(secrets.choice(_ALPHABET) for _ in range(32))
    lifetime = timedelta(hours=settings.MAGENTO_ADMIN_TOKEN_LIFETIME_HOURS)
    AccessToken.objects.create(
        token_hash=hash_token(token),
        user_type=UserType.ADMIN,
        user=user,
        expires_at=timezone.now() + lifetime,
        credential_fingerprint=credential_fingerprint(user),
    )
    return token


def credential_fingerprint(user: object) -> str:
    """Django's session auth hash: an HMAC (keyed by SECRET_KEY) of the user's password hash.

    It changes whenever the password does, which is how a password change revokes every token issued
    before it, without a signal, exactly as Django logs out the user's other sessions.
    """
    return user.get_session_auth_hash()  # type: ignore[attr-defined]


def revoke_admin_access_tokens(user_id: int) -> int:
    """Magento's AdminTokenServiceInterface::revokeAdminAccessToken; returns how many were revoked."""
    return AccessToken.objects.filter(user_id=user_id, revoked=False).update(revoked=True)


def revoke_customer_access_tokens(customer_id: int, *, keep: int | None = None) -> int:
    """Magento's CustomerTokenServiceInterface::revokeCustomerAccessToken: every token of the customer, but the
    token whose id is ``keep`` (a password change keeps the token that made it signed in)."""
    return (
        AccessToken.objects.filter(user_type=UserType.CUSTOMER, customer_id=customer_id, revoked=False)
        .exclude(pk=keep)
        .update(revoked=True)
    )


def issue_access_token(
    user_type: int, *, lifetime: timedelta, user: object = None, customer_id: int | None = None
) -> str:
    """Store a new token (only its hash) and return it: 32 lowercase letters and digits, like Magento's."""
    token = "".join(secrets.choice(_ALPHABET) for _ in range(32))
    AccessToken.objects.create(
        token_hash=hash_token(token),
        user_type=user_type,
        user=user,
        customer_id=customer_id,
        expires_at=timezone.now() + lifetime,
    )
    return token


def create_customer_access_token(
    username: str, password: str, find_customer: Callable[[str], Account | None], *, address: str | None = None
) -> str:
    """Magento's CustomerTokenService: the admin endpoint's input check, throttle, locks and message, with the
    customer found by the caller (customers belong to the sales app, which this package never imports):
    ``find_customer`` returns the account of a user name (its ``pk`` and ``check_password``), or None.

    Locks: the customer account's (Magento_Customer) and the token endpoint's (Magento_Integration), counted
    per account whatever the letter case of the email. The token lives ``MAGENTO_CUSTOMER_TOKEN_LIFETIME_HOURS``
    (Magento's default: 1 hour).
    """
    check_credentials(username, password)
    rules = [customer_account_rule(), token_rule()]
    customer = sign_in(UserType.CUSTOMER, username, password, find=find_customer, rules=rules, address=address)
    if customer is None:
        raise AuthenticationError(SIGN_IN_INCORRECT)
    lifetime = timedelta(hours=getattr(settings, "MAGENTO_CUSTOMER_TOKEN_LIFETIME_HOURS", 1))
    return issue_access_token(UserType.CUSTOMER, customer_id=customer.pk, lifetime=lifetime)
