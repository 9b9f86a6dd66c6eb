"""The tutorial's steps 6–9 over REST: customer, token, cart, shipping estimate and information, payment → order id.

The tutorial world (sources, US Stock, products, Jane Doe's order) comes from the ``tutorial`` fixture; a
second customer, John Roe, goes through the storefront flow with the tutorial's payloads. Cart price rule 3
("20% OFF Every $200-plus purchase!") is created here, as the tutorial's step 1 leaves it active.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from catalog.models import Product
from checkout.models import CartPriceRule, Quote
from inventory.models import Reservation, Stock
from inventory.salable import get_salable_quantity
from sales.models import Order

pytestmark = pytest.mark.django_db
D = Decimal
V1 = "/rest/default/V1"
EMAIL = "jroe@example.com"
ADDRESS = {
    "region": "New York", "region_id": 43, "region_code": "NY", "country_id": "US", "street": ["160 1st St."],
    "postcode": "11501", "city": "Mineola", "firstname": "John", "lastname": "Roe", "email": EMAIL,
    "telephone": "516-555-1111",
}


@pytest.fixture
def rule_3(tutorial) -> CartPriceRule:
    """The tutorial's rule 3, which load_tutorial keeps active (step 1)."""
    return CartPriceRule.objects.get(rule_id=3, discount_percent=D(20), min_subtotal=D(200))


def us_salable(sku: str) -> Decimal:
    return get_salable_quantity(sku, Stock.objects.get(name="US Stock").pk)


def customer_client(email: str = EMAIL, password: str = "Password1") -> APIClient:
    token = APIClient().post(f"{V1}/integration/customer/token", {"username": email, "password": password},
                             format="json").json()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def register(client: APIClient) -> dict:
    response = client.post(
        f"{V1}/customers",
        {"customer": {"lastname": "Roe", "firstname": "John", "email": EMAIL, "addresses": [
            {"defaultBilling": True, "defaultShipping": True, "firstname": "John", "lastname": "Roe",
             "region": {"regionCode": "NY", "regionId": 43, "region": "New York"}, "countryId": "US",
             "postcode": "11501", "city": "Mineola", "street": ["160 1st St."], "telephone": "516-555-1111"}]},
         "password": "Password1"},
        format="json",
    )
    assert response.status_code == 200
    return response.json()


