"""inventory_reservation_list_inconsistencies / _create_compensations: Magento's inventory:reservation:* commands."""

from __future__ import annotations

import io
import sys
from decimal import Decimal

import pytest
from django.core.management import call_command

from inventory.models import Reservation
from tests.inventory.world import reserve

pytestmark = pytest.mark.django_db


@pytest.fixture
def reservations():
    """Order 1 is settled; order 2 shipped 35 of 40 units of 24-WB01 and nothing of 24-WB03; order 3 is open."""
    reserve("24-MB01", 1, -2, object_id="1", increment_id="000000001")
    reserve("24-MB01", 1, 2, object_id="1", increment_id="000000001", event_type="shipment_created")
    reserve("24-WB01", 2, -40, object_id="2", increment_id="000000002")
    reserve("24-WB03", 2, -20, object_id="2", increment_id="000000002")
    reserve("24-WB01", 2, 35, object_id="2", increment_id="000000002", event_type="shipment_created")
    reserve("240-LV06", 2, -1, object_id="3", increment_id="000000003")


def run(command: str, *args: str, stdin: str | None = None, monkeypatch=None) -> str:
    out = io.StringIO()
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    call_command(command, *args, stdout=out)
    return out.getvalue()


def test_lists_every_order_whose_reservations_do_not_sum_to_zero(reservations):
    assert run("inventory_reservation_list_inconsistencies") == (
        "Order 000000002:\n"
        "  - Product 24-WB01 should be compensated by +5.000000 for stock 2\n"
        "  - Product 24-WB03 should be compensated by +20.000000 for stock 2\n"
        "Order 000000003:\n"
        "  - Product 240-LV06 should be compensated by +1.000000 for stock 2\n"
    )


def test_restricted_to_finished_orders_in_raw_format(reservations, monkeypatch):
    by_option = run("inventory_reservation_list_inconsistencies", "--object-ids", "1,2", "-r")
    from_stdin = run("inventory_reservation_list_inconsistencies", "--object-ids", "-", "--raw", stdin="2\n",
                     monkeypatch=monkeypatch)

    assert by_option == from_stdin == "000000002:24-WB01:5.000000:2\n000000002:24-WB03:20.000000:2\n"


def test_no_inconsistencies(reservations):
    assert run("inventory_reservation_list_inconsistencies", "--object-ids", "1") == (
        "No order inconsistencies were found\n"
    )


def test_compensations_from_the_raw_list_settle_the_order(reservations, monkeypatch):
    raw = run("inventory_reservation_list_inconsistencies", "--object-ids", "2", "--raw")

    output = run("inventory_reservation_create_compensations", stdin=raw, monkeypatch=monkeypatch)

    assert output == (
        "Following reservations were created:\n"
        "  - Product 24-WB01 was compensated by +5.000000 for stock 2\n"
        "  - Product 24-WB03 was compensated by +20.000000 for stock 2\n"
    )
    created = Reservation.objects.filter(event_type="manual_compensation")
    assert list(created.values_list("object_id", "object_increment_id", "sku", "quantity")) == [
        ("2", "000000002", "24-WB01", Decimal(5)), ("2", "000000002", "24-WB03", Decimal(20))
    ]
    assert run("inventory_reservation_list_inconsistencies", "--object-ids", "2") == (
        "No order inconsistencies were found\n"
    )


def test_bad_compensation_arguments_are_reported_and_skipped(reservations):
    count = Reservation.objects.count()

    output = run("inventory_reservation_create_compensations", "nonsense", "000000009:24-WB01:5:2",
                 "000000002:24-WB01:abc:2")

    assert output == (
        "Following reservations were created:\n"
        '  - Error while parsing argument "nonsense". Given argument does not match pattern '
        '"(?P<increment_id>\\d*):(?P<sku>.*):(?P<quantity>.*):(?P<stock_id>.*)"\n'
        '  - Argument "000000009:24-WB01:5:2" caused exception "No reservations found for order 000000009"\n'
        '  - Error while parsing argument "000000002:24-WB01:abc:2". Given argument does not match pattern '
        '"(?P<increment_id>\\d*):(?P<sku>.*):(?P<quantity>.*):(?P<stock_id>.*)"\n'
    )
    assert Reservation.objects.count() == count
