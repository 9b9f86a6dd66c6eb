"""Shipment and credit memo creation: their statements, pinned (invoices: test_invoice_queries.py; placement:
test_checkout_queries.py). Each document is written by one INSERT that carries its increment id
(sales/increment_ids.py): before issue 19 an INSERT then an UPDATE of the increment id, two round trips and the
grid search triggers fired twice."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sales.invoicing import invoice_order
from sales.models import Creditmemo, Shipment
from sales.refunds import refund_order
from sales.shipping import ship_order
from tests.factories import make_order

pytestmark = pytest.mark.django_db


def statements(call: Callable[[], object]) -> list[str]:
    """The SQL of ``call``, without the savepoints of its atomic blocks."""
    with CaptureQueriesContext(connection) as context:
        call()
    return [query["sql"] for query in context.captured_queries if not query["sql"].startswith(("SAVEPOINT", "RELEASE"))]


def verbs(sqls: list[str]) -> list[str]:
    return [sql.split(" ", 1)[0] for sql in sqls]


@pytest.mark.parametrize("item_count", [1, 4])
def test_shipping_takes_one_insert_for_the_shipment_and_its_increment_id(item_count: int) -> None:
    order = make_order(item_qtys=[Decimal(2)] * item_count)
    invoice_order(order)

    sqls = statements(lambda: ship_order(order))

    # order lock with its address ids, items lock, the stock, the stock's sources, their source items; the shipment
    # with its increment id, its lines, the items' qty_shipped; the source items locked and deducted (one UPDATE a
    # SKU: inventory.source_deduction), the reservations; the order and its status history row (on PostgreSQL one
    # statement: WITH updated AS (UPDATE ...) INSERT ...)
    order_and_history = ["WITH"] if connection.vendor == "postgresql" else ["UPDATE", "INSERT"]
    assert verbs(sqls) == [
        "SELECT", "SELECT", "SELECT", "SELECT", "SELECT", "INSERT", "INSERT", "UPDATE",
        "SELECT", *["UPDATE"] * item_count, "INSERT", *order_and_history,
    ]
    assert sqls[5].startswith(f'INSERT INTO "{Shipment._meta.db_table}"')
    assert not any("increment_id" in sql for sql in sqls if sql.startswith("UPDATE"))


@pytest.mark.parametrize("item_count", [1, 4])
def test_refunding_takes_one_insert_for_the_credit_memo_and_its_increment_id(item_count: int) -> None:
    order = make_order(item_qtys=[Decimal(2)] * item_count)
    invoice_order(order)

    sqls = statements(lambda: refund_order(order.pk))

    # order lock with its address ids, items lock, the payment; the credit memo with its increment id, its lines,
    # the items' refunded totals, the payment, the order, its status history row; then the return to stock
    # (sales/refunds/returns.py: the stock, the shipments' sources, the stock's sources, the invoiced items, their source
    # items, the sources by priority, the source items locked, one UPDATE a SKU, the reservations)
    assert verbs(sqls) == [
        "SELECT", "SELECT", "SELECT", "INSERT", "INSERT", "UPDATE", "UPDATE", "UPDATE", "INSERT",
        "SELECT", "SELECT", "SELECT", "SELECT", "SELECT", "SELECT", "SELECT", *["UPDATE"] * item_count, "INSERT",
    ]
    assert sqls[3].startswith(f'INSERT INTO "{Creditmemo._meta.db_table}"')
    assert not any("increment_id" in sql for sql in sqls if sql.startswith("UPDATE"))


def test_every_document_stores_its_entity_id_padded_to_nine_digits_as_its_increment_id() -> None:
    """Magento's default sequence format (module-sales-sequence/Model/Sequence.php: '%s%'.09d%s' with empty prefix
    and suffix), written by each document's own INSERT; the objects the domain functions return carry it too."""
    order = make_order(item_qtys=[Decimal(2)])
    invoice = invoice_order(order)
    shipment = ship_order(order)
    creditmemo = refund_order(order.pk)

    for document in (order, invoice, shipment, creditmemo):
        stored = type(document).objects.values_list("increment_id", flat=True).get(pk=document.pk)
        assert stored == document.increment_id == f"{document.pk:09d}"
