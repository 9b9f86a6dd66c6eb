"""Row locks of the sales app, in the one global lock order: the table in the README's "Layout" section.

Lock 2, the `Order`, then lock 3, its `OrderItem`s by pk, after the cart (checkout.locks) and before products and
source items (inventory.locks). Refunds take the same order; the invoice and earlier credit memos are read under the
order's lock, not locked. Every document writer takes both: their SELECTs are compiled once (backoffice/compiled.py),
where the ORM's build of a hundred-column SELECT cost more than running it.
"""

from __future__ import annotations

from backoffice.compiled import ID_MARK, CompiledQuery, columns_of, instance_of

from .exceptions import OrderNotFound
from .models import Order, OrderItem, address_id

ADDRESS_IDS = ("billing_address_id", "shipping_address_id")
_LOCK_ORDER = CompiledQuery(
    lambda order_id: Order.objects.select_for_update().filter(pk=order_id).order_by().values_list(*columns_of(Order)),
    ID_MARK,
)
_LOCK_ORDER_WITH_ADDRESS_IDS = CompiledQuery(
    lambda order_id: Order.objects.select_for_update()
    .annotate(billing_address_id=address_id("billing"), shipping_address_id=address_id("shipping"))
    .filter(pk=order_id).order_by().values_list(*columns_of(Order), *ADDRESS_IDS),
    ID_MARK,
)
_LOCK_ORDER_ITEMS = CompiledQuery(
    lambda order_id: OrderItem.objects.select_for_update().filter(order_id=order_id).order_by("pk")
    .values_list(*columns_of(OrderItem)),
    ID_MARK,
)


def lock_order(order_id: int, *, with_address_ids: bool = False) -> Order:
    """Lock and read the order; ``with_address_ids`` reads the ids of its billing and shipping addresses in
    the same query (``order.billing_address_id`` / ``order.shipping_address_id``, None when it has none)."""
    query = _LOCK_ORDER_WITH_ADDRESS_IDS if with_address_ids else _LOCK_ORDER
    rows = query.rows(Order._meta.pk.get_prep_value(order_id))
    if not rows:
        raise OrderNotFound()
    order = instance_of(Order, rows[0])
    if with_address_ids:
        order.billing_address_id, order.shipping_address_id = rows[0][len(columns_of(Order)):]
    return order


def lock_order_items(order: Order) -> list[OrderItem]:
    """Lock and read the order's items by pk; each item's ``order`` is ``order`` (as ``order.items`` gives them)."""
    items = [instance_of(OrderItem, row) for row in _LOCK_ORDER_ITEMS.rows(order.pk)]
    for item in items:
        item.order = order
    return items
