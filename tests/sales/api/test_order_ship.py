"""POST /V1/order/{orderId}/ship and the shipment reads: the tutorial's step 12, with MSI's source deduction."""

from __future__ import annotations

from decimal import Decimal

import pytest

from inventory.models import Reservation, SourceItem, Stock
from inventory.salable import get_salable_quantities
from sales.models import Order, Shipment

pytestmark = pytest.mark.django_db
D = Decimal


def tutorial_order() -> Order:
    return Order.objects.get(customer_email="jdoe@example.com")


def item(order: Order, sku: str) -> int:
    return order.items.get(sku=sku).pk


def per_source(sku: str) -> dict[str, Decimal]:
    return dict(SourceItem.objects.filter(product_id=sku).values_list("source_id", "quantity"))


def salable(*skus: str) -> dict[str, Decimal]:
    stock_id = Stock.objects.get(name="US Stock").pk
    return {sku: next(r.qty for r in rows if r.stock_id == stock_id) for sku, rows in get_salable_quantities(skus).items()}


@pytest.fixture
def invoiced_order(tutorial, rest_client) -> Order:
    order = tutorial_order()
    rest_client.post(f"/rest/default/V1/order/{order.pk}/invoice", {"capture": True}, format="json")
    return order


def test_step_12_two_partial_shipments_from_two_sources_complete_the_order(invoiced_order, rest_client):
    order = invoiced_order
    salable_before = salable("24-WB01", "24-WB03")

    first = rest_client.post(
        f"/rest/default/V1/order/{order.pk}/ship",
        {"items": [{"order_item_id": item(order, "24-WB03"), "qty": 20},
                   {"order_item_id": item(order, "24-WB01"), "qty": 35}],
         "notify": True, "comment": {"comment": "Shipment from the Northeast warehouse"},
         "arguments": {"extension_attributes": {"source_code": "ne_wh"}}},
        format="json",
    )
    order.refresh_from_db()
    state_between = order.state
    second = rest_client.post(
        f"/rest/default/V1/order/{order.pk}/ship",
        {"items": [{"order_item_id": item(order, "24-WB01"), "qty": 5}], "notify": True,
         "comment": {"comment": "Shipment from the West warehouse"},
         "arguments": {"extension_attributes": {"source_code": "west_wh"}}},
        format="json",
    )

    assert (first.status_code, second.status_code) == (200, 200)
    assert isinstance(first.json(), int)
    assert isinstance(second.json(), int)
    assert state_between == "processing"
    order.refresh_from_db()
    assert (order.state, order.status) == ("complete", "complete")
    assert per_source("24-WB01") == {"ne_wh": 0, "west_wh": 10, "brooklyn": 10, "huntington": 10, "manhattan": 10,
                                     "berkeley": 10, "sausalito": 10}
    assert per_source("24-WB03")["ne_wh"] == 30
    assert SourceItem.objects.get(product_id="24-WB01", source_id="ne_wh").status == SourceItem.Status.OUT_OF_STOCK
    assert salable("24-WB01", "24-WB03") == salable_before == {"24-WB01": 60, "24-WB03": 80}
    assert Reservation.objects.filter(sku="24-WB01").values_list("quantity", flat=True)[::1] == [D(-40), D(35), D(5)]
    assert [s.total_qty for s in Shipment.objects.order_by("pk")] == [55, 5]


