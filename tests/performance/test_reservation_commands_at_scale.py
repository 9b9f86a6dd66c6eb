"""The reservation commands at scale: bounded memory (rows and ids in chunks), progress, same answers.

Magento's ``inventory:reservation:list-inconsistencies`` loads every reservation and order at once
(vendor/magento/module-inventory-reservation-cli/Command/ListInconsistencies.php and
Model/GetSaleableQuantityInconsistencies.php); at 1.14 million orders it took over 20 GB. These tests pin that
ours read the table and the given ids a chunk at a time and still find exactly the same inconsistencies.
"""

from __future__ import annotations

import io
import sys
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Sum
from django.db.models.sql import compiler
from django.test.utils import CaptureQueriesContext

from inventory import reservations
from inventory.models import Reservation
from inventory.reservations import cleanup_reservations, get_uncompensated_reservations
from inventory.stocks import resolve_stock_id
from sales.models import Order, OrderItem

pytestmark = pytest.mark.django_db
ZERO = Decimal("0")


@pytest.fixture
def generated():
    call_command(
        "generate_load",
        products=60,
        sources=3,
        orders=120,
        customers=10,
        seed=19,
        batch_size=50,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )


def expected_raw_lines() -> set[str]:
    """From the orders' own items: what is still pending per order and SKU (ordered − canceled − shipped, or
    − invoiced for virtual items), as ``--raw`` prints the compensation."""
    stock_id = resolve_stock_id()
    pending: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for item in OrderItem.objects.select_related("order"):
        done = item.qty_invoiced if item.is_virtual else item.qty_shipped
        pending[(item.order.increment_id, item.sku)] += item.qty_ordered - item.qty_canceled - done
    return {f"{increment}:{sku}:{float(qty):f}:{stock_id}" for (increment, sku), qty in pending.items() if qty}


def list_raw(*args: str) -> tuple[list[str], str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("inventory_reservation_list_inconsistencies", "--raw", *args, stdout=out, stderr=err)
    return out.getvalue().splitlines(), err.getvalue()


def test_listing_streams_rows_in_chunks_and_finds_every_pending_compensation(generated, monkeypatch):
    whole, expected = list_raw(), expected_raw_lines()
    fetches: list[int] = []
    real_cursor_iter = compiler.cursor_iter

    def counting_cursor_iter(cursor, sentinel, col_count, itersize):
        for rows in real_cursor_iter(cursor, sentinel, col_count, itersize):
            fetches.append(len(rows))
            yield rows

    monkeypatch.setattr(compiler, "cursor_iter", counting_cursor_iter)
    monkeypatch.setattr(reservations, "CHUNK_SIZE", 7)

    chunked, progress = list_raw()
    monkeypatch.undo()

    assert chunked == whole[0]
    assert set(chunked) == expected
    assert len(chunked) > 20
    assert max(fetches) == 7
    assert len(fetches) >= len(chunked) // 7
    assert f"{len(chunked)} found" in progress


def test_given_ids_are_read_lazily_and_looked_up_a_chunk_at_a_time(generated, monkeypatch):
    ids = [str(pk) for pk in Order.objects.order_by("pk").values_list("pk", flat=True)]
    monkeypatch.setattr(reservations, "CHUNK_SIZE", 25)
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(ids) + "\n"))

    with CaptureQueriesContext(connection) as queries:
        from_stdin, _ = list_raw("--object-ids", "-")

    assert set(from_stdin) == expected_raw_lines()
    assert len(queries) == -(-len(ids) // 25)  # one lookup per chunk of 25 ids
    finished = Order.objects.filter(state__in=["complete", "canceled"]).values_list("pk", flat=True)
    assert get_uncompensated_reservations(str(pk) for pk in finished) == []


def test_cleanup_walks_the_index_in_ranges_and_deletes_exactly_the_zero_sets(generated):
    sets = (
        Reservation.objects.values("stock_id", "sku", "object_id")
        .annotate(total=Sum("quantity"), rows=Count("pk"))
        .order_by()
    )
    kept = sorted(pk for pk, total in _set_of_each_row(sets) if total != 0)
    rows = Reservation.objects.count()
    widest = max(Reservation.objects.values("stock_id", "sku").annotate(n=Count("pk")).values_list("n", flat=True))
    pending = get_uncompensated_reservations()
    ranges: list[int] = []

    deleted = cleanup_reservations(batch_size=40, progress=ranges.append)

    assert deleted == rows - len(kept) > 0
    assert sorted(Reservation.objects.values_list("pk", flat=True)) == kept
    assert get_uncompensated_reservations() == pending
    assert -(-rows // (40 + widest)) <= len(ranges) <= -(-rows // 40) + 1  # about 40 rows a range, none split
    assert ranges == sorted(ranges)
    assert ranges[-1] == deleted


def _set_of_each_row(sets) -> list[tuple[int, Decimal]]:
    totals = {(s["stock_id"], s["sku"], s["object_id"]): s["total"] for s in sets}
    return [
        (pk, totals[(stock_id, sku, object_id)])
        for pk, stock_id, sku, object_id in Reservation.objects.values_list("pk", "stock_id", "sku", "object_id")
    ]
