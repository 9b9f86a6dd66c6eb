"""Reservations are insert-only, like Magento's AppendReservationsInterface."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import CharField, Max, Min, Sum, Value
from django.db.models.aggregates import StringAgg
from django.db.models.functions import Cast

from .exceptions import UnknownReservationOrder
from .models import Reservation


@dataclass(frozen=True)
class SalesEvent:
    """Magento's SalesEventInterface: what caused a reservation (stored as its metadata)."""

    type: str
    object_id: str = ""
    object_increment_id: str = ""
    object_type: str = "order"


def append_reservations(stock_id: int, quantities: Iterable[tuple[str, Decimal]], event: SalesEvent) -> list[Reservation]:
    """Append one reservation per (sku, signed quantity); zero quantities are skipped."""
    return Reservation.objects.bulk_create(
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
    )


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


def get_uncompensated_reservations(object_ids: Iterable[str] | None = None) -> list[ReservationInconsistency]:
    """Per order and (stock, SKU), the reservations that do not sum to zero; one query.

    Inventory does not know order states: an open order legitimately has uncompensated reservations. Pass
    the ids of finished orders (complete, closed, canceled) to get Magento's "inconsistencies".
    """
    reservations = Reservation.objects.filter(object_type="order")
    if object_ids is not None:
        reservations = reservations.filter(object_id__in=list(object_ids))
    rows = (
        reservations.values("object_id", "stock_id", "sku")
        .annotate(total=Sum("quantity"), increment_id=Max("object_increment_id"), first=Min("reservation_id"))
        .exclude(total=0)
        .order_by("first", "sku")
    )
    return [
        ReservationInconsistency(row["object_id"], row["increment_id"], row["stock_id"], row["sku"], row["total"])
        for row in rows
    ]


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


def cleanup_reservations(batch_size: int = 5000) -> int:
    """Delete every set of reservations of one order, stock and SKU that sums to zero; return how many rows went.

    Magento's ``inventory:reservation:cleanup`` groups by (stock, SKU) only, so one order's pending
    reservation and another order's compensation cancel out and both go, and the first order's compensation
    can no longer be found. Grouping by order as well never touches an order whose compensation is still
    pending (its set does not sum to zero), keeps ``get_uncompensated_reservations`` unchanged, and leaves
    every salable quantity as it was (only zero sums go). Reservations without an order id are kept.

    Sets are deleted whole and by the ids that were read, one transaction per batch of about ``batch_size``
    rows, so a reader never sees half a set and a reservation appended meanwhile stays.
    """
    zero_sets = (
        Reservation.objects.exclude(object_id="")
        .values("stock_id", "sku", "object_type", "object_id")
        .annotate(total=Sum("quantity"), ids=StringAgg(Cast("reservation_id", CharField()), Value(",")))
        .filter(total=0)
        .order_by()
        .values_list("ids", flat=True)
    )
    id_lists = list(zero_sets)
    deleted, batch = 0, []
    for position, ids in enumerate(id_lists, 1):
        batch.extend(int(pk) for pk in ids.split(","))
        if len(batch) >= batch_size or position == len(id_lists):
            with transaction.atomic():
                deleted += Reservation.objects.filter(reservation_id__in=batch).delete()[0]
            batch = []
    return deleted
