"""POST /V1/orders, PUT /V1/orders/create (OrderRepositoryInterface::save) and PUT /V1/orders/{parent_id}
(OrderAddressRepositoryInterface::save): vendor/magento/module-sales/etc/webapi.xml (ACL Magento_Sales::create on
all three), Model/OrderRepository.php::save, Model/Order/AddressRepository.php (get: "The entity that was requested
doesn't exist...", "An ID is needed..."; save: "The order address couldn't be saved."),
Model/ResourceModel/Order/Address.php::_beforeSave ("We can't save the address:\\n%1") and
Model/Order/Address/Validator.php (its warnings). A new order goes through sales.placement.place_order: MSI's
salable check and reservations (magento/inventory InventorySales AppendReservationsAfterOrderPlacement), which
Magento's repository save skips."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from inventory.models import Reservation
from sales.models import Order, OrderAddress, OrderStatusHistory
from tests.factories import make_order, make_product

pytestmark = pytest.mark.django_db
V1 = "/rest/default/V1"
NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."
INVALID = 'Invalid value of "%value" provided for the %fieldName field.'
ADDRESS = {
    "firstname": "Rita", "lastname": "Roe", "street": ["1 Main St."], "city": "Austin", "postcode": "78701",
    "country_id": "US", "region_id": 57, "region_code": "TX", "region": "Texas", "telephone": "512-555-0100",
}  # fmt: skip


def new_order(sku: str, qty: object = 2, **entity: object) -> dict:
    return {"entity": {
        "customer_email": "rita@example.com",
        "items": [{"sku": sku, "qty_ordered": qty}],
        "billing_address": ADDRESS,
        "payment": {"method": "checkmo"},
        "extension_attributes": {"shipping_assignments": [
            {"shipping": {"address": ADDRESS, "method": "flatrate_flatrate"}}]},
        **entity,
    }}  # fmt: skip


@pytest.fixture
def bag():
    return make_product(sku="24-WB01", name="Voyage Yoga Bag", price=Decimal("32"), quantity=Decimal("10"))


@pytest.mark.parametrize(("method", "path"), [("post", "/orders"), ("put", "/orders/create")])
def test_a_new_order_is_placed_with_catalog_prices_and_reserves_its_quantity(rest_client, bag, method, path):
    body = new_order("24-WB01", 3, grand_total=0.01, items=[{"sku": "24-WB01", "qty_ordered": 3, "price": 0.01}])

    response = getattr(rest_client, method)(f"{V1}{path}", body, format="json")

    assert response.status_code == 200
    saved = response.json()
    order = Order.objects.get()
    assert saved == rest_client.get(f"{V1}/orders/{order.pk}").json()  # the OrderInterface GET renders
    assert (saved["state"], saved["status"], saved["grand_total"]) == ("new", "pending", 111)  # 3 × 32 + 3 × 5
    assert saved["items"][0]["price"] == 32
    assert saved["billing_address"]["region_id"] == 57
    assert saved["extension_attributes"]["shipping_assignments"][0]["shipping"]["method"] == "flatrate_flatrate"
    reservation = Reservation.objects.get()
    assert (reservation.sku, reservation.quantity, reservation.object_id) == ("24-WB01", Decimal(-3), str(order.pk))


def test_a_new_order_never_sells_more_than_is_salable(rest_client, bag):
    """Magento's repository save would write it (no reservation, no check); here: MSI's message, nothing written."""
    make_order(item_qtys=[Decimal(8)], products=[bag])

    response = rest_client.post(f"{V1}/orders", new_order("24-WB01", 3), format="json")

    assert (response.status_code, response.json()) == (400, {"message": "Not enough items for sale"})
    assert Order.objects.count() == 1


@pytest.mark.parametrize(("entity", "expected"), [
    ({"items": []}, {"message": '"%fieldName" is required. Enter and try again.',
                     "parameters": {"fieldName": "items"}}),
    ({"items": [{"sku": "24-WB01", "qty_ordered": 0}]}, {"message": INVALID,
                                                         "parameters": {"value": "0", "fieldName": "qty_ordered"}}),
    ({"payment": None}, {"message": '"%fieldName" is required. Enter and try again.',
                         "parameters": {"fieldName": "payment"}}),
    ({"payment": {"method": "braintree"}}, {"message": "The requested Payment Method is not available."}),
    ({"items": [{"sku": "NOPE", "qty_ordered": 1}]}, {"message": "Not enough items for sale"}),
    ({"customer_id": 424242}, {"message": "No such entity with %fieldName = %fieldValue",
                               "parameters": {"fieldName": "customerId", "fieldValue": 424242}}),
    ({"billing_address": {**ADDRESS, "postcode": "", "region_id": 66}},
     {"message": "We can't save the address:\n%1",
      "parameters": ['"Zip code" is required. Enter and try again.\n'
                     'Invalid value of "66" provided for the regionId field.']}),
    ({"items": [{"sku": "24-WB01", "qty_ordered": 1, "colour": "red"}]},
     {"message": 'Property "%1" does not have accessor method "%2" in class "%3".',
      "parameters": ["Colour", "getColour", "Magento\\Sales\\Api\\Data\\OrderItemInterface"]}),
])  # fmt: skip
def test_a_bad_new_order_gets_magentos_message_and_writes_nothing(rest_client, bag, entity, expected):
    response = rest_client.post(f"{V1}/orders", new_order("24-WB01", **entity), format="json")

    assert response.status_code in (400, 404)
    assert response.json() == expected
    assert not Order.objects.exists()
    assert not Reservation.objects.exists()


def test_an_order_read_and_sent_back_unchanged_writes_nothing(rest_client):
    order = make_order()
    read = rest_client.get(f"{V1}/orders/{order.pk}").json()
    history = OrderStatusHistory.objects.count()

    response = rest_client.post(f"{V1}/orders", {"entity": read}, format="json")

    assert response.status_code == 200
    assert response.json()["status_histories"] == read["status_histories"]
    assert OrderStatusHistory.objects.count() == history
    assert Order.objects.count() == 1


def test_an_existing_order_takes_a_status_of_its_state_a_comment_and_a_new_billing_address(rest_client):
    order = make_order()
    read = rest_client.get(f"{V1}/orders/{order.pk}").json()
    entity = {
        "entity_id": order.pk, "status": "pending", "state": "new", "grand_total": 0,
        "billing_address": {**read["billing_address"], "city": "Austin", "postcode": "78701", "region_id": 57},
        "status_histories": [*read["status_histories"], {"comment": "Called the customer", "is_visible_on_front": 1}],
    }  # fmt: skip

    response = rest_client.put(f"{V1}/orders/create", {"entity": entity}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert (body["grand_total"], body["billing_address"]["city"], body["billing_address"]["region_id"]) == (
        float(order.grand_total), "Austin", 57)  # fmt: skip
    assert body["status_histories"][0]["comment"] == "Called the customer"  # newest first
    assert OrderAddress.objects.get(parent=order, address_type="shipping").city == "Mineola"


@pytest.mark.parametrize(("entity", "expected"), [
    ({"state": "complete"}, {"message": INVALID, "parameters": {"value": "complete", "fieldName": "state"}}),
    ({"status": "processing"}, {"message": INVALID, "parameters": {"value": "processing", "fieldName": "status"}}),
    ({"billing_address": {"country_id": "ZZ"}},
     {"message": "We can't save the address:\n%1",
      "parameters": ['Invalid value of "ZZ" provided for the countryId field.']}),
])  # fmt: skip
def test_an_existing_order_refuses_what_would_break_it_and_writes_nothing(rest_client, entity, expected):
    order = make_order()
    history = OrderStatusHistory.objects.count()

    response = rest_client.post(
        f"{V1}/orders", {"entity": {"entity_id": order.pk, "status_histories": [{"comment": "x"}], **entity}},
        format="json")  # fmt: skip

    assert (response.status_code, response.json()) == (400, expected)
    order.refresh_from_db()
    assert (order.state, order.status, OrderStatusHistory.objects.count()) == ("new", "pending", history)
    assert OrderAddress.objects.get(parent=order, address_type="billing").country_id == "US"


def test_saving_an_unknown_order_id_is_a_404(rest_client):
    response = rest_client.post(f"{V1}/orders", {"entity": {"entity_id": 999999}}, format="json")

    assert (response.status_code, response.json()) == (
        404,
        {"message": "The entity that was requested doesn't exist. Verify the entity and try again."},
    )


def test_an_order_address_is_updated_through_its_order(rest_client):
    order = make_order()
    address = OrderAddress.objects.get(parent=order, address_type="shipping")
    entity = {
        "entity_id": address.pk,
        "city": "Austin",
        "postcode": "78701",
        "region_id": 57,
        "region_code": "TX",
        "region": "Texas",
        "parent_id": 12345,
    }

    response = rest_client.put(f"{V1}/orders/{order.pk}", {"entity": entity}, format="json")

    assert response.status_code == 200
    assert response.json() == {
        "address_type": "shipping", "city": "Austin", "country_id": "US", "email": "jdoe@example.com",
        "entity_id": address.pk, "firstname": "Jane", "lastname": "Doe", "parent_id": order.pk, "postcode": "78701",
        "region": "Texas", "region_code": "TX", "region_id": 57, "street": ["160 1st St."],
        "telephone": "516-555-1111",
    }  # fmt: skip
    assert OrderAddress.objects.get(pk=address.pk).city == "Austin"


def test_an_address_of_another_order_is_not_found_and_stays(rest_client):
    """The path's parent_id overrides entity.parent_id (Webapi ParamsOverrider::overrideRequestBodyIdWithPathParam):
    Magento would move the address to that order; here it must be the order's own."""
    mine, other = make_order(), make_order()
    address = OrderAddress.objects.get(parent=other, address_type="billing")

    response = rest_client.put(
        f"{V1}/orders/{mine.pk}", {"entity": {"entity_id": address.pk, "city": "X"}}, format="json"
    )

    assert (response.status_code, response.json()) == (
        404,
        {"message": "The entity that was requested doesn't exist. Verify the entity and try again."},
    )
    address.refresh_from_db()
    assert (address.parent_id, address.city) == (other.pk, "Mineola")


