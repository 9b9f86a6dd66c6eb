"""Two guests buy the last unit at the same moment: exactly one order, and the salable quantity never goes below
zero (PostgreSQL only; SQLite ignores FOR UPDATE).

Magento_Quote's QuoteManagement::placeOrder (guest checkout) and MSI's PlaceReservationsForSalesEvent: the salable
check and the reservation happen under one lock, so the second guest gets "Not enough items for sale".
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum

from backoffice.exceptions import DomainError
from checkout.checkout import AddressInput, place_order_from_cart, save_shipping_information
from checkout.quote_management import create_guest_cart
from checkout.quotes import add_cart_item
from inventory.models import Reservation, Stock
from inventory.salable import get_salable_quantity
from sales.models import Order
from tests.concurrency import run_concurrently
from tests.factories import make_product

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs SELECT ... FOR UPDATE (PostgreSQL)"),
]


def guest_cart_with(sku: str, email: str) -> int:
    quote = create_guest_cart()
    add_cart_item(quote.pk, sku, Decimal(1))
    address = AddressInput(
        firstname="Gus",
        lastname="Guest",
        street=["1 Main St."],
        city="Mineola",
        postcode="11501",
        country_id="US",
        region_id=43,
        telephone="555",
        email=email,
    )
    save_shipping_information(
        quote.pk, shipping_address=address, billing_address=address, carrier_code="flatrate", method_code="flatrate"
    )
    return quote.pk


def test_two_guests_buying_the_last_unit_make_exactly_one_order():
    make_product(sku="LAST-1", quantity=Decimal(1))
    carts = [guest_cart_with("LAST-1", f"guest{n}@example.com") for n in range(2)]

    results = run_concurrently(
        [lambda cart_id=cart_id: place_order_from_cart(cart_id, payment_method="checkmo") for cart_id in carts]
    )

    orders = [r for r in results if isinstance(r, Order)]
    refusals = [r for r in results if isinstance(r, DomainError)]
    assert (len(orders), len(refusals)) == (1, 1), results
    assert "Not enough items for sale" in refusals[0].rendered()
    assert Order.objects.filter(customer_is_guest=1).count() == 1
    assert get_salable_quantity("LAST-1", Stock.objects.get(pk=1).pk) == 0


def test_sixteen_guests_on_one_hot_sku_never_oversell():
    """A flash sale (issue 19): 16 guests at once on one SKU with 10 units. Placement writes the order first and
    takes the stock lock only for the salable check and the reservation (sales.placement), so this pins that the
    shorter critical section still sells exactly the 10 units: 10 orders, 6 refusals, salable 0, no unit twice."""
    make_product(sku="HOT-10", quantity=Decimal(10))
    carts = [guest_cart_with("HOT-10", f"guest{n}@example.com") for n in range(16)]

    results = run_concurrently(
        [lambda cart_id=cart_id: place_order_from_cart(cart_id, payment_method="checkmo") for cart_id in carts]
    )

    orders = [r for r in results if isinstance(r, Order)]
    refusals = [r for r in results if isinstance(r, DomainError)]
    assert (len(orders), len(refusals)) == (10, 6), results
    assert all("Not enough items for sale" in refusal.rendered() for refusal in refusals)
    assert Order.objects.filter(customer_is_guest=1).count() == 10  # the refused orders were rolled back
    assert Reservation.objects.filter(sku="HOT-10").aggregate(total=Sum("quantity"))["total"] == -10
    assert get_salable_quantity("HOT-10", Stock.objects.get(pk=1).pk) == 0
