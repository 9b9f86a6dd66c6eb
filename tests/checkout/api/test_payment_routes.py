"""Payment for every caller: GET|PUT .../selected-payment-method, GET .../payment-methods,
POST .../set-payment-information (mine, guest), GET .../payment-information (mine, guest).

Magento: module-quote/etc/webapi.xml ("Managing Cart Payment", "Managing Guest Cart Payment", "Managing my Cart
Payment"), Api/PaymentMethodManagementInterface.php (set → "string" payment id; get → PaymentInterface),
Model/PaymentMethodManagement.php (set: "The shipping address is missing. Set the address and try again." for a
cart that ships and has no shipping address; Quote\\Payment::importData: "The requested Payment Method is not
available."; module-payment/Model/Info.php::getMethodInstance: "The payment method you requested is not
available." for no method; get: null, which ServiceOutputProcessor::convertValue renders []),
module-checkout/etc/webapi.xml, Model/PaymentInformationManagement.php (savePaymentInformation → true;
getPaymentInformation → PaymentDetailsInterface: payment_methods, totals) and
Model/GuestPaymentInformationManagement.php (email on the billing address; "Some of the products are disabled."
for a cart without quantity).
"""

from __future__ import annotations

import pytest

from checkout.models import Quote, QuoteAddress
from sales.models import Order

from .cart_callers import ADDRESS, ALL_CALLERS, BY_ID, GUEST, MINE, NO_ROUTE, make_bag, make_caller

pytestmark = pytest.mark.django_db
INFORMATION = {
    "addressInformation": {
        "shipping_address": ADDRESS,
        "billing_address": ADDRESS,
        "shipping_carrier_code": "flatrate",
        "shipping_method_code": "flatrate",
    }
}
METHODS = [
    {"code": "checkmo", "title": "Check / Money order"},
    {"code": "banktransfer", "title": "Bank Transfer Payment"},
]
ADDRESS_MISSING = {"message": "The shipping address is missing. Set the address and try again."}
NOT_AVAILABLE = {"message": "The requested Payment Method is not available."}


@pytest.fixture(params=ALL_CALLERS)
def caller(request, rest_client):
    make_bag()
    return make_caller(request.param, rest_client)


@pytest.fixture(params=[MINE, GUEST])
def checkout_caller(request, rest_client):
    """The callers Magento gives set-payment-information and GET payment-information."""
    make_bag()
    return make_caller(request.param, rest_client)


def ready(caller) -> None:
    """Two bags in the cart, shipping information saved: payment is the next step."""
    caller.add(qty=2)
    assert caller.post("shipping-information", INFORMATION).status_code == 200


def test_no_selected_payment_method_answers_an_empty_list(caller):
    response = caller.get("selected-payment-method")

    assert (response.status_code, response.json()) == (200, [])


def test_selects_a_payment_method_and_reads_it_back(caller):
    ready(caller)

    selected = caller.put("selected-payment-method", {"method": {"method": "checkmo"}})
    read = caller.get("selected-payment-method")

    assert (selected.status_code, selected.json()) == (200, str(caller.cart.pk))
    assert Quote.objects.get(pk=caller.cart.pk).payment_method == "checkmo"
    assert (read.status_code, read.json()) == (200, {"method": "checkmo"})


@pytest.mark.parametrize(
    ("method", "body"),
    [
        ("free", NOT_AVAILABLE),
        ("purchaseorder", NOT_AVAILABLE),
        ("", {"message": "The payment method you requested is not available."}),
    ],
)
def test_refuses_a_method_not_available_to_the_cart(caller, method, body):
    ready(caller)

    response = caller.put("selected-payment-method", {"method": {"method": method}})

    assert (response.status_code, response.json()) == (400, body)
    assert Quote.objects.get(pk=caller.cart.pk).payment_method in (None, "")


def test_a_cart_that_ships_needs_its_shipping_address_before_a_payment_method(caller):
    caller.add(qty=2)

    response = caller.put("selected-payment-method", {"method": {"method": "checkmo"}})

    assert (response.status_code, response.json()) == (400, ADDRESS_MISSING)


def test_lists_the_payment_methods(caller):
    ready(caller)

    response = caller.get("payment-methods")

    assert (response.status_code, response.json()) == (200, METHODS)


def test_set_payment_information_saves_payment_and_billing_without_placing(checkout_caller):
    ready(checkout_caller)
    body = {"paymentMethod": {"method": "banktransfer"}, "billingAddress": ADDRESS | {"city": "Albany"}}
    if checkout_caller.name == GUEST:
        body["email"] = "guest@example.com"

    response = checkout_caller.post("set-payment-information", body)

    assert (response.status_code, response.json()) == (200, True)
    cart = Quote.objects.get(pk=checkout_caller.cart.pk)
    billing = cart.addresses.get(address_type=QuoteAddress.Type.BILLING)
    assert (cart.is_active, cart.payment_method, billing.city) == (True, "banktransfer", "Albany")
    if checkout_caller.name == GUEST:
        assert billing.email == "guest@example.com"
    assert not Order.objects.exists()


def test_set_payment_information_refuses_an_unavailable_method(checkout_caller):
    ready(checkout_caller)
    body = {"paymentMethod": {"method": "free"}, "email": "guest@example.com"}

    response = checkout_caller.post("set-payment-information", body)

    assert (response.status_code, response.json()) == (400, NOT_AVAILABLE)


def test_guest_set_payment_information_of_an_empty_cart(rest_client):
    """GuestPaymentInformationManagement::savePaymentInformation: no quantity, CouldNotSaveException (400)."""
    caller = make_caller(GUEST, rest_client)

    response = caller.post(
        "set-payment-information", {"paymentMethod": {"method": "checkmo"}, "email": "guest@example.com"}
    )

    assert (response.status_code, response.json()) == (400, {"message": "Some of the products are disabled."})


def test_guest_set_payment_information_needs_the_email(rest_client):
    make_bag()
    caller = make_caller(GUEST, rest_client)
    ready(caller)

    response = caller.post("set-payment-information", {"paymentMethod": {"method": "checkmo"}})

    assert (response.status_code, response.json()) == (
        400,
        {"message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": "email"}},
    )


def test_payment_information_lists_methods_and_totals(checkout_caller):
    ready(checkout_caller)

    response = checkout_caller.get("payment-information")

    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["payment_methods", "totals"]
    assert body["payment_methods"] == METHODS
    assert (body["totals"]["subtotal"], body["totals"]["shipping_amount"], body["totals"]["grand_total"]) == (
        64,
        10,
        74,
    )


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("GET", "payment-information"),
        ("POST", "payment-information"),
        ("POST", "set-payment-information"),
    ],
)
def test_carts_by_id_have_no_payment_information_routes(rest_client, method, suffix):
    """module-checkout/etc/webapi.xml declares them for carts/mine and guest-carts/:cartId only."""
    caller = make_caller(BY_ID, rest_client)

    response = caller.client.generic(method, f"{caller.base}/{suffix}", "{}", content_type="application/json")

    assert (response.status_code, response.json()) == (404, NO_ROUTE)
