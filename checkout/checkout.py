"""Checkout (Magento_Checkout): shipping estimate, shipping information, payment information → order.

The order itself is created by sales.placement.place_order, which checks and reserves the salable
quantities; this module turns a cart (a customer's or a guest's, by its id) into its request and closes the cart.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from backoffice.directory import country_region_error
from backoffice.exceptions import DomainError, NotFoundError, RequiredFieldError
from customers.models import Customer
from sales.exceptions import PaymentMethodNotAvailable
from sales.models import ZERO, Order, OrderPayment
from sales.placement import AddressData, OrderAddressValues, OrderLine, PlaceOrderRequest, place_order_in_transaction

from .exceptions import (
    CHECK_BILLING_ADDRESS,
    CHECK_SHIPPING_ADDRESS,
    ORDER_PLACEMENT_FAILED,
    CarrierMethodNotFound,
    EmptyCartShipping,
    EmptyCartTotals,
    GuestCartWithoutQuantity,
    OrderNotPlaced,
    PaymentMethodMissing,
    QuoteAddressNotFound,
    ShippingAddressMissing,
    ShippingMethodMissing,
    VirtualCartShipping,
)
from .models import Quote, QuoteAddress
from .quotes import (
    CartTotals,
    ShippingRate,
    cart_addresses,
    cart_lines,
    collect_totals,
    find_rate,
    get_active_cart_by_id,
    keep_address,
    lock_and_load_cart,
    lock_cart,
    shipping_rates,
)

INVALID_CUSTOMER_ADDRESS = "Invalid customer address id %1"
PAYMENT_METHOD_MISSING = "Enter a valid payment method and try again."
FAILED_ADDRESS_VALIDATION = "Failed address validation:\n%1"
WRONG_EMAIL_FORMAT = "Email has a wrong format"


@dataclass(frozen=True, kw_only=True)
class AddressInput(OrderAddressValues):
    """Magento_Quote's AddressInterface as a client sends it."""

    same_as_billing: int = 0
    save_in_address_book: int = 0
    id: int | None = None  # the cart address's own id (quote_address.address_id), when the client names one


@dataclass(frozen=True)
class PaymentMethodInfo:
    code: str
    title: str


def estimate_shipping_methods(cart_id: int, address: AddressInput) -> list[ShippingRate]:
    """POST .../estimate-shipping-methods: the rates for the cart (the address is not saved)."""
    return shipping_rates(get_active_cart_by_id(cart_id))


def list_shipping_methods(cart_id: int) -> list[ShippingRate]:
    """GET .../shipping-methods (ShippingMethodManagement::getList): none for an empty or virtual cart, else the
    rates for the cart's shipping address, which must be set."""
    quote = get_active_cart_by_id(cart_id)
    totals = collect_totals(quote)
    if totals.is_virtual or not totals.lines:
        return []
    _require_shipping_address(quote)
    return shipping_rates(quote)


def estimate_by_address_id(cart_id: int, address_id: int) -> list[ShippingRate]:
    """POST .../estimate-shipping-methods-by-address-id (ShippingMethodManagement::estimateByAddressId): the rates
    for an address of the cart customer's address book (nothing saved); any other id is Magento's InputException
    "The shipping address is missing", a guest cart having no address book."""
    quote = get_active_cart_by_id(cart_id)
    totals = collect_totals(quote)
    if totals.is_virtual or not totals.lines:
        return []
    if quote.customer is None or not quote.customer.addresses.filter(pk=address_id).exists():
        raise ShippingAddressMissing()
    return shipping_rates(quote)


def assign_billing_address(cart_id: int, address: AddressInput, *, use_for_shipping: bool = False) -> QuoteAddress:
    """POST .../billing-address (BillingAddressManagement::assign): the cart's billing address, replaced. With
    ``use_for_shipping`` it becomes the shipping address too (ShippingAddressAssignment: same_as_billing 1, a new
    address without shipping method); otherwise the shipping address is no longer "same as billing"."""
    with transaction.atomic():
        quote = lock_cart(cart_id)
        if address.id is not None and not quote.addresses.filter(pk=address.id).exists():
            raise QuoteAddressNotFound(parameters=[address.id])
        _check_customer_address(quote.customer, address)
        if use_for_shipping:
            address = replace(address, same_as_billing=1)
            _save_address(quote, QuoteAddress.Type.SHIPPING, address)
        else:
            quote.addresses.filter(address_type=QuoteAddress.Type.SHIPPING).update(same_as_billing=0)
        billing = _save_address(quote, QuoteAddress.Type.BILLING, address)
        quote.save(update_fields=["updated_at"])
    return billing


