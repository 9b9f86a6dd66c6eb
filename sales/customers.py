"""Customer accounts and their credentials: Magento's AccountManagement (createAccount, authenticate)
and CustomerTokenService (the token itself is issued by backoffice.rest.tokens)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from backoffice.directory import country_error
from backoffice.exceptions import AGGREGATE_INPUT_MESSAGE, DomainError, InputError, RequiredFieldError
from backoffice.rest.tokens import create_customer_access_token

from .exceptions import (
    PASSWORD_CLASSES,
    PASSWORD_IS_EMAIL,
    PASSWORD_SPACES,
    PASSWORD_TOO_SHORT,
    CustomerEmailExists,
    CustomerNotFound,
)
from .models import Customer, CustomerAddress

INVALID_FIELD_VALUE = 'Invalid value of "%value" provided for the %fieldName field.'
# Magento's customer/password/minimum_password_length and required_character_classes_number defaults.
MIN_PASSWORD_LENGTH = 8
REQUIRED_CHARACTER_CLASSES = 3
DEFAULT_WEBSITE_ID = 1


@dataclass(frozen=True)
class CustomerAddressData:
    firstname: str = ""
    lastname: str = ""
    street: Sequence[str] = ()
    city: str = ""
    country_id: str = ""
    telephone: str = ""
    postcode: str = ""
    region: str | None = None
    region_id: int | None = None
    region_code: str | None = None
    company: str | None = None
    default_billing: bool = False
    default_shipping: bool = False


@dataclass(frozen=True)
class CustomerData:
    email: str = ""
    firstname: str = ""
    lastname: str = ""
    group_id: int = 1
    store_id: int = 1
    website_id: int = DEFAULT_WEBSITE_ID
    addresses: Sequence[CustomerAddressData] = ()


def get_customer(customer_id: int) -> Customer:
    try:
        return Customer.objects.prefetch_related("addresses").get(pk=customer_id)
    except Customer.DoesNotExist:
        raise CustomerNotFound(customer_id) from None


def create_customer(data: CustomerData, *, password: str | None = None) -> Customer:
    """Create a customer account with its address book (Magento's AccountManagement::createAccount).

    Refuses a second account with the same email on the same website; the password is stored as a
    Django hash. The first address flagged default billing (shipping) becomes the default one.
    """
    _check_customer(data)
    if password is not None:
        check_password_strength(password, email=data.email)
    for address in data.addresses:
        check_address(address)
    with transaction.atomic():
        if Customer.objects.filter(email__iexact=data.email, website_id=data.website_id).exists():
            raise CustomerEmailExists()
        try:
            with transaction.atomic():
                customer = Customer.objects.create(
                    email=data.email,
                    firstname=data.firstname,
                    lastname=data.lastname,
                    group_id=data.group_id,
                    store_id=data.store_id,
                    website_id=data.website_id,
                    password=make_password(password) if password else "",
                )
        except IntegrityError:  # a concurrent registration won the unique (email, website) constraint
            raise CustomerEmailExists() from None
        billing_taken = shipping_taken = False
        for address in data.addresses:
            is_billing = address.default_billing and not billing_taken
            is_shipping = address.default_shipping and not shipping_taken
            billing_taken, shipping_taken = billing_taken or is_billing, shipping_taken or is_shipping
            CustomerAddress.objects.create(
                customer=customer,
                firstname=address.firstname,
                lastname=address.lastname,
                company=address.company,
                street="\n".join(address.street),
                city=address.city,
                region=address.region,
                region_id=address.region_id,
                region_code=address.region_code,
                postcode=address.postcode,
                country_id=address.country_id,
                telephone=address.telephone,
                is_default_billing=is_billing,
                is_default_shipping=is_shipping,
            )
    return get_customer(customer.pk)


def authenticate_customer(email: str, password: str) -> int | None:
    """The id of the customer with these credentials on the default website, or None."""
    customer = Customer.objects.filter(email__iexact=email, website_id=DEFAULT_WEBSITE_ID).first()
    if customer is None or not customer.password or not check_password(password, customer.password):
        return None
    return customer.pk


def create_customer_token(username: str, password: str) -> str:
    """POST /V1/integration/customer/token: a bearer token for the customer, or Magento's 401."""
    return create_customer_access_token(username, password, authenticate_customer)


def check_password_strength(password: str, *, email: str) -> None:
    """Magento's AccountManagement::checkPasswordStrength with its default configuration."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(PASSWORD_TOO_SHORT, parameters=[MIN_PASSWORD_LENGTH])
    if password.strip() != password:
        raise InputError(PASSWORD_SPACES)
    classes = [
        any(c.islower() for c in password),
        any(c.isupper() for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() for c in password),
    ]
    if sum(classes) < REQUIRED_CHARACTER_CLASSES:
        raise InputError(PASSWORD_CLASSES, parameters=[REQUIRED_CHARACTER_CLASSES])
    if password.lower() == email.lower():
        raise InputError(PASSWORD_IS_EMAIL)


def check_address(address: CustomerAddressData) -> None:
    """Magento's address validators (Customer\\Model\\Address\\CompositeValidator): General's required fields,
    then Country's (required, and one of the directory's allowed countries)."""
    required = [
        ("firstname", address.firstname),
        ("lastname", address.lastname),
        ("street", "".join(address.street).strip()),
        ("city", address.city),
        ("telephone", address.telephone),
        ("postcode", address.postcode),
    ]
    errors: list[DomainError] = [RequiredFieldError(name) for name, value in required if not str(value or "").strip()]
    raise_input_errors([*errors, *filter(None, [country_error(address.country_id)])])


def raise_input_errors(errors: list[DomainError]) -> None:
    """Magento's InputException: one error is the message; several are aggregated under "errors"."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise InputError(AGGREGATE_INPUT_MESSAGE, errors=errors)


def _check_customer(data: CustomerData) -> None:
    required = [("firstname", data.firstname), ("lastname", data.lastname), ("email", data.email)]
    raise_input_errors([RequiredFieldError(name) for name, value in required if not str(value or "").strip()])
    try:
        validate_email(data.email)
    except ValidationError:
        raise InputError(INVALID_FIELD_VALUE, parameters={"value": data.email, "fieldName": "email"}) from None
