"""The cart lifecycle: Magento_Quote's QuoteManagement (createEmptyCart, createEmptyCartForCustomer, assignCustomer),
QuoteRepository (get, save) and GuestCart\\GuestCartManagement (a guest cart and its QuoteIdMask).

A guest cart is known outside only by its masked id, 32 random hexadecimal characters (Magento's
``Random::getUniqueHash``, an md5 of ``uniqid``; here ``secrets``: 128 bits, unguessable). The mask exists only
while the cart has no customer: assigning one deletes it, as QuoteManagement::assignCustomer does.
"""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction

from backoffice.exceptions import DomainError
from backoffice.rest.store import STORE_VIEWS
from customers.customers import get_customer
from customers.models import Customer

from .exceptions import CartNotFound
from .locks import lock_quotes
from .models import Quote, QuoteIdMask, QuoteItem
from .quotes import create_cart

DEFAULT_STORE_ID = 1
MASK_ATTEMPTS = 3


class CartOfAnotherStore(DomainError):
    message = "The customer can't be assigned to the cart. The cart belongs to a different store."


class CartNotAnonymous(DomainError):
    message = "The customer can't be assigned to the cart because the cart isn't anonymous."


class NotYourCustomerId(DomainError):
    """GuestCartManagement\\Plugin\\Authorization: a customer assigns a guest cart to themselves only."""

    message = "You don't have the correct permissions to assign the customer to the cart."


class InvalidStateChange(DomainError):
    """QuoteRepository\\Plugin\\AccessChangeQuoteControl: a customer saves only a cart whose customer is them."""

    message = "Invalid state change requested"


def new_masked_id() -> str:
    return secrets.token_hex(16)


def create_empty_cart(*, store_id: int = DEFAULT_STORE_ID) -> Quote:
    """POST /V1/carts/ (CartManagementInterface::createEmptyCart): an anonymous cart, no mask: only its id opens it,
    and only for an admin."""
    return Quote.objects.create(store_id=store_id, customer_is_guest=True)


def create_guest_cart(*, store_id: int = DEFAULT_STORE_ID) -> Quote:
    """POST /V1/guest-carts (GuestCartManagement::createEmptyCart): an anonymous cart and its QuoteIdMask."""
    for _ in range(MASK_ATTEMPTS):
        try:
            with transaction.atomic():
                quote = create_empty_cart(store_id=store_id)
                QuoteIdMask.objects.create(quote=quote, masked_id=new_masked_id())
                return quote
        except IntegrityError:  # 2**-128 per attempt: a collision of two masks
            continue
    raise DomainError("The quote can't be created.")


def masked_id_of(quote: Quote) -> str:
    return quote.id_mask.masked_id  # create_guest_cart's cart knows its mask: no query


def create_cart_for_customer(customer_id: int) -> Quote:
    """POST /V1/customers/{customerId}/carts (createEmptyCartForCustomer): the customer's active cart, created
    when there is none."""
    return create_cart(get_customer(customer_id))


def get_cart(cart_id: int | None) -> Quote:
    """QuoteRepository::get: the cart with this id, active or not (the admin's GET /V1/carts/{cartId} and the guest's
    GET /V1/guest-carts/{cartId} read an ordered cart too)."""
    quote = Quote.objects.select_related("customer").filter(pk=cart_id).first() if cart_id is not None else None
    if quote is None:
        raise CartNotFound(cart_id)
    return quote


def shared_store_ids(customer: Customer) -> set[int]:
    """Customer::getSharedStoreIds with the account sharing scope "Per Website" (Magento's default): the store views
    of the customer's website."""
    return {view["id"] for view in STORE_VIEWS if view["website_id"] == customer.website_id and view["id"]}


def assign_customer(cart_id: int | None, customer_id: int, store_id: int) -> None:
    """PUT /V1/carts/{cartId} and PUT /V1/guest-carts/{cartId} (QuoteManagement::assignCustomer).

    The cart must be active (404 otherwise) and anonymous; the store must be one the customer's account is shared
    with. The customer's active cart, if any, is merged into this one (its items added; a SKU in both gets the
    quantities summed, as Quote::merge does) and closed; this cart becomes the customer's, and its mask is deleted.
    Both carts are locked, by id (lock order 1).
    """
    with transaction.atomic():
        quote = Quote.objects.filter(pk=cart_id, is_active=True).first() if cart_id is not None else None
        if quote is None:
            raise CartNotFound(cart_id)
        customer = get_customer(customer_id)
        if store_id not in shared_store_ids(customer):
            raise CartOfAnotherStore()
        previous = Quote.objects.filter(customer=customer, is_active=True).exclude(pk=quote.pk).first()
        locked = lock_quotes([quote.pk] + ([previous.pk] if previous else []))
        quote = locked[quote.pk]
        if not quote.is_active:
            raise CartNotFound(cart_id)
        if quote.customer_id is not None:
            raise CartNotAnonymous()
        previous = locked.get(previous.pk) if previous else None
        if previous is not None and previous.is_active and previous.customer_id == customer.pk:
            _merge(previous, into=quote)
            previous.is_active = False
            previous.save(update_fields=["is_active", "updated_at"])
        quote.customer = customer
        quote.customer_is_guest = False
        quote.save(update_fields=["customer", "customer_is_guest", "updated_at"])
        QuoteIdMask.objects.filter(quote=quote).delete()


def _merge(source: Quote, *, into: Quote) -> None:
    """Quote::merge: the source cart's lines join the target's; the same product's quantities add up."""
    existing = {item.product_id: item for item in into.items.all()}
    for item in source.items.all():
        target = existing.get(item.product_id)
        if target is None:
            QuoteItem.objects.create(quote=into, product_id=item.product_id, qty=item.qty)
        else:
            target.qty += item.qty
            target.save(update_fields=["qty", "updated_at"])


def save_customer_cart(cart_id: int, customer: Customer, *, customer_id: int | None) -> None:
    """PUT /V1/carts/mine (CartRepositoryInterface::save with ``quote.id`` forced to the customer's cart).

    AccessChangeQuoteControl runs first: the quote the customer sends must name them as its customer
    (``quote.customer.id``), else "Invalid state change requested". Nothing else the body holds is written (see
    the README): the cart is saved as it is.
    """
    if customer_id is None or customer_id != customer.pk:
        raise InvalidStateChange()
    with transaction.atomic():
        quote = lock_quotes([cart_id]).get(cart_id)
        if quote is None or not quote.is_active or quote.customer_id != customer.pk:
            raise CartNotFound(cart_id)
        quote.save(update_fields=["updated_at"])