def test_a_shipment_reads_like_magentos_with_its_source_code(invoiced_order, rest_client):
    order = invoiced_order
    shipment_id = rest_client.post(
        f"/rest/V1/order/{order.pk}/ship",
        {"items": [{"order_item_id": item(order, "24-WB03"), "qty": 2}],
         "comment": {"comment": "Partial", "is_visible_on_front": 1},
         "tracks": [{"track_number": "1Z999", "title": "United Parcel Service", "carrier_code": "ups"}],
         "arguments": {"extension_attributes": {"source_code": "west_wh"}}},
        format="json",
    ).json()

    body = rest_client.get(f"/rest/V1/shipment/{shipment_id}").json()

    shipment = Shipment.objects.get(pk=shipment_id)
    assert list(body) == ["billing_address_id", "created_at", "customer_id", "entity_id", "increment_id", "order_id",
                          "packages", "shipping_address_id", "store_id", "total_qty", "total_weight", "updated_at",
                          "items", "tracks", "comments", "extension_attributes"]
    assert body["extension_attributes"] == {"source_code": "west_wh"}
    assert (body["entity_id"], body["increment_id"], body["order_id"], body["total_qty"]) == (
        shipment_id, f"{shipment_id:09d}", order.pk, 2)
    assert body["items"] == [{"entity_id": shipment.items.get().pk, "name": "Driven Backpack", "parent_id": shipment_id,
                              "price": 36, "product_id": 12, "sku": "24-WB03", "weight": 1,
                              "order_item_id": item(order, "24-WB03"), "qty": 2}]
    track = shipment.tracks.get()
    assert body["tracks"] == [{"order_id": order.pk, "created_at": body["tracks"][0]["created_at"],
                               "entity_id": track.pk, "parent_id": shipment_id,
                               "updated_at": body["tracks"][0]["updated_at"], "weight": None, "qty": None,
                               "description": None, "track_number": "1Z999", "title": "United Parcel Service",
                               "carrier_code": "ups"}]
    assert [(c["comment"], c["is_visible_on_front"]) for c in body["comments"]] == [("Partial", 1)]
    comments = rest_client.get(f"/rest/V1/shipment/{shipment_id}/comments").json()
    assert comments["total_count"] == 1
    assert comments["items"] == body["comments"]
    listed = rest_client.get(
        "/rest/V1/shipments", {"searchCriteria[filter_groups][0][filters][0][field]": "order_id",
                               "searchCriteria[filter_groups][0][filters][0][value]": str(order.pk)}).json()
    assert listed["total_count"] == 1
    assert listed["items"][0] == body


def test_without_a_source_code_the_priority_algorithm_picks_the_source(invoiced_order, rest_client):
    order = invoiced_order

    shipment_id = rest_client.post(
        f"/rest/V1/order/{order.pk}/ship", {"items": [{"order_item_id": item(order, "24-WB03"), "qty": 20}]},
        format="json").json()

    assert Shipment.objects.get(pk=shipment_id).source_code == "ne_wh"  # priority 1, holds 50
    assert per_source("24-WB03")["ne_wh"] == 30


def test_without_a_source_code_items_spread_over_sources_are_refused(invoiced_order, rest_client):
    order = invoiced_order

    response = rest_client.post(f"/rest/V1/order/{order.pk}/ship", {}, format="json")  # 24-WB01 ×40 > ne_wh's 35

    assert response.status_code == 400
    assert response.json()["parameters"] == ["ne_wh, west_wh"]
    assert Shipment.objects.count() == 0


def test_tracks_can_be_added_and_deleted(invoiced_order, rest_client):
    order = invoiced_order
    shipment_id = rest_client.post(
        f"/rest/V1/order/{order.pk}/ship",
        {"items": [{"order_item_id": item(order, "24-WB03"), "qty": 1}],
         "arguments": {"extension_attributes": {"source_code": "ne_wh"}}}, format="json").json()

    added = rest_client.post("/rest/V1/shipment/track", {"entity": {
        "parent_id": shipment_id, "order_id": order.pk, "track_number": "TN1", "title": "Fedex",
        "carrier_code": "fedex"}}, format="json")
    deleted = rest_client.delete(f"/rest/V1/shipment/track/{added.json()['entity_id']}")
    deleted_again = rest_client.delete(f"/rest/V1/shipment/track/{added.json()['entity_id']}")

    assert added.status_code == 200
    assert (added.json()["track_number"], added.json()["parent_id"], added.json()["order_id"]) == (
        "TN1", shipment_id, order.pk)
    assert (deleted.status_code, deleted.json()) == (200, True)
    assert deleted_again.status_code == 404


def nothing_shipped(order: Order, quantities_before: dict) -> bool:
    return (Shipment.objects.count() == 0
            and list(order.items.values_list("qty_shipped", flat=True)) == [0, 0, 0]
            and {sku: per_source(sku) for sku in quantities_before} == quantities_before
            and not Reservation.objects.filter(event_type="shipment_created").exists())