def set_payment_method(cart_id: int, method: str | None) -> Quote:
    """PUT .../selected-payment-method (PaymentMethodManagement::set): the cart's payment method, once the cart
    has what the method needs (a shipping address when it ships) and the method is available to it."""
    with transaction.atomic():
        quote = lock_cart(cart_id)
        _set_payment_method(quote, method)
    return quote


def save_payment_information(
    cart_id: int,
    *,
    payment_method: str | None,
    billing_address: AddressInput | None = None,
    guest_email: str | None = None,
) -> None:
    """POST .../set-payment-information: the billing address (when given) and the payment method, without placing
    the order (PaymentInformationManagement::savePaymentInformation). For a guest (``guest_email``: the
    GuestPaymentInformationManagement variant) the email goes on the billing address and a cart without any
    quantity is refused before the payment. One transaction: a refused payment leaves the billing address as it
    was (Magento keeps the new one)."""
    with transaction.atomic():
        quote = lock_cart(cart_id)
        if billing_address is not None:
            _check_customer_address(quote.customer, billing_address)
            if guest_email is not None:
                billing_address = replace(billing_address, email=guest_email)
            _save_address(quote, QuoteAddress.Type.BILLING, billing_address)
        elif guest_email is not None:
            QuoteAddress.objects.update_or_create(
                quote=quote, address_type=QuoteAddress.Type.BILLING, defaults={"email": guest_email}
            )
        if guest_email is not None and not quote.items.exists():
            raise GuestCartWithoutQuantity()
        _set_payment_method(quote, payment_method)
        quote.save(update_fields=["updated_at"])


def collect_cart_totals(
    cart_id: int, *, payment_method: str | None, carrier_code: str | None = None, method_code: str | None = None
) -> Quote:
    """PUT .../collect-totals (CartTotalManagement::collectTotals): the shipping method when both codes are given
    (ShippingMethodManagement::set), then the payment method; the caller reads the totals. One transaction:
    Magento keeps the new shipping method when the payment is then refused, this writes nothing."""
    with transaction.atomic():
        quote = lock_cart(cart_id)
        if carrier_code and method_code:
            _apply_shipping_method(quote, carrier_code, method_code)
        _set_payment_method(quote, payment_method)
    return quote


def calculate_totals(cart_id: int, *, carrier_code: str | None = None, method_code: str | None = None) -> CartTotals:
    """POST .../totals-information (TotalsInformationManagement::calculate): the totals the cart would have with the
    given shipping method (its own when the codes are not both given); nothing is saved. Rates here do not depend
    on the address, so the address sent is bound and checked by the view but changes nothing."""
    quote = get_active_cart_by_id(cart_id)
    if not quote.items.exists():
        raise EmptyCartTotals()
    method = f"{carrier_code}_{method_code}" if carrier_code and method_code else None
    return collect_totals(quote, shipping_method=method)


def _require_shipping_address(quote: Quote) -> QuoteAddress:
    shipping = quote.addresses.filter(address_type=QuoteAddress.Type.SHIPPING).first()
    if shipping is None or not shipping.country_id:
        raise ShippingAddressMissing()
    return shipping


def _apply_shipping_method(quote: Quote, carrier_code: str, method_code: str) -> None:
    """ShippingMethodManagement::apply, in its order: an empty cart, a virtual one, no shipping address. An unknown
    method is refused as shipping information refuses it (Magento would save it and collect no shipping)."""
    totals = collect_totals(quote)
    if not totals.lines:
        raise EmptyCartShipping()
    if totals.is_virtual:
        raise VirtualCartShipping()
    shipping = _require_shipping_address(quote)
    rate = find_rate(quote, carrier_code, method_code)
    if rate is None:
        raise CarrierMethodNotFound(parameters=[carrier_code, method_code])
    shipping.shipping_method = rate.code
    shipping.save(update_fields=["shipping_method"])


