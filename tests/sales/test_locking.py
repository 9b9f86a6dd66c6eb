"""Concurrency: the order row lock serialises invoices (PostgreSQL only; SQLite ignores FOR UPDATE)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection

from backoffice.exceptions import DomainError
from sales.invoicing import InvoiceLine, invoice_order
from sales.models import Invoice, Order, OrderItem
from tests.concurrency import run_concurrently
from tests.factories import make_order

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs SELECT ... FOR UPDATE (PostgreSQL)"),
]




def test_parallel_full_invoices_give_exactly_one_invoice():
    order = make_order(item_qtys=[Decimal("2"), Decimal("1")])

    results = run_concurrently([lambda: invoice_order(Order.objects.get(pk=order.pk))] * 8)

    assert sum(isinstance(r, Invoice) for r in results) == 1
    assert sum(isinstance(r, DomainError) for r in results) == 7
    assert Invoice.objects.filter(order=order).count() == 1
    assert list(OrderItem.objects.filter(order=order).values_list("qty_invoiced", flat=True)) == [2, 1]


def test_parallel_partial_invoices_never_exceed_the_ordered_qty():
    order = make_order(item_qtys=[Decimal("5")])
    line = InvoiceLine(order.items.get().pk, Decimal("2"))

    results = run_concurrently([lambda: invoice_order(Order.objects.get(pk=order.pk), items=[line])] * 6)

    assert sum(isinstance(r, Invoice) for r in results) == 2
    assert OrderItem.objects.get(order=order).qty_invoiced == Decimal("4")
    order.refresh_from_db()
    assert order.total_invoiced == sum(i.grand_total for i in Invoice.objects.filter(order=order))
