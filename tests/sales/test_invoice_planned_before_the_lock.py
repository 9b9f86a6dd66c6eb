"""SQLite: invoice_order works the invoice out before BEGIN IMMEDIATE takes the database's one write lock, and uses
that work under the lock only when nothing it read has changed (sales/invoicing.py invoice_order, sales/locks.py
order_and_items_unchanged). What it writes must be what working it out under the lock would have written.

SQLite's ``PRAGMA data_version`` (https://sqlite.org/pragma.html#pragma_data_version): "The integer values returned
by two invocations of "PRAGMA data_version" from the same connection will be different if changes were committed
to the database by any other connection in the interim."
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from decimal import Decimal
from itertools import count

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoDbBlocker

import sales.invoicing
import sales.locks
from backoffice.compiled import data_version
from sales.exceptions import InvoiceDocumentValidationError
from sales.invoicing import InvoiceLine, invoice_order
from sales.locks import order_and_items_unchanged, read_order_and_items
from sales.models import Invoice, Order, OrderItem, OrderStatusHistory
from sales.orders import cancel_order
from tests.concurrency import run_concurrently
from tests.factories import make_order

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),  # each test starts with the migrations' rows
    pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL works the invoice out under its row locks"),
]
D = Decimal


def under_the_lock(queries: CaptureQueriesContext) -> list[str]:
    """The first words of the statements run from the last BEGIN IMMEDIATE on, to its COMMIT."""
    sql = [q["sql"] for q in queries.captured_queries]
    begin = max(n for n, statement in enumerate(sql) if statement.startswith("BEGIN"))
    return [" ".join(statement.split()[:3]) for statement in sql[begin + 1:]]


@pytest.fixture(scope="module", autouse=True)
def migrations_rows_put_back(django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """A transactional test ends by emptying every table; after this module's last, the rows the migrations wrote
    (the default category, source and stock) are put back, so that a test database kept between runs (`make
    mutate`'s --reuse-db, one pytest run per mutant) still holds them for the next run's other tests."""
    yield
    with django_db_blocker.unblock():
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


@pytest.fixture
def commits_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every look at the data version answers another number: as if another connection committed in between."""
    versions: Iterator[int] = count(10_000)
    monkeypatch.setattr(sales.locks, "data_version", lambda: next(versions))


def meddle_after_the_plan(monkeypatch: pytest.MonkeyPatch, meddle: Callable[[], None]) -> list[int]:
    """Run ``meddle`` once, right after invoice_order has worked the invoice out before the lock; answers the
    list of the orders each plan was worked out for."""
    real_plan, planned = sales.invoicing._plan, []

    def plan_then_meddle(order_id: int, *args: object) -> object:
        plan = real_plan(order_id, *args)
        planned.append(order_id)
        if len(planned) == 1:
            meddle()
        return plan

    monkeypatch.setattr(sales.invoicing, "_plan", plan_then_meddle)
    return planned


def test_nothing_committed_since_the_read_the_lock_holds_only_the_writes():
    order = make_order(item_qtys=[D(2), D(1)])
    to_invoice = Order.objects.get(pk=order.pk)

    with CaptureQueriesContext(connection) as queries:
        invoice = invoice_order(to_invoice)

    sql = [" ".join(q["sql"].split()[:3]) for q in queries.captured_queries]
    assert sql[:4] == [  # before the lock: the data version, then the order and its items
        "PRAGMA data_version", 'SELECT "sales_order"."base_currency_code" AS', 'SELECT "sales_orderitem"."item_id" AS',
        "BEGIN IMMEDIATE",
    ]
    assert under_the_lock(queries) == [
        "PRAGMA data_version",
        'INSERT INTO "sales_invoice"', 'INSERT INTO "sales_invoiceitem"', 'UPDATE "sales_orderitem" SET',
        'UPDATE "sales_orderpayment" SET', 'UPDATE "sales_order" SET', 'INSERT INTO "sales_orderstatushistory"',
        "COMMIT",
    ]
    assert list(OrderItem.objects.filter(order=order).order_by("pk").values_list("qty_invoiced", flat=True)) == [2, 1]
    stored = Order.objects.get(pk=order.pk)
    assert (stored.state, stored.total_invoiced, stored.total_paid) == ("processing", invoice.grand_total,
                                                                        invoice.grand_total)
    assert Invoice.objects.get(order=order).increment_id == invoice.increment_id


def test_the_work_kept_from_before_the_lock_carries_the_comment_and_the_notification():
    """The status history row is worked out before the lock with the invoice (resolve_order_state, Magento's
    Invoice::register then the order's addStatusHistoryComment): the comment and whether the customer was notified
    are in it when the lock finds nothing changed and writes the work as it was."""
    order = make_order()

    with CaptureQueriesContext(connection) as queries:
        invoice_order(Order.objects.get(pk=order.pk), comment="Paid by check 1042", notify=True)

    sql = [q["sql"] for q in queries.captured_queries]
    begin = sql.index("BEGIN IMMEDIATE")
    assert sql[begin + 1] == "PRAGMA data_version"
    assert sql[begin + 2].startswith('INSERT INTO "sales_invoice"')  # the work kept: nothing read again
    history = OrderStatusHistory.objects.filter(parent=order, entity_name="invoice").get()
    assert (history.comment, history.is_customer_notified) == ("Paid by check 1042", 1)


def test_a_commit_elsewhere_that_left_the_order_alone_reads_it_again_and_keeps_the_work(
    monkeypatch: pytest.MonkeyPatch, commits_elsewhere: None
):
    order = make_order(item_qtys=[D(2)])
    planned = meddle_after_the_plan(monkeypatch, lambda: make_order())  # another order: this one's rows unchanged

    with CaptureQueriesContext(connection) as queries:
        invoice_order(Order.objects.get(pk=order.pk))

    # the data version looked at (a stand-in here, no statement), then the order and its items read again
    assert under_the_lock(queries)[:3] == [
        'SELECT "sales_order"."base_currency_code" AS', 'SELECT "sales_orderitem"."item_id" AS',
        'INSERT INTO "sales_invoice"',
    ]
    assert planned == [order.pk]  # worked out once
    assert OrderItem.objects.get(order=order).qty_invoiced == 2


def test_an_invoice_committed_in_between_is_seen_under_the_lock_and_the_rest_invoiced(
    monkeypatch: pytest.MonkeyPatch, commits_elsewhere: None
):
    order = make_order(item_qtys=[D(5), D(3)])
    first_item = order.items.order_by("pk").first()
    planned = meddle_after_the_plan(
        monkeypatch, lambda: invoice_order(Order.objects.get(pk=order.pk), items=[InvoiceLine(first_item.pk, D(2))])
    )

    second = invoice_order(Order.objects.get(pk=order.pk))  # planned for 5 + 3; 2 of the 5 invoiced meanwhile

    assert planned == [order.pk, order.pk, order.pk]  # this call's, the meddler's, this call's again under the lock
    assert second.total_qty == D(6)
    assert list(OrderItem.objects.filter(order=order).order_by("pk").values_list("qty_invoiced", flat=True)) == [5, 3]
    stored = Order.objects.get(pk=order.pk)
    invoices = Invoice.objects.filter(order=order)
    assert invoices.count() == 2
    assert stored.total_invoiced == stored.total_paid == sum(i.grand_total for i in invoices) == stored.grand_total
    assert OrderStatusHistory.objects.filter(parent=order, entity_name="invoice").count() == 2


def test_an_order_canceled_in_between_is_refused_under_the_lock_and_nothing_is_written(
    monkeypatch: pytest.MonkeyPatch, commits_elsewhere: None
):
    order = make_order(item_qtys=[D(1)])
    meddle_after_the_plan(monkeypatch, lambda: cancel_order(Order.objects.get(pk=order.pk)))

    with pytest.raises(InvoiceDocumentValidationError):
        invoice_order(Order.objects.get(pk=order.pk))

    assert not Invoice.objects.filter(order=order).exists()
    assert OrderItem.objects.get(order=order).qty_invoiced == 0
    assert Order.objects.get(pk=order.pk).state == "canceled"


def test_the_data_version_moves_when_another_connection_commits_and_not_for_this_one():
    make_order()
    before = data_version()
    make_order()  # this connection's own commit
    assert data_version() == before

    run_concurrently([make_order])  # another thread, another connection

    assert data_version() != before


def test_a_refusal_before_the_lock_is_decided_again_under_it(monkeypatch: pytest.MonkeyPatch):
    """The order and its items are read before the lock one after the other, so possibly of two moments (another
    connection's commit between them): only the read under the lock may refuse."""
    order = make_order(item_qtys=[D(1)])
    real_check, checks = sales.invoicing._quantities_to_invoice, []

    def refused_first(*args: object) -> object:
        checks.append(args)
        if len(checks) == 1:
            raise InvoiceDocumentValidationError(["as if read of two moments"])
        return real_check(*args)

    monkeypatch.setattr(sales.invoicing, "_quantities_to_invoice", refused_first)

    invoice = invoice_order(Order.objects.get(pk=order.pk))

    assert len(checks) == 2
    assert Invoice.objects.get(order=order) == invoice
    assert OrderItem.objects.get(order=order).qty_invoiced == 1


def test_a_data_version_of_another_connection_proves_nothing_and_the_rows_are_read_again():
    """A data version is a connection's own count: one read on a connection since closed is not compared."""
    order = make_order(item_qtys=[D(1)])
    _, _, snapshot = read_order_and_items(order.pk, with_address_ids=True)
    elsewhere = replace(snapshot, database=object())

    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        assert order_and_items_unchanged(order.pk, elsewhere, with_address_ids=True)  # the same rows
        assert not order_and_items_unchanged(order.pk, replace(elsewhere, rows=[[], []]), with_address_ids=True)
        assert order_and_items_unchanged(order.pk, snapshot, with_address_ids=True)  # this connection, no commit

    assert [q["sql"].split()[0] for q in queries.captured_queries] == [
        "SELECT", "SELECT", "SELECT", "SELECT", "PRAGMA"
    ]
