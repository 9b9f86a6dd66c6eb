"""inventory_reservation_cleanup: per order, stock and SKU, the sets that sum to zero go; pending ones stay."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from inventory.models import Reservation
from inventory.reservations import cleanup_reservations, get_uncompensated_reservations
from inventory.salable import get_salable_quantity
from sales.invoicing import invoice_order
from sales.orders import cancel_order
from sales.shipping import ship_order
from tests.factories import make_order, make_product
from tests.inventory.world import reserve

pytestmark = pytest.mark.django_db
D = Decimal


def remaining() -> list[tuple[str, str, Decimal]]:
    return list(Reservation.objects.order_by("pk").values_list("object_id", "sku", "quantity"))


def test_settled_sets_go_and_pending_compensations_stay():
    """Order 1 is settled; order 2 shipped 24-WB01 but still owes 24-WB03; order 3 shipped 35 of 40."""
    reserve("24-MB01", 2, -2, object_id="1")
    reserve("24-MB01", 2, 2, object_id="1", event_type="shipment_created")
    reserve("24-WB01", 2, -4, object_id="2", increment_id="000000002")
    reserve("24-WB03", 2, -20, object_id="2", increment_id="000000002")
    reserve("24-WB01", 2, 4, object_id="2", increment_id="000000002", event_type="shipment_created")
    reserve("24-WB01", 2, -40, object_id="3", increment_id="000000003")
    reserve("24-WB01", 2, 35, object_id="3", increment_id="000000003", event_type="shipment_created")
    pending = get_uncompensated_reservations()

    deleted = cleanup_reservations()

    assert deleted == 4
    assert remaining() == [("2", "24-WB03", D(-20)), ("3", "24-WB01", D(-40)), ("3", "24-WB01", D(35))]
    assert get_uncompensated_reservations() == pending


def test_one_order_s_compensation_never_cancels_another_order_s_reservation():
    """Magento's (stock, SKU) grouping would delete both: order 5's pending −3 would be forgotten."""
    reserve("24-WB01", 2, -3, object_id="5", increment_id="000000005")
    reserve("24-WB01", 2, 3, object_id="6", increment_id="000000006", event_type="manual_compensation")
    reserve("24-WB01", 2, -1, object_id="", increment_id="")  # no order to group by: kept
    reserve("24-WB01", 2, 1, object_id="", increment_id="", event_type="order_place_failed")

    assert cleanup_reservations() == 0
    assert len(remaining()) == 4


def test_the_same_sku_on_two_stocks_is_two_sets():
    reserve("24-WB01", 1, -3, object_id="7")
    reserve("24-WB01", 2, 3, object_id="7", event_type="shipment_created")

    assert cleanup_reservations() == 0


def test_the_table_stops_growing_and_salable_quantities_do_not_move(capsys):
    """Rounds of orders placed, invoiced and shipped or canceled: after each cleanup only open orders remain."""
    product = make_product(quantity=D(1000))
    sizes = []
    for _ in range(4):
        shipped, canceled, open_order = (make_order(products=[product], item_qtys=[D(2)]) for _ in range(3))
        invoice_order(shipped)
        ship_order(shipped)
        cancel_order(canceled)
        before = get_salable_quantity(product.sku, 1)
        out = io.StringIO()
        call_command("inventory_reservation_cleanup", "--batch-size", "1", stdout=out)

        assert out.getvalue() == "Reservations removed: 4\n"
        assert get_salable_quantity(product.sku, 1) == before
        assert Reservation.objects.filter(object_id=str(open_order.pk)).count() == 1
        sizes.append(Reservation.objects.count())

    assert sizes == [1, 2, 3, 4]  # one per open order, nothing else
