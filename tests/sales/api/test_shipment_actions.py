"""A shipment through its repository over REST: save, comments and label (Magento_Sales etc/webapi.xml, all three
under Magento_Sales::shipment), on the tutorial's order and sources.

Magento 2.4.6, the files each answer comes from:

- save: ``Model/Order/ShipmentRepository.php::save`` wraps every failure in "The shipment couldn't be saved."
  (``Model/ResourceModel/Order/Shipment.php::_beforeSave``: "We cannot create an empty shipment." for a new
  shipment without items, or items sent empty; ``ResourceModel/Order/Shipment/Relation.php`` saves the items,
  tracks and comments, whose validators ``Shipment/Track/Validator.php`` (parent_id, order_id, track_number,
  carrier_code) and ``Shipment/Comment/Validator.php`` (parent_id, comment) refuse; the database refuses an
  unknown order). MSI's ``module-inventory-shipping/Observer/SourceDeductionProcessor.php`` deducts the source of a
  new shipment. Here a new shipment goes through sales/shipping.py's ship_order (sales/shipments.py).
- comments: ``Model/Order/Shipment/CommentRepository.php::save`` wraps every failure in "Could not save the
  shipment comment.", then ``ShipmentCommentSender`` emails it when ``is_customer_notified``.
- label: ``Model/Service/ShipmentService.php::getLabel`` is ``(string)`` the shipment's shipping_label, after
  ``ShipmentRepository::get`` ("An ID is needed. Set the ID and try again." for 0, 404 for an unknown id).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from inventory.models import Reservation, SourceItem, Stock
from inventory.salable import get_salable_quantities
from sales.models import Order, Shipment, ShipmentComment, ShipmentTrack
from tests.reliability.support import snapshot

pytestmark = pytest.mark.django_db
D = Decimal

NOT_FOUND = {"message": "The entity that was requested doesn't exist. Verify the entity and try again."}
ID_NEEDED = {"message": "An ID is needed. Set the ID and try again."}
NOT_SAVED = {"message": "The shipment couldn't be saved."}
COMMENT_NOT_SAVED = {"message": "Could not save the shipment comment."}
UNAUTHORIZED = {
    "message": "The consumer isn't authorized to access %resources.",
    "parameters": {"resources": "Magento_Sales::shipment"},
}


@pytest.fixture
def order(tutorial) -> Order:
    return Order.objects.get(customer_email="jdoe@example.com")


def item(order: Order, sku: str) -> int:
    return order.items.get(sku=sku).pk


def per_source(sku: str) -> dict[str, Decimal]:
    return dict(SourceItem.objects.filter(product_id=sku).values_list("source_id", "quantity"))


def salable(sku: str) -> Decimal:
    stock_id = Stock.objects.get(name="US Stock").pk
    return next(row.qty for row in get_salable_quantities([sku])[sku] if row.stock_id == stock_id)


def shipped(rest_client, order: Order, sku: str = "24-WB03", qty: int = 2) -> int:
    return rest_client.post(
        f"/rest/V1/order/{order.pk}/ship",
        {
            "items": [{"order_item_id": item(order, sku), "qty": qty}],
            "arguments": {"extension_attributes": {"source_code": "west_wh"}},
        },
        format="json",
    ).json()


# --- POST /V1/shipment/ -------------------------------------------------------------------------------------------


def test_a_new_shipment_is_shipped_with_source_deduction_and_answered_as_get_renders_it(order, rest_client, mailoutbox):
    mailoutbox.clear()
    salable_before = salable("24-WB03")

    response = rest_client.post(
        "/rest/V1/shipment/",
        {
            "entity": {
                "order_id": order.pk,
                "total_qty": 999,
                "increment_id": "MINE",
                "shipment_status": 7,  # the server's, not read
                "items": [{"order_item_id": item(order, "24-WB03"), "qty": 20, "price": 1, "sku": "ignored"}],
                "tracks": [
                    {
                        "order_id": order.pk,
                        "track_number": "1Z999",
                        "title": "United Parcel Service",
                        "carrier_code": "ups",
                        "description": "two boxes",
                    }
                ],
                "comments": [
                    {"comment": "Left the Northeast warehouse", "is_visible_on_front": 1, "is_customer_notified": 1}
                ],
                "extension_attributes": {"source_code": "ne_wh"},
            }
        },
        format="json",
    )

    assert response.status_code == 200, response.content
    shipment = Shipment.objects.get()
    body = response.json()
    assert body == rest_client.get(f"/rest/V1/shipment/{shipment.pk}").json()
    assert (body["order_id"], body["total_qty"], body["increment_id"], body["extension_attributes"]) == (
        order.pk,
        20,
        f"{shipment.pk:09d}",
        {"source_code": "ne_wh"},
    )
    assert "shipment_status" not in body
    assert [(i["sku"], i["price"], i["qty"]) for i in body["items"]] == [("24-WB03", 36, 20)]
    assert [(t["track_number"], t["carrier_code"], t["description"], t["order_id"]) for t in body["tracks"]] == [
        ("1Z999", "ups", "two boxes", order.pk)
    ]
    assert [(c["comment"], c["is_visible_on_front"], c["is_customer_notified"]) for c in body["comments"]] == [
        ("Left the Northeast warehouse", 1, 1)
    ]
    # ship_order's invariants: the order's quantities, the source's stock, the compensating reservation.
    assert order.items.get(sku="24-WB03").qty_shipped == 20
    assert per_source("24-WB03")["ne_wh"] == 30
    assert Reservation.objects.filter(sku="24-WB03").values_list("quantity", flat=True)[::1] == [D(-20), D(20)]
    assert salable("24-WB03") == salable_before
    assert mailoutbox == []  # a repository save sends no email


def test_without_a_source_code_the_source_selection_picks_it(order, rest_client):
    response = rest_client.post(
        "/rest/V1/shipment",
        {"entity": {"orderId": order.pk, "items": [{"orderItemId": item(order, "24-WB03"), "qty": 5}]}},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["extension_attributes"] == {"source_code": "ne_wh"}
    assert per_source("24-WB03")["ne_wh"] == 45


def test_an_existing_shipment_gets_its_new_tracks_and_comments_only(order, rest_client):
    shipment_id = shipped(rest_client, order)
    rest_client.post(
        "/rest/V1/shipment/track",
        {
            "entity": {
                "parent_id": shipment_id,
                "order_id": order.pk,
                "track_number": "OLD",
                "title": "Fedex",
                "carrier_code": "fedex",
            }
        },
        format="json",
    )
    copied = rest_client.get(f"/rest/V1/shipment/{shipment_id}").json()
    stock_before = per_source("24-WB03")
    copied["items"][0]["qty"] = 9
    copied["total_qty"] = 9
    copied["extension_attributes"] = {"source_code": "ne_wh"}
    copied["tracks"].append({"order_id": order.pk, "track_number": "NEW", "carrier_code": "dhl"})
    copied["comments"] = [{"comment": "Second box"}]

    response = rest_client.post("/rest/V1/shipment/", {"entity": copied}, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["total_qty"], body["items"][0]["qty"], body["extension_attributes"]) == (
        2,
        2,
        {"source_code": "west_wh"},
    )
    assert [t["track_number"] for t in body["tracks"]] == ["OLD", "NEW"]
    assert [c["comment"] for c in body["comments"]] == ["Second box"]
    assert per_source("24-WB03") == stock_before
    assert order.items.get(sku="24-WB03").qty_shipped == 2
    assert Shipment.objects.count() == 1


@pytest.mark.parametrize(
    "entity",
    [
        {"items": "absent"},  # no items: "We cannot create an empty shipment."
        {"items": []},
        {"items": None},
        {"items": [{"qty": 1}]},  # an item that is no order item
        {"items": [{"order_item_id": "24-WB03"}]},  # no qty
        {"order_id": None},
        {"order_id": 999999},  # the database's foreign key
        {"tracks": [{"track_number": "1Z", "carrier_code": "ups"}]},  # Track\Validator: "Order Id" is required
        {"tracks": [{"order_id": "self", "carrier_code": "ups"}]},  # "Number" is required
        {"tracks": [{"order_id": "self", "track_number": "1Z", "carrier_code": ""}]},  # "Carrier Code" empty
        {"tracks": [{"order_id": 999999, "track_number": "1Z", "carrier_code": "ups"}]},  # another order's
        {"comments": [{"is_visible_on_front": 1}]},  # Comment\Validator: "Comment" is required
        {"comments": [{"comment": ""}]},
    ],
)
def test_magentos_refusals_are_the_shipment_could_not_be_saved_and_write_nothing(order, rest_client, entity):
    entity = {"order_id": order.pk, "items": [{"order_item_id": item(order, "24-WB03"), "qty": 1}]} | entity
    entity = {key: value for key, value in entity.items() if value != "absent"}
    for item_data in entity.get("items") or []:
        if item_data.get("order_item_id") == "24-WB03":
            item_data["order_item_id"] = item(order, "24-WB03")
    for track in entity.get("tracks", []):
        if track.get("order_id") == "self":
            track["order_id"] = order.pk
    before = snapshot()

    response = rest_client.post("/rest/V1/shipment/", {"entity": entity}, format="json")

    assert (response.status_code, response.json()) == (400, NOT_SAVED)
    assert snapshot() == before


def test_an_existing_shipment_sent_with_no_items_is_magentos_empty_shipment(order, rest_client):
    shipment_id = shipped(rest_client, order)

    response = rest_client.post(
        "/rest/V1/shipment/",
        {"entity": {"entity_id": shipment_id, "items": [], "comments": [{"comment": "x"}]}},
        format="json",
    )

    assert (response.status_code, response.json()) == (400, NOT_SAVED)
    assert not ShipmentComment.objects.exists()


def test_what_the_order_cannot_ship_is_refused_with_ship_orders_messages(order, rest_client):
    before = snapshot()

    response = rest_client.post(
        "/rest/V1/shipment/",
        {
            "entity": {
                "order_id": order.pk,
                "items": [{"order_item_id": item(order, "24-WB03"), "qty": 21}],
                "extension_attributes": {"source_code": "ne_wh"},
            }
        },
        format="json",
    )

    assert (response.status_code, response.json()) == (
        400,
        {
            "message": "Shipment Document Validation Error(s):\nWe found an invalid quantity to ship for item "
            '"Driven Backpack".\nYou can\'t create a shipment without products.'
        },
    )
    assert snapshot() == before


def test_a_source_short_of_the_items_is_msis_refusal(order, rest_client):
    before = snapshot()

    response = rest_client.post(
        "/rest/V1/shipment/",
        {
            "entity": {
                "order_id": order.pk,
                "items": [{"order_item_id": item(order, "24-WB03"), "qty": 20}],
                "extension_attributes": {"source_code": "brooklyn"},
            }
        },
        format="json",
    )

    assert (response.status_code, response.json()) == (
        400,
        {"message": "Not all of your products are available in the requested quantity."},
    )
    assert snapshot() == before


def test_an_unknown_shipment_is_not_found(order, rest_client):
    response = rest_client.post(
        "/rest/V1/shipment/", {"entity": {"entity_id": 999999, "comments": [{"comment": "x"}]}}, format="json"
    )

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert not ShipmentComment.objects.exists()


def test_an_unknown_key_of_the_shipment_is_magentos_property_error(order, rest_client):
    response = rest_client.post(
        "/rest/V1/shipment/", {"entity": {"order_id": order.pk, "colour": "red"}}, format="json"
    )

    assert (response.status_code, response.json()) == (
        400,
        {
            "message": 'Property "%1" does not have accessor method "%2" in class "%3".',
            "parameters": ["Colour", "getColour", "Magento\\Sales\\Api\\Data\\ShipmentInterface"],
        },
    )


def test_saving_a_shipment_needs_the_shipment_resource(order, staff_client_with):
    client = staff_client_with("sales.view_shipment", "sales.add_shipmentcomment")

    response = client.post(
        "/rest/V1/shipment/",
        {"entity": {"order_id": order.pk, "items": [{"order_item_id": item(order, "24-WB03"), "qty": 1}]}},
        format="json",
    )
    wrong_method = client.get("/rest/V1/shipment/")

    assert (response.status_code, response.json()) == (401, UNAUTHORIZED)
    assert (wrong_method.status_code, wrong_method.json()) == (404, {"message": "Request does not match any route."})
    assert not Shipment.objects.exists()


# --- POST /V1/shipment/{id}/comments ------------------------------------------------------------------------------


def test_a_comment_is_saved_and_answered_as_the_comments_list_shows_it(order, rest_client, mailoutbox):
    shipment_id = shipped(rest_client, order)
    mailoutbox.clear()

    response = rest_client.post(
        f"/rest/V1/shipment/{shipment_id}/comments",
        {"entity": {"parentId": shipment_id, "comment": "Left the dock", "is_visible_on_front": 1}},
        format="json",
    )

    assert response.status_code == 200, response.content
    comment = ShipmentComment.objects.get(parent_id=shipment_id)
    body = response.json()
    assert list(body) == [
        "is_customer_notified",
        "parent_id",
        "comment",
        "is_visible_on_front",
        "created_at",
        "entity_id",
    ]
    assert body | {"created_at": None} == {
        "is_customer_notified": 0,
        "parent_id": shipment_id,
        "comment": "Left the dock",
        "is_visible_on_front": 1,
        "created_at": None,
        "entity_id": comment.pk,
    }
    assert rest_client.get(f"/rest/V1/shipment/{shipment_id}/comments").json()["items"] == [body]
    assert mailoutbox == []


def test_the_comment_goes_to_its_parent_id_whatever_the_path_says(order, rest_client):
    shipment_id = shipped(rest_client, order)

    response = rest_client.post(
        "/rest/V1/shipment/999999/comments", {"entity": {"parent_id": shipment_id, "comment": "Hello"}}, format="json"
    )

    assert response.status_code == 200
    assert ShipmentComment.objects.get().parent_id == shipment_id


def test_a_notified_comment_is_emailed_after_commit(order, rest_client, mailoutbox, django_capture_on_commit_callbacks):
    shipment_id = shipped(rest_client, order)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = rest_client.post(
            f"/rest/V1/shipment/{shipment_id}/comments",
            {"entity": {"parent_id": shipment_id, "comment": "Delayed a day", "is_customer_notified": 1}},
            format="json",
        )

    assert response.json()["is_customer_notified"] == 1
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["jdoe@example.com"], "Update to your Main Website Store shipment")
    ]
    assert "Delayed a day" in mailoutbox[0].body
    assert f"Shipment #{shipment_id:09d}" in mailoutbox[0].body


@pytest.mark.parametrize(
    "entity",
    [
        {"comment": "no parent"},  # "Parent Shipment Id" is required
        {"parent_id": 0, "comment": "zero parent"},
        {"parent_id": "shipment"},  # "Comment" is required
        {"parent_id": "shipment", "comment": ""},  # Comment can not be empty
        {"parent_id": 999999, "comment": "unknown shipment"},  # the database's foreign key
        {"parent_id": "shipment", "comment": "rewrite", "entity_id": "comment"},  # comments are append-only
    ],
)
def test_refused_comments_are_could_not_save_the_shipment_comment(order, rest_client, entity):
    shipment_id = shipped(rest_client, order)
    existing = ShipmentComment.objects.create(parent_id=shipment_id, comment="first")
    entity = {
        key: {"shipment": shipment_id, "comment": existing.pk}.get(value, value)
        if isinstance(value, str) and key != "comment"
        else value
        for key, value in entity.items()
    }

    response = rest_client.post(f"/rest/V1/shipment/{shipment_id}/comments", {"entity": entity}, format="json")

    assert (response.status_code, response.json()) == (400, COMMENT_NOT_SAVED)
    assert list(ShipmentComment.objects.values_list("comment", flat=True)) == ["first"]


def test_commenting_needs_the_shipment_resource(order, rest_client, staff_client_with):
    shipment_id = shipped(rest_client, order)
    client = staff_client_with("sales.view_shipment", "sales.add_shipment")

    response = client.post(
        f"/rest/V1/shipment/{shipment_id}/comments",
        {"entity": {"parent_id": shipment_id, "comment": "x"}},
        format="json",
    )
    listed = client.get(f"/rest/V1/shipment/{shipment_id}/comments")

    assert (response.status_code, response.json()) == (401, UNAUTHORIZED)
    assert listed.status_code == 200
    assert not ShipmentComment.objects.exists()


# --- GET /V1/shipment/{id}/label ----------------------------------------------------------------------------------


def test_a_shipment_without_a_label_answers_the_empty_string(order, rest_client):
    shipment_id = shipped(rest_client, order)

    response = rest_client.get(f"/rest/V1/shipment/{shipment_id}/label")

    assert (response.status_code, response.content) == (200, b'""')


def test_the_label_of_no_shipment(rest_client):
    unknown = rest_client.get("/rest/V1/shipment/999999/label")
    zero = rest_client.get("/rest/V1/shipment/0/label")

    assert (unknown.status_code, unknown.json()) == (404, NOT_FOUND)
    assert (zero.status_code, zero.json()) == (400, ID_NEEDED)


def test_the_label_needs_the_shipment_resource(order, rest_client, staff_client_with):
    shipment_id = shipped(rest_client, order)

    response = staff_client_with("sales.view_order").get(f"/rest/V1/shipment/{shipment_id}/label")

    assert (response.status_code, response.json()) == (401, UNAUTHORIZED)


def test_tracks_saved_with_a_shipment_are_this_shipments(order, rest_client):
    """Shipment\\Relation sets each track's parent_id to the shipment being saved."""
    response = rest_client.post(
        "/rest/V1/shipment/",
        {
            "entity": {
                "order_id": order.pk,
                "items": [{"order_item_id": item(order, "24-WB03"), "qty": 1}],
                "tracks": [{"order_id": order.pk, "parent_id": 424242, "track_number": "T", "carrier_code": "usps"}],
            }
        },
        format="json",
    )

    assert response.status_code == 200, response.content
    assert ShipmentTrack.objects.get().parent_id == response.json()["entity_id"]


def test_the_schema_describes_the_three_routes(client):
    """/rest/schema (backoffice/openapi.py's document): each route with its body and answer."""
    paths = client.get("/rest/schema").json()["paths"]

    def body(path: str, method: str, part: str) -> object:
        operation = paths[path][method]
        holder = operation.get("requestBody", {}) if part == "request" else operation["responses"]["200"]
        return holder.get("content", {}).get("application/json", {}).get("schema")

    assert set(paths["/rest/V1/shipment"]) == {"post"}
    assert body("/rest/V1/shipment", "post", "request") == {"$ref": "#/components/schemas/ShipmentEntityRequest"}
    assert body("/rest/V1/shipment", "post", "response") == {"$ref": "#/components/schemas/Shipment"}
    assert set(paths["/rest/V1/shipment/{shipment_id}/comments"]) == {"get", "post"}
    assert body("/rest/V1/shipment/{shipment_id}/comments", "post", "request") == {
        "$ref": "#/components/schemas/ShipmentCommentEntityRequest"
    }
    assert body("/rest/V1/shipment/{shipment_id}/label", "get", "response") == {"type": "string"}
