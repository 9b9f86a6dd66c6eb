"""Totals for every caller: GET .../totals, PUT carts/mine|guest-carts/{cartId}/collect-totals,
POST .../totals-information.

Magento: module-quote/etc/webapi.xml ("Managing Cart Total", "Managing Guest Cart Total", "Managing My Cart Total":
collect-totals is declared for carts/mine and guest-carts/:cartId only), Model/Cart/CartTotalManagement.php
(collectTotals: the shipping method when both codes are sent (ShippingMethodManagement::set/apply), then the payment
method (PaymentMethodManagement::set), then CartTotalRepository::get), Model/ShippingMethodManagement.php::apply
(messages for an empty or virtual cart); module-checkout/etc/webapi.xml and Model/TotalsInformationManagement.php
(calculate: the totals for the given address and method, nothing saved; "Totals calculation is not applicable to
empty cart").
"""

from __future__ import annotations

import pytest

from checkout.models import Quote, QuoteAddress

from .cart_callers import ADDRESS, ALL_CALLERS, BY_ID, GUEST, MINE, NO_ROUTE, make_bag, make_caller, make_download

pytestmark = pytest.mark.django_db
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


@pytest.fixture(params=[MINE, GUEST])
def collecting_caller(request, rest_client):
    make_bag()
    return make_caller(request.param, rest_client)


def amounts(totals: dict) -> tuple:
    return totals["subtotal"], totals["shipping_amount"], totals["grand_total"]


def test_reads_the_totals(caller):
    caller.add(qty=2)

    response = caller.get("totals")

    assert response.status_code == 200
    assert amounts(response.json()) == (64, 0, 64)
    assert [item["qty"] for item in response.json()["items"]] == [2]


def test_collect_totals_sets_shipping_and_payment_and_answers_the_totals(collecting_caller):
    collecting_caller.add(qty=2)
    collecting_caller.post("billing-address", {"address": ADDRESS, "useForShipping": True})  # no method yet

    response = collecting_caller.put(
        "collect-totals",
        {"paymentMethod": {"method": "checkmo"}, "shippingCarrierCode": "flatrate", "shippingMethodCode": "flatrate"},
    )

    assert response.status_code == 200
    assert amounts(response.json()) == (64, 10, 74)
    assert Quote.objects.get(pk=collecting_caller.cart.pk).payment_method == "checkmo"
    assert QuoteAddress.objects.get(address_type=QuoteAddress.Type.SHIPPING).shipping_method == "flatrate_flatrate"


def test_collect_totals_without_shipping_codes_only_sets_the_payment(collecting_caller):
    collecting_caller.add(qty=2)
    collecting_caller.post("shipping-information", INFORMATION)

    response = collecting_caller.put("collect-totals", {"paymentMethod": {"method": "banktransfer"}})

    assert (response.status_code, amounts(response.json())) == (200, (64, 10, 74))
    assert Quote.objects.get(pk=collecting_caller.cart.pk).payment_method == "banktransfer"


@pytest.mark.parametrize(
    ("setup", "status", "message"),
    [
        ("empty", 400, "The shipping method can't be set for an empty cart. Add an item to cart and try again."),
        ("virtual", 404, "The Cart includes virtual product(s) only, so a shipping address is not used."),
        ("no address", 400, "The shipping address is missing. Set the address and try again."),
    ],
)
def test_collect_totals_refuses_a_shipping_method_the_cart_cannot_take(collecting_caller, setup, status, message):
    if setup == "virtual":
        make_download()
        collecting_caller.add(sku="240-LV06", qty=1)
    elif setup == "no address":
        collecting_caller.add(qty=1)

    response = collecting_caller.put(
        "collect-totals",
        {"paymentMethod": {"method": "checkmo"}, "shippingCarrierCode": "flatrate", "shippingMethodCode": "flatrate"},
    )

    assert (response.status_code, response.json()) == (status, {"message": message})
    assert not Quote.objects.get(pk=collecting_caller.cart.pk).payment_method


def test_collect_totals_writes_nothing_when_the_payment_is_refused(collecting_caller):
    """Magento saves the shipping method before the payment is refused; here the whole call is one transaction."""
    collecting_caller.add(qty=2)
    collecting_caller.post("billing-address", {"address": ADDRESS, "useForShipping": True})  # no method yet

    response = collecting_caller.put(
        "collect-totals",
        {"paymentMethod": {"method": "free"}, "shippingCarrierCode": "flatrate", "shippingMethodCode": "flatrate"},
    )

    assert (response.status_code, response.json()) == (
        400,
        {"message": "The requested Payment Method is not available."},
    )
    assert QuoteAddress.objects.get(address_type=QuoteAddress.Type.SHIPPING).shipping_method is None


def test_carts_by_id_have_no_collect_totals(rest_client):
    caller = make_caller(BY_ID, rest_client)

    response = caller.put("collect-totals", {"paymentMethod": {"method": "checkmo"}})

    assert (response.status_code, response.json()) == (404, NO_ROUTE)


def test_totals_information_calculates_without_saving(caller):
    caller.add(qty=2)

    response = caller.post(
        "totals-information",
        {
            "addressInformation": {
                "address": ADDRESS,
                "shipping_carrier_code": "flatrate",
                "shipping_method_code": "flatrate",
            }
        },
    )

    assert response.status_code == 200
    assert amounts(response.json()) == (64, 10, 74)
    assert not QuoteAddress.objects.filter(quote=caller.cart).exists()
    assert amounts(caller.get("totals").json()) == (64, 0, 64)


def test_totals_information_without_a_method_keeps_the_carts(caller):
    caller.add(qty=2)
    caller.post("shipping-information", INFORMATION)

    response = caller.post("totals-information", {"addressInformation": {"address": ADDRESS | {"city": "Albany"}}})

    assert amounts(response.json()) == (64, 10, 74)
    assert QuoteAddress.objects.get(address_type=QuoteAddress.Type.SHIPPING).city == "Mineola"


def test_totals_information_of_an_empty_cart(caller):
    response = caller.post("totals-information", {"addressInformation": {"address": ADDRESS}})

    assert (response.status_code, response.json()) == (
        400,
        {"message": "Totals calculation is not applicable to empty cart"},
    )
