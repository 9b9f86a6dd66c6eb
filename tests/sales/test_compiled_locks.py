"""The order and item locks run SELECTs the ORM compiled once (backoffice/compiled.py): what they read back is
what the ORM's own querysets read, value for value and type for type; the order's UPDATE and its history row
after an invoice or a shipment (update_and_insert) write what save() writes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection, models, transaction
from django.test.utils import CaptureQueriesContext

from backoffice.compiled import execute_bound, update_and_insert
from sales.exceptions import OrderNotFound
from sales.locks import lock_order, lock_order_items, read_order_and_items
from sales.models import Order, OrderStatusHistory, address_id
from tests.factories import make_order

pytestmark = pytest.mark.django_db


def values(row: models.Model, *extra: str) -> dict[str, tuple[type, object]]:
    names = [field.attname for field in row._meta.concrete_fields] + list(extra)
    return {name: (type(getattr(row, name)), getattr(row, name)) for name in names}


def test_the_order_lock_reads_what_the_orm_reads_with_its_address_ids() -> None:
    placed = make_order(discount_percent=Decimal(10))
    expected = Order.objects.annotate(
        billing_address_id=address_id("billing"), shipping_address_id=address_id("shipping")
    ).get(pk=placed.pk)

    with transaction.atomic():
        twice = [lock_order(placed.pk, with_address_ids=True) for _ in range(2)]  # the second from the compiled SQL
        plain = lock_order(placed.pk)

    extra = ("billing_address_id", "shipping_address_id")
    assert expected.billing_address_id
    assert expected.shipping_address_id
    assert all(values(order, *extra) == values(expected, *extra) for order in twice)
    assert values(plain) == values(expected)
    assert not plain._state.adding
    assert plain._state.db == "default"


def test_an_unknown_order_is_not_found() -> None:
    with transaction.atomic(), pytest.raises(OrderNotFound):
        lock_order(2**62)
    with transaction.atomic(), pytest.raises(OrderNotFound):
        read_order_and_items(2**62, with_address_ids=True)


def test_the_order_and_its_items_locked_together_read_what_the_two_locks_read_in_one_round_trip() -> None:
    """read_order_and_items: the order's lock then its items', one statement on PostgreSQL (two on SQLite)."""
    order = make_order(item_qtys=[Decimal(3), Decimal(1), Decimal(2)])
    make_order()  # another order's items are not read

    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            together, items, _ = read_order_and_items(order.pk, with_address_ids=True)
        alone = lock_order(order.pk, with_address_ids=True)
        alone_items = lock_order_items(alone)

    extra = ("billing_address_id", "shipping_address_id")
    assert together.billing_address_id
    assert values(together, *extra) == values(alone, *extra)
    assert [values(item) for item in items] == [values(item) for item in alone_items]
    assert [item.pk for item in items] == sorted(item.pk for item in order.items.all())
    assert all(item.order is together for item in items)
    if connection.vendor == "postgresql":
        assert len(queries) == 1
        assert queries[0]["sql"].index("sales_order") < queries[0]["sql"].index("sales_orderitem")
    else:
        assert len(queries) == 2


def test_execute_bound_sends_the_values_psycopg_itself_binds() -> None:
    """Quotes, backslashes, non-ASCII text, NULLs, Decimals, times and a literal percent sign come back as sent."""
    from datetime import UTC, datetime

    sent = ["it's", "back\\slash", "žluťoučký 🧾", None, Decimal("-12.3400"), 7, datetime(2026, 1, 2, 3, 4, 5, 6, UTC),
            True, "%s"]
    sql = "SELECT " + ", ".join(["%s"] * len(sent)) + ", '100%%'"
    with connection.cursor() as cursor:
        execute_bound(cursor, sql, sent)
        bound = cursor.fetchone()
        cursor.execute(sql, sent)
        assert bound == cursor.fetchone()
    assert list(bound[:4]) == sent[:4]
    assert Decimal(bound[4]) == Decimal("-12.3400")  # SQLite answers the text
    assert bound[-1] == "100%"


def test_the_items_lock_reads_the_order_s_items_by_pk_with_the_order_itself() -> None:
    order = make_order(item_qtys=[Decimal(3), Decimal(1), Decimal(2)])
    other = make_order()

    with transaction.atomic():
        locked = lock_order(order.pk)
        with CaptureQueriesContext(connection) as queries:
            items = lock_order_items(locked)
            owners = [item.order for item in items]

    expected = list(order.items.order_by("pk"))
    assert [values(item) for item in items] == [values(item) for item in expected]
    assert all(owner is locked for owner in owners)
    assert len(queries) == 1
    assert not any(item.order_id == other.pk for item in items)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no FOR UPDATE (the ORM does not refuse)")
def test_a_lock_outside_a_transaction_is_refused_as_the_orm_refuses_it() -> None:
    order = make_order()
    with transaction.atomic():
        lock_order(order.pk)  # compiled

    with pytest.raises(transaction.TransactionManagementError):
        lock_order(order.pk)


def test_update_and_insert_writes_the_named_fields_and_the_new_row_with_their_auto_now_times() -> None:
    order = make_order()
    before = Order.objects.get(pk=order.pk)
    order.total_paid, order.status, order.customer_email = Decimal("12.34"), "processing", "not@written.example"
    history = OrderStatusHistory(parent=order, comment="paid", status="processing", entity_name="invoice")

    with CaptureQueriesContext(connection) as queries:
        update_and_insert(order, ["total_paid", "status", "updated_at", "updated_at"], history)

    stored = Order.objects.get(pk=order.pk)
    assert (stored.total_paid, stored.status, stored.customer_email) == (
        Decimal("12.34"), "processing", before.customer_email
    )
    assert stored.updated_at == order.updated_at > before.updated_at
    assert values(OrderStatusHistory.objects.get(pk=history.pk)) == values(history)
    assert not history._state.adding
    # one statement on PostgreSQL (WITH updated AS (UPDATE ...) INSERT ...), two on SQLite
    assert [q["sql"].split(" ", 1)[0] for q in queries] == (
        ["WITH"] if connection.vendor == "postgresql" else ["UPDATE", "INSERT"]
    )


def test_insert_rows_statement_writes_what_bulk_create_writes() -> None:
    """Every column of several new rows (JSON, decimals, NULLs) as bulk_create's InsertQuery
    writes them; the pks come back in the rows' order."""
    from backoffice.compiled import insert_rows_statement
    from sales.models import OrderPayment

    orders = [make_order() for _ in range(4)]
    OrderPayment.objects.filter(parent__in=orders).delete()

    def payment(n: int) -> OrderPayment:
        return OrderPayment(parent=orders[n], method="checkmo", amount_ordered=Decimal(f"{n % 2}.5"),
                            additional_information=["Check / Money order", f"it's {n % 2}%"])

    sql, params = insert_rows_statement([payment(0), payment(1)])
    with connection.cursor() as cursor:
        execute_bound(cursor, sql, params)
        pks = [pk for (pk,) in cursor.fetchall()]
    theirs = OrderPayment.objects.bulk_create([payment(2), payment(3)])

    read = {row.parent_id: row for row in OrderPayment.objects.filter(parent__in=orders)}
    assert [read[order.pk].pk for order in orders[:2]] == pks
    skip = {"entity_id", "parent_id"}
    for ours, bulk in ((orders[0], orders[2]), (orders[1], orders[3])):
        assert {k: v for k, v in values(read[ours.pk]).items() if k not in skip} == {
            k: v for k, v in values(read[bulk.pk]).items() if k not in skip
        }
    assert read[orders[1].pk].amount_ordered == Decimal("1.5000")
    assert read[orders[0].pk].additional_information == ["Check / Money order", "it's 0%"]
    assert theirs[0].pk > pks[1]


