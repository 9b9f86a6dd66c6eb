"""place_order_from_cart (POST .../payment-information) at the domain level: the billing address and email it
saves, the shipping address it needs, how it wraps a refused placement; the details the REST tests leave out, found
by `make mutate` (README "Mutation testing").

Contracts: Magento_Checkout Model/PaymentInformationManagement.php and GuestPaymentInformationManagement.php
(savePaymentInformationAndPlaceOrder: the guest's email goes on the billing address; a failed placement is a
CouldNotSaveException with the cause's message), Magento_Quote Model/QuoteManagement.php (submit: a guest order's
email is its billing address's)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from backoffice.exceptions import NotFoundError
from catalog.models import ProductType
from checkout.checkout import AddressInput, place_order_from_cart, save_shipping_information
from checkout.exceptions import OrderNotPlaced, ShippingAddressMissing
from checkout.models import QuoteAddress
from checkout.quote_management import create_guest_cart
from checkout.quotes import add_cart_item, create_cart
from customers.models import Customer, CustomerAddress
from inventory.models import SourceItem
from sales.exceptions import PaymentMethodNotAvailable
from sales.models import Order
from tests.factories import make_product

pytestmark = pytest.mark.django_db
D = Decimal
ADDRESS = AddressInput(firstname="Jane", lastname="Doe", street=["160 1st St."], city="Mineola", postcode="11501",
                       country_id="US", telephone="516-555-1111", region="New York", region_id=43, region_code="NY")


def guest_cart(*, shipping_email: str | None = "ship@example.com", billing: AddressInput | None = None,
               virtual: bool = False) -> int:
    """A guest cart with one item and (unless virtual) its shipping information: its id."""
    product = make_product(type_id=ProductType.VIRTUAL) if virtual else make_product()
    cart_id = create_guest_cart().pk
    add_cart_item(cart_id, product.sku, D(1))
    if not virtual:
        save_shipping_information(cart_id, shipping_address=replace(ADDRESS, email=shipping_email),
                                  billing_address=billing, carrier_code="flatrate", method_code="flatrate")
    return cart_id


def billing_email(cart_id: int) -> str | None:
    return QuoteAddress.objects.get(quote_id=cart_id, address_type=QuoteAddress.Type.BILLING).email


def test_the_guests_email_goes_on_the_billing_address_it_sends_and_on_the_order():
    cart_id = guest_cart()

    order = place_order_from_cart(cart_id, payment_method="checkmo", billing_address=replace(ADDRESS, firstname="B"),
                                  email="guest@example.com")

    assert billing_email(cart_id) == "guest@example.com"
    placed = Order.objects.get(pk=order.pk)
    assert (placed.customer_email, placed.quote_id, placed.customer_is_guest) == ("guest@example.com", cart_id, 1)
    assert order.addresses.get(address_type="billing").email == "guest@example.com"


def test_a_billing_address_sent_with_its_own_email_and_no_guest_email_keeps_it():
    cart_id = guest_cart()

    order = place_order_from_cart(cart_id, payment_method="checkmo",
                                  billing_address=replace(ADDRESS, email="bill@example.com"))

    assert billing_email(cart_id) == "bill@example.com"
    assert Order.objects.get(pk=order.pk).customer_email == "bill@example.com"


def test_without_a_billing_address_the_guests_email_goes_on_the_carts_billing_address():
    cart_id = guest_cart(billing=replace(ADDRESS, email="old@example.com"))

    order = place_order_from_cart(cart_id, payment_method="checkmo", email="guest@example.com")

    assert billing_email(cart_id) == "guest@example.com"
    assert Order.objects.get(pk=order.pk).customer_email == "guest@example.com"


def test_without_billing_address_or_email_the_carts_billing_email_stays():
    cart_id = guest_cart(billing=replace(ADDRESS, email="old@example.com"))

    order = place_order_from_cart(cart_id, payment_method="checkmo")

    assert billing_email(cart_id) == "old@example.com"
    assert Order.objects.get(pk=order.pk).customer_email == "old@example.com"


def test_a_guest_email_does_not_make_a_billing_address_the_cart_does_not_have():
    cart_id = guest_cart(billing=None)

    with pytest.raises(OrderNotPlaced) as refused:
        place_order_from_cart(cart_id, payment_method="checkmo", billing_address=None, email="guest@example.com")

    assert refused.value.message.startswith("Please check the billing address information.")
    assert not QuoteAddress.objects.filter(quote_id=cart_id, address_type=QuoteAddress.Type.BILLING).exists()
    assert Order.objects.count() == 0


def test_a_cart_that_ships_needs_a_shipping_address_with_a_country_but_a_virtual_one_does_not():
    no_shipping = create_guest_cart().pk
    add_cart_item(no_shipping, make_product().sku, D(1))
    with pytest.raises(ShippingAddressMissing):
        place_order_from_cart(no_shipping, payment_method="checkmo", billing_address=ADDRESS, email="g@example.com")
    assert not QuoteAddress.objects.filter(quote_id=no_shipping).exists()  # the billing address was rolled back

    no_country = guest_cart()
    QuoteAddress.objects.filter(quote_id=no_country, address_type=QuoteAddress.Type.SHIPPING).update(country_id="")
    with pytest.raises(ShippingAddressMissing):
        place_order_from_cart(no_country, payment_method="checkmo", billing_address=ADDRESS, email="g@example.com")

    virtual = guest_cart(virtual=True)
    order = place_order_from_cart(virtual, payment_method="checkmo", billing_address=ADDRESS, email="g@example.com")
    assert (order.is_virtual, order.customer_email) == (1, "g@example.com")
    assert Order.objects.count() == 1


def test_a_refused_placement_is_wrapped_with_its_message_and_writes_nothing():
    cart_id = guest_cart(billing=replace(ADDRESS, email="old@example.com"))
    SourceItem.objects.update(quantity=D(0))

    with pytest.raises(OrderNotPlaced) as refused:
        place_order_from_cart(cart_id, payment_method="checkmo", email="guest@example.com")

    assert refused.value.message == "Not enough items for sale"
    assert billing_email(cart_id) == "old@example.com"
    assert Order.objects.count() == 0


def test_a_payment_method_not_available_is_refused_as_it_is():
    cart_id = guest_cart()

    with pytest.raises(PaymentMethodNotAvailable):
        place_order_from_cart(cart_id, payment_method="paypal", billing_address=ADDRESS, email="g@example.com")

    assert Order.objects.count() == 0


def test_a_billing_address_naming_an_address_book_entry_is_refused_on_a_guest_cart():
    cart_id = guest_cart()

    with pytest.raises(NotFoundError) as refused:
        place_order_from_cart(cart_id, payment_method="checkmo", billing_address=replace(ADDRESS, customer_address_id=7),
                              email="g@example.com")

    assert refused.value.parameters == [7]
    assert Order.objects.count() == 0


def test_a_customers_billing_address_may_name_an_entry_of_the_customers_own_address_book():
    """Magento_Quote Model/QuoteAddressValidator.php: the id is checked against the cart customer's addresses."""
    customer = Customer.objects.create(email="carla@example.com", firstname="Carla", lastname="Customer")
    own = CustomerAddress.objects.create(customer=customer, firstname="Carla", lastname="Customer",
                                         street="1 Main St.", city="Austin", postcode="73301", country_id="US",
                                         telephone="512-555-0100")
    cart_id = create_cart(customer).pk
    add_cart_item(cart_id, make_product().sku, D(1))
    save_shipping_information(cart_id, shipping_address=ADDRESS, billing_address=None, carrier_code="flatrate",
                              method_code="flatrate")

    order = place_order_from_cart(cart_id, payment_method="checkmo",
                                  billing_address=replace(ADDRESS, customer_address_id=own.pk))

    assert order.addresses.get(address_type="billing").customer_address_id == own.pk
    assert Order.objects.get(pk=order.pk).customer_email == "carla@example.com"
