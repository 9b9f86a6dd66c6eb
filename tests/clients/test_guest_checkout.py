"""Guest checkout and an admin-built cart, end to end against a live server, then invoiced and shipped by an ERP
through my-magento.

my-magento 2.2.0 has no cart or guest methods, so the shopper's side is plain HTTP (``requests``, which the client
itself uses) on Magento's routes: Magento_Quote and Magento_Checkout etc/webapi.xml (``guest-carts/:cartId/...``
anonymous; ``carts/:cartId/...`` and ``customers/:customerId/carts`` Magento_Cart::manage); the admin's side is
the client's ``post`` on ``order/{id}/invoice`` and ``order/{id}/ship`` and its order search.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
import requests

from customers.customers import CustomerData, create_customer
from inventory.models import Reservation, SourceItem
from sales.models import Order
from tests.factories import make_product

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)  # a live server in another thread

ADDRESS = {
    "region": "New York",
    "region_id": 43,
    "region_code": "NY",
    "country_id": "US",
    "street": ["160 1st St."],
    "postcode": "11501",
    "city": "Mineola",
    "firstname": "Gus",
    "lastname": "Guest",
    "telephone": "516-555-1111",
}
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def bag() -> None:
    make_product(sku="24-WB01", name="Voyage Yoga Bag", price=Decimal(32), quantity=Decimal(10))


def ok(response: requests.Response) -> object:
    assert response.status_code == 200, response.text
    return response.json()


def invoice_and_ship(client: object, order_id: int) -> None:
    """The ERP's part, through my-magento: capture the payment, then ship everything."""
    invoice_id = ok(client.post(client.url_for(f"order/{order_id}/invoice"), {"capture": True}))
    shipment_id = ok(client.post(client.url_for(f"order/{order_id}/ship"), {"notify": False}))
    assert isinstance(invoice_id, int)
    assert isinstance(shipment_id, int)


def test_a_guest_orders_over_rest_and_the_erp_invoices_and_ships_it(api, live_server, bag):
    base = f"{live_server.url}/rest/V1"
    email = "gus@example.com"

    masked_id = ok(requests.post(f"{base}/guest-carts", headers=JSON, timeout=10))
    ok(
        requests.post(
            f"{base}/guest-carts/{masked_id}/items",
            headers=JSON,
            timeout=10,
            json={"cartItem": {"sku": "24-WB01", "qty": 3, "quote_id": masked_id}},
        )
    )
    shipping = ok(
        requests.post(
            f"{base}/guest-carts/{masked_id}/shipping-information",
            headers=JSON,
            timeout=10,
            json={
                "addressInformation": {
                    "shipping_address": {**ADDRESS, "email": email},
                    "billing_address": ADDRESS,
                    "shipping_carrier_code": "flatrate",
                    "shipping_method_code": "flatrate",
                }
            },
        )
    )
    order_id = ok(
        requests.post(
            f"{base}/guest-carts/{masked_id}/payment-information",
            headers=JSON,
            timeout=10,
            json={"email": email, "paymentMethod": {"method": "checkmo"}},
        )
    )

    assert shipping["totals"]["grand_total"] == 3 * 32 + 3 * 5
    found = api.orders.by_id(order_id)
    assert (found.data["customer_is_guest"], found.data["customer_email"], found.status) == (1, email, "pending")
    assert "customer_id" not in found.data
    invoice_and_ship(api, order_id)
    order = Order.objects.get(pk=order_id)
    assert (order.status, order.customer_id, order.customer_group_id) == ("complete", None, 0)
    assert SourceItem.objects.get(product_id="24-WB01").quantity == 7
    assert sum(r.quantity for r in Reservation.objects.filter(sku="24-WB01")) == 0


def test_an_admin_builds_and_places_a_customers_cart_then_invoices_and_ships_it(api, live_server, bag):
    base = f"{live_server.url}/rest/V1"
    customer = create_customer(CustomerData(email="jane@example.com", firstname="Jane", lastname="Doe"))
    admin = {**JSON, "Authorization": f"Bearer {api.ACCESS_TOKEN}"}

    cart_id = ok(requests.post(f"{base}/customers/{customer.pk}/carts", headers=admin, timeout=10))
    ok(
        requests.post(
            f"{base}/carts/{cart_id}/items",
            headers=admin,
            timeout=10,
            json={"cartItem": {"sku": "24-WB01", "qty": 2, "quote_id": cart_id}},
        )
    )
    ok(
        requests.post(
            f"{base}/carts/{cart_id}/shipping-information",
            headers=admin,
            timeout=10,
            json={
                "addressInformation": {
                    "shipping_address": ADDRESS,
                    "billing_address": ADDRESS,
                    "shipping_carrier_code": "flatrate",
                    "shipping_method_code": "flatrate",
                }
            },
        )
    )
    cart = ok(requests.get(f"{base}/carts/{cart_id}", headers=admin, timeout=10))
    order_id = ok(
        requests.put(
            f"{base}/carts/{cart_id}/order", headers=admin, timeout=10, json={"paymentMethod": {"method": "checkmo"}}
        )
    )

    assert (cart["customer"]["id"], cart["items_qty"]) == (customer.pk, 2)
    found = api.orders.by_id(order_id)
    assert (found.data["customer_id"], found.data["customer_email"], found.data["customer_is_guest"]) == (
        customer.pk,
        "jane@example.com",
        0,
    )
    invoice_and_ship(api, order_id)
    assert Order.objects.get(pk=order_id).status == "complete"
    assert SourceItem.objects.get(product_id="24-WB01").quantity == 8
