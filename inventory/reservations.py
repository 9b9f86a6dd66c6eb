"""Reservations are insert-only, like Magento's AppendReservationsInterface."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from django.db import connection, transaction
from django.db.models import CharField, F, Max, Min, Sum, Value
from django.db.models.aggregates import StringAgg
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThanOrEqual
from django.db.models.functions import Cast
from django.utils import timezone

from backoffice.compiled import execute_together, insert_rows

from .exceptions import UnknownReservationOrder
from .locks import source_items_lock_statement
from .models import Reservation, SalesChannel, Source, SourceItem, StockSourceLink


@dataclass(frozen=True)
class SalesEvent:
    """Magento's SalesEventInterface: what caused a reservation (stored as its metadata)."""

    type: str
    object_id: str = ""
    object_increment_id: str = ""
    object_type: str = "order"


def append_reservations(stock_id: int, quantities: Iterable[tuple[str, Decimal]], event: SalesEvent) -> list[Reservation]:
    """Append one reservation per (sku, signed quantity); zero quantities are skipped. One INSERT built once
    (backoffice.compiled.insert_rows: bulk_create compiled its query at every call)."""
    reservations = [
        Reservation(
            stock_id=stock_id,
            sku=sku,
            quantity=quantity,
            event_type=event.type,
            object_type=event.object_type,
            object_id=event.object_id,
            object_increment_id=event.object_increment_id,
        )
        for sku, quantity in quantities
        if quantity
    ]
    insert_rows(reservations)
    return reservations


def append_reservations_if_salable(
    channel: tuple[str, str], quantities: Sequence[tuple[str, Decimal]], event: SalesEvent
) -> bool:
    """Append one reservation of ``-qty`` per (sku, qty > 0) on the stock of the sales ``channel`` (type, code), if
    each SKU's salable quantity there (inventory.salable: its in-stock quantity at the stock's enabled sources plus
    its reservations, less the threshold) covers ``qty``; else append none. True when appended.

    The SKUs' source items are locked first (inventory.locks, lock 6), then one INSERT guarded by the salable
    quantities appends them, where resolving the stock, summing the source items and the reservations and
    appending took four statements; both go in one round trip (backoffice.compiled.execute_together), so the lock
    is held from its grant to the caller's commit with no round trip of its own. They stay two statements: the
    INSERT's snapshot (PostgreSQL, READ COMMITTED) must begin after the lock is granted, to see every reservation
    the lock's previous holder committed. False says only "not all appended": the caller finds out why (no stock
    linked, or a quantity short). The sums are rounded to the column's 4 places, as the ORM's converters round
    SQLite's."""
    from .salable import OUT_OF_STOCK_THRESHOLD

    lines = [(sku, qty) for sku, qty in quantities if qty > 0]
    if not lines:
        return True
    qn = connection.ops.quote_name

    def col(model: type, name: str) -> str:
        return qn(model._meta.get_field(name).column)

    res, item, src, link, chan = (qn(m._meta.db_table) for m in (Reservation, SourceItem, Source, StockSourceLink,
                                                                  SalesChannel))
    meta = Reservation(event_type=event.type, object_type=event.object_type, object_id=event.object_id,
                       object_increment_id=event.object_increment_id, created_at=timezone.now())
    copied = ["event_type", "object_type", "object_id", "object_increment_id", "created_at"]
    values = [Reservation._meta.get_field(name).get_db_prep_save(getattr(meta, name), connection) for name in copied]
    rows = ", ".join(["(%s, CAST(%s AS NUMERIC))"] * len(lines))
    in_stock = (
        f"SELECT SUM(i.{col(SourceItem, 'quantity')}) FROM {item} i "
        f"JOIN {src} src ON src.{col(Source, 'source_code')} = i.{col(SourceItem, 'source')} "
        f"JOIN {link} l ON l.{col(StockSourceLink, 'source')} = i.{col(SourceItem, 'source')} "
        f"WHERE i.{col(SourceItem, 'product')} = w.sku AND i.{col(SourceItem, 'status')} = %s "
        f"AND src.{col(Source, 'enabled')} = %s AND l.{col(StockSourceLink, 'stock')} = s.stock_id"
    )
    reserved = (f"SELECT SUM(r.{col(Reservation, 'quantity')}) FROM {res} r "
                f"WHERE r.{col(Reservation, 'stock_id')} = s.stock_id AND r.{col(Reservation, 'sku')} = w.sku")
    sql = (
        f"INSERT INTO {res} ({col(Reservation, 'stock_id')}, {col(Reservation, 'sku')}, "
        f"{col(Reservation, 'quantity')}, {', '.join(col(Reservation, name) for name in copied)}) "
        f"WITH w(sku, qty) AS (VALUES {rows}), "
        f"s(stock_id) AS (SELECT {col(SalesChannel, 'stock')} FROM {chan} WHERE {col(SalesChannel, 'type')} = %s "
        f"AND {col(SalesChannel, 'code')} = %s ORDER BY {qn(SalesChannel._meta.pk.column)} LIMIT 1) "
        f"SELECT s.stock_id, w.sku, -w.qty, {', '.join(['%s'] * len(copied))} FROM w, s WHERE NOT EXISTS ("
        f"SELECT 1 FROM w, s WHERE ROUND(COALESCE(({in_stock}) + COALESCE(({reserved}), 0), 0) - %s, 4) < w.qty)"
    )
    params = [value for sku, qty in lines for value in (sku, qty)]
    params += [*channel, *values, SourceItem.Status.IN_STOCK, True, OUT_OF_STOCK_THRESHOLD]
    lock = source_items_lock_statement(sku for sku, _ in lines)
    (_, (_, appended)) = execute_together([lock, (sql, params)])
    return appended == len(lines)


