"""The cart lifecycle for admins and integrations, and a customer's own cart save and order.

Magento_Quote's etc/webapi.xml: GET /V1/carts/{cartId} and /V1/carts/search (CartRepositoryInterface::get and
getList), POST /V1/carts/ and /V1/customers/{customerId}/carts (CartManagementInterface::createEmptyCart and
createEmptyCartForCustomer), PUT /V1/carts/{cartId} (assignCustomer), PUT /V1/carts/{cartId}/order, all
Magento_Cart::manage; PUT /V1/carts/mine (CartRepositoryInterface::save, ``quote.id`` forced to the customer's
cart) and PUT /V1/carts/mine/order (placeOrder), ``self``. Behaviour: Model/QuoteManagement.php,
Model/QuoteRepository.php, Model/QuoteRepository/Plugin/AccessChangeQuoteControl.php + Model/ChangeQuoteControl.php.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from checkout.checkout import AddressInput, save_shipping_information
from checkout.models import Quote, QuoteIdMask
from checkout.quotes import add_cart_item
from customers.customers import CustomerData, create_customer, create_customer_token
from sales.models import Order
from tests.factories import make_product

pytestmark = pytest.mark.django_db
D = Decimal
V1 = "/rest/V1"
NO_SUCH = "No such entity with %fieldName = %fieldValue"
ADDRESS = AddressInput(
    firstname="Jane",
    lastname="Doe",
    street=["160 1st St."],
    city="Mineola",
    postcode="11501",
    country_id="US",
    telephone="516-555-1111",
    region="New York",
    region_id=43,
    region_code="NY",
)


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def new_customer(email: str = "jane@example.com") -> tuple[int, APIClient]:
    customer = create_customer(CustomerData(email=email, firstname="Jane", lastname="Doe"), password="Password1")
    return customer.pk, bearer(create_customer_token(email, "Password1"))


@pytest.fixture
def product() -> None:
    make_product(sku="24-WB01", name="Voyage Yoga Bag", price=D(32), quantity=D(10))


def fill(cart_id: int, *, email: str | None = None) -> None:
    add_cart_item(cart_id, "24-WB01", D(2))
    address = AddressInput(**{**ADDRESS.__dict__, "email": email})
    save_shipping_information(
        cart_id, shipping_address=address, billing_address=address, carrier_code="flatrate", method_code="flatrate"
    )


# --- POST /V1/carts/ and POST /V1/customers/{customerId}/carts ---------------------------------------------------


def test_an_admin_creates_an_anonymous_cart_without_a_masked_id(rest_client):
    response = rest_client.post(f"{V1}/carts/")

    assert response.status_code == 200
    quote = Quote.objects.get(pk=response.json())
    assert isinstance(response.json(), int)
    assert (quote.customer_id, quote.customer_is_guest, quote.is_active) == (None, True, True)
    assert not QuoteIdMask.objects.filter(quote=quote).exists()


def test_an_admin_creates_a_customers_cart_or_gets_the_active_one(rest_client):
    customer_id, customer = new_customer()

    first = rest_client.post(f"{V1}/customers/{customer_id}/carts")
    second = rest_client.post(f"{V1}/customers/{customer_id}/carts")

    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json() == second.json()
    quote = Quote.objects.get(pk=first.json())
    assert (quote.customer_id, quote.customer_is_guest, quote.is_active) == (customer_id, False, True)
    assert customer.get(f"{V1}/carts/mine").json()["id"] == quote.pk


def test_a_cart_for_an_unknown_customer_is_refused(rest_client):
    response = rest_client.post(f"{V1}/customers/999/carts")

    assert response.status_code == 404
    assert response.json() == {"message": NO_SUCH, "parameters": {"fieldName": "customerId", "fieldValue": 999}}
    assert Quote.objects.count() == 0


# --- GET /V1/carts/{cartId}, GET /V1/carts/search ------------------------------------------------------------------


def test_an_admin_reads_any_cart_by_id(rest_client, product):
    customer_id, _ = new_customer()
    cart_id = rest_client.post(f"{V1}/customers/{customer_id}/carts").json()
    add_cart_item(cart_id, "24-WB01", D(2))

    body = rest_client.get(f"{V1}/carts/{cart_id}").json()

    assert (body["id"], body["customer"]["id"], body["customer_is_guest"], body["items_qty"]) == (
        cart_id,
        customer_id,
        False,
        2,
    )


def test_an_unknown_cart_id_is_magentos_no_such_entity(rest_client):
    response = rest_client.get(f"{V1}/carts/999")

    assert response.status_code == 404
    assert response.json() == {"message": NO_SUCH, "parameters": {"fieldName": "cartId", "fieldValue": 999}}


def test_the_cart_search_is_paged_and_filtered(rest_client):
    ids = [rest_client.post(f"{V1}/carts/").json() for _ in range(3)]
    customer_id, _ = new_customer()
    customer_cart = rest_client.post(f"{V1}/customers/{customer_id}/carts").json()

    page = rest_client.get(f"{V1}/carts/search?searchCriteria[pageSize]=2&searchCriteria[currentPage]=1").json()
    mine = rest_client.get(
        f"{V1}/carts/search?searchCriteria[filter_groups][0][filters][0][field]=customer_id"
        f"&searchCriteria[filter_groups][0][filters][0][value]={customer_id}"
    ).json()

    assert page["total_count"] == 4
    assert [cart["id"] for cart in page["items"]] == ids[:2]
    assert page["search_criteria"]["page_size"] == 2
    assert [cart["id"] for cart in mine["items"]] == [customer_cart]
    assert mine["total_count"] == 1


def test_the_cart_search_refuses_an_unknown_field(rest_client):
    response = rest_client.get(
        f"{V1}/carts/search?searchCriteria[filter_groups][0][filters][0][field]=password"
        "&searchCriteria[filter_groups][0][filters][0][value]=x"
    )

    assert response.status_code == 400


# --- PUT /V1/carts/{cartId} (assignCustomer) -------------------------------------------------------------------------


def test_an_admin_assigns_a_customer_to_an_anonymous_cart(rest_client, product):
    customer_id, customer = new_customer()
    cart_id = rest_client.post(f"{V1}/carts/").json()

    response = rest_client.put(f"{V1}/carts/{cart_id}", {"customerId": customer_id, "storeId": 1}, format="json")

    assert (response.status_code, response.json()) == (200, True)
    assert customer.get(f"{V1}/carts/mine").json()["id"] == cart_id


def test_a_customers_cart_cannot_be_assigned_again(rest_client):
    jane_id, _ = new_customer()
    john_id, _ = new_customer("john@example.com")
    cart_id = rest_client.post(f"{V1}/customers/{jane_id}/carts").json()

    response = rest_client.put(f"{V1}/carts/{cart_id}", {"customerId": john_id, "storeId": 1}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "message": "The customer can't be assigned to the cart because the cart isn't anonymous."
    }
    assert Quote.objects.get(pk=cart_id).customer_id == jane_id


def test_assigning_a_guest_cart_by_its_id_deletes_its_mask(rest_client):
    customer_id, _ = new_customer()
    masked_id = APIClient().post(f"{V1}/guest-carts").json()
    cart_id = QuoteIdMask.objects.get(masked_id=masked_id).quote_id

    rest_client.put(f"{V1}/carts/{cart_id}", {"customerId": customer_id, "storeId": 1}, format="json")

    assert not QuoteIdMask.objects.exists()
    assert APIClient().get(f"{V1}/guest-carts/{masked_id}").status_code == 404


def test_assigning_an_unknown_customer_is_refused(rest_client):
    cart_id = rest_client.post(f"{V1}/carts/").json()

    response = rest_client.put(f"{V1}/carts/{cart_id}", {"customerId": 999, "storeId": 1}, format="json")

    assert response.status_code == 404
    assert response.json() == {"message": NO_SUCH, "parameters": {"fieldName": "customerId", "fieldValue": 999}}


# --- PUT /V1/carts/{cartId}/order, PUT /V1/carts/mine/order ----------------------------------------------------------


def test_an_admin_places_the_order_of_a_customers_cart(rest_client, product):
    customer_id, _ = new_customer()
    cart_id = rest_client.post(f"{V1}/customers/{customer_id}/carts").json()
    fill(cart_id)

    response = rest_client.put(f"{V1}/carts/{cart_id}/order", {"paymentMethod": {"method": "checkmo"}}, format="json")

    assert response.status_code == 200
    order = Order.objects.get(pk=response.json())
    assert (order.customer_id, order.customer_is_guest, order.customer_email) == (customer_id, 0, "jane@example.com")
    assert Quote.objects.get(pk=cart_id).is_active is False


def test_an_admin_places_an_anonymous_cart_as_a_guest_order(rest_client, product):
    cart_id = rest_client.post(f"{V1}/carts/").json()
    fill(cart_id, email="walk-in@example.com")

    response = rest_client.put(f"{V1}/carts/{cart_id}/order", {"paymentMethod": {"method": "checkmo"}}, format="json")

    order = Order.objects.get(pk=response.json())
    assert (order.customer_id, order.customer_is_guest, order.customer_group_id, order.customer_email) == (
        None,
        1,
        0,
        "walk-in@example.com",
    )


def test_a_customer_places_their_cart_with_put_mine_order(product):
    customer_id, customer = new_customer()
    cart_id = customer.post(f"{V1}/carts/mine").json()
    fill(cart_id)

    response = customer.put(f"{V1}/carts/mine/order", {"paymentMethod": {"method": "checkmo"}}, format="json")

    assert response.status_code == 200
    assert Order.objects.get(pk=response.json()).customer_id == customer_id


def test_put_mine_order_without_a_cart_is_magentos_no_active_cart():
    _, customer = new_customer()

    response = customer.put(f"{V1}/carts/mine/order", {"paymentMethod": {"method": "checkmo"}}, format="json")

    assert (response.status_code, response.json()) == (
        404,
        {"message": "Current customer does not have an active cart."},
    )


# --- PUT /V1/carts/mine (CartRepositoryInterface::save) -----------------------------------------------------------


def test_a_customer_saves_their_cart_and_magento_answers_nothing():
    customer_id, customer = new_customer()
    cart_id = customer.post(f"{V1}/carts/mine").json()

    response = customer.put(f"{V1}/carts/mine", {"quote": {"customer": {"id": customer_id}}}, format="json")

    # A void service method: Magento's ServiceOutputProcessor turns null into [].
    assert (response.status_code, response.json()) == (200, [])
    assert Quote.objects.get(pk=cart_id).customer_id == customer_id


def test_saving_the_cart_for_another_customer_is_an_invalid_state_change():
    customer_id, customer = new_customer()
    other_id, _ = new_customer("john@example.com")
    cart_id = customer.post(f"{V1}/carts/mine").json()

    for quote in ({"customer": {"id": other_id}}, {}):
        response = customer.put(f"{V1}/carts/mine", {"quote": quote}, format="json")
        # AccessChangeQuoteControl::beforeSave (ChangeQuoteControl: a customer's quote.customer_id must be theirs).
        assert (response.status_code, response.json()) == (400, {"message": "Invalid state change requested"})
    assert Quote.objects.get(pk=cart_id).customer_id == customer_id