def _set_payment_method(quote: Quote, method: str | None) -> None:
    """PaymentMethodManagement::set on a locked cart: a shipping address first when the cart ships, then a method
    (Payment\\Model\\Info::getMethodInstance), then one available to the cart (Quote\\Payment::importData)."""
    totals = collect_totals(quote)
    if not totals.is_virtual:
        _require_shipping_address(quote)
    if not method:
        raise PaymentMethodMissing()
    if method not in {available.code for available in available_payment_methods(totals)}:
        raise PaymentMethodNotAvailable()
    quote.payment_method = method
    quote.save(update_fields=["payment_method", "updated_at"])


def save_shipping_information(
    cart_id: int,
    *,
    shipping_address: AddressInput | None,
    billing_address: AddressInput | None,
    carrier_code: str | None,
    method_code: str | None,
) -> Quote:
    """POST .../shipping-information (ShippingInformationManagement::saveAddressInformation)."""
    with transaction.atomic():
        quote = lock_and_load_cart(cart_id)
        lines = cart_lines(quote)
        if not lines:
            raise EmptyCartShipping()
        if shipping_address is None or not shipping_address.country_id:
            raise ShippingAddressMissing()
        for address in (shipping_address, billing_address):
            _check_customer_address(quote.customer, address)
        rate = find_rate(quote, carrier_code, method_code)
        is_virtual = all(line.product.is_virtual for line in lines)
        if not is_virtual and rate is None:
            if not method_code:
                raise ShippingMethodMissing()
            raise CarrierMethodNotFound(parameters=[carrier_code or "", method_code])
        addresses = [(QuoteAddress.Type.SHIPPING, shipping_address, rate.code if rate else None)]
        if billing_address is not None:
            addresses.append((QuoteAddress.Type.BILLING, billing_address, None))
        _save_addresses(quote, addresses)
        quote.save(update_fields=["updated_at"])
    return quote


def available_payment_methods(totals: CartTotals) -> list[PaymentMethodInfo]:
    """The active offline methods; "free" alone when nothing is due, never otherwise (Magento's ZeroTotal check)."""
    active = set(settings.MAGENTO_PAYMENT_METHODS)
    free = OrderPayment.Method.FREE
    return [
        PaymentMethodInfo(method.value, method.label)
        for method in OrderPayment.Method
        if method.value in active and (method == free) == (totals.grand_total == 0)
    ]


def place_order_from_cart(
    cart_id: int,
    *,
    payment_method: str | None,
    billing_address: AddressInput | None = None,
    email: str | None = None,
) -> Order:
    """POST .../payment-information (PaymentInformationManagement and GuestPaymentInformationManagement::
    savePaymentInformationAndPlaceOrder): save the billing address (with the guest's ``email`` on it) and the
    payment, then place the order. The payment step refuses as it is (no shipping address, a method not available);
    a refusal of the placement itself comes back wrapped, Magento's CouldNotSaveException with the cause's message
    rendered (400). On any refusal nothing is written.
    """
    with transaction.atomic():
        quote = lock_and_load_cart(cart_id)
        if billing_address is not None:
            _check_customer_address(quote.customer, billing_address)
            _save_address(
                quote, QuoteAddress.Type.BILLING, replace(billing_address, email=email or billing_address.email)
            )
        elif email and (billing := cart_addresses(quote).get(QuoteAddress.Type.BILLING)) is not None:
            billing.email = email
            billing.save(update_fields=["email"])
        totals = collect_totals(quote)
        shipping = cart_addresses(quote).get(QuoteAddress.Type.SHIPPING)
        if not totals.is_virtual and (shipping is None or not shipping.country_id):
            raise ShippingAddressMissing()
        _check_payment_method(totals, payment_method)
        try:
            return _submit(quote, totals, payment_method=payment_method, email=email)
        except DomainError as error:
            raise OrderNotPlaced(error.rendered()) from error