@dataclass(frozen=True)
class ReservationInconsistency:
    """Reservations of one order, stock and SKU that do not sum to zero (``quantity`` is their sum)."""

    object_id: str
    object_increment_id: str
    stock_id: int
    sku: str
    quantity: Decimal


@dataclass(frozen=True)
class Compensation:
    """One ``<ORDER_INCREMENT_ID>:<SKU>:<QUANTITY>:<STOCK-ID>`` argument of create-compensations."""

    object_increment_id: str
    sku: str
    quantity: Decimal
    stock_id: int


CHUNK_SIZE = 10_000  # rows fetched (or order ids looked up) at a time by the reservation commands
Progress = Callable[[int], None]  # called with the number of rows handled so far


def get_uncompensated_reservations(object_ids: Iterable[str] | None = None) -> list[ReservationInconsistency]:
    """Per order and (stock, SKU), the reservations that do not sum to zero (see ``iter_uncompensated_reservations``)."""
    return list(iter_uncompensated_reservations(object_ids))


def iter_uncompensated_reservations(
    object_ids: Iterable[str] | None = None, progress: Progress | None = None
) -> Iterator[ReservationInconsistency]:
    """Per order and (stock, SKU), the reservations that do not sum to zero, streamed in bounded memory.

    Inventory does not know order states: an open order legitimately has uncompensated reservations. Pass
    the ids of finished orders (complete, closed, canceled) to get Magento's "inconsistencies"; they are read
    lazily and looked up ``CHUNK_SIZE`` at a time (one query each). Without ids, one grouping query whose rows
    are fetched ``CHUNK_SIZE`` at a time (a server-side cursor on PostgreSQL): Magento's command loads every
    reservation and order into PHP arrays (20 GB at 1.14 million orders); this holds one chunk.
    """
    done = 0
    chunks = [None] if object_ids is None else _chunks(object_ids, CHUNK_SIZE)
    for chunk in chunks:
        for inconsistency in _uncompensated(chunk):
            yield inconsistency
            done += 1
            if progress and done % CHUNK_SIZE == 0:
                progress(done)
    if progress:
        progress(done)


