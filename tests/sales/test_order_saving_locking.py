"""Concurrency of order saves (PostgreSQL only; SQLite ignores FOR UPDATE): a new order saved over REST
(OrderRepositoryInterface::save, vendor/magento/module-sales/Model/OrderRepository.php) goes through place_order, so
parallel saves for the last units cannot oversell (Magento's save reserves nothing: magento/inventory's
InventorySales reserves only in OrderManagement::place); parallel updates of one order serialise on its row."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection

from backoffice.exceptions import DomainError
from inventory.models import Reservation
from sales.models import Order, OrderStatusHistory
from sales.order_saving import NewComment, NewOrder, OrderChanges, create_order, update_order
from sales.placement import OrderLine
from tests.concurrency import run_concurrently
from tests.factories import make_order, make_product

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs SELECT ... FOR UPDATE (PostgreSQL)"),
]
ADDRESS = {
    "firstname": "Rita", "lastname": "Roe", "street": ["1 Main St."], "city": "Austin", "postcode": "78701",
    "country_id": "US", "region_id": 57, "telephone": "512-555-0100",
}  # fmt: skip


def test_parallel_new_orders_for_the_last_units_never_oversell():
    make_product(sku="LAST", quantity=Decimal("3"))
    new = NewOrder(lines=[OrderLine("LAST", Decimal("2"))], billing_address=ADDRESS, payment_method="checkmo",
                   customer_email="rita@example.com", shipping_method="flatrate_flatrate")  # fmt: skip

    results = run_concurrently([lambda: create_order(new)] * 6)

    assert sum(isinstance(result, Order) for result in results) == 1
    assert sum(isinstance(result, DomainError) for result in results) == 5
    assert sum(reservation.quantity for reservation in Reservation.objects.filter(sku="LAST")) == Decimal(-2)


def test_parallel_updates_of_one_order_all_land():
    order = make_order()
    before = OrderStatusHistory.objects.filter(parent=order).count()
    changes = OrderChanges(status="pending", comments=[NewComment("checked")])

    results = run_concurrently([lambda: update_order(order.pk, changes)] * 6)

    assert all(isinstance(result, Order) for result in results)
    assert OrderStatusHistory.objects.filter(parent=order).count() == before + 6
