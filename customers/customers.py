"""Customer accounts and their credentials: Magento's AccountManagement (createAccount, authenticate)
and CustomerTokenService (the token itself is issued by backoffice.rest.tokens)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Lower

from backoffice.directory import country_error
from backoffice.exceptions import AGGREGATE_INPUT_MESSAGE, DomainError, InputError, NotFoundError, RequiredFieldError
from backoffice.rest.store import STORE_GROUPS, STORE_VIEWS, WEBSITES
from backoffice.rest.tokens import create_customer_access_token

from .exceptions import (
    PASSWORD_CLASSES,
    PASSWORD_IS_EMAIL,
    PASSWORD_SPACES,
    PASSWORD_TOO_SHORT,
    CustomerEmailExists,
    CustomerNotFound,
)
from .groups import check_customer_group, get_default_group_id
from .models import Customer, CustomerAddress

INVALID_FIELD_VALUE = 'Invalid value of "%value" provided for the %fieldName field.'
# Magento's customer/password/minimum_password_length and required_character_classes_number defaults.
MIN_PASSWORD_LENGTH = 8
REQUIRED_CHARACTER_CLASSES = 3
DEFAULT_WEBSITE_ID = 1
DEFAULT_STORE_ID = 1
STORE_NOT_IN_WEBSITE = "The store view is not in the associated website."
STORE_NOT_FOUND = "The store that was requested wasn't found. Verify the store and try again."
WEBSITE_NOT_FOUND = "The website with id %s that was requested wasn't found. Verify the website and try again."


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
    """A new account. ``group_id`` None is the default group; a website or store view None (or 0) comes from the
    other one, as Magento's createAccountWithPasswordHash derives them."""

    email: str = ""
    firstname: str = ""
    lastname: str = ""
    group_id: int | None = None
    store_id: int | None = DEFAULT_STORE_ID
    website_id: int | None = DEFAULT_WEBSITE_ID
    addresses: Sequence[CustomerAddressData] = ()


def get_customer(customer_id: int) -> Customer:
    try:
        return Customer.objects.prefetch_related("addresses").get(pk=customer_id)
    except Customer.DoesNotExist:
        raise CustomerNotFound(customer_id) from None


def create_customer(data: CustomerData, *, password: str | None = None) -> Customer:
    """Create a customer account with its address book (Magento's AccountManagement::createAccount).

    Refuses a second account with the same email on the same website, and a group that does not exist
    (CustomerRepository::validateGroupId); no group is the default one. The password is stored as a
    Django hash. The first address flagged default billing (shipping) becomes the default one.
    """
    _check_customer(data)
    if password is not None:
        check_password_strength(password, email=data.email)
    for address in data.addresses:
        check_address(address)
    website_id, store = _website_and_store(data.website_id, data.store_id)
    group_id = get_default_group_id() if data.group_id is None else data.group_id
    check_customer_group(group_id)
    try:
        customer = _insert_customer(data, password, group_id=group_id, website_id=website_id, store=store)
    except IntegrityError:  # the group was deleted meanwhile (its foreign key is checked at commit)
        check_customer_group(group_id)
        raise
    return get_customer(customer.pk)


def _insert_customer(
    data: CustomerData, password: str | None, *, group_id: int, website_id: int, store: dict
) -> Customer:
    with transaction.atomic():
        same_email = Customer.objects.alias(email_lower=Lower("email")).filter(email_lower=Lower(Value(data.email)))
        if same_email.filter(website_id=website_id).exists():  # lower() on both sides: the unique index's own rule
            raise CustomerEmailExists()
        try:
            with transaction.atomic():
                customer = Customer.objects.create(
                    email=data.email,
                    firstname=data.firstname,
                    lastname=data.lastname,
                    group_id=group_id,
                    store_id=store["id"],
                    website_id=website_id,
                    created_in=store["name"],
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
    return customer


@dataclass(frozen=True)
class CustomerCredentials:
    """A customer account as the sign-in lock needs it (backoffice.rest.lockout.Account)."""

    pk: int
    password_hash: str

    def check_password(self, raw_password: str) -> bool:
        return bool(self.password_hash) and check_password(raw_password, self.password_hash)


def find_customer_credentials(email: str) -> CustomerCredentials | None:
    """The account signing in with this email on the default website, whatever its letter case (Magento's
    customer emails are case-insensitive): one query on lower(email), no password hash."""
    row = (
        Customer.objects.alias(email_lower=Lower("email"))
        .filter(email_lower=Lower(Value(email)), website_id=DEFAULT_WEBSITE_ID)
        .order_by("pk")
        .values_list("pk", "password")
        .first()
    )
    return CustomerCredentials(*row) if row is not None else None


def create_customer_token(username: str, password: str, *, address: str | None = None) -> str:
    """POST /V1/integration/customer/token: a bearer token for the customer, or Magento's 401 (429 when throttled)."""
    return create_customer_access_token(username, password, find_customer_credentials, address=address)


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


def _website_and_store(website_id: int | None, store_id: int | None) -> tuple[int, dict]:
    """Magento's createAccountWithPasswordHash: an unset store view is the website's default one, an unset website
    the store view's; then validateCustomerStoreIdByWebsiteId. Unknown ids are NoSuchEntityExceptions (404)."""
    websites = {website["id"]: website for website in WEBSITES}
    stores = {store["id"]: store for store in STORE_VIEWS}
    if website_id and website_id not in websites:
        raise NotFoundError(WEBSITE_NOT_FOUND.replace("%s", str(website_id)))
    if not store_id:
        group_id = websites[website_id]["default_group_id"] if website_id else None
        store_id = next((g["default_store_id"] for g in STORE_GROUPS if g["id"] == group_id), DEFAULT_STORE_ID)
    if not website_id:
        if store_id not in stores:
            raise NotFoundError(STORE_NOT_FOUND)
        website_id = stores[store_id]["website_id"]
    if store_id not in stores or stores[store_id]["website_id"] != website_id:
        raise InputError(STORE_NOT_IN_WEBSITE)
    return website_id, stores[store_id]


def _check_customer(data: CustomerData) -> None:
    required = [("firstname", data.firstname), ("lastname", data.lastname), ("email", data.email)]
    raise_input_errors([RequiredFieldError(name) for name, value in required if not str(value or "").strip()])
    try:
        validate_email(data.email)
    except ValidationError:
        raise InputError(INVALID_FIELD_VALUE, parameters={"value": data.email, "fieldName": "email"}) from None
