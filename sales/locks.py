"""Row locks of the sales app, in the one global lock order: the table in the README's "Layout" section.

Lock 2, the `Order`, then lock 3, its `OrderItem`s by pk, after the cart (checkout.locks) and before products and
source items (inventory.locks). Refunds take the same order; the invoice and earlier credit memos are read under the
order's lock, not locked. Every document writer takes both: their SELECTs are compiled once (backoffice/compiled.py),
where the ORM's build of a hundred-column SELECT cost more than running it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from backoffice.compiled import (
    ID_MARK,
    CompiledQuery,
    columns_of,
    converted,
    data_version,
    instance_of,
    raw_rows_together,
)

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
    return _order_of(_order_query(with_address_ids).rows(Order._meta.pk.get_prep_value(order_id)), with_address_ids)


@dataclass(frozen=True)
class Snapshot:
    """What ``read_order_and_items`` read: the rows as the database answered them and, on SQLite, its data version
    just before (``backoffice.compiled.data_version``) on that connection (a version is a connection's own count)."""

    rows: list[list[tuple]]
    data_version: int | None
    database: object


def read_order_and_items(
    order_id: int, *, with_address_ids: bool = False
) -> tuple[Order, list[OrderItem], Snapshot]:
    """``lock_order`` then ``lock_order_items``, their statements run together (backoffice.compiled.rows_together:
    one round trip on PostgreSQL where they took two; the order's lock first, so its items are read under it), with
    a ``Snapshot`` of what it read, for ``order_and_items_unchanged``. Outside a
    transaction on SQLite (no row locks: its lock is the whole database's, taken at BEGIN) it reads without
    locking, and the snapshot has the data version (in a transaction, nothing to compare it with later)."""
    version = None if connection.in_atomic_block else data_version()
    order, items, rows = _read(order_id, with_address_ids)
    return order, items, Snapshot(rows, version, connection.connection)


def order_and_items_unchanged(order_id: int, snapshot: Snapshot, *, with_address_ids: bool = False) -> bool:
    """Whether the order, its items (and its address ids) are still as ``snapshot`` (an earlier
    ``read_order_and_items``'s with the same arguments) read them: nothing committed since on SQLite (the same data
    version), or else the same statements answering the same rows."""
    if (snapshot.data_version is not None and snapshot.database is connection.connection
            and data_version() == snapshot.data_version):
        return True
    return _raw_rows(order_id, with_address_ids) == snapshot.rows


def _order_query(with_address_ids: bool) -> CompiledQuery:
    return _LOCK_ORDER_WITH_ADDRESS_IDS if with_address_ids else _LOCK_ORDER


def _raw_rows(order_id: int, with_address_ids: bool) -> list[list[tuple]]:
    pk = Order._meta.pk.get_prep_value(order_id)
    return raw_rows_together((_order_query(with_address_ids), [pk]), (_LOCK_ORDER_ITEMS, [pk]))


def _read(order_id: int, with_address_ids: bool) -> tuple[Order, list[OrderItem], list[list[tuple]]]:
    rows = _raw_rows(order_id, with_address_ids)
    order = _order_of(converted(_order_query(with_address_ids), rows[0]), with_address_ids)
    return order, _items_of(order, converted(_LOCK_ORDER_ITEMS, rows[1])), rows


def _order_of(rows: list[tuple], with_address_ids: bool) -> Order:
    if not rows:
        raise OrderNotFound()
    order = instance_of(Order, rows[0])
    if with_address_ids:
        order.billing_address_id, order.shipping_address_id = rows[0][len(columns_of(Order)):]
    return order


def lock_order_items(order: Order) -> list[OrderItem]:
    """Lock and read the order's items by pk; each item's ``order`` is ``order`` (as ``order.items`` gives them)."""
    return _items_of(order, _LOCK_ORDER_ITEMS.rows(order.pk))


def _items_of(order: Order, rows: list[tuple]) -> list[OrderItem]:
    items = [instance_of(OrderItem, row) for row in rows]
    for item in items:
        item.order = order
    return items
