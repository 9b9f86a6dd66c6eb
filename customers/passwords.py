"""Customer passwords: Magento's AccountManagement::changePasswordById, initiatePasswordReset,
validateResetPasswordLinkToken and resetPassword.

A reset token is 32 random hex characters (Magento's Random::getUniqueHash), mailed once after commit; the
account keeps only its SHA-256, so a database leak opens no account. A token works once and for
``MAGENTO_CUSTOMER_RESET_LINK_EXPIRATION_HOURS`` (Magento's customer/password/reset_link_expiration_period: 2).
"""

from __future__ import annotations

import hashlib
import math
import secrets
from datetime import datetime
from functools import partial

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from backoffice.exceptions import AuthenticationError, InputError, RequiredFieldError
from backoffice.rest.lockout import clear_failures, customer_account_rule, sign_in
from backoffice.rest.models import UserType
from backoffice.rest.tokens import revoke_customer_access_tokens

from .customers import (
    DEFAULT_WEBSITE_ID,
    INVALID_FIELD_VALUE,
    CustomerCredentials,
    check_password_not_email,
    check_password_strength,
    find_customer_by_email,
    get_customer,
)
from .exceptions import CustomerNotFound
from .locks import lock_customer
from .models import Customer
from .notifications import send_password_reset_email

EMAIL_REMINDER = "email_reminder"  # AccountManagement::EMAIL_REMINDER
EMAIL_RESET = "email_reset"  # AccountManagement::EMAIL_RESET
PASSWORD_MISMATCH = "The password doesn't match this account. Verify the password and try again."
UNKNOWN_TEMPLATE = (
    'Invalid value of "%value" provided for the %fieldName field. Possible values: %template1 or %template2.'
)
TOKEN_MISMATCHED = "The password token is mismatched. Reset and try again."
TOKEN_EXPIRED = "The password token is expired. Reset and try again."


def change_password(
    customer_id: int, current_password: str, new_password: str, *, keep_token: int | None, address: str | None
) -> None:
    """PUT /V1/customers/me/password. The current password goes through the sign-in lock like a sign-in (a wrong
    one counts a failure; a locked account is refused); then the new one's rules, as changePasswordForCustomer.
    Every other token of the customer is revoked (``keep_token``: the one that asked stays signed in)."""
    customer = get_customer(customer_id)
    credentials = CustomerCredentials(customer.pk, customer.password)
    rules = [customer_account_rule()]
    opened = sign_in(
        UserType.CUSTOMER, customer.email, current_password, find=lambda _: credentials, rules=rules, address=address
    )
    if opened is None:
        raise AuthenticationError(PASSWORD_MISMATCH)
    check_password_not_email(new_password, email=customer.email)
    check_password_strength(new_password, email=customer.email)
    with transaction.atomic():
        lock_customer(customer_id)
        _set_password(customer_id, new_password)
        revoke_customer_access_tokens(customer_id, keep=keep_token)


def initiate_password_reset(email: str, template: str, website_id: int | None = None) -> bool:
    """PUT /V1/customers/password: a new reset token for the account of ``email`` on the website, mailed after
    commit. An unknown email is Magento's 404; an unknown template is refused before anything is written."""
    customer = find_customer_by_email(email, DEFAULT_WEBSITE_ID if website_id is None else website_id)
    if template not in (EMAIL_REMINDER, EMAIL_RESET):
        raise InputError(
            UNKNOWN_TEMPLATE,
            parameters={
                "value": template,
                "fieldName": "template",
                "template1": EMAIL_REMINDER,
                "template2": EMAIL_RESET,
            },
        )
    token = secrets.token_hex(16)
    with transaction.atomic():
        Customer.objects.filter(pk=customer.pk).update(
            rp_token=hash_reset_token(token), rp_token_created_at=timezone.now(), updated_at=timezone.now()
        )
        # robust: an email that cannot leave is logged; the token stays and a new request sends another
        transaction.on_commit(partial(send_password_reset_email, customer_id=customer.pk, token=token), robust=True)
    return True


def validate_reset_token(customer_id: int, token: str) -> bool:
    """GET /V1/customers/{customerId}/password/resetLinkToken/{token}: true, or why the token is no good."""
    if not customer_id:
        raise InputError(INVALID_FIELD_VALUE, parameters={"value": customer_id, "fieldName": "customerId"})
    if not token:
        raise RequiredFieldError("resetPasswordLinkToken")
    row = Customer.objects.filter(pk=customer_id).values_list("rp_token", "rp_token_created_at").first()
    if row is None:
        raise CustomerNotFound(customer_id)
    check_reset_token(*row, token)
    return True


def reset_password(email: str, token: str, new_password: str) -> bool:
    """POST /V1/customers/resetPassword: the new password, if the token is the account's and fresh. The token is
    spent, the sign-in failures cleared and every token of the customer revoked (Magento clears the sessions)."""
    if not email:
        raise RequiredFieldError("email")
    customer = find_customer_by_email(email, DEFAULT_WEBSITE_ID)
    with transaction.atomic():
        locked = lock_customer(customer.pk)  # a second use of the token waits here, then finds it spent
        if locked is None:
            raise CustomerNotFound(customer.pk)
        check_reset_token(locked.rp_token, locked.rp_token_created_at, token)
        check_password_not_email(new_password, email=email)
        check_password_strength(new_password, email=locked.email)
        _set_password(customer.pk, new_password)
        clear_failures(UserType.CUSTOMER, customer.pk)
        revoke_customer_access_tokens(customer.pk)
    return True


def hash_reset_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def check_reset_token(stored_hash: str | None, created_at: datetime | None, token: str) -> None:
    """Magento's validateResetPasswordToken: mismatched, then expired (isResetPasswordLinkTokenExpired: a token
    from the future, or whole hours since it was made reaching the period)."""
    if not stored_hash or not constant_time_compare(stored_hash, hash_reset_token(token)):
        raise InputError(TOKEN_MISMATCHED)
    now = timezone.now()
    period = int(settings.MAGENTO_CUSTOMER_RESET_LINK_EXPIRATION_HOURS)
    if created_at is None or created_at > now or math.floor((now - created_at).total_seconds() / 3600) >= period:
        raise InputError(TOKEN_EXPIRED)


def _set_password(customer_id: int, password: str) -> None:
    """The new hash; any pending reset token is spent (changePasswordForCustomer and resetPassword both do)."""
    Customer.objects.filter(pk=customer_id).update(
        password=make_password(password), rp_token=None, rp_token_created_at=None, updated_at=timezone.now()
    )
