"""Orders ready for in-store pickup (magento/inventory InventoryInStorePickupSales Model/NotifyOrdersAreReadyForPickup.php).

For each order: ship it from its pickup location if no shipment exists yet (CreateShippingDocument, refused with
"The order is not ready for pickup" unless IsOrderReadyForPickup: the order can ship and, for a store pickup order,
the location holds every item's ordered quantity in stock); then AddStorePickupAttributesToOrder (a processing store
pickup order with nothing left to ship but something to invoice takes the "complete" status, and a history entry
"Order notified for pickup at: <time>") and ReadyForPickupNotifier (the customer's email, sent on commit, which then
marks that entry as notified). One order's refusal is its entry in the answer; the others go on.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.db import transaction
from django.utils import timezone

from backoffice.exceptions import DomainError
from inventory.pickup_locations import get_order_pickup_location, is_fulfillable_at

from .locks import lock_order, lock_order_items
from .models import Order, OrderState, OrderStatus, Shipment
from .notifications import _send
from .orders import add_status_history, get_order, mark_history_notified
from .shipping import ship_order

logger = logging.getLogger(__name__)
CANNOT_NOTIFY = "We can't notify the customer right now."


class OrderNotReadyForPickup(DomainError):
    message = "The order is not ready for pickup"


@dataclass(frozen=True)
class PickupNotificationError:
    """One of ResultInterface::getErrors(): ``['id' => $orderId, 'message' => $exception->getMessage()]``."""

    id: int
    message: str


def notify_orders_are_ready_for_pickup(order_ids: Sequence[int]) -> list[PickupNotificationError]:
    """NotifyOrdersAreReadyForPickupInterface::execute: the errors, one per order that could not be notified
    (none: the result is successful). Each order is its own transaction."""
    errors = []
    for order_id in order_ids:
        try:
            notify_order_is_ready_for_pickup(order_id)
        except DomainError as error:  # Magento's LocalizedException: its rendered message
            errors.append(PickupNotificationError(order_id, error.rendered()))
        except Exception:  # anything else: logged, and Magento's generic answer
            logger.exception("order %s could not be notified for pickup", order_id)
            errors.append(PickupNotificationError(order_id, CANNOT_NOTIFY))
    return errors


def notify_order_is_ready_for_pickup(order_id: int) -> None:
    with transaction.atomic():
        order = get_order(order_id)
        pickup_location = get_order_pickup_location(order.pk)
        if not Shipment.objects.filter(order_id=order.pk).exists():
            if not _is_ready_for_pickup(order, pickup_location):
                raise OrderNotReadyForPickup()
            ship_order(order, source_code=pickup_location)  # sendNotification 0: no shipment email
        order = lock_order(order.pk)
        items = lock_order_items(order)
        if (
            order.state == OrderState.PROCESSING
            and not order.can_ship(items)
            and any(item.qty_to_invoice > 0 for item in items)
            and pickup_location
        ):
            order.status = OrderStatus.COMPLETE
            order.save(update_fields=["status", "updated_at"])
        add_status_history(
            order,
            f"Order notified for pickup at: {_long_time(timezone.localtime())}",
            is_customer_notified=False,
            is_visible_on_front=True,
        )
        if order.customer_email:  # ReadyForPickupSender sends at once, whatever sales_email/general/async_sending says
            transaction.on_commit(partial(_send_and_mark_notified, order.pk), robust=True)


def _is_ready_for_pickup(order: Order, pickup_location: str | None) -> bool:
    """IsOrderReadyForPickup: Order::canShip and IsFulfillable (true for an order without a pickup location)."""
    items = list(order.items.all())
    if not order.can_ship(items):
        return False
    lines = [(item.sku, item.qty_ordered) for item in items]  # no item has children here
    return pickup_location is None or is_fulfillable_at(pickup_location, lines)


def _long_time(moment: datetime) -> str:
    """IntlDateFormatter LONG date, MEDIUM time in en_US: "November 30, 2026 at 1:05:09 PM"."""
    hour = moment.hour % 12 or 12
    return f"{moment:%B} {moment.day}, {moment.year} at {hour}:{moment:%M:%S} {'AM' if moment.hour < 12 else 'PM'}"


def _send_and_mark_notified(order_id: int) -> None:
    send_ready_for_pickup_email(order_id=order_id)  # raises when the email cannot leave: nothing is marked then
    mark_history_notified(order_id)  # ReadyForPickupNotifier::notify


def send_ready_for_pickup_email(*, order_id: int) -> None:
    """ReadyForPickupSender with view/frontend/email/order_ready_for_pickup.html's subject and opening."""
    order = Order.objects.get(pk=order_id)
    name = " ".join(part for part in (order.customer_firstname, order.customer_lastname) if part)
    _send(
        order.customer_email,
        "Your Main Website Store order is ready for pickup",
        f"{name},\n\nYour order placed from Main Website Store is ready for pickup.\n\n"
        f"Your Order #{order.increment_id} is complete\n",
    )