def test_steps_6_to_9_place_the_tutorial_order_and_reserve_its_quantities(rule_3, rest_client):
    salable_before = {sku: us_salable(sku) for sku in ("24-WB01", "24-WB03", "240-LV06")}

    # Step 6: the customer (the tutorial sends the admin token to this anonymous route) and a customer token.
    customer = register(rest_client)
    token = APIClient().post(f"{V1}/integration/customer/token", {"username": EMAIL, "password": "Password1"},
                             format="json").json()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    # Step 7: a cart and three items.
    cart_id = client.post(f"{V1}/carts/mine").json()
    added = [
        client.post(f"{V1}/carts/mine/items", {"cartItem": {"sku": sku, "qty": qty, "quote_id": str(cart_id)}},
                    format="json")
        for sku, qty in (("24-WB03", 20), ("24-WB01", 40), ("240-LV06", 1))
    ]

    # Step 8: estimate, then shipping information.
    estimate = client.post(
        f"{V1}/carts/mine/estimate-shipping-methods",
        {"address": {**ADDRESS, "telephone": "(516) 555-1111", "customer_id": 5, "same_as_billing": 1}},
        format="json",
    )
    shipping_info = client.post(
        f"{V1}/carts/mine/shipping-information",
        {"addressInformation": {"shipping_address": ADDRESS, "billing_address": ADDRESS,
                                "shipping_carrier_code": "flatrate", "shipping_method_code": "flatrate"}},
        format="json",
    )

    # Step 9: payment information places the order.
    placed = client.post(
        f"{V1}/carts/mine/payment-information",
        {"paymentMethod": {"method": "banktransfer"}, "billing_address": ADDRESS},
        format="json",
    )

    assert isinstance(token, str)
    assert re.fullmatch(r"[a-z0-9]{32}", token)
    assert isinstance(cart_id, int)
    assert [r.status_code for r in added] == [200, 200, 200]
    item_ids = [r.json()["item_id"] for r in added]
    assert added[0].json() == {
        "item_id": item_ids[0], "sku": "24-WB03", "qty": 20, "name": "Driven Backpack", "price": 36,
        "product_type": "simple", "quote_id": str(cart_id),
        "extension_attributes": {"discounts": [{
            "discount_data": {"amount": 144, "base_amount": 144, "original_amount": 144, "base_original_amount": 144},
            "rule_label": "Discount", "rule_id": 3}]},
    }
    assert added[1].json()["extension_attributes"]["discounts"][0]["discount_data"]["amount"] == 256
    assert added[2].json() == {
        "item_id": item_ids[2], "sku": "240-LV06", "qty": 1, "name": "Yoga Adventure", "price": 22,
        "product_type": "downloadable", "quote_id": str(cart_id),
        "extension_attributes": {"discounts": [{
            "discount_data": {"amount": 4.4, "base_amount": 4.4, "original_amount": 4.4, "base_original_amount": 4.4},
            "rule_label": "Discount", "rule_id": 3}]},
    }
    assert estimate.json() == [{
        "carrier_code": "flatrate", "method_code": "flatrate", "carrier_title": "Flat Rate", "method_title": "Fixed",
        "amount": 300, "base_amount": 300, "available": True, "error_message": "", "price_excl_tax": 300,
        "price_incl_tax": 300,
    }]
    assert shipping_info.status_code == 200
    assert shipping_info.json() == {
        "payment_methods": [{"code": "checkmo", "title": "Check / Money order"},
                            {"code": "banktransfer", "title": "Bank Transfer Payment"}],
        "totals": {
            "grand_total": 1917.6, "base_grand_total": 1917.6, "subtotal": 2022, "base_subtotal": 2022,
            "discount_amount": -404.4, "base_discount_amount": -404.4, "subtotal_with_discount": 1617.6,
            "base_subtotal_with_discount": 1617.6, "shipping_amount": 300, "base_shipping_amount": 300,
            "shipping_discount_amount": 0, "base_shipping_discount_amount": 0, "tax_amount": 0,
            "base_tax_amount": 0, "weee_tax_applied_amount": None, "shipping_tax_amount": 0,
            "base_shipping_tax_amount": 0, "subtotal_incl_tax": 2022, "shipping_incl_tax": 300,
            "base_shipping_incl_tax": 300, "base_currency_code": "USD", "quote_currency_code": "USD",
            "items_qty": 61,
            "items": [
                totals_item(item_ids[0], 36, 20, 720, 144, "Driven Backpack"),
                totals_item(item_ids[1], 32, 40, 1280, 256, "Voyage Yoga Bag"),
                totals_item(item_ids[2], 22, 1, 22, 4.4, "Yoga Adventure"),
            ],
            "total_segments": [
                {"code": "subtotal", "title": "Subtotal", "value": 2022},
                {"code": "discount", "title": "Discount", "value": -404.4},
                {"code": "shipping", "title": "Shipping & Handling (Flat Rate - Fixed)", "value": 300},
                {"code": "tax", "title": "Tax", "value": 0, "extension_attributes": {"tax_grandtotal_details": []}},
                {"code": "grand_total", "title": "Grand Total", "value": 1917.6, "area": "footer"},
            ],
        },
    }
    assert placed.status_code == 200
    order = Order.objects.get(pk=placed.json())
    assert isinstance(placed.json(), int)
    assert (order.state, order.status, order.customer_id, order.quote_id) == ("new", "pending", customer["id"], cart_id)
    assert (order.subtotal, order.discount_amount, order.shipping_amount, order.grand_total, order.total_qty_ordered) == (
        D(2022), D("-404.4"), D(300), D("1917.6"), D(61))
    assert (order.shipping_description, order.payment.method, order.applied_rule_ids) == (
        "Flat Rate - Fixed", "banktransfer", "3")
    assert [(i.sku, i.qty_ordered, i.discount_amount, i.quote_item_id) for i in order.items.all()] == [
        ("24-WB03", 20, D(144), item_ids[0]), ("24-WB01", 40, D(256), item_ids[1]), ("240-LV06", 1, D("4.4"), item_ids[2])]
    assert {a.address_type: (a.firstname, a.city, a.email) for a in order.addresses.all()} == {
        "shipping": ("John", "Mineola", EMAIL), "billing": ("John", "Mineola", EMAIL)}
    assert {sku: us_salable(sku) for sku in salable_before} == {
        sku: qty - {"24-WB01": 40, "24-WB03": 20, "240-LV06": 1}[sku] for sku, qty in salable_before.items()}
    assert sorted(Reservation.objects.filter(object_increment_id=order.increment_id)
                  .values_list("sku", "quantity", "event_type")) == [
        ("24-WB01", D(-40), "order_placed"), ("24-WB03", D(-20), "order_placed"), ("240-LV06", D(-1), "order_placed")]
    quote = Quote.objects.get(pk=cart_id)
    assert (quote.is_active, quote.reserved_order_id, quote.payment_method) == (False, order.increment_id, "banktransfer")


