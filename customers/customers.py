"""Customer accounts and their credentials: Magento's AccountManagement (createAccount, authenticate),
CustomerRepository (save, deleteById) and CustomerTokenService (the token itself is issued by
backoffice.rest.tokens)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Lower
from django.utils import timezone

from backoffice.directory import country_region_error
from backoffice.exceptions import AGGREGATE_INPUT_MESSAGE, DomainError, InputError, NotFoundError, RequiredFieldError
from backoffice.rest.store import STORE_GROUPS, STORE_VIEWS, WEBSITES
from backoffice.rest.tokens import create_customer_access_token, revoke_customer_access_tokens

from .exceptions import (
    PASSWORD_CLASSES,
    PASSWORD_IS_EMAIL,
    PASSWORD_SPACES,
    PASSWORD_TOO_LONG,
    PASSWORD_TOO_SHORT,
    CustomerAddressNotFound,
    CustomerEmailExists,
    CustomerEmailNotFound,
    CustomerNotFound,
)
from .groups import check_customer_group, get_default_group_id
from .locks import lock_customer
from .models import Customer, CustomerAddress
from .notifications import send_confirmation_email

INVALID_FIELD_VALUE = 'Invalid value of "%value" provided for the %fieldName field.'
# Magento's customer/password/minimum_password_length and required_character_classes_number defaults.
MIN_PASSWORD_LENGTH = 8
REQUIRED_CHARACTER_CLASSES = 3
MAX_PASSWORD_LENGTH = 256  # AccountManagementInterface::MAX_PASSWORD_LENGTH
MAX_EMAIL_LENGTH = 255  # customer_entity.email
DEFAULT_WEBSITE_ID = 1
DEFAULT_STORE_ID = 1
STORE_NOT_IN_WEBSITE = "The store view is not in the associated website."
STORE_NOT_FOUND = "The store that was requested wasn't found. Verify the store and try again."
WEBSITE_NOT_FOUND = "The website with id %s that was requested wasn't found. Verify the website and try again."


@dataclass(frozen=True, kw_only=True)
class AddressValues:
    """The values every address carries (AddressInterface's getters shared by Magento_Customer, Magento_Quote and
    Magento_Sales): the base of the customer's, the cart's and the order's address data. Keyword-only, so a
    subclass may make a field required (sales.placement.AddressData)."""

    firstname: str = ""
    lastname: str = ""
    street: Sequence[str] = ()
    city: str = ""
    postcode: str = ""
    country_id: str = ""
    telephone: str = ""
    region: str | None = None
    region_id: int | None = None
    region_code: str | None = None
    company: str | None = None


@dataclass(frozen=True, kw_only=True)
class CustomerAddressData(AddressValues):
    default_billing: bool = False
    default_shipping: bool = False
    id: int | None = None  # an address of the book to update (save_customer); None adds one


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
    dob: date | None = None
    gender: int | None = None
    prefix: str | None = None
    middlename: str | None = None
    suffix: str | None = None
    taxvat: str | None = None
    disable_auto_group_change: int = 0


def get_customer(customer_id: int) -> Customer:
    try:
        return Customer.objects.prefetch_related("addresses").get(pk=customer_id)
    except Customer.DoesNotExist:
        raise CustomerNotFound(customer_id) from None


def find_customer_by_email(email: str, website_id: int) -> Customer:
    """CustomerRepository::get($email, $websiteId): the account with this email (any letter case) on the website,
    or Magento's 404 naming both. An email no account can have (a NUL byte, over-long, no UTF-8) finds none
    without a query."""
    if _possible_email(email):
        found = (
            Customer.objects.alias(email_lower=Lower("email"))
            .filter(email_lower=Lower(Value(email)), website_id=website_id)
            .order_by("pk")
            .first()
        )
        if found is not None:
            return found
    raise CustomerEmailNotFound(email, website_id)


def create_customer(data: CustomerData, *, password: str | None = None) -> Customer:
    """Create a customer account with its address book (Magento's AccountManagement::createAccount).

    Refuses a second account with the same email on the same website, and a group that does not exist
    (CustomerRepository::validateGroupId); no group is the default one. The password is stored as a
    Django hash. The first address flagged default billing (shipping) becomes the default one. While accounts
    need confirming (``confirmation_required``), the account gets a key, mailed after commit.
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
                    **_optional_fields(data),
                    confirmation=new_confirmation_key() if confirmation_required() else None,
                )
        except IntegrityError:  # a concurrent registration won the unique (email, website) constraint
            raise CustomerEmailExists() from None
        if customer.confirmation and password:  # sendEmailConfirmation: no password, no confirmation email
            transaction.on_commit(partial(send_confirmation_email, customer_id=customer.pk), robust=True)
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


