"""What ship_order, ship_order_from_sources, add_track and delete_track write, to the field: the details
tests/sales/test_shipping.py leaves out, found by `make mutate` (README "Mutation testing").

Contracts: Magento_Sales Model/ShipOrder.php (notify: the shipment email is due, the comment goes with it when
appendComment), Model/Order/Shipment/Track.php and Api/ShipmentTrackRepositoryInterface.php (POST /V1/shipment/track
keeps the title and description; DELETE /V1/shipment/track/{id} of a missing track is a NoSuchEntity),
Model/Order/Shipment.php (the shipment is in the order's store, for the order's customer, at its addresses),
MSI InventoryShipping/Observer/SourceDeductionProcessor.php (the shipment_created reservation names the order)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from customers.models import Customer
from inventory.exceptions import NotEnoughQuantity
from inventory.models import Reservation, SourceItem
from sales.exceptions import NotEnoughAtSource, ShipmentNotFound, ShipmentTrackNotFound
from sales.models import Order, OrderStatusHistory, Shipment, ShipmentComment, ShipmentTrack
from sales.shipping import ShipmentLine, Track, add_track, delete_track, ship_order, ship_order_from_sources
from tests.factories import make_order, make_product

pytestmark = pytest.mark.django_db
D = Decimal


def due(shipment: Shipment) -> tuple:
    return Shipment.objects.values_list("send_email", "email_sent", "customer_note", "customer_note_notify").get(
        pk=shipment.pk
    )


def test_a_track_added_to_a_shipment_keeps_its_title_description_and_order():
    order = make_order()
    shipment = ship_order(order)

    track = add_track(shipment.pk, Track("1Z999", "United Parcel Service", "ups"), description="Two boxes")

    stored = ShipmentTrack.objects.get(pk=track.pk)
    assert (
        stored.parent_id,
        stored.order_id,
        stored.track_number,
        stored.title,
        stored.carrier_code,
        stored.description,
    ) == (shipment.pk, order.pk, "1Z999", "United Parcel Service", "ups", "Two boxes")


def test_a_track_for_a_missing_shipment_is_refused_and_deleting_a_missing_track_too():
    shipment = ship_order(make_order())
    track = add_track(shipment.pk, Track("1Z1", "UPS", "ups"))

    with pytest.raises(ShipmentNotFound):
        add_track(shipment.pk + 1000, Track("1Z2", "UPS", "ups"))
    delete_track(track.pk)
    with pytest.raises(ShipmentTrackNotFound):
        delete_track(track.pk)

    assert ShipmentTrack.objects.filter(parent=shipment).count() == 0


def test_a_shipment_is_in_the_orders_store_for_its_customer_at_its_addresses_with_its_packages():
    order = make_order()
    customer = Customer.objects.create(email="jdoe@example.com", firstname="J", lastname="Doe")
    Order.objects.filter(pk=order.pk).update(store_id=2, customer_id=customer.pk)
    addresses = dict(order.addresses.values_list("address_type", "pk"))

    shipment = Shipment.objects.get(pk=ship_order(order, packages=[{"params": {"weight": 1}}]).pk)

    assert (shipment.store_id, shipment.customer_id) == (2, customer.pk)
    assert (shipment.billing_address_id, shipment.shipping_address_id) == (addresses["billing"], addresses["shipping"])
    assert shipment.packages == [{"params": {"weight": 1}}]
    assert shipment.total_weight is None  # factory products weigh nothing
    item = shipment.items.get()
    order_item = order.items.get()
    assert (item.product_id, item.sku, item.name, item.price, item.weight) == (
        order_item.product_id,
        order_item.sku,
        order_item.name,
        order_item.price,
        order_item.weight,
    )


def test_notify_makes_the_shipment_email_due_with_the_comment_only_when_appended():
    quiet = ship_order(make_order(), comment="Quiet")
    plain = ship_order(make_order(), notify=True, comment="Not in the email")
    appended = ship_order(make_order(), notify=True, append_comment=True, comment="In the email")

    assert due(quiet) == (None, None, None, None)
    assert due(plain) == (1, None, None, None)
    assert due(appended) == (1, None, "In the email", 1)
    assert ShipmentComment.objects.get(parent=plain).is_customer_notified == 1
    assert ShipmentComment.objects.get(parent=quiet).is_customer_notified == 0


def test_a_split_shipment_notifies_only_when_asked_and_carries_the_comment():
    order = make_order(products=[make_product(), make_product()], item_qtys=[D(1), D(1)])
    first, second = order.items.order_by("pk")
    other = make_order(products=[make_product(), make_product()], item_qtys=[D(1), D(1)])
    third, fourth = other.items.order_by("pk")

    quiet = ship_order_from_sources(order, {"default": [ShipmentLine(first.pk, D(1)), ShipmentLine(second.pk, D(1))]})
    loud = ship_order_from_sources(
        other, {"default": [ShipmentLine(third.pk, D(1)), ShipmentLine(fourth.pk, D(1))]}, notify=True, comment="Packed"
    )

    assert [due(s)[0] for s in quiet] == [None]
    assert [due(s)[0] for s in loud] == [1]
    assert [c.comment for c in ShipmentComment.objects.filter(parent__in=loud)] == ["Packed"]


def test_the_shipment_reservation_names_the_order_it_compensates():
    product = make_product(quantity=D(5))
    order = make_order(products=[product], item_qtys=[D(2)])

    ship_order(order)

    [reservation] = Reservation.objects.filter(sku=product.sku, quantity=D(2))
    assert json.loads(reservation.metadata) == {
        "event_type": "shipment_created",
        "object_type": "order",
        "object_id": str(order.pk),
        "object_increment_id": order.increment_id,
    }


@pytest.mark.parametrize(("held_b", "holds"), [(D(1), "1"), (None, "0")])
def test_a_short_source_is_named_with_the_first_line_it_cannot_cover_and_what_it_holds(held_b, holds):
    """The line the source covers exactly (5 of 5) is not the short one; a source without the item holds 0."""
    a, b = make_product(quantity=D(5)), make_product(quantity=D(3))
    order = make_order(products=[a, b], item_qtys=[D(5), D(3)])
    source_item = SourceItem.objects.filter(product=b, source_id="default")
    source_item.update(quantity=held_b) if held_b is not None else source_item.delete()
    item_a, item_b = order.items.order_by("pk")

    with pytest.raises(NotEnoughAtSource) as shortage:
        ship_order_from_sources(order, {"default": [ShipmentLine(item_a.pk, D(5)), ShipmentLine(item_b.pk, D(3))]})

    assert shortage.value.parameters == [b.sku, "Default Source", "3", holds]


def test_a_source_that_holds_part_of_the_order_is_not_enough_rather_than_a_split():
    """MSI's priority algorithm takes what it can: 1 of 3 from the only source is unshippable, not a split."""
    product = make_product(quantity=D(3))
    order = make_order(products=[product], item_qtys=[D(3)])
    SourceItem.objects.filter(product=product).update(quantity=D(1))

    with pytest.raises(NotEnoughQuantity):
        ship_order(order)

    assert Shipment.objects.filter(order=order).count() == 0


