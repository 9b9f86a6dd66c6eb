"""End to end: an admin places a customer's order entirely through the carts/{cartId} routes, then invoices and
ships it.

Magento: module-quote/etc/webapi.xml (carts/:cartId/items, billing-address, estimate-shipping-methods,
selected-payment-method, totals, order: all ``Magento_Cart::manage``), module-checkout/etc/webapi.xml
(carts/:cartId/shipping-information), module-sales/etc/webapi.xml (order/:orderId/invoice, order/:orderId/ship).
"""

from __future__ import annotations

import pytest

from checkout.models import Quote
from sales.models import Order

from .cart_callers import ADDRESS, BY_ID, V1, make_bag, make_caller

pytestmark = pytest.mark.django_db


def test_an_admin_places_invoices_and_ships_a_customers_order_by_cart_id(rest_client):
    make_bag()
    caller = make_caller(BY_ID, rest_client)
    cart = caller.base

    assert caller.add(qty=3).status_code == 200
    assert caller.post("billing-address", {"address": ADDRESS}).status_code == 200
    estimated = caller.post("estimate-shipping-methods", {"address": ADDRESS}).json()
    shipping = caller.post(
        "shipping-information",
        {
            "addressInformation": {
                "shipping_address": ADDRESS,
                "shipping_carrier_code": estimated[0]["carrier_code"],
                "shipping_method_code": estimated[0]["method_code"],
            }
        },
    )
    selected = caller.put("selected-payment-method", {"method": {"method": "checkmo"}})
    totals = caller.get("totals").json()
    placed = rest_client.put(f"{cart}/order", {}, format="json")  # the selected payment method

    assert shipping.status_code == 200
    assert selected.status_code == 200
    assert (totals["subtotal"], totals["shipping_amount"], totals["grand_total"]) == (96, 15, 111)
    assert placed.status_code == 200, placed.json()
    order = Order.objects.get(pk=placed.json())
    assert (order.customer_id, order.customer_email, order.customer_is_guest) == (
        caller.cart.customer_id,
        "jane@example.com",
        0,
    )
    assert (order.grand_total, order.payment.method) == (111, "checkmo")
    assert not Quote.objects.get(pk=caller.cart.pk).is_active

    invoiced = rest_client.post(f"{V1}/order/{order.pk}/invoice", {"capture": True}, format="json")
    shipped = rest_client.post(f"{V1}/order/{order.pk}/ship", {}, format="json")

    assert (invoiced.status_code, shipped.status_code) == (200, 200)
    order.refresh_from_db()
    assert order.state == "complete"
