"""Account confirmation and questions about accounts: Magento's AccountManagement::getConfirmationStatus,
activate, activateById, resendConfirmation, isEmailAvailable, validate and isReadonly.

Confirmation is Magento's ``customer/create_account/confirm`` (``MAGENTO_CUSTOMER_CREATE_ACCOUNT_CONFIRM``, off
by default as in Magento): when on, a new account gets a random key (``Customer.confirmation``), mailed after
commit, and cannot sign in until the key comes back."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from backoffice.exceptions import InputError
from backoffice.phrases import phrase

from .customers import DEFAULT_WEBSITE_ID, CustomerData, confirmation_required, find_customer_by_email, get_customer
from .exceptions import CustomerEmailNotFound, CustomerNotFound
from .locks import lock_customer
from .models import Customer
from .notifications import send_confirmation_email, send_confirmed_email

# AccountManagementInterface's confirmation statuses.
ACCOUNT_CONFIRMED = "account_confirmed"
ACCOUNT_CONFIRMATION_REQUIRED = "account_confirmation_required"
ACCOUNT_CONFIRMATION_NOT_REQUIRED = "account_confirmation_not_required"
ALREADY_ACTIVE = "The account is already active."
INVALID_CONFIRMATION_KEY = "The confirmation token is invalid. Verify the token and try again."
CONFIRMATION_NOT_NEEDED = "Confirmation isn't needed."
ATTRIBUTE_EMPTY = 'The "%1" attribute value is empty. Set the attribute and try again.'
# The required customer attributes and their labels (Magento_Customer Setup/CustomerSetup.php), in attribute order.
REQUIRED_ATTRIBUTES = (("firstname", "First Name"), ("lastname", "Last Name"), ("email", "Email"))


def confirmation_status(customer_id: int) -> str:
    """GET /V1/customers/{customerId}/confirm."""
    customer = get_customer(customer_id)
    if not confirmation_required():
        return ACCOUNT_CONFIRMATION_NOT_REQUIRED
    return ACCOUNT_CONFIRMATION_REQUIRED if customer.confirmation else ACCOUNT_CONFIRMED


def activate_by_email(email: str, key: str) -> Customer:
    """PUT /V1/customers/{email}/activate (AccountManagement::activate: the account on the default website)."""
    return activate_customer(find_customer_by_email(email, DEFAULT_WEBSITE_ID).pk, key)


def activate_customer(customer_id: int, key: str) -> Customer:
    """Magento's activateCustomer: the key must be the account's; it is then cleared and the "confirmed" welcome
    email sent after commit."""
    with transaction.atomic():
        customer = lock_customer(customer_id)
        if customer is None:
            raise CustomerNotFound(customer_id)
        if not customer.confirmation:
            raise InputError(ALREADY_ACTIVE)
        if customer.confirmation != key:
            raise InputError(INVALID_CONFIRMATION_KEY)
        Customer.objects.filter(pk=customer_id).update(confirmation=None, updated_at=timezone.now())
        transaction.on_commit(partial(send_confirmed_email, customer_id=customer_id), robust=True)
    return get_customer(customer_id)


def resend_confirmation(email: str, website_id: int | None, redirect_url: str = "") -> bool:
    """POST /V1/customers/confirm: the confirmation email again, for an account that still has a key."""
    customer = find_customer_by_email(email, DEFAULT_WEBSITE_ID if website_id is None else website_id)
    if not customer.confirmation:
        raise InputError(CONFIRMATION_NOT_NEEDED)
    transaction.on_commit(
        partial(send_confirmation_email, customer_id=customer.pk, redirect_url=redirect_url), robust=True
    )
    return True


def is_email_available(email: str, website_id: int | None = None) -> bool:
    """POST /V1/customers/isEmailAvailable. While checkout/options/enable_guest_checkout_login is off (Magento's
    default; ``MAGENTO_CHECKOUT_GUEST_CHECKOUT_LOGIN``) every email is available: the anonymous route then tells
    nobody which accounts exist."""
    if not settings.MAGENTO_CHECKOUT_GUEST_CHECKOUT_LOGIN:
        return True
    try:
        find_customer_by_email(email, DEFAULT_WEBSITE_ID if website_id is None else website_id)
    except CustomerEmailNotFound:
        return True
    return False


def validate_customer(data: CustomerData) -> list[str]:
    """PUT /V1/customers/validate: the messages of Magento's EAV backend validator (required attributes that are
    null or "": AbstractAttribute::isValueEmpty, so a blank is a value), rendered; none means valid. Writes nothing."""
    values = {"firstname": data.firstname, "lastname": data.lastname, "email": data.email}
    return [phrase(ATTRIBUTE_EMPTY, label) for name, label in REQUIRED_ATTRIBUTES if not values[name]]


def is_readonly(customer_id: int) -> bool:
    """GET /V1/customers/{customerId}/permissions/readonly: !CustomerSecure::getDeleteable(); every account here
    can be deleted."""
    if not Customer.objects.filter(pk=customer_id).exists():
        raise CustomerNotFound(customer_id)
    return False