def test_insert_rows_gives_every_row_its_key_and_batches_within_sqlite_s_parameter_limit(monkeypatch) -> None:
    """backoffice.compiled.insert_rows (placement's rows, every reservation): the rows of several groups inserted,
    each instance left saved with its key, in order; on PostgreSQL one statement, on SQLite one a group, more when a
    group's parameters pass the limit (as bulk_create batches)."""
    from backoffice.compiled import insert_rows
    from inventory.models import Reservation

    if connection.vendor == "sqlite":
        monkeypatch.setattr(type(connection.features), "max_query_params", 20)  # 2 reservations (9 columns) a statement
    order = make_order()
    reservations = [Reservation(stock_id=1, sku=f"SKU-{n}", quantity=Decimal(-n), event_type="order_placed")
                    for n in range(1, 6)]
    history = [OrderStatusHistory(parent=order, status="pending", is_visible_on_front=0)]

    with CaptureQueriesContext(connection) as captured:
        insert_rows(reservations, [], history)

    inserts = [q for q in captured.captured_queries if q["sql"].startswith(("INSERT", "WITH"))]
    assert len(inserts) == (1 if connection.vendor == "postgresql" else 3 + 1)
    keys = [row.pk for row in reservations]
    assert keys == sorted(keys)
    assert all(not row._state.adding and row._state.db == "default" for row in [*reservations, *history])
    assert list(Reservation.objects.filter(pk__in=keys).order_by("pk").values_list("sku", "quantity")) == [
        (f"SKU-{n}", Decimal(-n)) for n in range(1, 6)]
    assert OrderStatusHistory.objects.get(pk=history[0].pk).parent_id == order.pk


def test_insert_rows_of_nothing_sends_nothing() -> None:
    """A reservation list of zero quantities (append_reservations skips them) inserts nothing, on either database."""
    from backoffice.compiled import insert_rows
    from inventory.reservations import SalesEvent, append_reservations

    with CaptureQueriesContext(connection) as captured:
        insert_rows([], [])
        appended = append_reservations(1, [("SKU-0", Decimal(0))], SalesEvent(type="order_placed", object_id="1"))

    assert (appended, captured.captured_queries) == ([], [])
