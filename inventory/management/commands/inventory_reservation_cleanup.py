"""Magento's ``bin/magento inventory:reservation:cleanup``, per order: run it from cron to keep the
reservation table from growing without bound. See ``inventory.reservations.cleanup_reservations``."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from inventory.reservations import cleanup_reservations


class Command(BaseCommand):
    help = "Delete the reservations of each order, stock and SKU that sum to zero (they no longer change salable qty)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size", type=int, default=5000, help="rows read per (stock, SKU) range; its zero sets go in one transaction"
        )

    def handle(self, *args: object, batch_size: int, **options: object) -> None:
        started = time.monotonic()

        def progress(deleted: int) -> None:
            self.stderr.write(f"\rcleanup: {deleted} removed, {time.monotonic() - started:.0f} s  ", ending="")
            self.stderr.flush()

        deleted = cleanup_reservations(batch_size, progress)
        self.stderr.write("")
        self.stdout.write(f"Reservations removed: {deleted}")