def save_customer(
    customer_id: int,
    data: CustomerData,
    *,
    addresses: Sequence[CustomerAddressData] | None = None,
    default_billing: int | None = None,
    default_shipping: int | None = None,
) -> Customer:
    """Save an existing account (Magento's CustomerRepository::save): its fields become ``data``'s.

    ``addresses`` None keeps the address book; a list replaces it as Magento does: an address with an id updates
    that address of the book (an id the book does not hold is a 404, nothing written), one without is added, and
    every other address of the book is deleted. The default billing (shipping) address is the first one flagged
    so, else the one whose id is ``default_billing`` (``default_shipping``), else none. A changed email spends a
    pending password reset token. The account's row is locked for the whole write.
    """
    _check_customer(data)
    for address in addresses or ():
        check_address(address)
    website_id, store = _website_and_store(data.website_id, data.store_id)
    group_id = get_default_group_id() if data.group_id is None else data.group_id
    check_customer_group(group_id)  # CustomerRepository::validateGroupId
    with transaction.atomic():
        customer = lock_customer(customer_id)
        if customer is None:
            raise CustomerNotFound(customer_id)
        same_email = Customer.objects.alias(email_lower=Lower("email")).filter(email_lower=Lower(Value(data.email)))
        if same_email.filter(website_id=website_id).exclude(pk=customer_id).exists():
            raise CustomerEmailExists()
        if customer.email != data.email:  # CustomerRepository::save: "If customer email was changed, reset RpToken"
            customer.rp_token = customer.rp_token_created_at = None
        customer.email, customer.firstname, customer.lastname = data.email, data.firstname, data.lastname
        customer.group_id = group_id
        customer.store_id, customer.website_id = store["id"], website_id
        for name, value in _optional_fields(data).items():
            setattr(customer, name, value)
        try:
            with transaction.atomic():
                customer.save()
        except IntegrityError:  # a concurrent save or registration won the unique (email, website) constraint
            raise CustomerEmailExists() from None
        if addresses is not None:
            _replace_address_book(customer, addresses, default_billing, default_shipping)
    return get_customer(customer_id)


def delete_customer(customer_id: int) -> None:
    """Delete an account (CustomerRepository::deleteById): its address book and carts go with it, its orders stay
    (their customer becomes null) and its tokens are revoked (Magento_Integration's CustomerUser plugin).

    An order placed for the customer while the account is being deleted makes the delete fail its foreign key
    check at commit; it is then done again, and that order is kept too."""
    for attempt in range(3):
        try:
            with transaction.atomic():
                deleted, _ = Customer.objects.filter(pk=customer_id).delete()
                if not deleted:
                    raise CustomerNotFound(customer_id)
                revoke_customer_access_tokens(customer_id)
            return
        except IntegrityError:
            if attempt == 2:
                raise


def _replace_address_book(
    customer: Customer,
    addresses: Sequence[CustomerAddressData],
    default_billing: int | None,
    default_shipping: int | None,
) -> None:
    book = {address.pk: address for address in CustomerAddress.objects.filter(customer=customer)}
    for address in addresses:
        if address.id and address.id not in book:
            raise CustomerAddressNotFound(address.id)
    billing = _default_index(addresses, "default_billing", default_billing)
    shipping = _default_index(addresses, "default_shipping", default_shipping)
    kept = {address.id for address in addresses if address.id}
    # Flags off first: the partial unique indexes allow one default of each kind per customer at every moment.
    CustomerAddress.objects.filter(customer=customer).update(is_default_billing=False, is_default_shipping=False)
    CustomerAddress.objects.filter(customer=customer).exclude(pk__in=kept).delete()
    for index, address in enumerate(addresses):
        row = address_row(address) | {"is_default_billing": index == billing, "is_default_shipping": index == shipping}
        if address.id:
            CustomerAddress.objects.filter(pk=address.id).update(**row, updated_at=timezone.now())
        else:
            CustomerAddress.objects.create(customer=customer, **row)


def _default_index(addresses: Sequence[CustomerAddressData], flag: str, pointer: int | None) -> int | None:
    flagged = [index for index, address in enumerate(addresses) if getattr(address, flag)]
    if flagged:
        return flagged[0]
    return next((index for index, address in enumerate(addresses) if pointer and address.id == pointer), None)