@pytest.mark.parametrize(("entity", "expected"), [
    ({"city": "X"}, (400, {"message": "An ID is needed. Set the ID and try again."})),
    ({"postcode": "", "entity_id": "ADDRESS"}, (400, {"message": "The order address couldn't be saved."})),
    ({"region_id": 66, "entity_id": "ADDRESS"}, (400, {"message": "The order address couldn't be saved."})),
    ({"email": "not-an-email", "entity_id": "ADDRESS"}, (400, {"message": "The order address couldn't be saved."})),
    ({"address_type": "billing", "entity_id": "ADDRESS"},
     (400, {"message": "The order address couldn't be saved."})),
])  # fmt: skip
def test_a_bad_order_address_gets_magentos_message_and_stays(rest_client, entity, expected):
    order = make_order()
    address = OrderAddress.objects.get(parent=order, address_type="shipping")
    entity = {**entity, "entity_id": address.pk} if entity.get("entity_id") == "ADDRESS" else entity

    response = rest_client.put(f"{V1}/orders/{order.pk}", {"entity": entity}, format="json")

    assert (response.status_code, response.json()) == expected
    address.refresh_from_db()
    assert (address.postcode, address.region_id, address.address_type) == ("11501", 43, "shipping")


def customer_token_client() -> APIClient:
    customer = {
        "customer": {"lastname": "Roe", "firstname": "Rita", "email": "rita@example.com"},
        "password": "Password1",
    }
    APIClient().post(f"{V1}/customers", customer, format="json")
    token = (
        APIClient()
        .post(
            f"{V1}/integration/customer/token", {"username": "rita@example.com", "password": "Password1"}, format="json"
        )
        .json()
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.mark.parametrize(("method", "path"), [("post", "/orders"), ("put", "/orders/create"), ("put", "/orders/ID")])
def test_customer_tokens_guests_and_clerks_without_the_permission_are_refused(staff_client_with, bag, method, path):
    order = make_order()
    path = path.replace("ID", str(order.pk))
    address = OrderAddress.objects.get(parent=order, address_type="billing")
    body = {"entity": {"entity_id": address.pk, "city": "X"}} if path.endswith(str(order.pk)) else new_order(bag.sku)
    refused = (401, {"message": NOT_AUTHORIZED, "parameters": {"resources": "Magento_Sales::create"}})

    for client in (customer_token_client(), APIClient(), staff_client_with("sales.view_order")):
        response = getattr(client, method)(f"{V1}{path}", body, format="json")
        assert (response.status_code, response.json()) == refused
    assert Order.objects.count() == 1
    assert OrderAddress.objects.get(pk=address.pk).city == "Mineola"


def test_a_clerk_with_add_order_saves_and_still_reads_with_view_order(staff_client_with, bag):
    client = staff_client_with("sales.add_order")

    assert client.post(f"{V1}/orders", new_order(bag.sku), format="json").status_code == 200
    assert client.get(f"{V1}/orders").status_code == 401


def test_a_retried_create_with_the_same_idempotency_key_places_one_order(rest_client, bag):
    first = rest_client.post(f"{V1}/orders", new_order(bag.sku), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = rest_client.post(f"{V1}/orders", new_order(bag.sku), format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json() == first.json()
    assert (Order.objects.count(), Reservation.objects.count()) == (1, 1)