def _uncompensated(object_ids: list[str] | None) -> Iterator[ReservationInconsistency]:
    reservations = Reservation.objects.filter(object_type="order")
    if object_ids is not None:
        reservations = reservations.filter(object_id__in=object_ids)
    rows = (
        reservations.values("object_id", "stock_id", "sku")
        .annotate(total=Sum("quantity"), increment_id=Max("object_increment_id"), first=Min("reservation_id"))
        .exclude(total=0)
        .order_by("first", "sku")
    )
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        yield ReservationInconsistency(row["object_id"], row["increment_id"], row["stock_id"], row["sku"], row["total"])


def _chunks(values: Iterable[str], size: int) -> Iterator[list[str]]:
    iterator = iter(values)
    while chunk := list(islice(iterator, size)):
        yield chunk


def create_compensations(compensations: Sequence[Compensation]) -> list[Reservation]:
    """Append one ``manual_compensation`` reservation per compensation, all or none.

    The order is found through its own reservations (by increment id), so inventory needs no sales model.
    """
    increment_ids = {c.object_increment_id for c in compensations}
    object_ids = dict(
        Reservation.objects.filter(object_type="order", object_increment_id__in=increment_ids)
        .values_list("object_increment_id", "object_id")
        .order_by()
        .distinct()
    )
    unknown = sorted(increment_ids - set(object_ids))
    if unknown:
        raise UnknownReservationOrder(parameters=[", ".join(unknown)])
    with transaction.atomic():
        return [
            reservation
            for c in compensations
            for reservation in append_reservations(
                c.stock_id,
                [(c.sku, c.quantity)],
                SalesEvent(Reservation.EventType.MANUAL_COMPENSATION, object_ids[c.object_increment_id],
                           c.object_increment_id),
            )
        ]


def cleanup_reservations(batch_size: int = 5000, progress: Progress | None = None) -> int:
    """Delete every set of reservations of one order, stock and SKU that sums to zero; return how many rows went.

    Magento's ``inventory:reservation:cleanup`` groups by (stock, SKU) only, so one order's pending
    reservation and another order's compensation cancel out and both go, and the first order's compensation
    can no longer be found. Grouping by order as well never touches an order whose compensation is still
    pending (its set does not sum to zero), keeps ``get_uncompensated_reservations`` unchanged, and leaves
    every salable quantity as it was (only zero sums go). Reservations without an order id are kept.

    The table is walked in ranges of (stock, SKU) on the ``reservation_stock_sku_qty`` index, about
    ``batch_size`` rows each (a SKU is never split): per range one query finds its end, one its zero sets,
    and one transaction deletes them by the ids that were read, so memory holds one range, a reader never
    sees half a set, and a reservation appended meanwhile stays.
    """
    key = Tuple(F("stock_id"), F("sku"))
    deleted, after = 0, None
    while True:
        keys = Reservation.objects.order_by("stock_id", "sku").values_list("stock_id", "sku")
        in_range = Reservation.objects.exclude(object_id="")
        if after is not None:
            keys = keys.filter(TupleGreaterThan(key, after))
            in_range = in_range.filter(TupleGreaterThan(key, after))
        end = next(iter(keys[batch_size - 1 : batch_size]), None)  # the range's last (stock, SKU); None: to the end
        if end is not None:
            in_range = in_range.filter(TupleLessThanOrEqual(key, end))
        zero_sets = (
            in_range.values("stock_id", "sku", "object_type", "object_id")
            .annotate(total=Sum("quantity"), ids=StringAgg(Cast("reservation_id", CharField()), Value(",")))
            .filter(total=0)
            .order_by()
            .values_list("ids", flat=True)
        )
        ids = [int(pk) for group in zero_sets for pk in group.split(",")]
        if ids:
            with transaction.atomic():
                deleted += Reservation.objects.filter(reservation_id__in=ids).delete()[0]
        if progress:
            progress(deleted)
        if end is None:
            return deleted
        after = end
