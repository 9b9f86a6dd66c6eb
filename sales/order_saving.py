"""Saving orders over REST: Magento's OrderRepositoryInterface::save (POST /V1/orders, PUT /V1/orders/create) and
OrderAddressRepositoryInterface::save (PUT /V1/orders/{parent_id}), made safe.

Magento's repository writes the order as the body gives it: any state, any totals, and, for a new order, no MSI
reservation, so a "saved" order can sell stock that is not there. Here save means:

- **An existing order** (``entity_id`` given): only what can change without breaking its documents: its status
  (one of its state's statuses; the state itself moves only through invoices, shipments, cancel and hold), new
  status-history comments (entries without ``entity_id``), and its own billing and shipping addresses. Every other
  key is accepted and ignored, so a client may send back the order it read; an unchanged order writes nothing.
- **A new order** (no ``entity_id``): placed like a checkout (sales.placement.place_order): items by SKU and
  quantity, priced from the catalog, checked against the salable quantity and reserved on the website's stock, in
  one transaction. It can never oversell. Totals, prices and states in the body are ignored.
- **An order address**: only an address of the order in the path (Magento would move another order's address).

Addresses are checked as Magento's Sales\\Model\\Order\\Address\\Validator checks them, plus the country and region
(backoffice.directory.country_region_error).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from backoffice.directory import country_region_error
from backoffice.exceptions import IdRequired, InputError, NotFoundError, RequiredFieldError
from customers.exceptions import CustomerNotFound
from customers.models import Customer

from .exceptions import OrderAddressInvalid, OrderAddressNotSaved
from .locks import lock_order
from .models import Order, OrderAddress
from .orders import STATE_STATUSES, add_status_history
from .placement import AddressData, OrderLine, PlaceOrderRequest, place_order

INVALID_FIELD_VALUE = 'Invalid value of "%value" provided for the %fieldName field.'
# The OrderAddressInterface fields an address save writes (the others of the interface are not kept here).
ADDRESS_FIELDS = (
    "firstname", "lastname", "company", "street", "city", "region", "region_id", "region_code", "postcode",
    "country_id", "telephone", "email", "customer_address_id",
)  # fmt: skip
# Sales\Model\Order\Address\Validator::$required, in its order (parent_id is always the order's), then telephone
# (customer/address/telephone_show is "req" by default: isTelephoneRequired).
REQUIRED_LABELS = (
    ("postcode", "Zip code"), ("lastname", "Last name"), ("street", "Street"), ("city", "City"), ("email", "Email"),
    ("country_id", "Country"), ("firstname", "First Name"), ("address_type", "Address Type"),
    ("telephone", "Phone Number"),
)  # fmt: skip


@dataclass(frozen=True)
class NewComment:
    """An OrderStatusHistoryInterface entry without entity_id: a comment to add."""

    comment: str | None
    is_customer_notified: bool | None = None
    is_visible_on_front: bool = False


@dataclass(frozen=True)
class OrderChanges:
    """What a save of an existing order may change; None (or empty) is "as it is"."""

    state: str | None = None
    status: str | None = None
    comments: Sequence[NewComment] = ()
    addresses: Sequence[Mapping[str, object]] = ()  # OrderAddressInterface values, address_type says which


@dataclass(frozen=True)
class NewOrder:
    """What a save of a new order takes: lines by SKU, addresses as OrderAddressInterface values."""

    lines: Sequence[OrderLine]
    billing_address: Mapping[str, object] | None
    payment_method: str | None
    customer_email: str | None = None
    customer_id: int | None = None
    shipping_address: Mapping[str, object] | None = None
    shipping_method: str | None = None


def address_warnings(values: Mapping[str, object]) -> list[str]:
    """Sales\\Model\\Order\\Address\\Validator::validate's warnings (a blank value counts as missing), then the
    country and region as Customer\\Model\\Address\\Validator\\Country checks them."""
    warnings = [
        f'"{label}" is required. Enter and try again.' for key, label in REQUIRED_LABELS if _blank(values.get(key))
    ]
    try:
        validate_email(str(values.get("email") or ""))
    except ValidationError:
        warnings.append("Email has a wrong format")
    if values.get("address_type") not in OrderAddress.Type.values:
        warnings.append("Address type doesn't match required options")
    if not _blank(values.get("country_id")):
        error = country_region_error(str(values["country_id"]), values.get("region_id"))  # type: ignore[arg-type]
        if error is not None:
            warnings.append(error.rendered())
    return warnings


def save_order_address(order_id: int, changes: Mapping[str, object]) -> OrderAddress:
    """PUT /V1/orders/{parent_id}: update one of the order's addresses (``changes["entity_id"]``) with the given
    OrderAddressInterface values; the others stay. An address of another order is Magento's 404 (AddressRepository
    ::get), a missing entity_id its "An ID is needed"; any invalid value "The order address couldn't be saved.",
    the answer of AddressRepository::save for every failure. Nothing is written then."""
    address_id = changes.get("entity_id")
    if not address_id:
        raise IdRequired()
    with transaction.atomic():
        order = lock_order(order_id)
        address = OrderAddress.objects.filter(pk=address_id, parent=order).first()
        if address is None:
            raise NotFoundError()
        if not _update_address(address, changes):
            raise OrderAddressNotSaved()
    return address


def update_order(order_id: int, changes: OrderChanges) -> Order:
    """OrderRepositoryInterface::save of an existing order: status, new comments, its addresses (module docstring).

    A state other than the order's, or a status its state does not have, is Magento's INVALID_FIELD_VALUE on
    ``state`` / ``status``; a bad address "We can't save the address:" with the validator's warnings; an address id
    of another order the 404 of AddressRepository::get. All or nothing."""
    with transaction.atomic():
        order = lock_order(order_id)
        if changes.state is not None and changes.state != order.state:
            raise InputError(INVALID_FIELD_VALUE, parameters={"value": changes.state, "fieldName": "state"})
        if changes.status is not None and changes.status != order.status:
            if changes.status not in STATE_STATUSES.get(order.state, frozenset()):
                raise InputError(INVALID_FIELD_VALUE, parameters={"value": changes.status, "fieldName": "status"})
            order.status = changes.status
            order.save(update_fields=["status", "updated_at"])
        stored = {address.address_type: address for address in OrderAddress.objects.filter(parent=order)}
        for values in changes.addresses:
            address = stored.get(str(values.get("address_type")))
            if address is None or values.get("entity_id") not in (None, address.pk):
                raise NotFoundError()
            warnings = address_warnings(_merged(address, values))
            if warnings:
                raise OrderAddressInvalid(parameters=["\n".join(warnings)])
            _update_address(address, values)
        for comment in changes.comments:
            add_status_history(order, comment.comment, is_customer_notified=comment.is_customer_notified,
                               is_visible_on_front=comment.is_visible_on_front)  # fmt: skip
    return order


def create_order(new: NewOrder) -> Order:
    """OrderRepositoryInterface::save of a new order, placed through place_order (salable check, reservations,
    the order email): never more than the stock can sell. Refusals, before anything is written: no items, an item
    without SKU or with a quantity not above 0, no billing address or payment method, no customer email, an unknown
    customer, a bad address ("We can't save the address:"), then place_order's (unknown payment or shipping method,
    "Not enough items for sale" for an unknown SKU or a short salable quantity)."""
    if not new.lines:
        raise RequiredFieldError("items")
    for line in new.lines:
        if not line.sku:
            raise RequiredFieldError("sku")
        if line.qty <= 0:
            raise InputError(INVALID_FIELD_VALUE, parameters={"value": f"{line.qty.normalize():f}",
                                                              "fieldName": "qty_ordered"})  # fmt: skip
    if new.billing_address is None:
        raise RequiredFieldError("billing_address")
    if not new.payment_method:
        raise RequiredFieldError("payment")
    customer = None
    if new.customer_id is not None:
        customer = Customer.objects.filter(pk=new.customer_id).first()
        if customer is None:
            raise CustomerNotFound(new.customer_id)
    email = new.customer_email or (customer.email if customer else None)
    if not email:
        raise RequiredFieldError("customer_email")
    addresses = [(OrderAddress.Type.BILLING, new.billing_address)]
    if new.shipping_address is not None:
        addresses.append((OrderAddress.Type.SHIPPING, new.shipping_address))
    for address_type, values in addresses:
        warnings = address_warnings({"email": email, **values, "address_type": address_type})
        if warnings:
            raise OrderAddressInvalid(parameters=["\n".join(warnings)])
    return place_order(
        PlaceOrderRequest(
            lines=new.lines,
            billing_address=_address_data(new.billing_address),
            shipping_address=_address_data(new.shipping_address) if new.shipping_address is not None else None,
            payment_method=new.payment_method,
            customer_email=email,
            customer=customer,
            shipping_method=new.shipping_method,
        )
    )


def _blank(value: object) -> bool:
    if isinstance(value, (list, tuple)):
        return not "".join(str(part) for part in value).strip()
    return value is None or not str(value).strip()


def _stored(address: OrderAddress) -> dict[str, object]:
    values: dict[str, object] = {field: getattr(address, field) for field in ADDRESS_FIELDS}
    values["street"] = address.street.split("\n")
    values["address_type"] = address.address_type
    return values


def _merged(address: OrderAddress, changes: Mapping[str, object]) -> dict[str, object]:
    given = {key: value for key, value in changes.items() if key in (*ADDRESS_FIELDS, "address_type")}
    return {**_stored(address), **given}


def _update_address(address: OrderAddress, changes: Mapping[str, object]) -> bool:
    """Write the changed values of a locked order's address; False (nothing written) when they are not valid or
    would change the address's type (an order has one address of each type)."""
    values = _merged(address, changes)
    if address_warnings(values) or values["address_type"] != address.address_type:
        return False
    changed = []
    for field in ADDRESS_FIELDS:
        value = "\n".join(values[field]) if field == "street" else values[field]  # type: ignore[arg-type]
        if value != getattr(address, field):
            setattr(address, field, value)
            changed.append(field)
    if changed:
        address.save(update_fields=changed)
    return True


def _address_data(values: Mapping[str, object]) -> AddressData:
    def text(key: str) -> str:
        return str(values.get(key) or "")

    return AddressData(
        firstname=text("firstname"),
        lastname=text("lastname"),
        street=[str(line) for line in values.get("street") or []],  # type: ignore[attr-defined]
        city=text("city"),
        postcode=text("postcode"),
        country_id=text("country_id"),
        telephone=text("telephone"),
        region=values.get("region") or None,  # type: ignore[arg-type]
        region_id=values.get("region_id") or None,  # type: ignore[arg-type]
        region_code=values.get("region_code") or None,  # type: ignore[arg-type]
        email=values.get("email") or None,  # type: ignore[arg-type]
        company=values.get("company") or None,  # type: ignore[arg-type]
        customer_address_id=values.get("customer_address_id"),  # type: ignore[arg-type]
    )
