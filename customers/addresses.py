"""Customer address book: Magento_Customer's AddressRepository (getById, deleteById) and AccountManagement's
getDefaultBillingAddress / getDefaultShippingAddress. The customer's default_billing / default_shipping pointers
are flags on the address, so deleting an address clears them (Address\\DeleteRelation::deleteRelation)."""

from __future__ import annotations

from django.db import transaction

from .customers import get_customer
from .exceptions import AddressNotFound
from .models import CustomerAddress


def get_address(address_id: int) -> CustomerAddress:
    """AddressRepository::getById: AddressRegistry's "No such entity with addressId = X" when unknown."""
    try:
        return CustomerAddress.objects.get(pk=address_id)
    except CustomerAddress.DoesNotExist:
        raise AddressNotFound(address_id) from None


def delete_address(address_id: int) -> None:
    """AddressRepository::deleteById."""
    with transaction.atomic():
        deleted, _ = CustomerAddress.objects.filter(pk=address_id).delete()
    if not deleted:
        raise AddressNotFound(address_id)


def get_default_billing_address(customer_id: int) -> CustomerAddress | None:
    """AccountManagement::getDefaultBillingAddress: the customer's default billing address, or None; an unknown
    customer is CustomerRepository::getById's "No such entity with customerId = X"."""
    return next((a for a in get_customer(customer_id).addresses.all() if a.is_default_billing), None)


def get_default_shipping_address(customer_id: int) -> CustomerAddress | None:
    """AccountManagement::getDefaultShippingAddress."""
    return next((a for a in get_customer(customer_id).addresses.all() if a.is_default_shipping), None)
