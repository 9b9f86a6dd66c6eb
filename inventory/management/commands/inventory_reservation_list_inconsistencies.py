"""Magento's ``bin/magento inventory:reservation:list-inconsistencies``.

Inventory does not know order states (it may not import sales), so it reports, per order, stock and SKU,
the reservations that do not sum to zero. An open order legitimately has such reservations; a finished one
(complete, closed, canceled) must not. Pass the finished orders' ids (``--object-ids 3,7`` or ``--object-ids -``
to read them from stdin, e.g. from a sales-side query) to get exactly Magento's inconsistencies.
The raw lines feed ``inventory_reservation_create_compensations``.

It runs in bounded memory at any scale (rows are streamed, ids read and looked up in chunks) and reports
progress on stderr; Magento's loads every reservation and order at once.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from itertools import groupby

from django.core.management.base import BaseCommand, CommandParser

from inventory.reservations import iter_uncompensated_reservations


class Command(BaseCommand):
    help = "Show orders whose reservations do not sum to zero (salable quantity inconsistencies)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--object-ids", help='only these order ids: comma-separated, or "-" to read them from stdin'
        )
        parser.add_argument("-r", "--raw", action="store_true", help="<ORDER_INCREMENT_ID>:<SKU>:<QUANTITY>:<STOCK-ID>")

    def handle(self, *args: object, object_ids: str | None, raw: bool, **options: object) -> None:
        ids = None
        if object_ids is not None:
            ids = _ids(sys.stdin if object_ids == "-" else [object_ids])
        started = time.monotonic()

        def progress(found: int) -> None:
            self.stderr.write(f"\rinconsistencies: {found} found, {time.monotonic() - started:.0f} s  ", ending="")
            self.stderr.flush()

        inconsistencies = iter_uncompensated_reservations(ids, progress)
        found = False
        for (increment_id, stock_id), rows in groupby(inconsistencies, lambda i: (i.object_increment_id, i.stock_id)):
            found = True
            if not raw:
                self.stdout.write(f"Order {increment_id}:")
            for row in rows:
                compensation = -float(row.quantity)
                if raw:
                    self.stdout.write(f"{increment_id}:{row.sku}:{compensation:f}:{stock_id}")
                else:
                    self.stdout.write(
                        f"  - Product {row.sku} should be compensated by {compensation:+f} for stock {stock_id}"
                    )
        self.stderr.write("")
        if not found:
            self.stdout.write("No order inconsistencies were found")


def _ids(lines: Iterator[str] | list[str]) -> Iterator[str]:
    """Order ids separated by commas or newlines, read lazily (stdin may carry a million)."""
    for line in lines:
        yield from (part.strip() for part in line.split(",") if part.strip())
