"""Coupons for every caller: GET|DELETE .../coupons, PUT .../coupons/{couponCode}.

Cart price rules here have no coupon codes, so no code is ever valid; each answer is the one Magento gives for a
cart without a coupon. Magento: module-quote/etc/webapi.xml ("Managing Cart Coupons", its guest and mine variants),
Model/CouponManagement.php (get: the cart's coupon code, null, which ServiceOutputProcessor::convertValue renders
[]; set: 'The "%1" Cart doesn't contain products.' (404) for an empty cart, else "The coupon code isn't valid.
Verify the code and try again." (404) for an unknown code; remove: the same empty-cart 404, else true),
Model/GuestCart/GuestCouponManagement.php (the guest's masked id resolved to the cart id first).
"""

from __future__ import annotations

import pytest

from .cart_callers import ALL_CALLERS, make_bag, make_caller

pytestmark = pytest.mark.django_db
NO_PRODUCTS = 'The "%1" Cart doesn\'t contain products.'
NOT_VALID = {"message": "The coupon code isn't valid. Verify the code and try again."}


@pytest.fixture(params=ALL_CALLERS)
def caller(request, rest_client):
    make_bag()
    return make_caller(request.param, rest_client)


def test_a_cart_has_no_coupon(caller):
    response = caller.get("coupons")

    assert (response.status_code, response.json()) == (200, [])


@pytest.mark.parametrize("code", ["SUMMER10", "H20", "20%25OFF"])
def test_no_coupon_code_is_valid(caller, code):
    caller.add(qty=1)

    response = caller.put(f"coupons/{code}")

    assert (response.status_code, response.json()) == (404, NOT_VALID)
    assert caller.get("coupons").json() == []


def test_an_empty_cart_takes_no_coupon(caller):
    response = caller.put("coupons/SUMMER10")

    assert (response.status_code, response.json()) == (404, {"message": NO_PRODUCTS, "parameters": [caller.cart.pk]})


def test_removing_the_coupon_of_a_cart_without_one_is_true(caller):
    caller.add(qty=1)

    response = caller.delete("coupons")

    assert (response.status_code, response.json()) == (200, True)


def test_an_empty_cart_has_no_coupon_to_remove(caller):
    response = caller.delete("coupons")

    assert (response.status_code, response.json()) == (404, {"message": NO_PRODUCTS, "parameters": [caller.cart.pk]})