@pytest.mark.parametrize(
    ("lines", "source_code", "message"),
    [
        ([("24-WB03", 21)], "ne_wh",
         'Shipment Document Validation Error(s):\nWe found an invalid quantity to ship for item "Driven Backpack".\n'
         "You can't create a shipment without products."),
        ([("24-WB03", -1)], "ne_wh",
         'Shipment Document Validation Error(s):\nWe found an invalid quantity to ship for item "Driven Backpack".\n'
         "You can't create a shipment without products."),
        ([("24-WB03", 0.5)], "ne_wh",
         'Shipment Document Validation Error(s):\nWe found an invalid quantity to ship for item "Driven Backpack".\n'
         "You can't create a shipment without products."),
        ([("240-LV06", 1)], "hq",
         'Shipment Document Validation Error(s):\nWe found an invalid quantity to ship for item "Yoga Adventure".\n'
         "You can't create a shipment without products."),
        ([(999999, 1)], "ne_wh",
         'Shipment Document Validation Error(s):\nWe can not found item "999999" in order.\n'
         "You can't create a shipment without products."),
        ([("24-WB03", 20)], "hq", ("Source item not found by source code: %1 and sku: %2.", ["hq", "24-WB03"])),
        ([("24-WB03", 20)], "brooklyn", "Not all of your products are available in the requested quantity."),
        ([("24-WB03", 1)], "nowhere", ("Source item not found by source code: %1 and sku: %2.", ["nowhere", "24-WB03"])),
    ],
)
def test_refusals_answer_magentos_messages_and_write_nothing(invoiced_order, rest_client, lines, source_code, message):
    order = invoiced_order
    before = {sku: per_source(sku) for sku in ("24-WB01", "24-WB03", "240-LV06")}
    items = [{"order_item_id": item(order, ref) if isinstance(ref, str) else ref, "qty": qty} for ref, qty in lines]

    response = rest_client.post(
        f"/rest/V1/order/{order.pk}/ship",
        {"items": items, "arguments": {"extension_attributes": {"source_code": source_code}}}, format="json")

    assert response.status_code == 400
    template, parameters = message if isinstance(message, tuple) else (message, None)
    assert response.json() == {"message": template} | ({"parameters": parameters} if parameters else {})
    assert nothing_shipped(order, before)


def test_shipping_everything_twice_is_refused(invoiced_order, rest_client):
    order = invoiced_order
    for sku, source, qty in (("24-WB03", "ne_wh", 20), ("24-WB01", "ne_wh", 35), ("24-WB01", "west_wh", 5)):
        rest_client.post(f"/rest/V1/order/{order.pk}/ship", {"items": [{"order_item_id": item(order, sku), "qty": qty}],
                         "arguments": {"extension_attributes": {"source_code": source}}}, format="json")

    response = rest_client.post(f"/rest/V1/order/{order.pk}/ship", {}, format="json")

    assert response.json() == {"message": "Shipment Document Validation Error(s):\nYou can't create a shipment without "
                               "products.\nThe order does not allow a shipment to be created."}
    assert Shipment.objects.count() == 3


@pytest.mark.parametrize("state", ["holded", "canceled", "payment_review"])
def test_an_order_in_a_blocking_state_cannot_ship(invoiced_order, rest_client, state):
    order = invoiced_order
    Order.objects.filter(pk=order.pk).update(state=state, status=state)

    response = rest_client.post(f"/rest/V1/order/{order.pk}/ship", {}, format="json")

    assert response.json() == {"message": "Shipment Document Validation Error(s):\n"
                               f"A shipment cannot be created when an order has a status of {state}"}
    assert Shipment.objects.count() == 0


def test_shipping_needs_the_ship_permission(invoiced_order, staff_client_with):
    client = staff_client_with("sales.view_shipment")

    response = client.post(f"/rest/V1/order/{invoiced_order.pk}/ship", {}, format="json")

    assert response.status_code == 401
    assert response.json() == {"message": "The consumer isn't authorized to access %resources.",
                               "parameters": {"resources": "Magento_Sales::ship"}}
    assert Shipment.objects.count() == 0
