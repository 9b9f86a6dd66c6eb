"""One cart service, three callers (Magento_Quote etc/webapi.xml): carts/mine (ACL self), carts/{cartId}
(Magento_Cart::manage) and guest-carts/{cartId} (anonymous, the masked id of Model/QuoteIdMask.php).
QuoteRepository::getActive answers "No such entity with cartId = %1" for an unknown or converted cart."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from checkout.models import Quote, QuoteIdMask
from checkout.quotes import add_cart_item, create_cart
from customers.customers import CustomerData, create_customer, create_customer_token
from tests.factories import make_product

pytestmark = pytest.mark.django_db
V1 = "/rest/default/V1"
NOT_AUTHORIZED = {
    "message": "The consumer isn't authorized to access %resources.",
    "parameters": {"resources": "Magento_Cart::manage"},
}


@pytest.fixture
def jane_cart() -> Quote:
    customer = create_customer(
        CustomerData(email="jane@example.com", firstname="Jane", lastname="Doe"), password="Password1"
    )
    cart = create_cart(customer)
    add_cart_item(cart.pk, make_product(sku="24-WB01", price=Decimal("32"), quantity=Decimal("10")).sku, Decimal("2"))
    return cart


def test_an_admin_reads_any_cart_by_its_id(rest_client, jane_cart):
    response = rest_client.get(f"{V1}/carts/{jane_cart.pk}/items")

    assert response.status_code == 200
    assert [(item["sku"], item["qty"]) for item in response.json()] == [("24-WB01", 2)]


def test_a_customer_token_cannot_open_carts_by_id(jane_cart):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {create_customer_token('jane@example.com', 'Password1')}")

    response = client.get(f"{V1}/carts/{jane_cart.pk}/items")

    assert response.status_code == 401
    assert response.json() == NOT_AUTHORIZED


def test_a_converted_or_unknown_cart_is_no_such_entity(rest_client, jane_cart):
    Quote.objects.filter(pk=jane_cart.pk).update(is_active=False)

    converted = rest_client.get(f"{V1}/carts/{jane_cart.pk}/totals")
    unknown = rest_client.get(f"{V1}/carts/987654/totals")

    assert (converted.status_code, converted.json()) == (
        404,
        {
            "message": "No such entity with %fieldName = %fieldValue",
            "parameters": {"fieldName": "cartId", "fieldValue": jane_cart.pk},
        },
    )
    assert unknown.json()["parameters"] == {"fieldName": "cartId", "fieldValue": 987654}


def test_a_guest_reaches_a_cart_by_its_masked_id_only():
    cart = Quote.objects.create()
    QuoteIdMask.objects.create(quote=cart, masked_id="a" * 32)
    guest = APIClient()

    by_mask = guest.get(f"{V1}/guest-carts/{'a' * 32}/totals")
    by_id = guest.get(f"{V1}/guest-carts/{cart.pk}/totals")

    assert by_mask.status_code == 200
    assert by_mask.json()["grand_total"] == 0
    assert by_id.status_code == 404
