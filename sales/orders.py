"""Reading orders and moving them through Magento's states."""

from __future__ import annotations

from collections.abc import Sequence

from .exceptions import OrderNotFound
from .models import DEFAULT_STATUS, Order, OrderItem, OrderState, OrderStatusHistory

FULFILMENT_STATES = frozenset({OrderState.NEW, OrderState.PROCESSING})


def get_order(order_id: int) -> Order:
    try:
        return Order.objects.get(pk=order_id)
    except Order.DoesNotExist:
        raise OrderNotFound() from None


def refresh_order_state(
    order: Order,
    items: Sequence[OrderItem],
    *,
    entity_name: str = "order",
    comment: str | None = None,
    is_customer_notified: bool | None = None,
) -> None:
    """Magento's StateResolver after an invoice or a shipment, on a locked order.

    Nothing left to invoice or ship makes the order complete; otherwise it is processing. A status
    history row records the event.
    """
    if order.state in FULFILMENT_STATES:
        can_invoice = any(item.qty_to_invoice > 0 for item in items)
        can_ship = any(item.qty_to_ship > 0 for item in items)
        order.state = OrderState.PROCESSING if can_invoice or can_ship else OrderState.COMPLETE
        order.status = DEFAULT_STATUS[order.state]
        order.save(update_fields=["state", "status", "updated_at"])
    add_status_history(order, comment, entity_name=entity_name, is_customer_notified=is_customer_notified)


def add_status_history(
    order: Order,
    comment: str | None,
    *,
    entity_name: str = "order",
    is_customer_notified: bool | None = None,
    is_visible_on_front: bool = False,
) -> OrderStatusHistory:
    return OrderStatusHistory.objects.create(
        parent=order,
        comment=comment,
        status=order.status,
        entity_name=entity_name,
        is_customer_notified=None if is_customer_notified is None else int(is_customer_notified),
        is_visible_on_front=int(is_visible_on_front),
    )
