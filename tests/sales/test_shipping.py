"""ship_order and ship_order_from_sources in the domain's words (Magento's ShipOrder, its QuantityValidator and
CanShip validator: module-sales/Model/ShipOrder.php, Model/Order/Shipment/Validation/QuantityValidator.php,
Model/Order/Validation/CanShip.php; MSI's source deduction: InventoryShipping/Observer/SourceDeductionProcessor.php),
without REST: what a shipment holds, what leaves which source, what the order becomes, what is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalog.models import ProductType
from inventory.exceptions import NotEnoughQuantity
from inventory.models import Reservation, Source, SourceItem, Stock, StockSourceLink
from inventory.salable import get_salable_quantity
from sales.exceptions import NotEnoughAtSource, ShipmentDocumentValidationError, SourceSelectionSplit
from sales.invoicing import invoice_order
from sales.models import Order, OrderStatusHistory, Shipment, ShipmentComment, ShipmentTrack
from sales.orders import cancel_order, hold_order
from sales.shipping import ShipmentLine, Track, ship_order, ship_order_from_sources
from tests.factories import make_order, make_product

pytestmark = pytest.mark.django_db
D = Decimal
PREFIX = "Shipment Document Validation Error(s):"
NO_PRODUCTS = "You can't create a shipment without products."


def second_source(code: str = "second", priority: int = 2) -> Source:
    source = Source.objects.create(source_code=code, name=code.title(), country_id="US", postcode="10001")
    StockSourceLink.objects.create(stock=Stock.objects.get(pk=1), source=source, priority=priority)
    return source


def reloaded(order: Order) -> Order:
    return Order.objects.get(pk=order.pk)


def test_shipping_everything_left_from_the_source_that_holds_it_completes_an_invoiced_order():
    product = make_product(quantity=D(10), weight=D("1.5"))
    order = make_order(products=[product], item_qtys=[D(4)])
    invoice_order(order)

    shipment = ship_order(order, tracks=[Track("1Z999", "United Parcel Service", "ups")])

    assert (shipment.source_code, shipment.total_qty, shipment.total_weight) == ("default", D(4), D(6))
    assert shipment.increment_id == f"{shipment.pk:09d}"
    assert [(i.sku, i.qty) for i in shipment.items.all()] == [(product.sku, D(4))]
    assert list(ShipmentTrack.objects.filter(parent=shipment).values_list("track_number", "order_id")) == [
        ("1Z999", order.pk)]
    assert SourceItem.objects.get(product=product).quantity == D(6)
    assert list(Reservation.objects.filter(sku=product.sku).values_list("event_type", "quantity")) == [
        ("order_placed", D(-4)), ("shipment_created", D(4))]
    assert get_salable_quantity(product.sku, 1) == D(6)  # the reservations cancel out; the source holds 6
    order = reloaded(order)
    assert (order.state, order.status) == ("complete", "complete")
    assert order.items.get().qty_shipped == D(4)


def test_a_partial_shipment_leaves_the_order_processing_and_the_rest_to_ship():
    product = make_product(quantity=D(10))
    order = make_order(products=[product], item_qtys=[D(4)])
    invoice_order(order)
    item = order.items.get()

    ship_order(order, items=[ShipmentLine(item.pk, D(1)), ShipmentLine(item.pk, D(2))])  # lines of one item add up

    item.refresh_from_db()
    assert (item.qty_shipped, item.qty_to_ship) == (D(3), D(1))
    assert reloaded(order).state == "processing"
    assert SourceItem.objects.get(product=product).quantity == D(7)


def test_shipping_before_invoicing_keeps_the_order_processing():
    """Magento's state machine: shipped but not invoiced is processing, not complete."""
    order = make_order(products=[make_product(quantity=D(5))], item_qtys=[D(1)])

    ship_order(order)

    assert (reloaded(order).state, reloaded(order).status) == ("processing", "processing")


def test_the_comment_goes_on_the_shipment_and_the_order_history():
    order = make_order(products=[make_product(quantity=D(5))], item_qtys=[D(1)])

    shipment = ship_order(order, comment="Left at the door", comment_visible_on_front=True)

    [comment] = ShipmentComment.objects.filter(parent=shipment)
    assert (comment.comment, comment.is_visible_on_front, comment.is_customer_notified) == ("Left at the door", 1, 0)
    last = OrderStatusHistory.objects.filter(parent=order).order_by("-pk").first()
    assert (last.comment, last.entity_name) == ("Left at the door", "shipment")


def test_a_quantity_over_what_is_left_is_refused_and_nothing_is_written():
    """Stricter than Magento's QuantityValidator, which clamps: the request is refused whole."""
    product = make_product(quantity=D(10))
    order = make_order(products=[product], item_qtys=[D(2)])
    item = order.items.get()

    with pytest.raises(ShipmentDocumentValidationError) as refused:
        ship_order(order, items=[ShipmentLine(item.pk, D(3))])

    assert refused.value.reasons == [f'We found an invalid quantity to ship for item "{item.name}".', NO_PRODUCTS]
    assert str(refused.value).startswith(f'{PREFIX}\nWe found an invalid quantity to ship for item "{item.name}".')
    assert Shipment.objects.count() == 0
    assert SourceItem.objects.get(product=product).quantity == D(10)
    assert item.__class__.objects.get(pk=item.pk).qty_shipped == D(0)


def test_a_fraction_of_an_item_sold_by_the_unit_is_refused():
    order = make_order(products=[make_product(quantity=D(10))], item_qtys=[D(2)])

    with pytest.raises(ShipmentDocumentValidationError) as refused:
        ship_order(order, items=[ShipmentLine(order.items.get().pk, D("0.5"))])

    assert refused.value.reasons == [f'We found an invalid quantity to ship for item "{order.items.get().name}".',
                                     NO_PRODUCTS]


