"""Row locks of the sales app, in the one global lock order: the table in the README's "Layout" section.

Lock 2, the `Order`, then lock 3, its `OrderItem`s by pk, after the cart (checkout.locks) and before products and
source items (inventory.locks). Refunds take the same order; the invoice and earlier credit memos are read under the
order's lock, not locked.
"""

from __future__ import annotations

from .exceptions import OrderNotFound
from .models import Order, OrderItem, address_id


def lock_order(order_id: int, *, with_address_ids: bool = False) -> Order:
    """Lock and read the order; ``with_address_ids`` reads the ids of its billing and shipping addresses in
    the same query (``order.billing_address_id`` / ``order.shipping_address_id``, None when it has none)."""
    orders = Order.objects.select_for_update()
    if with_address_ids:
        orders = orders.annotate(billing_address_id=address_id("billing"), shipping_address_id=address_id("shipping"))
    try:
        return orders.get(pk=order_id)
    except Order.DoesNotExist:
        raise OrderNotFound() from None


def lock_order_items(order: Order) -> list[OrderItem]:
    return list(order.items.select_for_update().order_by("pk"))
