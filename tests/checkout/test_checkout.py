"""place_order_from_cart under concurrency: the cart lock and the source-item locks (PostgreSQL only)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection

from checkout.checkout import AddressInput, place_order_from_cart, save_shipping_information
from checkout.quotes import add_cart_item, create_cart
from customers.customers import CustomerData, create_customer
from sales.models import Order
from tests.concurrency import run_concurrently
from tests.factories import make_product

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),  # keeps the default source and stock
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs SELECT ... FOR UPDATE (PostgreSQL)"),
]
ADDRESS = AddressInput(firstname="Jane", lastname="Doe", street=["160 1st St."], city="Mineola", postcode="11501",
                       country_id="US", telephone="516-555-1111", region_id=43, region_code="NY")


def customer_cart(email: str, sku: str, qty: Decimal) -> int:
    """A customer's cart, ready to place: its id."""
    customer = create_customer(CustomerData(email=email, firstname="Jane", lastname="Doe"), password="Password1")
    cart_id = create_cart(customer).pk
    add_cart_item(cart_id, sku, qty)
    save_shipping_information(cart_id, shipping_address=ADDRESS, billing_address=ADDRESS, carrier_code="flatrate",
                              method_code="flatrate")
    return cart_id




def test_a_double_submitted_payment_places_one_order():
    product = make_product(quantity=Decimal("10"))
    cart_id = customer_cart("jane@example.com", product.sku, Decimal("2"))

    results = run_concurrently([lambda: place_order_from_cart(cart_id, payment_method="checkmo")] * 4)

    assert sum(isinstance(r, Order) for r in results) == 1
    # The losers found the cart converted under its lock: QuoteRepository::getActive's "No such entity".
    assert {r.rendered() for r in results if not isinstance(r, Order)} == {f"No such entity with cartId = {cart_id}"}


def test_two_customers_racing_for_the_last_units_get_one_order():
    product = make_product(quantity=Decimal("3"))
    carts = [customer_cart(f"c{n}@example.com", product.sku, Decimal("2")) for n in range(2)]

    results = run_concurrently([lambda c=c: place_order_from_cart(c, payment_method="checkmo") for c in carts])

    assert sum(isinstance(r, Order) for r in results) == 1
    assert [r.message for r in results if not isinstance(r, Order)] == ["Not enough items for sale"]
