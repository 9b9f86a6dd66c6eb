"""Reservations are insert-only, like Magento's AppendReservationsInterface."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

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