def address_row(address: CustomerAddressData) -> dict:
    """The CustomerAddress columns of an address (its customer and default flags aside)."""
    return {
        "firstname": address.firstname,
        "lastname": address.lastname,
        "company": address.company,
        "street": "\n".join(address.street),
        "city": address.city,
        "region": address.region,
        "region_id": address.region_id,
        "region_code": address.region_code,
        "postcode": address.postcode,
        "country_id": address.country_id,
        "telephone": address.telephone,
    }


def confirmation_required() -> bool:
    """Magento's AccountConfirmation::isConfirmationRequired: customer/create_account/confirm
    (``MAGENTO_CUSTOMER_CREATE_ACCOUNT_CONFIRM``, off by default as in Magento)."""
    return bool(settings.MAGENTO_CUSTOMER_CREATE_ACCOUNT_CONFIRM)


def new_confirmation_key() -> str:
    """Magento's Customer::getRandomConfirmationKey: 32 hex characters."""
    return secrets.token_hex(16)


@dataclass(frozen=True)
class CustomerCredentials:
    """A customer account as the sign-in lock needs it (backoffice.rest.lockout.Account)."""

    pk: int
    password_hash: str
    confirmed: bool = True

    def check_password(self, raw_password: str) -> bool:
        """The password opens a confirmed account only (authenticate()'s EmailNotConfirmedException, which the
        token service answers with its sign-in message)."""
        return bool(self.password_hash) and check_password(raw_password, self.password_hash) and self.confirmed


def find_customer_credentials(email: str) -> CustomerCredentials | None:
    """The account signing in with this email on the default website, whatever its letter case (Magento's
    customer emails are case-insensitive): one query on lower(email), no password hash."""
    row = (
        Customer.objects.alias(email_lower=Lower("email"))
        .filter(email_lower=Lower(Value(email)), website_id=DEFAULT_WEBSITE_ID)
        .order_by("pk")
        .values_list("pk", "password", "confirmation")
        .first()
    )
    if row is None:
        return None
    pk, password_hash, confirmation = row
    return CustomerCredentials(pk, password_hash, confirmed=not (confirmation and confirmation_required()))


def create_customer_token(username: str, password: str, *, address: str | None = None) -> str:
    """POST /V1/integration/customer/token: a bearer token for the customer, or Magento's 401 (429 when throttled)."""
    return create_customer_access_token(username, password, find_customer_credentials, address=address)


def check_password_strength(password: str, *, email: str) -> None:
    """Magento's AccountManagement::checkPasswordStrength with its default configuration (createAccount checks
    the email last, as here; changing and resetting a password check it first: check_password_not_email)."""
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InputError(PASSWORD_TOO_LONG, parameters=[MAX_PASSWORD_LENGTH])
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
    check_password_not_email(password, email=email)


def check_password_not_email(password: str, *, email: str) -> None:
    """Magento's CredentialsValidator::checkPasswordDifferentFromEmail (case-insensitive)."""
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
    raise_input_errors([*errors, *filter(None, [country_region_error(address.country_id, address.region_id)])])


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
        raise NotFoundError(WEBSITE_NOT_FOUND % website_id)  # Magento sprintf()s it before __()
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


def _optional_fields(data: CustomerData) -> dict:
    return {
        "dob": data.dob,
        "gender": data.gender,
        "prefix": data.prefix,
        "middlename": data.middlename,
        "suffix": data.suffix,
        "taxvat": data.taxvat,
        "disable_auto_group_change": data.disable_auto_group_change,
    }


def _possible_email(email: str) -> bool:
    """False for an email no account can have; PostgreSQL could not even compare one holding a NUL byte."""
    if "\x00" in email or len(email) > MAX_EMAIL_LENGTH:
        return False
    try:
        email.encode()
    except UnicodeEncodeError:  # a lone surrogate, which JSON can carry
        return False
    return True


def _check_customer(data: CustomerData) -> None:
    required = [("firstname", data.firstname), ("lastname", data.lastname), ("email", data.email)]
    raise_input_errors([RequiredFieldError(name) for name, value in required if not str(value or "").strip()])
    try:
        validate_email(data.email)
    except ValidationError:
        raise InputError(INVALID_FIELD_VALUE, parameters={"value": data.email, "fieldName": "email"}) from None