def totals_item(item_id: int, price: int, qty: int, row: int, discount: float, name: str) -> dict:
    return {
        "item_id": item_id, "price": price, "base_price": price, "qty": qty, "row_total": row, "base_row_total": row,
        "row_total_with_discount": 0, "tax_amount": 0, "base_tax_amount": 0, "tax_percent": 0,
        "discount_amount": discount, "base_discount_amount": discount, "discount_percent": 20, "price_incl_tax": price,
        "base_price_incl_tax": price, "row_total_incl_tax": row, "base_row_total_incl_tax": row, "options": "[]",
        "weee_tax_applied_amount": None, "weee_tax_applied": None, "name": name,
    }


@pytest.fixture
def ready_cart(rule_3) -> APIClient:
    """John Roe's cart with 5 × 24-WB01 and shipping information saved."""
    register(APIClient())
    client = customer_client()
    client.post(f"{V1}/carts/mine")
    client.post(f"{V1}/carts/mine/items", {"cartItem": {"sku": "24-WB01", "qty": 5}}, format="json")
    client.post(
        f"{V1}/carts/mine/shipping-information",
        {"addressInformation": {"shipping_address": ADDRESS, "billing_address": ADDRESS,
                                "shipping_carrier_code": "flatrate", "shipping_method_code": "flatrate"}},
        format="json",
    )
    return client


def test_a_small_cart_gets_no_discount_and_the_order_says_so(ready_cart):
    placed = ready_cart.post(f"{V1}/carts/mine/payment-information", {"paymentMethod": {"method": "checkmo"}},
                             format="json")

    order = Order.objects.get(pk=placed.json())
    assert (order.subtotal, order.discount_amount, order.shipping_amount, order.grand_total) == (
        D(160), D(0), D(25), D(185))
    assert order.applied_rule_ids is None


def test_refuses_when_the_salable_quantity_fell_short_since_the_item_was_added(ready_cart):
    # Another channel sells the remaining 24-WB01 of US Stock after John put 5 in his cart.
    sold = us_salable("24-WB01") - 2
    Reservation.objects.create(stock_id=Stock.objects.get(name="US Stock").pk, sku="24-WB01", quantity=-sold,
                               event_type="order_placed", object_type="order", object_id="", object_increment_id="x")
    orders_before, reservations_before = Order.objects.count(), Reservation.objects.count()

    response = ready_cart.post(
        f"{V1}/carts/mine/payment-information",
        {"paymentMethod": {"method": "checkmo"}, "billingAddress": {**ADDRESS, "city": "Garden City"}},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"message": "Not enough items for sale"}
    assert (Order.objects.count(), Reservation.objects.count()) == (orders_before, reservations_before)
    quote = Quote.objects.get(customer__email=EMAIL)
    assert quote.is_active
    assert quote.addresses.get(address_type="billing").city == "Mineola"  # the new billing address rolled back


def test_an_inactive_payment_method_is_refused(ready_cart):
    response = ready_cart.post(f"{V1}/carts/mine/payment-information",
                               {"paymentMethod": {"method": "cashondelivery"}}, format="json")

    assert response.status_code == 400
    assert response.json() == {"message": "The requested Payment Method is not available."}


def test_payment_information_needs_the_shipping_information_first(rule_3):
    register(APIClient())
    client = customer_client()
    client.post(f"{V1}/carts/mine")
    client.post(f"{V1}/carts/mine/items", {"cartItem": {"sku": "24-WB01", "qty": 1}}, format="json")

    response = client.post(f"{V1}/carts/mine/payment-information",
                           {"paymentMethod": {"method": "checkmo"}, "billing_address": ADDRESS}, format="json")

    assert response.status_code == 400
    assert response.json() == {"message": "The shipping address is missing. Set the address and try again."}
    assert not Order.objects.filter(customer__email=EMAIL).exists()


def test_an_order_closes_the_cart(ready_cart):
    ready_cart.post(f"{V1}/carts/mine/payment-information", {"paymentMethod": {"method": "checkmo"}}, format="json")

    again = ready_cart.post(f"{V1}/carts/mine/payment-information", {"paymentMethod": {"method": "checkmo"}},
                            format="json")
    new_cart = ready_cart.post(f"{V1}/carts/mine").json()

    assert again.status_code == 404
    assert again.json() == {"message": "Current customer does not have an active cart."}
    assert new_cart != Quote.objects.get(customer__email=EMAIL, is_active=False).pk


