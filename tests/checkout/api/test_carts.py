"""The customer's cart: POST/GET /V1/carts/mine and its items, checked against the website's salable quantity."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from checkout.models import QuoteItem
from customers.customers import CustomerData, create_customer, create_customer_token
from customers.models import Customer
from tests.factories import make_product

pytestmark = pytest.mark.django_db
V1 = "/rest/default/V1"
NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."
NO_ACTIVE_CART = {"message": "Current customer does not have an active cart."}


def customer_client(email: str) -> APIClient:
    create_customer(CustomerData(email=email, firstname="Jane", lastname="Doe"), password="Password1")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {create_customer_token(email, 'Password1')}")
    return client


@pytest.fixture
def jane() -> APIClient:
    return customer_client("jane@example.com")


@pytest.fixture
def john() -> APIClient:
    return customer_client("john@example.com")


@pytest.fixture
def bag():
    """10 salable units on the default source (Default Stock serves website "base")."""
    return make_product(sku="24-WB01", name="Voyage Yoga Bag", price=Decimal("32"), quantity=Decimal("10"))


def add(client: APIClient, sku: str, qty: object):
    return client.post(f"{V1}/carts/mine/items", {"cartItem": {"sku": sku, "qty": qty}}, format="json")


def test_a_customer_has_one_active_cart(jane):
    first = jane.post(f"{V1}/carts/mine")
    second = jane.post(f"{V1}/carts/mine")

    assert first.status_code == 200
    assert re.fullmatch(r"\d+", first.content.decode())  # a JSON int, not a string
    assert second.json() == first.json()


def test_adds_an_item_as_magentos_cart_item(jane, bag):
    cart_id = jane.post(f"{V1}/carts/mine").json()

    response = jane.post(f"{V1}/carts/mine/items",
                         {"cartItem": {"sku": "24-WB01", "qty": 2, "quote_id": "999"}}, format="json")

    assert response.status_code == 200
    item = QuoteItem.objects.get()
    assert response.json() == {
        "item_id": item.pk, "sku": "24-WB01", "qty": 2, "name": "Voyage Yoga Bag", "price": 32,
        "product_type": "simple", "quote_id": str(cart_id),  # the body's quote_id is overridden, as in Magento
    }


def test_adding_a_sku_again_adds_to_its_line(jane, bag):
    jane.post(f"{V1}/carts/mine")
    first = add(jane, "24-WB01", 2).json()

    second = add(jane, "24-WB01", 3).json()

    assert (second["item_id"], second["qty"]) == (first["item_id"], 5)


def test_refuses_more_than_the_salable_quantity_and_writes_nothing(jane, bag):
    jane.post(f"{V1}/carts/mine")
    add(jane, "24-WB01", 8)

    response = add(jane, "24-WB01", 3)

    assert (response.status_code, response.json()) == (400, {"message": "Not enough items for sale"})
    assert QuoteItem.objects.get().qty == 8


def test_an_out_of_stock_product_is_not_available(jane):
    make_product(sku="GONE", quantity=Decimal("0"))
    jane.post(f"{V1}/carts/mine")

    response = add(jane, "GONE", 1)

    assert (response.status_code, response.json()) == (
        400, {"message": "Product that you are trying to add is not available."})


@pytest.mark.parametrize(
    ("sku", "qty", "status", "body"),
    [
        ("NOPE", 1, 404, {"message": "The product that was requested doesn't exist. Verify the product and try again."}),
        ("24-WB01", 0, 400, {"message": 'Invalid value of "%value" provided for the %fieldName field.',
                             "parameters": {"value": "0", "fieldName": "qty"}}),
        ("24-WB01", -2, 400, {"message": 'Invalid value of "%value" provided for the %fieldName field.',
                              "parameters": {"value": "-2", "fieldName": "qty"}}),
    ],
)
def test_refuses_unknown_products_and_bad_quantities(jane, bag, sku, qty, status, body):
    jane.post(f"{V1}/carts/mine")

    response = add(jane, sku, qty)

    assert (response.status_code, response.json()) == (status, body)
    assert not QuoteItem.objects.exists()


def test_updates_and_deletes_an_item(jane, bag):
    jane.post(f"{V1}/carts/mine")
    item_id = add(jane, "24-WB01", 2).json()["item_id"]

    updated = jane.put(f"{V1}/carts/mine/items/{item_id}", {"cartItem": {"qty": 4}}, format="json")
    too_many = jane.put(f"{V1}/carts/mine/items/{item_id}", {"cartItem": {"qty": 11}}, format="json")
    deleted = jane.delete(f"{V1}/carts/mine/items/{item_id}")
    items = jane.get(f"{V1}/carts/mine/items")

    assert (updated.json()["item_id"], updated.json()["qty"]) == (item_id, 4)
    assert (too_many.status_code, too_many.json()) == (400, {"message": "Not enough items for sale"})
    assert (deleted.status_code, deleted.json()) == (200, True)
    assert items.json() == []


def test_lists_the_items_and_reads_the_cart(jane, bag):
    cart_id = jane.post(f"{V1}/carts/mine").json()
    item = add(jane, "24-WB01", 2).json()

    items = jane.get(f"{V1}/carts/mine/items").json()
    cart = jane.get(f"{V1}/carts/mine").json()

    assert items == [item]
    customer = Customer.objects.get(email="jane@example.com")
    assert {key: cart[key] for key in ("id", "is_active", "is_virtual", "items", "items_count", "items_qty",
                                       "orig_order_id", "customer_is_guest", "store_id")} == {
        "id": cart_id, "is_active": True, "is_virtual": False, "items": [item], "items_count": 1, "items_qty": 2,
        "orig_order_id": 0, "customer_is_guest": False, "store_id": 1,
    }
    assert (cart["customer"]["id"], cart["customer"]["email"]) == (customer.pk, "jane@example.com")
    assert list(cart) == [
        "id", "created_at", "updated_at", "is_active", "is_virtual", "items", "items_count", "items_qty", "customer",
        "orig_order_id", "currency", "customer_is_guest", "customer_note_notify", "customer_tax_class_id", "store_id",
    ]


def test_without_a_cart_the_mine_routes_say_so(jane, bag):
    cart = jane.get(f"{V1}/carts/mine")
    item = add(jane, "24-WB01", 1)
    totals = jane.get(f"{V1}/carts/mine/totals")

    customer_id = Customer.objects.get(email="jane@example.com").pk
    assert (cart.status_code, cart.json()) == (404, {
        "message": "No such entity with %fieldName = %fieldValue",
        "parameters": {"fieldName": "customerId", "fieldValue": customer_id},
    })
    assert (item.status_code, item.json()) == (404, NO_ACTIVE_CART)
    assert (totals.status_code, totals.json()) == (404, NO_ACTIVE_CART)


def test_the_token_of_a_customer_deleted_since_reaches_no_cart(jane, bag):
    """The mine routes read the token's customer and its cart in one query: no customer row, no cart (401, as
    token_customer answers), whether or not a cart was left."""
    add(jane, "24-WB01", 1)
    customer = Customer.objects.get(email="jane@example.com")
    Customer.objects.filter(pk=customer.pk).delete()  # the row only: the token is left as it was

    item = add(jane, "24-WB01", 1)
    totals = jane.get(f"{V1}/carts/mine/totals")

    for response in (item, totals):
        assert response.status_code == 401, response.content
        assert response.json()["message"] == NOT_AUTHORIZED


def test_one_customer_never_reaches_anothers_cart(jane, john, bag):
    jane.post(f"{V1}/carts/mine")
    johns_cart = john.post(f"{V1}/carts/mine").json()
    janes_item = add(jane, "24-WB01", 2).json()["item_id"]

    johns_items = john.get(f"{V1}/carts/mine/items")
    update = john.put(f"{V1}/carts/mine/items/{janes_item}", {"cartItem": {"qty": 1}}, format="json")
    delete = john.delete(f"{V1}/carts/mine/items/{janes_item}")

    assert johns_items.json() == []
    missing = {"message": "The %1 Cart doesn't contain the %2 item.", "parameters": [johns_cart, janes_item]}
    assert (update.status_code, update.json()) == (404, missing)
    assert (delete.status_code, delete.json()) == (404, missing)
    assert QuoteItem.objects.get(pk=janes_item).qty == 2


@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "carts/mine"), ("get", "carts/mine"), ("post", "carts/mine/items"), ("get", "carts/mine/totals"),
     ("post", "carts/mine/payment-information")],
)
def test_an_admin_token_or_none_cannot_use_the_mine_routes(rest_client, method, path):
    as_admin = getattr(rest_client, method)(f"{V1}/{path}", {}, format="json")
    as_guest = getattr(APIClient(), method)(f"{V1}/{path}", {}, format="json")

    body = {"message": NOT_AUTHORIZED, "parameters": {"resources": "self"}}
    assert (as_admin.status_code, as_admin.json()) == (401, body)
    assert (as_guest.status_code, as_guest.json()) == (401, body)


def test_totals_of_a_cart_without_shipping_information(jane, bag):
    jane.post(f"{V1}/carts/mine")
    add(jane, "24-WB01", 2)

    totals = jane.get(f"{V1}/carts/mine/totals").json()

    assert (totals["subtotal"], totals["discount_amount"], totals["shipping_amount"], totals["grand_total"]) == (
        64, 0, 0, 64)
    assert [segment["code"] for segment in totals["total_segments"]] == ["subtotal", "shipping", "tax", "grand_total"]
    assert totals["total_segments"][1]["title"] == "Shipping & Handling"


def test_payment_methods_of_the_cart(jane, bag):
    jane.post(f"{V1}/carts/mine")
    add(jane, "24-WB01", 1)

    response = jane.get(f"{V1}/carts/mine/payment-methods")

    assert response.json() == [{"code": "checkmo", "title": "Check / Money order"},
                               {"code": "banktransfer", "title": "Bank Transfer Payment"}]


def test_an_empty_cart_estimates_no_shipping_and_refuses_shipping_information(jane):
    jane.post(f"{V1}/carts/mine")
    address = {"country_id": "US", "postcode": "11501"}

    estimate = jane.post(f"{V1}/carts/mine/estimate-shipping-methods", {"address": address}, format="json")
    info = jane.post(f"{V1}/carts/mine/shipping-information",
                     {"addressInformation": {"shipping_address": address, "shipping_carrier_code": "flatrate",
                                             "shipping_method_code": "flatrate"}}, format="json")

    assert estimate.json() == []
    assert (info.status_code, info.json()) == (400, {
        "message": "The shipping method can't be set for an empty cart. Add an item to cart and try again."})