def place_order_for_cart(cart_id: int, *, payment_method: str | None) -> Order:
    """PUT /V1/carts/mine/order, /V1/carts/{cartId}/order, /V1/guest-carts/{cartId}/order
    (CartManagementInterface::placeOrder): place the order with ``payment_method``, or the one the cart holds when
    none is given. Magento's refusals come back as they are (not wrapped): "The requested Payment Method is not
    available.", the QuoteValidator's ("Enter a valid payment method and try again."), the order address validator's.
    """
    with transaction.atomic():
        quote = lock_cart(cart_id)
        totals = collect_totals(quote)
        if payment_method is not None:
            _check_payment_method(totals, payment_method)
        return _submit(quote, totals, payment_method=payment_method or quote.payment_method)


def _check_payment_method(totals: CartTotals, payment_method: str | None) -> None:
    """Payment::importData with the checks PaymentMethodManagement::set asks for (checkout, country, currency,
    order total min/max, zero total)."""
    if payment_method not in {method.code for method in available_payment_methods(totals)}:
        raise PaymentMethodNotAvailable()


def _submit(quote: Quote, totals: CartTotals, *, payment_method: str | None, email: str | None = None) -> Order:
    """QuoteManagement::placeOrder and submitQuote on the locked cart: its validators, then sales.placement (which
    checks and reserves the salable quantities), then the cart is closed and remembers the order's increment id.

    A cart without customer is a guest order (CHECKOUT_METHOD_GUEST): customer_is_guest 1, no customer id, group 0
    (NOT LOGGED IN), the customer name from the billing address, and the email of the billing address (which
    payment-information's ``email`` has set), else the shipping address's (shipping-information's email).
    """
    if not totals.lines:
        raise OrderNotPlaced(ORDER_PLACEMENT_FAILED)  # QuoteManagement::submit: no items, no order
    customer = quote.customer
    addresses = cart_addresses(quote)
    shipping, billing = addresses.get(QuoteAddress.Type.SHIPPING), addresses.get(QuoteAddress.Type.BILLING)
    _check_before_submit(totals, shipping, billing)
    if not payment_method:
        raise DomainError(PAYMENT_METHOD_MISSING)  # QuoteValidator's PaymentMethodValidationRule
    if customer is not None:
        customer_email = customer.email
    else:
        customer_email = email or (billing.email if billing else None) or (shipping.email if shipping else None)
    if not _is_email(customer_email):
        # SubmitQuoteValidator::validateOrder with Sales' Order\Address\Validator (FILTER_VALIDATE_EMAIL).
        raise DomainError(FAILED_ADDRESS_VALIDATION, parameters=[WRONG_EMAIL_FORMAT])
    order = place_order_in_transaction(  # inside the cart's transaction: no savepoint
        PlaceOrderRequest(
            lines=[OrderLine(line.item.product.sku, line.item.qty, line.item.pk) for line in totals.lines],
            products={line.item.product.sku: line.item.product for line in totals.lines},
            billing_address=_address_data(billing, customer_email),
            shipping_address=None if totals.is_virtual else _address_data(shipping, customer_email),
            shipping_method=totals.shipping_rate.code if totals.shipping_rate else None,
            payment_method=payment_method,
            customer=customer,
            customer_email=customer_email,
            discount_percent=totals.rule.discount_percent if totals.rule else ZERO,
            discount_description=(totals.rule.store_label or None) if totals.rule else None,
            applied_rule_ids=str(totals.rule.pk) if totals.rule else None,
            quote_id=quote.pk,
        )
    )
    quote.is_active = False
    quote.customer_is_guest = customer is None
    quote.payment_method = payment_method
    quote.reserved_order_id = order.increment_id
    quote.save(update_fields=["is_active", "customer_is_guest", "payment_method", "reserved_order_id", "updated_at"])
    return order


def _is_email(value: str | None) -> bool:
    try:
        validate_email(value or "")
    except ValidationError:
        return False
    return True


