"""Customer account emails (Magento_Customer's EmailNotification). They run after commit (transaction.on_commit)
and receive ids, not instances; a password reset email also receives the token, which only its hash is stored of.

The links point at the storefront (``MAGENTO_STOREFRONT_URL``), at Magento's own paths: the customer follows them
on the shop, which calls the REST routes (validateResetPasswordLinkToken, resetPassword, activate)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import send_mail

from .models import Customer

STORE_NAME = "Main Website Store"  # the default store group's frontend name in Magento's email templates


def send_password_reset_email(*, customer_id: int, token: str) -> None:
    """Magento's passwordResetConfirmation / passwordReminder (password_reset_confirmation.html,
    password_new.html): the customer/account/createPassword link with the customer id and the token."""
    customer = Customer.objects.get(pk=customer_id)
    link = storefront_url("customer/account/createPassword/", id=customer.pk, token=token)
    body = "\n".join(
        [
            f"{customer_name(customer)},",
            "",
            "There was recently a request to change the password for your account.",
            "If you requested this change, set a new password here:",
            link,
            "",
            "If you did not make this request, you can ignore this email and your password will remain the same.",
        ]
    )
    _send(customer.email, f"Reset your {STORE_NAME} password", body)


def send_confirmation_email(*, customer_id: int, redirect_url: str = "") -> None:
    """Magento's newAccount(..., "confirmation") (account_new_confirmation.html): the customer/account/confirm link
    with the customer id, the confirmation key and the redirect URL."""
    customer = Customer.objects.get(pk=customer_id)
    if not customer.confirmation:  # confirmed meanwhile: nothing to confirm
        return
    query: dict[str, object] = {"id": customer.pk, "key": customer.confirmation}
    if redirect_url:
        query["back_url"] = redirect_url
    body = "\n".join(
        [
            f"{customer_name(customer)},",
            "",
            f"You must confirm your {customer.email} email before you can sign in (link is only valid once):",
            storefront_url("customer/account/confirm/", **query),
        ]
    )
    _send(customer.email, f"Please confirm your {STORE_NAME} account", body)


def send_confirmed_email(*, customer_id: int) -> None:
    """Magento's newAccount(..., "confirmed") (account_new_confirmed.html)."""
    customer = Customer.objects.get(pk=customer_id)
    body = "\n".join(
        [
            f"{customer_name(customer)},",
            "",
            f"Thank you for confirming your {STORE_NAME} account.",
            "To sign in to our site, use these credentials during checkout or on the My Account page:",
            f"Email: {customer.email}",
            "Password: Password you set when creating account",
            storefront_url("customer/account/"),
        ]
    )
    _send(customer.email, f"Welcome to {STORE_NAME}", body)


def customer_name(customer: Customer) -> str:
    """Magento's CustomerViewHelper::getCustomerName: prefix, first, middle and last name, suffix."""
    parts = [customer.prefix, customer.firstname, customer.middlename, customer.lastname, customer.suffix]
    return " ".join(part for part in parts if part)


def storefront_url(path: str, **query: object) -> str:
    base = settings.MAGENTO_STOREFRONT_URL.rstrip("/") + "/"
    return base + path + (f"?{urlencode(query)}" if query else "")


def _send(to: str, subject: str, body: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
