"""POST /V1/order/notify-orders-are-ready-for-pickup (magento/inventory InventoryInStorePickupSalesApi
etc/webapi.xml; InventoryInStorePickupSales Model/NotifyOrdersAreReadyForPickup.php): ship each order from its
pickup location if it has no shipment, mark it, email the customer; one order's refusal is its entry in errors."""

from __future__ import annotations

from decimal import Decimal

import pytest

from inventory.models import SourceItem, StockSourceLink
from inventory.pickup_locations import save_order_pickup_location
from sales.models import Order, OrderStatusHistory, Shipment
from sales.shipping import ship_order
from tests.factories import make_order, make_product
from tests.inventory.world import make_source

pytestmark = pytest.mark.django_db
URL = "/rest/V1/order/notify-orders-are-ready-for-pickup"
NOT_READY = "The order is not ready for pickup"


@pytest.fixture
def store() -> str:
    """A pickup location on Default Stock (the base website's)."""
    make_source("store", city="New York", street="1 Main St", phone="555", is_pickup_location_active=True)
    StockSourceLink.objects.create(stock_id=1, source_id="store", priority=2)
    return "store"


def pickup_order(store: str, held: str, ordered: str = "2") -> Order:
    product = make_product(quantity=Decimal("10"))
    SourceItem.objects.create(product=product, source_id=store, quantity=Decimal(held))
    order = make_order(item_qtys=[Decimal(ordered)], products=[product])
    save_order_pickup_location(order.pk, store)
    return order


def test_an_order_ready_at_its_pickup_location_is_shipped_from_it_and_the_customer_emailed(
    rest_client, store, django_capture_on_commit_callbacks, mailoutbox
):
    """CreateShippingDocument ships from the pickup location (ShipOrder with its source_code); AddStorePickupAttributes
    ToOrder gives a processing order with nothing left to ship the complete status and adds the history entry;
    ReadyForPickupNotifier marks it notified once the email left."""
    order = pickup_order(store, held="5")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = rest_client.post(URL, {"orderIds": [order.pk]}, format="json")

    assert (response.status_code, response.json()) == (200, {"successful": True, "errors": []})
    shipment = Shipment.objects.get(order=order)
    assert shipment.source_code == "store"
    assert SourceItem.objects.get(source_id="store", product__sku=order.items.get().sku).quantity == 3
    order.refresh_from_db()
    assert (order.state, order.status) == ("processing", "complete")
    entry = OrderStatusHistory.objects.filter(parent=order, comment__startswith="Order notified for pickup at: ").get()
    assert (entry.status, entry.is_customer_notified, entry.is_visible_on_front) == ("complete", 1, 1)
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["jdoe@example.com"], "Your Main Website Store order is ready for pickup")]


def test_refusals_are_per_order_and_the_others_go_on(rest_client, store, django_capture_on_commit_callbacks):
    """IsOrderReadyForPickup (the location must hold the ordered quantity in stock) → "The order is not ready for
    pickup"; an unknown order → OrderRepository's NoSuchEntityException message; an order already shipped is not
    shipped again but still notified."""
    short = pickup_order(store, held="1")
    ready = pickup_order(store, held="2")
    shipped = pickup_order(store, held="0")
    ship_order(shipped)  # from the default source

    with django_capture_on_commit_callbacks(execute=True):
        response = rest_client.post(URL, {"orderIds": [short.pk, 999999, ready.pk, shipped.pk]}, format="json")

    assert response.json() == {"successful": False, "errors": [
        {"id": short.pk, "message": NOT_READY},
        {"id": 999999, "message": "The entity that was requested doesn't exist. Verify the entity and try again."},
    ]}
    assert not Shipment.objects.filter(order=short).exists()
    assert not OrderStatusHistory.objects.filter(parent=short, comment__startswith="Order notified").exists()
    assert Shipment.objects.get(order=ready).source_code == "store"
    assert Shipment.objects.filter(order=shipped).count() == 1
    assert OrderStatusHistory.objects.filter(parent=shipped, comment__startswith="Order notified").exists()


def test_the_body_and_the_acl(rest_client, staff_client_with, store):
    """The service method's parameter orderIds (int[]) is required; InventoryInStorePickupSalesApi etc/acl.xml's
    Magento_InventoryInStorePickupApi::notify_orders_are_ready_for_pickup (here sales.add_shipment)."""
    order = pickup_order(store, held="5")

    missing = rest_client.post(URL, {}, format="json")
    not_int = rest_client.post(URL, {"orderIds": ["one"]}, format="json")
    clerk = staff_client_with("sales.view_order").post(URL, {"orderIds": [order.pk]}, format="json")

    assert (missing.status_code, missing.json()) == (400, {
        "message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": "orderIds"}})
    assert not_int.status_code == 400
    assert (clerk.status_code, clerk.json()["parameters"]) == (
        401, {"resources": "Magento_InventoryInStorePickupApi::notify_orders_are_ready_for_pickup"})
    assert not Shipment.objects.exists()
