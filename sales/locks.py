"""Every row lock of the sales app.

Global lock order, followed by every writer (STYLE.md 5):
0. sales.Quote (one row; checkout locks it before placing the order)
1. sales.Order (one row)  2. its sales.OrderItem rows by pk  3. inventory.SourceItem rows by pk
(inventory.locks). Reservations are insert-only and never locked.
"""

from __future__ import annotations

from .exceptions import OrderNotFound
from .models import Order, OrderItem, Quote


def lock_order(order_id: int) -> Order:
    try:
        return Order.objects.select_for_update().get(pk=order_id)
    except Order.DoesNotExist:
        raise OrderNotFound() from None


def lock_order_items(order: Order) -> list[OrderItem]:
    return list(order.items.select_for_update().order_by("pk"))


def lock_quote(quote_id: int) -> Quote:
    """Lock an active cart; the caller has checked that it exists and is active."""
    return Quote.objects.select_for_update().get(pk=quote_id)
