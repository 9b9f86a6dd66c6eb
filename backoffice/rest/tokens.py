"""Issuing and revoking access tokens: Magento's AdminTokenService."""

from __future__ import annotations

import secrets
import string
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from backoffice.exceptions import AGGREGATE_INPUT_MESSAGE, AuthenticationError, InputError, RequiredFieldError

from .models import AccessToken, TokenRequestLog, UserType, hash_token

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


def create_admin_access_token(username: str, password: str) -> str:
    """Return a new admin token (32 lowercase letters and digits, like Magento's) or refuse."""
    check_credentials(username, password)
    now = timezone.now()
    if _is_locked(username, UserType.ADMIN, now):
        raise AuthenticationError(SIGN_IN_INCORRECT)
    user = authenticate(username=username, password=password)
    if user is None or not user.is_active or not user.is_staff:
        _log_failure(username, UserType.ADMIN, now)
        raise AuthenticationError(SIGN_IN_INCORRECT)
    TokenRequestLog.objects.filter(user_name=username, user_type=UserType.ADMIN).delete()
    token = "".join(secrets.choice(_ALPHABET) for _ in range(32))
    lifetime = timedelta(hours=settings.MAGENTO_ADMIN_TOKEN_LIFETIME_HOURS)
    AccessToken.objects.create(
        token_hash=hash_token(token),
        user_type=UserType.ADMIN,
        user=user,
        expires_at=now + lifetime,
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


def revoke_customer_access_tokens(customer_id: int) -> int:
    """Magento's CustomerTokenServiceInterface::revokeCustomerAccessToken: every token of the customer."""
    return AccessToken.objects.filter(
        user_type=UserType.CUSTOMER, customer_id=customer_id, revoked=False
    ).update(revoked=True)


def _is_locked(user_name: str, user_type: int, now: datetime) -> bool:
    return TokenRequestLog.objects.filter(
        user_name=user_name,
        user_type=user_type,
        failures_count__gte=settings.MAGENTO_AUTH_LOCK_MAX_FAILURES,
        lock_expires_at__gt=now,
    ).exists()


def _log_failure(user_name: str, user_type: int, now: datetime) -> None:
    """Count a failure (Magento's RequestThrottler). Failures older than the lock timeout no longer count,
    as Magento's cron clearExpiredFailures deletes them: the count then restarts at 1."""
    lock_until = now + timedelta(seconds=settings.MAGENTO_AUTH_LOCK_TIMEOUT_SECONDS)
    with transaction.atomic():
        log, created = TokenRequestLog.objects.select_for_update().get_or_create(
            user_name=user_name, user_type=user_type, defaults={"failures_count": 1, "lock_expires_at": lock_until}
        )
        if created:
            return
        if log.lock_expires_at is None or log.lock_expires_at <= now:
            TokenRequestLog.objects.filter(pk=log.pk).update(failures_count=1, lock_expires_at=lock_until)
        else:
            TokenRequestLog.objects.filter(pk=log.pk).update(failures_count=F("failures_count") + 1, lock_expires_at=lock_until)


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
    username: str, password: str, authenticate_customer: Callable[[str, str], int | None]
) -> str:
    """Magento's CustomerTokenService: the admin endpoint's input check, lock and message, with the
    credential check supplied by the caller (customers belong to the sales app, which this package
    never imports). ``authenticate_customer`` returns the customer id, or None to refuse.

    The token lives ``MAGENTO_CUSTOMER_TOKEN_LIFETIME_HOURS`` (Magento's default: 1 hour).
    """
    check_credentials(username, password)
    now = timezone.now()
    if _is_locked(username, UserType.CUSTOMER, now):
        raise AuthenticationError(SIGN_IN_INCORRECT)
    customer_id = authenticate_customer(username, password)
    if customer_id is None:
        _log_failure(username, UserType.CUSTOMER, now)
        raise AuthenticationError(SIGN_IN_INCORRECT)
    TokenRequestLog.objects.filter(user_name=username, user_type=UserType.CUSTOMER).delete()
    lifetime = timedelta(hours=getattr(settings, "MAGENTO_CUSTOMER_TOKEN_LIFETIME_HOURS", 1))
    return issue_access_token(UserType.CUSTOMER, customer_id=customer_id, lifetime=lifetime)