def _check_before_submit(totals: CartTotals, shipping: QuoteAddress | None, billing: QuoteAddress | None) -> None:
    """Magento's QuoteValidator rules, in its order: shipping address, shipping method, billing address (each a
    ValidatorException with the reasons in ``%1``)."""
    if not totals.is_virtual:
        problems = _address_problems(shipping)
        if problems:
            raise DomainError(CHECK_SHIPPING_ADDRESS, parameters=[" ".join(problems)])
        if totals.shipping_rate is None:
            raise DomainError(ShippingMethodMissing.message)
    problems = _address_problems(billing)
    if problems:
        raise DomainError(CHECK_BILLING_ADDRESS, parameters=[" ".join(problems)])


def _address_problems(address: QuoteAddress | None) -> list[str]:
    values = {
        "firstname": address.firstname if address else "",
        "lastname": address.lastname if address else "",
        "street": address.street.strip() if address else "",
        "city": address.city if address else "",
        "telephone": address.telephone if address else "",
        "postcode": address.postcode if address else "",
    }
    problems = [RequiredFieldError(name) for name, value in values.items() if not value.strip()]
    country = country_region_error(
        address.country_id if address else "", address.region_id if address else None
    )  # Magento's Address\Validator\Country
    return [problem.rendered() for problem in [*problems, *([country] if country else [])]]


def _check_customer_address(customer: Customer | None, address: AddressInput | None) -> None:
    """Magento's QuoteAddressValidator: a customer_address_id must be one of the cart customer's addresses."""
    if address is None or address.customer_address_id is None:
        return
    if customer is None or not customer.addresses.filter(pk=address.customer_address_id).exists():
        raise NotFoundError(INVALID_CUSTOMER_ADDRESS, parameters=[address.customer_address_id])


def _save_address(
    quote: Quote, address_type: str, data: AddressInput, *, shipping_method: str | None = None
) -> QuoteAddress:
    """The cart's address of this type, updated or created (the cart is locked: no other writer can race)."""
    return _save_addresses(quote, [(address_type, data, shipping_method)])[0]


def _save_addresses(quote: Quote, addresses: list[tuple[str, AddressInput, str | None]]) -> list[QuoteAddress]:
    """The cart's addresses of these types (each with its shipping method), updated in place (the fields that
    change; none written when none does) or created: those the cart does not have yet in one INSERT (the first
    shipping-information writes both in one statement)."""
    existing = cart_addresses(quote)
    saved, new = [], []
    for address_type, data, shipping_method in addresses:
        fields = _address_fields(data, shipping_method)
        address = existing.get(address_type)
        if address is None:
            address = QuoteAddress(quote=quote, address_type=address_type, **fields)
            new.append(address)
        else:
            changed = [name for name, value in fields.items() if getattr(address, name) != value]
            for name in changed:
                setattr(address, name, fields[name])
            if changed:  # the same address sent again (payment-information repeats shipping's billing): no write
                address.save(update_fields=changed)
        saved.append(address)
    for address in QuoteAddress.objects.bulk_create(new):
        keep_address(quote, address)
    return saved


def _address_fields(data: AddressInput, shipping_method: str | None) -> dict[str, object]:
    return {
        "customer_address_id": data.customer_address_id,
        "firstname": data.firstname,
        "lastname": data.lastname,
        "company": data.company,
        "street": "\n".join(data.street),
        "city": data.city,
        "region": data.region,
        "region_id": data.region_id,
        "region_code": data.region_code,
        "postcode": data.postcode,
        "country_id": data.country_id,
        "telephone": data.telephone,
        "email": data.email,
        "same_as_billing": data.same_as_billing,
        "save_in_address_book": data.save_in_address_book,
        "shipping_method": shipping_method,
    }


def _address_data(address: QuoteAddress, customer_email: str) -> AddressData:
    return AddressData(
        firstname=address.firstname,
        lastname=address.lastname,
        street=address.street.split("\n"),
        city=address.city,
        postcode=address.postcode,
        country_id=address.country_id,
        telephone=address.telephone,
        region=address.region,
        region_id=address.region_id,
        region_code=address.region_code,
        email=address.email or customer_email,
        company=address.company,
        customer_address_id=address.customer_address_id,
    )