def test_shipping_information_refusals(ready_cart):
    unknown = ready_cart.post(
        f"{V1}/carts/mine/shipping-information",
        {"addressInformation": {"shipping_address": ADDRESS, "shipping_carrier_code": "ups",
                                "shipping_method_code": "ground"}},
        format="json",
    )
    inactive = ready_cart.post(
        f"{V1}/carts/mine/shipping-information",
        {"addressInformation": {"shipping_address": ADDRESS, "shipping_carrier_code": "freeshipping",
                                "shipping_method_code": "freeshipping"}},
        format="json",
    )
    no_address = ready_cart.post(
        f"{V1}/carts/mine/shipping-information",
        {"addressInformation": {"shipping_carrier_code": "flatrate", "shipping_method_code": "flatrate"}},
        format="json",
    )

    assert (unknown.status_code, unknown.json()) == (
        404, {"message": "Carrier with such method not found: %1, %2", "parameters": ["ups", "ground"]})
    assert inactive.status_code == 404
    assert (no_address.status_code, no_address.json()) == (
        400, {"message": "The shipping address is missing. Set the address and try again."})


def test_free_shipping_when_the_carrier_is_enabled(ready_cart, settings):
    settings.MAGENTO_CARRIERS = ["flatrate", "freeshipping"]

    rates = ready_cart.post(f"{V1}/carts/mine/estimate-shipping-methods", {"address": ADDRESS}, format="json").json()
    info = ready_cart.post(
        f"{V1}/carts/mine/shipping-information",
        {"addressInformation": {"shipping_address": ADDRESS, "shipping_carrier_code": "freeshipping",
                                "shipping_method_code": "freeshipping"}},
        format="json",
    ).json()
    placed = ready_cart.post(f"{V1}/carts/mine/payment-information", {"paymentMethod": {"method": "checkmo"}},
                             format="json")

    assert [(r["carrier_title"], r["method_title"], r["amount"]) for r in rates] == [
        ("Flat Rate", "Fixed", 25), ("Free Shipping", "Free", 0)]
    assert info["totals"]["total_segments"][1] == {
        "code": "shipping", "title": "Shipping & Handling (Free Shipping - Free)", "value": 0}
    order = Order.objects.get(pk=placed.json())
    assert (order.shipping_amount, order.grand_total, order.shipping_description) == (
        D(0), D(160), "Free Shipping - Free")


def test_a_virtual_cart_needs_no_shipping_method(rule_3):
    register(APIClient())
    client = customer_client()
    client.post(f"{V1}/carts/mine")
    client.post(f"{V1}/carts/mine/items", {"cartItem": {"sku": "240-LV06", "qty": 1}}, format="json")

    rates = client.post(f"{V1}/carts/mine/estimate-shipping-methods", {"address": ADDRESS}, format="json").json()
    info = client.post(f"{V1}/carts/mine/shipping-information",
                       {"addressInformation": {"shipping_address": ADDRESS, "billing_address": ADDRESS}},
                       format="json")
    placed = client.post(f"{V1}/carts/mine/payment-information", {"paymentMethod": {"method": "checkmo"}},
                         format="json")

    assert rates == []
    assert info.status_code == 200
    order = Order.objects.get(pk=placed.json())
    assert (order.is_virtual, order.grand_total, order.addresses.count()) == (1, D(22), 1)


def test_a_zero_total_cart_pays_with_the_free_method_only(rule_3):
    Product.objects.filter(sku="240-LV06").update(price=0)
    register(APIClient())
    client = customer_client()
    client.post(f"{V1}/carts/mine")
    client.post(f"{V1}/carts/mine/items", {"cartItem": {"sku": "240-LV06", "qty": 1}}, format="json")

    info = client.post(f"{V1}/carts/mine/shipping-information",
                       {"addressInformation": {"shipping_address": ADDRESS, "billing_address": ADDRESS}},
                       format="json").json()
    refused = client.post(f"{V1}/carts/mine/payment-information", {"paymentMethod": {"method": "checkmo"}},
                          format="json")
    placed = client.post(f"{V1}/carts/mine/payment-information", {"paymentMethod": {"method": "free"}},
                         format="json")

    assert info["payment_methods"] == [{"code": "free", "title": "No Payment Information Required"}]
    assert refused.json() == {"message": "The requested Payment Method is not available."}
    assert Order.objects.get(pk=placed.json()).payment.method == "free"
