"""Invoice creation costs the same statements whatever the number of order items (bench/rest measures its time)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sales.invoicing import invoice_order
from sales.models import Invoice
from tests.factories import make_order

pytestmark = pytest.mark.django_db


def invoice_statements(item_count: int) -> list[str]:
    order = make_order(item_qtys=[Decimal(2)] * item_count)
    with CaptureQueriesContext(connection) as context:
        invoice_order(order)
    return [query["sql"].split(" ", 1)[0] for query in context.captured_queries]


@pytest.mark.parametrize("item_count", [1, 8])
def test_invoicing_physical_items_takes_eight_statements_whatever_their_number(item_count: int) -> None:
    statements = [verb for verb in invoice_statements(item_count) if verb not in ("SAVEPOINT", "RELEASE")]

    # order lock with its address ids, items lock (on PostgreSQL sent together: one round trip), invoice with its
    # increment id, its lines, the items' running totals, the payment, the order and its status history row (on
    # PostgreSQL one statement: WITH invoice AS (INSERT ...), line AS (INSERT ...), payment AS (UPDATE ...),
    # updated AS (UPDATE ...), history AS (INSERT ...) UPDATE ... FROM line): eight statements, two round trips
    # on PostgreSQL
    if connection.vendor == "postgresql":
        assert statements == ["SELECT", "WITH"]
    else:
        assert statements == ["SELECT", "SELECT", "INSERT", "INSERT", "UPDATE", "UPDATE", "UPDATE", "INSERT"]


def test_the_rest_endpoint_adds_only_the_token_lookup(
    rest_client: object, django_assert_num_queries: Callable
) -> None:
    order = make_order(item_qtys=[Decimal(1)] * 3)

    # the token, then the eight statements (two round trips on PostgreSQL) and the savepoint pair of the atomic block
    with django_assert_num_queries(5 if connection.vendor == "postgresql" else 11):
        response = rest_client.post(f"/rest/V1/order/{order.pk}/invoice", {"capture": True}, format="json")

    assert response.status_code == 200
    invoice = Invoice.objects.get(pk=response.json())
    assert [(line.order_item_id, line.qty) for line in invoice.items.order_by("order_item_id")] == [
        (item.pk, item.qty_invoiced) for item in order.items.order_by("pk")
    ]
    assert all(item.qty_invoiced == Decimal(1) for item in order.items.all())


def test_the_increment_id_is_written_by_the_insert_from_the_table_s_own_counter() -> None:
    """Magento's default sequence format (module-sales-sequence/Model/Sequence.php: '%s%'.09d%s' with empty
    prefix and suffix): the entity id padded to nine digits, stored by the INSERT itself. The id is the one the
    table's own counter gives, as a plain INSERT's: on SQLite (AUTOINCREMENT) after a higher id written directly
    (an import), on PostgreSQL the serial's next value (a direct write does not move a sequence)."""
    first = invoice_order(make_order())
    imported = Invoice.objects.create(order=make_order(), increment_id="IMPORTED-1", entity_id=first.pk + 40)
    second = invoice_order(make_order())

    stored = dict(Invoice.objects.values_list("pk", "increment_id"))
    assert stored[first.pk] == first.increment_id == f"{first.pk:09d}"
    assert second.pk == (first.pk + 1 if connection.vendor == "postgresql" else imported.pk + 1)
    assert stored[second.pk] == second.increment_id == f"{second.pk:09d}"
    assert stored[imported.pk] == "IMPORTED-1"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's limit on a statement's parameters")
def test_on_sqlite_the_lines_are_inserted_in_batches_within_its_parameter_limit() -> None:
    import sqlite3

    order = make_order(item_qtys=[Decimal(1), Decimal(2), Decimal(3), Decimal(4), Decimal(5)])
    connection.ensure_connection()
    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    connection.connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 60)  # two lines a statement
    try:
        invoice = invoice_order(order)
    finally:
        connection.connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, limit)

    stored = sorted(invoice.items.values_list("order_item_id", "qty"))
    assert stored == [(item.pk, item.qty_ordered) for item in order.items.order_by("pk")]
    assert all(item.qty_invoiced == item.qty_ordered for item in order.items.all())  # every batch's lines counted