def test_an_item_of_another_order_is_not_found_in_this_one():
    order, other = make_order(item_qtys=[D(1)]), make_order(item_qtys=[D(1)])
    foreign = other.items.get().pk

    with pytest.raises(ShipmentDocumentValidationError) as refused:
        ship_order(order, items=[ShipmentLine(foreign, D(1))])

    assert refused.value.reasons == [f'We can not found item "{foreign}" in order.', NO_PRODUCTS]
    assert Shipment.objects.count() == 0


@pytest.mark.parametrize(("act", "status"), [(hold_order, "holded"), (cancel_order, "canceled")])
def test_an_order_on_hold_or_canceled_cannot_ship(act, status):
    order = make_order(item_qtys=[D(1)])
    act(order)

    with pytest.raises(ShipmentDocumentValidationError) as refused:
        ship_order(reloaded(order))

    # a canceled order has nothing left to ship as well
    assert refused.value.reasons[-1] == f"A shipment cannot be created when an order has a status of {status}"
    assert refused.value.reasons[:-1] == ([NO_PRODUCTS] if status == "canceled" else [])


def test_a_shipped_order_does_not_allow_another_shipment():
    order = make_order(item_qtys=[D(1)])
    ship_order(order)

    with pytest.raises(ShipmentDocumentValidationError) as refused:
        ship_order(reloaded(order))

    assert refused.value.reasons == [NO_PRODUCTS, "The order does not allow a shipment to be created."]


def test_a_virtual_order_cannot_ship():
    order = make_order(products=[make_product(type_id=ProductType.VIRTUAL, quantity=D(5))], item_qtys=[D(1)])

    with pytest.raises(ShipmentDocumentValidationError) as refused:
        ship_order(order)

    assert refused.value.reasons[-1] == f"A shipment cannot be created when an order has a status of {order.status}"


def test_without_a_source_the_priority_algorithm_picks_the_one_that_holds_everything():
    second_source()
    product = make_product(quantity=D(1))  # default (priority 1) holds 1
    SourceItem.objects.create(product=product, source_id="second", quantity=D(9))
    order = make_order(products=[product], item_qtys=[D(1)])

    shipment = ship_order(order)

    assert shipment.source_code == "default"


def test_items_spread_over_sources_are_refused_naming_them_unless_a_source_is_given():
    second_source()
    product = make_product(quantity=D(1))
    SourceItem.objects.create(product=product, source_id="second", quantity=D(9))
    order = make_order(products=[product], item_qtys=[D(3)])

    with pytest.raises(SourceSelectionSplit) as refused:
        ship_order(order)
    shipment = ship_order(order, source_code="second")

    assert refused.value.parameters == ["default, second"]
    assert shipment.source_code == "second"
    assert dict(SourceItem.objects.filter(product=product).values_list("source_id", "quantity")) == {
        "default": D(1), "second": D(6)}


def test_a_source_without_enough_is_refused_and_nothing_is_written():
    product = make_product(quantity=D(1))
    order = make_order(products=[product], item_qtys=[D(1)])
    SourceItem.objects.filter(product=product).update(quantity=D(0))

    with pytest.raises(NotEnoughQuantity):
        ship_order(order)

    assert Shipment.objects.count() == 0
    assert order.items.get().qty_shipped == D(0)


def test_a_split_ships_once_per_source_all_or_nothing():
    second_source()
    a, b = make_product(quantity=D(5)), make_product(quantity=D(0))
    SourceItem.objects.create(product=b, source_id="second", quantity=D(5))
    order = make_order(products=[a, b], item_qtys=[D(2), D(3)])
    item_a, item_b = order.items.order_by("pk")

    refused_split = {"default": [ShipmentLine(item_a.pk, D(2))], "second": [ShipmentLine(item_b.pk, D(6))]}
    with pytest.raises(ShipmentDocumentValidationError):
        ship_order_from_sources(order, refused_split)  # 6 is over what is left to ship (3): nothing ships
    short = {"default": [ShipmentLine(item_a.pk, D(2)), ShipmentLine(item_b.pk, D(3))]}
    with pytest.raises(NotEnoughAtSource) as shortage:
        ship_order_from_sources(order, short)
    shipments = ship_order_from_sources(
        order, {"default": [ShipmentLine(item_a.pk, D(2))], "second": [ShipmentLine(item_b.pk, D(3))]})

    assert shortage.value.rendered() == f'Source "Default Source" cannot ship 3 of SKU "{b.sku}": it holds 0.'
    assert [(s.source_code, [(i.sku, i.qty) for i in s.items.all()]) for s in shipments] == [
        ("default", [(a.sku, D(2))]), ("second", [(b.sku, D(3))])]
    assert Shipment.objects.count() == 2
    assert dict(SourceItem.objects.filter(product__in=[a, b]).values_list("product_id", "quantity")) == {
        a.sku: D(3), b.sku: D(2)}


def test_a_shortage_names_what_all_the_lines_of_an_item_ask_of_the_source():
    """Two lines of one item, each covered by the source alone but not together: the refusal names their total
    (4), not the first line's 2."""
    product = make_product(quantity=D(4))
    order = make_order(products=[product], item_qtys=[D(4)])
    SourceItem.objects.filter(product=product).update(quantity=D(3))  # a unit lost since the order was placed
    item = order.items.get()

    with pytest.raises(NotEnoughAtSource) as shortage:
        ship_order_from_sources(order, {"default": [ShipmentLine(item.pk, D(2)), ShipmentLine(item.pk, D(2))]})

    assert shortage.value.rendered() == f'Source "Default Source" cannot ship 4 of SKU "{product.sku}": it holds 3.'
    assert Shipment.objects.count() == 0
