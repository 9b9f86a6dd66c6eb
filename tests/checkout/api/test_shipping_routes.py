"""Shipping for every caller: GET .../shipping-methods, POST .../estimate-shipping-methods,
POST carts/mine|{cartId}/estimate-shipping-methods-by-address-id, POST .../shipping-information.

Magento: module-quote/etc/webapi.xml ("Managing Cart Shipment Method", "Managing My Cart Shipment Method",
"Managing Guest Cart Shipment Method"), Model/ShippingMethodManagement.php (getList: [] for an empty or virtual
cart, else "The shipping address is missing. Set the address and try again." (StateException, 400) without a
shipping address; estimateByAddressId: the cart customer's address book, else the same message as an InputException),
Model/GuestCart/GuestShippingMethodManagement.php; module-checkout/etc/webapi.xml and
Model/ShippingInformationManagement.php (shipping-information for mine, {cartId} and guest).
"""

from __future__ import annotations

import pytest

from checkout.models import QuoteAddress
from customers.models import Customer

from .cart_callers import ADDRESS, ALL_CALLERS, BY_ID, GUEST, MINE, NO_ROUTE, V1, make_bag, make_caller, make_download

pytestmark = pytest.mark.django_db
ADDRESS_MISSING = {"message": "The shipping address is missing. Set the address and try again."}
FLAT_RATE = {
    "carrier_code": "flatrate",
    "method_code": "flatrate",
    "carrier_title": "Flat Rate",
    "method_title": "Fixed",
    "amount": 10,
    "base_amount": 10,
    "available": True,
    "error_message": "",
    "price_excl_tax": 10,
    "price_incl_tax": 10,
}
INFORMATION = {
    "addressInformation": {
        "shipping_address": ADDRESS,
        "billing_address": ADDRESS,
        "shipping_carrier_code": "flatrate",
        "shipping_method_code": "flatrate",
    }
}


@pytest.fixture(params=ALL_CALLERS)
def caller(request, rest_client):
    make_bag()
    return make_caller(request.param, rest_client)


@pytest.fixture(params=[MINE, BY_ID])
def customer_caller(request, rest_client):
    make_bag()
    return make_caller(request.param, rest_client)


def rates(response) -> list[tuple[str, object]]:
    return [(rate["carrier_code"], rate["amount"]) for rate in response.json()]


def test_shipping_methods_of_an_empty_cart_are_none(caller):
    response = caller.get("shipping-methods")

    assert (response.status_code, response.json()) == (200, [])


def test_shipping_methods_need_the_shipping_address(caller):
    caller.add(qty=2)

    response = caller.get("shipping-methods")

    assert (response.status_code, response.json()) == (400, ADDRESS_MISSING)


def test_shipping_methods_list_the_rates_for_the_saved_address(caller):
    caller.add(qty=2)
    caller.post("shipping-information", INFORMATION)

    response = caller.get("shipping-methods")

    assert response.status_code == 200
    assert response.json() == [FLAT_RATE]


def test_a_virtual_cart_has_no_shipping_methods(caller):
    make_download()
    caller.add(sku="240-LV06", qty=1)

    assert caller.get("shipping-methods").json() == []
    assert caller.post("estimate-shipping-methods", {"address": ADDRESS}).json() == []


def test_estimates_by_address_without_saving_it(caller):
    caller.add(qty=2)

    response = caller.post("estimate-shipping-methods", {"address": ADDRESS})

    assert response.status_code == 200
    assert rates(response) == [("flatrate", 10)]
    assert not QuoteAddress.objects.filter(quote=caller.cart).exists()


def test_estimates_by_an_address_of_the_customers_book(customer_caller):
    customer_caller.add(qty=2)
    customer = Customer.objects.get(pk=customer_caller.cart.customer_id)
    address = customer.addresses.create(
        firstname="Jane",
        lastname="Doe",
        street="160 1st St.",
        city="Mineola",
        postcode="11501",
        country_id="US",
        telephone="516-555-1111",
        region="New York",
        region_id=43,
        region_code="NY",
    )

    response = customer_caller.post("estimate-shipping-methods-by-address-id", {"addressId": address.pk})

    assert response.status_code == 200
    assert rates(response) == [("flatrate", 10)]
    assert not QuoteAddress.objects.filter(quote=customer_caller.cart).exists()


def test_an_address_id_outside_the_customers_book_is_missing(customer_caller, rest_client):
    """Another customer's address: ShippingMethodManagement::getAddress throws its InputException (400)."""
    customer_caller.add(qty=2)
    other = Customer.objects.create(email="john@example.com", firstname="John", lastname="Roe")
    foreign = other.addresses.create(
        firstname="John",
        lastname="Roe",
        street="1 Main St",
        city="Austin",
        postcode="78701",
        country_id="US",
        telephone="1",
    )

    response = customer_caller.post("estimate-shipping-methods-by-address-id", {"addressId": foreign.pk})

    assert (response.status_code, response.json()) == (400, ADDRESS_MISSING)


def test_estimate_by_address_id_of_an_empty_cart_is_none(customer_caller):
    response = customer_caller.post("estimate-shipping-methods-by-address-id", {"addressId": 999})

    assert (response.status_code, response.json()) == (200, [])


def test_guest_carts_have_no_estimate_by_address_id(rest_client):
    """webapi.xml declares estimate-shipping-methods-by-address-id for carts/mine and carts/:cartId only."""
    caller = make_caller(GUEST, rest_client)

    response = caller.post("estimate-shipping-methods-by-address-id", {"addressId": 1})

    assert (response.status_code, response.json()) == (404, NO_ROUTE)


def test_saves_the_shipping_information(caller):
    caller.add(qty=2)

    response = caller.post("shipping-information", INFORMATION)

    assert response.status_code == 200
    body = response.json()
    assert body["payment_methods"] == [
        {"code": "checkmo", "title": "Check / Money order"},
        {"code": "banktransfer", "title": "Bank Transfer Payment"},
    ]
    assert (body["totals"]["subtotal"], body["totals"]["shipping_amount"], body["totals"]["grand_total"]) == (
        64,
        10,
        74,
    )
    shipping = QuoteAddress.objects.get(quote=caller.cart, address_type=QuoteAddress.Type.SHIPPING)
    assert (shipping.city, shipping.shipping_method) == ("Mineola", "flatrate_flatrate")


def test_the_by_id_routes_reach_a_guest_cart_too(rest_client):
    """carts/{cartId} is the admin's view of any cart, a guest's included (CartRepositoryInterface::getActive)."""
    make_bag()
    guest = make_caller(GUEST, rest_client)
    guest.add(qty=1)

    response = rest_client.get(f"{V1}/carts/{guest.cart.pk}/items")

    assert response.status_code == 200
    assert [item["sku"] for item in response.json()] == ["24-WB01"]
