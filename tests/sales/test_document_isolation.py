"""Every document function touches its own order only: working on order A leaves order B's rows as they were.

A mutation run on sales/invoicing.py found ``OrderPayment.objects.filter(parent=order)`` changed to ``.filter()``
surviving: no test had a second order, so invoicing one order could overwrite every order's payment unseen.
Each function below runs on A while B (placed, invoiced and shipped the same way) is watched row by row: the
order, its items, payment, addresses, status history, documents, reservations and B's source items.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from inventory.models import Reservation, SourceItem
from sales.invoicing import InvoiceLine, invoice_order
from sales.models import (
    Creditmemo,
    Invoice,
    Order,
    OrderAddress,
    OrderItem,
    OrderPayment,
    OrderStatusHistory,
    Shipment,
)
from sales.orders import add_order_comment, cancel_order, hold_order, unhold_order
from sales.refunds import refund_order
from sales.shipping import ship_order
from tests.factories import make_order, make_product

pytestmark = pytest.mark.django_db


def snapshot(order: Order) -> dict[str, list[dict]]:
    """Every row of ``order`` and what it owns, as plain values."""
    skus = list(order.items.values_list("sku", flat=True))
    return {
        "order": list(Order.objects.filter(pk=order.pk).values()),
        "items": list(OrderItem.objects.filter(order=order).order_by("pk").values()),
        "payment": list(OrderPayment.objects.filter(parent=order).values()),
        "addresses": list(OrderAddress.objects.filter(parent=order).order_by("pk").values()),
        "history": list(OrderStatusHistory.objects.filter(parent=order).order_by("pk").values()),
        "invoices": list(Invoice.objects.filter(order=order).order_by("pk").values()),
        "shipments": list(Shipment.objects.filter(order=order).order_by("pk").values()),
        "creditmemos": list(Creditmemo.objects.filter(order=order).order_by("pk").values()),
        "reservations": list(Reservation.objects.filter(sku__in=skus).order_by("pk").values()),
        "source_items": list(SourceItem.objects.filter(product_id__in=skus).order_by("pk").values()),
    }


def two_orders() -> tuple[Order, Order]:
    """Two orders of two units each, of different products (so B's stock is B's alone)."""
    return (
        make_order(products=[make_product()], item_qtys=[Decimal(2)]),
        make_order(products=[make_product()], item_qtys=[Decimal(2)]),
    )


def invoiced(order: Order) -> Order:
    invoice_order(order)
    return Order.objects.get(pk=order.pk)


def shipped(order: Order) -> Order:
    ship_order(invoiced(order))
    return Order.objects.get(pk=order.pk)


ACTIONS: dict[str, tuple[Callable[[Order], Order], Callable[[Order], object]]] = {
    # name: (how A and B are prepared, what is done to A)
    "invoice_order": (lambda order: order, invoice_order),
    "partial invoice_order": (
        lambda order: order,
        lambda order: invoice_order(order, items=[InvoiceLine(order.items.get().pk, Decimal(1))]),
    ),
    "ship_order": (invoiced, ship_order),
    "refund_order": (shipped, lambda order: refund_order(order.pk)),
    "cancel_order": (lambda order: order, cancel_order),
    "hold_order": (lambda order: order, hold_order),
    "unhold_order": (lambda order: hold_order(order), unhold_order),
    "add_order_comment": (lambda order: order, lambda order: add_order_comment(order, "Called the customer")),
}


@pytest.mark.parametrize("name", list(ACTIONS))
def test_a_document_function_changes_its_own_order_only(name: str) -> None:
    prepare, act = ACTIONS[name]
    a, b = two_orders()
    prepare(a)
    prepare(b)
    a, b = Order.objects.get(pk=a.pk), Order.objects.get(pk=b.pk)
    before_a, before_b = snapshot(a), snapshot(b)

    act(a)

    assert snapshot(b) == before_b
    assert snapshot(a) != before_a  # the function did act (on A)
