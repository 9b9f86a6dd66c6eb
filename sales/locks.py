"""Row locks of the sales app, in the one global lock order: the table in the README's "Layout" section.

Lock 2, the `Order`, then lock 3, its `OrderItem`s by pk, after the cart (checkout.locks) and before products and
source items (inventory.locks). Refunds take the same order; the invoice and earlier credit memos are read under the
order's lock, not locked. Every document writer takes both: their SELECTs are compiled once per connection
(backoffice/statements.py), where the ORM's build of a hundred-column SELECT cost more than running it.
"""

from __future__ import annotations

from django.db import models

from backoffice.statements import MARK, compiled_select

from .exceptions import OrderNotFound
from .models import Order, OrderItem, address_id


def lock_order(order_id: int, *, with_address_ids: bool = False) -> Order:
    """Lock and read the order; ``with_address_ids`` reads the ids of its billing and shipping addresses in
    the same query (``order.billing_address_id`` / ``order.shipping_address_id``, None when it has none)."""

    def orders() -> models.QuerySet[Order]:
        locked = Order.objects.select_for_update()
        if with_address_ids:
            locked = locked.annotate(
                billing_address_id=address_id("billing"), shipping_address_id=address_id("shipping")
            )
        return locked.filter(pk=MARK)

    found = compiled_select(("lock_order", with_address_ids), orders).fetch(Order._meta.pk.get_prep_value(order_id))
    if not found:
        raise OrderNotFound()
    return found[0]


def lock_order_items(order: Order) -> list[OrderItem]:
    """Lock and read the order's items by pk; each item's ``order`` is ``order`` (as ``order.items`` gives them)."""
    items = compiled_select(
        "lock_order_items", lambda: OrderItem.objects.select_for_update().filter(order_id=MARK).order_by("pk")
    ).fetch(order.pk)
    for item in items:
        item.order = order
    return items
