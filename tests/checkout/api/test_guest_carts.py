"""Guest carts over REST: POST/GET/PUT /V1/guest-carts[/{cartId}], PUT /V1/guest-carts/{cartId}/order.

The contract is Magento_Quote's: etc/webapi.xml (routes and ACLs: anonymous, except assignCustomer which is
``self``), Model/GuestCart/GuestCartManagement.php and GuestCartRepository.php (the masked id is looked up in
quote_id_mask, then the cart by its id), Model/QuoteIdMask.php (a 32-character random hash made on save),
Model/QuoteManagement.php (createEmptyCart, assignCustomer, placeOrder with CHECKOUT_METHOD_GUEST) and
Model/GuestCartManagement/Plugin/Authorization.php (a customer assigns only themselves).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from checkout.checkout import AddressInput, save_shipping_information
from checkout.models import Quote, QuoteIdMask, QuoteItem
from checkout.quotes import add_cart_item
from customers.customers import CustomerData, create_customer, create_customer_token
from inventory.models import Reservation
from sales.models import Order
from tests.factories import make_product

pytestmark = pytest.mark.django_db
D = Decimal
V1 = "/rest/V1"
NO_SUCH_CART = "No such entity with %fieldName = %fieldValue"
EMAIL = "guest@example.com"
ADDRESS = AddressInput(
    firstname="Gus",
    lastname="Guest",
    street=["160 1st St."],
    city="Mineola",
    postcode="11501",
    country_id="US",
    telephone="516-555-1111",
    region="New York",
    region_id=43,
    region_code="NY",
    email=EMAIL,
)


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def new_guest_cart() -> str:
    response = APIClient().post(f"{V1}/guest-carts")
    assert response.status_code == 200
    return response.json()


def cart_of(masked_id: str) -> Quote:
    return Quote.objects.get(id_mask__masked_id=masked_id)


def filled_guest_cart(*, sku: str = "24-WB01", qty: int = 2, address: AddressInput = ADDRESS) -> str:
    masked_id = new_guest_cart()
    quote = cart_of(masked_id)
    add_cart_item(quote.pk, sku, D(qty))
    save_shipping_information(
        quote.pk, shipping_address=address, billing_address=address, carrier_code="flatrate", method_code="flatrate"
    )
    return masked_id


@pytest.fixture
def product() -> None:
    make_product(sku="24-WB01", name="Voyage Yoga Bag", price=D(32), quantity=D(10))


def customer_token(email: str = "jane@example.com") -> str:
    create_customer(CustomerData(email=email, firstname="Jane", lastname="Doe"), password="Password1")
    return create_customer_token(email, "Password1")


# --- POST /V1/guest-carts -------------------------------------------------------------------------------------


def test_an_anonymous_caller_creates_a_guest_cart_and_gets_its_masked_id():
    first, second = new_guest_cart(), new_guest_cart()

    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert re.fullmatch(r"[0-9a-f]{32}", second)
    assert first != second
    quote = cart_of(first)
    assert (quote.customer_id, quote.customer_is_guest, quote.is_active, quote.store_id) == (None, True, True, 1)
    assert QuoteIdMask.objects.count() == 2


def test_the_masked_id_is_not_the_cart_id_in_any_form():
    masked_id = new_guest_cart()

    assert str(cart_of(masked_id).pk) not in (masked_id, masked_id.lstrip("0"))


# --- GET /V1/guest-carts/{cartId} -----------------------------------------------------------------------------


def test_a_guest_reads_their_cart_by_its_masked_id(product):
    masked_id = new_guest_cart()
    quote = cart_of(masked_id)
    item = add_cart_item(quote.pk, "24-WB01", D(2))

    response = APIClient().get(f"{V1}/guest-carts/{masked_id}")

    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["is_active"], body["customer_is_guest"], body["items_count"], body["items_qty"]) == (
        quote.pk,
        True,
        True,
        1,
        2,
    )
    assert body["customer"] == {"email": None, "firstname": None, "lastname": None}
    assert body["items"] == [
        {
            "item_id": item.pk,
            "sku": "24-WB01",
            "qty": 2,
            "name": "Voyage Yoga Bag",
            "price": 32,
            "product_type": "simple",
            "quote_id": str(quote.pk),
        }
    ]
    assert body["store_id"] == 1


@pytest.mark.parametrize("path", ["0" * 32, "f" * 32, "1", "abc"])
def test_an_unknown_masked_id_is_magentos_no_such_cart(path):
    new_guest_cart()

    response = APIClient().get(f"{V1}/guest-carts/{path}")

    # GuestCartRepository::get: the mask resolves to no quote id, QuoteRepository::get(null) throws.
    assert response.status_code == 404
    assert response.json() == {"message": NO_SUCH_CART, "parameters": {"fieldName": "cartId", "fieldValue": None}}


def test_the_integer_cart_id_never_opens_a_guest_cart():
    masked_id = new_guest_cart()

    response = APIClient().get(f"{V1}/guest-carts/{cart_of(masked_id).pk}")

    assert response.status_code == 404


def test_a_masked_id_opens_its_own_cart_only(product):
    mine, theirs = new_guest_cart(), new_guest_cart()
    add_cart_item(cart_of(theirs).pk, "24-WB01", D(3))

    body = APIClient().get(f"{V1}/guest-carts/{mine}").json()

    assert (body["id"], body["items"]) == (cart_of(mine).pk, [])


def test_a_customers_cart_has_no_masked_id_so_no_guest_route_reaches_it(product):
    token = customer_token()
    cart_id = bearer(token).post(f"{V1}/carts/mine").json()

    assert not QuoteIdMask.objects.filter(quote_id=cart_id).exists()
    assert APIClient().get(f"{V1}/guest-carts/{cart_id}").status_code == 404


# --- PUT /V1/guest-carts/{cartId} (assignCustomer, ACL self) ---------------------------------------------------


def test_a_customer_takes_over_a_guest_cart(product):
    masked_id = new_guest_cart()
    quote = cart_of(masked_id)
    add_cart_item(quote.pk, "24-WB01", D(2))
    token = customer_token()
    customer_id = bearer(token).get(f"{V1}/customers/me").json()["id"]

    response = bearer(token).put(
        f"{V1}/guest-carts/{masked_id}", {"customerId": customer_id, "storeId": 1}, format="json"
    )

    assert (response.status_code, response.json()) == (200, True)
    quote.refresh_from_db()
    assert (quote.customer_id, quote.customer_is_guest, quote.is_active) == (customer_id, False, True)
    # QuoteManagement::assignCustomer deletes the mask: the cart is the customer's now, and only theirs.
    assert not QuoteIdMask.objects.filter(quote=quote).exists()
    assert APIClient().get(f"{V1}/guest-carts/{masked_id}").status_code == 404
    assert bearer(token).get(f"{V1}/carts/mine").json()["id"] == quote.pk


def test_assigning_merges_the_customers_active_cart_into_the_guest_cart(product):
    make_product(sku="24-WB03", price=D(36), quantity=D(10))
    token = customer_token()
    customer = bearer(token)
    customer_id = customer.get(f"{V1}/customers/me").json()["id"]
    old_cart_id = customer.post(f"{V1}/carts/mine").json()
    customer.post(f"{V1}/carts/mine/items", {"cartItem": {"sku": "24-WB01", "qty": 1}}, format="json")
    customer.post(f"{V1}/carts/mine/items", {"cartItem": {"sku": "24-WB03", "qty": 4}}, format="json")
    masked_id = new_guest_cart()
    quote = cart_of(masked_id)
    add_cart_item(quote.pk, "24-WB01", D(2))

    response = customer.put(f"{V1}/guest-carts/{masked_id}", {"customerId": customer_id, "storeId": 1}, format="json")

    assert response.status_code == 200
    assert sorted(QuoteItem.objects.filter(quote=quote).values_list("product__sku", "qty")) == [
        ("24-WB01", D(3)),
        ("24-WB03", D(4)),
    ]
    assert Quote.objects.get(pk=old_cart_id).is_active is False
    assert customer.get(f"{V1}/carts/mine").json()["id"] == quote.pk


def test_a_customer_cannot_assign_a_guest_cart_to_someone_else(product):
    masked_id = new_guest_cart()
    victim = customer_token("john@example.com")
    victim_id = bearer(victim).get(f"{V1}/customers/me").json()["id"]

    response = bearer(customer_token()).put(
        f"{V1}/guest-carts/{masked_id}", {"customerId": victim_id, "storeId": 1}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"message": "You don't have the correct permissions to assign the customer to the cart."}
    assert cart_of(masked_id).customer_id is None


def test_a_cart_of_another_store_cannot_be_assigned(product):
    masked_id = new_guest_cart()
    token = customer_token()
    customer_id = bearer(token).get(f"{V1}/customers/me").json()["id"]

    response = bearer(token).put(
        f"{V1}/guest-carts/{masked_id}", {"customerId": customer_id, "storeId": 2}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "message": "The customer can't be assigned to the cart. The cart belongs to a different store."
    }
    assert cart_of(masked_id).customer_id is None


def test_assigning_needs_both_parameters(product):
    masked_id = new_guest_cart()
    token = customer_token()

    response = bearer(token).put(f"{V1}/guest-carts/{masked_id}", {"storeId": 1}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "message": '"%fieldName" is required. Enter and try again.',
        "parameters": {"fieldName": "customerId"},
    }


def test_assigning_a_guest_cart_needs_a_customer_token(rest_client):
    masked_id = new_guest_cart()

    for client in (APIClient(), rest_client):
        response = client.put(f"{V1}/guest-carts/{masked_id}", {"customerId": 1, "storeId": 1}, format="json")
        assert response.status_code == 401
        assert response.json()["parameters"] == {"resources": "self"}


# --- PUT /V1/guest-carts/{cartId}/order -------------------------------------------------------------------------


def test_a_guest_places_an_order_with_the_billing_addresss_email(product):
    masked_id = filled_guest_cart()
    quote = cart_of(masked_id)

    response = APIClient().put(
        f"{V1}/guest-carts/{masked_id}/order", {"paymentMethod": {"method": "checkmo"}}, format="json"
    )

    assert response.status_code == 200
    order = Order.objects.get(pk=response.json())
    assert isinstance(response.json(), int)
    assert (order.customer_id, order.customer_is_guest, order.customer_group_id, order.customer_email) == (
        None,
        1,
        0,
        EMAIL,
    )
    assert (order.customer_firstname, order.customer_lastname, order.quote_id) == ("Gus", "Guest", quote.pk)
    assert [(i.sku, i.qty_ordered) for i in order.items.all()] == [("24-WB01", 2)]
    assert {a.address_type: a.email for a in order.addresses.all()} == {"shipping": EMAIL, "billing": EMAIL}
    assert list(
        Reservation.objects.filter(object_increment_id=order.increment_id).values_list("sku", "quantity", "event_type")
    ) == [("24-WB01", D(-2), "order_placed")]
    quote.refresh_from_db()
    assert (quote.is_active, quote.reserved_order_id) == (False, order.increment_id)


def test_the_ordered_guest_cart_can_still_be_read_but_not_ordered_again(product):
    masked_id = filled_guest_cart()
    APIClient().put(f"{V1}/guest-carts/{masked_id}/order", {"paymentMethod": {"method": "checkmo"}}, format="json")

    read = APIClient().get(f"{V1}/guest-carts/{masked_id}")
    again = APIClient().put(
        f"{V1}/guest-carts/{masked_id}/order", {"paymentMethod": {"method": "checkmo"}}, format="json"
    )

    assert (read.status_code, read.json()["is_active"]) == (200, False)  # GuestCartRepository::get: any cart
    assert again.status_code == 404  # QuoteRepository::getActive
    assert again.json() == {
        "message": NO_SUCH_CART,
        "parameters": {"fieldName": "cartId", "fieldValue": cart_of(masked_id).pk},
    }
    assert Order.objects.count() == 1


def test_a_guest_order_without_an_email_is_refused_and_nothing_is_written(product):
    masked_id = filled_guest_cart(address=AddressInput(**{**ADDRESS.__dict__, "email": None}))

    response = APIClient().put(
        f"{V1}/guest-carts/{masked_id}/order", {"paymentMethod": {"method": "checkmo"}}, format="json"
    )

    # SubmitQuoteValidator::validateOrder with Order\Address\Validator ("Email has a wrong format"), unwrapped.
    assert response.status_code == 400
    assert response.json() == {"message": "Failed address validation:\n%1", "parameters": ["Email has a wrong format"]}
    assert Order.objects.count() == 0
    assert cart_of(masked_id).is_active is True


def test_an_unavailable_payment_method_is_refused(product):
    masked_id = filled_guest_cart()

    response = APIClient().put(
        f"{V1}/guest-carts/{masked_id}/order", {"paymentMethod": {"method": "free"}}, format="json"
    )

    assert (response.status_code, response.json()) == (
        400,
        {"message": "The requested Payment Method is not available."},
    )
    assert Order.objects.count() == 0


def test_without_a_payment_method_the_order_is_refused(product):
    masked_id = filled_guest_cart()

    response = APIClient().put(f"{V1}/guest-carts/{masked_id}/order", {}, format="json")

    # QuoteValidator's PaymentMethodValidationRule (etc/di.xml: "Enter a valid payment method and try again.").
    assert (response.status_code, response.json()) == (400, {"message": "Enter a valid payment method and try again."})


def test_an_unknown_masked_id_places_nothing():
    response = APIClient().put(
        f"{V1}/guest-carts/{'a' * 32}/order", {"paymentMethod": {"method": "checkmo"}}, format="json"
    )

    assert response.status_code == 404
    assert response.json() == {"message": NO_SUCH_CART, "parameters": {"fieldName": "cartId", "fieldValue": None}}
