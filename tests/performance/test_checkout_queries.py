"""The storefront checkout's calls run a fixed number of statements, whatever the cart already held (issue 19:
each cart call within 2x the framework floor, placement within 2.5x; ``bench/flash.py`` measures the times).

Routes: Magento's module-quote/etc/webapi.xml (POST /V1/guest-carts, /V1/carts/mine, .../items) and
module-checkout/etc/webapi.xml (.../shipping-information, .../payment-information:
GuestPaymentInformationManagementInterface and PaymentInformationManagementInterface::savePaymentInformationAndPlaceOrder).
Counts include the savepoints of the domain functions' transactions (the test runs inside one: outside a test they
are BEGIN and COMMIT); the order email leaves after the commit, once the response is written (sales/email_sending.py),
and is not counted. Before issue 19 the guest calls ran 5, 15, 26 and 30 statements (each call re-read the cart's
items and addresses, and placement re-read the products); then payment-information 23 (placement's own savepoint,
and the email flag written by an UPDATE after the order's INSERT) and the customer's cart calls read the customer
again (now read with the locked cart). Then (checkouttrips): placement's stock check takes two statements where it
took four (the source items' lock, then one INSERT of the reservations guarded by the salable quantities, which also
resolves the website's stock); on PostgreSQL the order's items, addresses, payment and first status go in one
statement (sales.placement.insert_rows) where they took four, and the cart's lock, items, addresses and price rules
in one round trip (checkout.quotes.lock_and_load_cart: statements sent together count once here, as they cost one
round trip), as add item's lock, lines, price rules and product (checkout.quotes._lock_for_new_item); a billing
address sent again unchanged is not written again, and the stock lock goes out with the guarded INSERT
(inventory.reservations.append_reservations_if_salable). payment-information 20 -> 17 round trips on SQLite, 10 on
PostgreSQL; shipping-information and add item 9 -> 6 on PostgreSQL. Then 16 and 9: the order's increment id is
written by its INSERT, not by an UPDATE after it (sales/increment_ids.py).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from checkout.models import Quote
from inventory.models import Reservation
from sales.models import Order
from tests.checkout.api.cart_callers import ADDRESS, V1, customer_client, make_bag
from tests.factories import make_product

pytestmark = pytest.mark.django_db

SHIPPING = {
    "addressInformation": {
        "shipping_address": {**ADDRESS, "email": "gus@example.com"},
        "billing_address": ADDRESS,
        "shipping_carrier_code": "flatrate",
        "shipping_method_code": "flatrate",
    }
}
# A guest's round trips per call. PostgreSQL: the cart's lock and reads go in one round trip
# (checkout.quotes.lock_and_load_cart, _lock_for_new_item), the order's rows in one statement (insert_rows).
GUEST = {
    "sqlite": {"create": 4, "add item": 9, "shipping-information": 9, "payment-information": 16},
    "postgresql": {"create": 4, "add item": 6, "shipping-information": 6, "payment-information": 9},
}
PAYMENT = {"paymentMethod": {"method": "checkmo"}, "billingAddress": ADDRESS}


def counted(client: APIClient, path: str, body: object = None) -> tuple[object, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.post(path, body, format="json")
    assert response.status_code == 200, response.content
    return response.json(), len(queries)


def checkout(client: APIClient, base: str | None, *, skus: list[str], email: str | None) -> dict[str, int]:
    """One checkout with ``skus`` in the cart (each once); the statements of each call. ``base`` None: a guest."""
    if base is None:
        cart_ref, create = counted(client, f"{V1}/guest-carts")
        base = f"{V1}/guest-carts/{cart_ref}"
    else:
        cart_ref, create = counted(client, base)
    add = 0
    for sku in skus:
        _, add = counted(client, f"{base}/items", {"cartItem": {"sku": sku, "qty": 1, "quote_id": cart_ref}})
    _, ship = counted(client, f"{base}/shipping-information", SHIPPING)
    order_id, pay = counted(client, f"{base}/payment-information", {**PAYMENT, **({"email": email} if email else {})})
    order = Order.objects.get(pk=order_id)
    assert order.items.count() == len(skus)
    assert Reservation.objects.filter(object_id=str(order_id)).count() == len(skus)
    return {"create": create, "add item": add, "shipping-information": ship, "payment-information": pay}


def test_a_guest_checkout_runs_a_fixed_number_of_statements():
    make_bag()
    others = [make_product(price=Decimal("3")).sku for _ in range(3)]

    one_item = checkout(APIClient(), None, skus=["24-WB01"], email="gus@example.com")
    four_items = checkout(APIClient(), None, skus=["24-WB01", *others], email="gus@example.com")

    assert one_item == GUEST[connection.vendor]
    # A fuller cart costs no more per call (the add of the 4th item reads the other three in the same query).
    assert four_items == one_item


def test_a_customer_checkout_runs_a_fixed_number_of_statements():
    make_bag()
    others = [make_product(price=Decimal("3")).sku for _ in range(3)]
    client = customer_client()

    first = checkout(client, f"{V1}/carts/mine", skus=["24-WB01"], email=None)
    second = checkout(client, f"{V1}/carts/mine", skus=["24-WB01", *others], email=None)

    # The guest's counts plus the token, and the customer with its cart id in one query (instead of the mask);
    # payment-information's billing address is shipping-information's again, so it is not written twice.
    guest = GUEST[connection.vendor]
    assert first == {
        "create": 6, "add item": guest["add item"] + 1, "shipping-information": guest["shipping-information"] + 1,
        "payment-information": guest["payment-information"],
    }
    assert second == first
    assert not Quote.objects.filter(is_active=True).exists()