def test_a_shipment_comment_is_hidden_from_the_storefront_unless_asked():
    """ShipOrder's comment: is_visible_on_front defaults to false (Api/Data/ShipmentCommentCreationInterface)."""
    shipment = ship_order(make_order(), comment="Internal note")

    assert ShipmentComment.objects.get(parent=shipment).is_visible_on_front == 0


def test_a_zero_line_is_no_shipment_line_and_not_a_refusal():
    """ShipmentDocumentFactory: a zero quantity makes no shipment item (QuantityValidator refuses negatives only)."""
    order = make_order(item_qtys=[D(1), D(1)])
    first, second = order.items.order_by("pk")

    shipment = ship_order(order, items=[ShipmentLine(first.pk, D(1)), ShipmentLine(second.pk, D(0))])

    assert [(i.order_item_id, i.qty) for i in shipment.items.all()] == [(first.pk, D(1))]


def test_the_orders_shipment_history_row_says_whether_the_customer_was_notified():
    """ShipOrder's $notify (Magento_Sales Model/ShipOrder.php) is the shipment history row's is_customer_notified
    (sales_order_status_history), 1 or 0, beside the comment."""
    quiet = ship_order(make_order(), comment="Packed")
    loud = ship_order(make_order(), notify=True, comment="On its way")

    def history(shipment: Shipment) -> tuple:
        return OrderStatusHistory.objects.filter(parent_id=shipment.order_id, entity_name="shipment").values_list(
            "comment", "is_customer_notified"
        ).get()

    assert history(quiet) == ("Packed", 0)
    assert history(loud) == ("On its way", 1)
