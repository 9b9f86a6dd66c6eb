"""Magento's ``bin/magento inventory:reservation:create-compensations``.

Arguments (or stdin lines) ``<ORDER_INCREMENT_ID>:<SKU>:<QUANTITY>:<STOCK-ID>``, as printed by
``inventory_reservation_list_inconsistencies --raw``; each appends a ``manual_compensation`` reservation.
"""

from __future__ import annotations

import re
import sys
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backoffice.exceptions import DomainError
from inventory.reservations import Compensation, create_compensations

PATTERN = re.compile(r"(?P<increment_id>\d*):(?P<sku>.*):(?P<quantity>.*):(?P<stock_id>.*)")


class Command(BaseCommand):
    help = "Create reservations by provided compensation arguments."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "compensations", nargs="*", help='"<ORDER_INCREMENT_ID>:<SKU>:<QUANTITY>:<STOCK-ID>"; stdin when none'
        )

    def handle(self, *args: object, compensations: list[str], **options: object) -> None:
        arguments = compensations or [line.strip() for line in sys.stdin if line.strip()]
        if not arguments:
            raise CommandError("A list of compensations needs to be defined as argument or STDIN.")
        self.stdout.write("Following reservations were created:")
        for argument in arguments:
            try:
                compensation = _parse(argument)
                create_compensations([compensation])
            except ValueError as error:
                self.stdout.write(f'  - Error while parsing argument "{argument}". {error}')
                continue
            except DomainError as error:
                self.stdout.write(f'  - Argument "{argument}" caused exception "{error}"')
                continue
            self.stdout.write(
                f"  - Product {compensation.sku} was compensated by {float(compensation.quantity):+f} "
                f"for stock {compensation.stock_id}"
            )


def _parse(argument: str) -> Compensation:
    match = PATTERN.fullmatch(argument)
    if match is None:
        raise ValueError(f'Given argument does not match pattern "{PATTERN.pattern}"')
    try:
        return Compensation(
            match["increment_id"], match["sku"], Decimal(match["quantity"]), int(match["stock_id"])
        )
    except (InvalidOperation, ValueError):
        raise ValueError(f'Given argument does not match pattern "{PATTERN.pattern}"') from None
