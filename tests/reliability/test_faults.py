"""Faults: a crash at any step of invoice_order, place_order or ship_order leaves the database exactly as it
was (every row of every table involved); a failing email never undoes the committed invoice; a server
process killed in the middle of an invoice leaves no half-written invoice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from smtplib import SMTPException

import pytest
from django.db import connection

import inventory.source_deduction
import sales.invoicing
import sales.placement
import sales.shipping
from catalog.models import ProductType
from inventory.models import DEFAULT_SOURCE_CODE
from sales.invoicing import invoice_order
from sales.models import Invoice, InvoiceComment, Order, OrderItem, ShipmentItem, ShipmentTrack
from sales.placement import OrderLine, PlaceOrderRequest, place_order
from sales.shipping import ship_order
from tests.factories import ADDRESS, make_order, make_product

from .support import postgresql_only, snapshot, transactional_db

ROOT = Path(__file__).resolve().parents[2]


class InjectedFault(Exception):
    pass


def fail(*args: object, **kwargs: object) -> None:
    raise InjectedFault


def fail_after(real: Callable) -> Callable:
    """The real step runs (its rows are written), then the process 'crashes'."""

    def step(*args: object, **kwargs: object) -> None:
        real(*args, **kwargs)
        raise InjectedFault

    return step


# (what to break, where, how): each entry is one step of the domain function, in the order it runs.
INVOICE_STEPS = {
    # The invoice, its lines, the order items' running totals, the payment, the order's totals and new state and its
    # status history row are one step (the writer _lines_and_totals_writer prepares: one statement on PostgreSQL,
    # six on SQLite, the first the invoice's INSERT with its increment id).
    "before the invoice row": (sales.invoicing, "_lines_and_totals_writer", lambda *args, **kwargs: fail),
    "after the invoice, its lines, running totals, payment and new order state": (
        sales.invoicing, "_lines_and_totals_writer",
        lambda *args, real=sales.invoicing._lines_and_totals_writer, **kwargs: fail_after(real(*args, **kwargs)),
    ),
    "after the invoice comment": (InvoiceComment.objects, "create", None),
    "after the order totals": (sales.invoicing, "_deduct_virtual_items", fail),
    "after the source deduction, before its reservations": (inventory.source_deduction, "append_reservations", fail),
    "after the reservations": (sales.invoicing, "_deduct_virtual_items", None),
}
PLACEMENT_STEPS = {
    # The order's items, addresses, payment and first status are one step (insert_rows: one statement on
    # PostgreSQL, one INSERT a table on SQLite), the stock lock and the guarded reservations another.
    "after the order row": (sales.placement, "insert_rows", fail),
    "after the items, addresses, payment and status history": (sales.placement, "insert_rows", None),
    "after the reservations": (sales.placement, "append_reservations_if_salable", None),
}
SHIPMENT_STEPS = {
    "after the shipment row": (ShipmentItem.objects, "bulk_create", fail),
    "after the shipped quantities": (ShipmentTrack.objects, "bulk_create", fail),
    "after the source decrement, before its reservations": (inventory.source_deduction, "append_reservations", fail),
    "after the source deduction and reservations": (sales.shipping, "deduct_source_items", None),
    "after the new order state": (sales.shipping, "refresh_order_state", None),
}


def inject(monkeypatch, step: tuple) -> None:
    target, name, replacement = step
    monkeypatch.setattr(target, name, replacement or fail_after(getattr(target, name)))


@pytest.fixture
def mixed_order(db) -> Order:
    """Two physical items and a virtual one (which leaves its source at invoice time)."""
    products = [make_product(), make_product(), make_product(type_id=ProductType.VIRTUAL)]
    return make_order(item_qtys=[Decimal("3"), Decimal("2"), Decimal("1")], products=products)


@pytest.mark.django_db
@pytest.mark.parametrize("step", INVOICE_STEPS.values(), ids=INVOICE_STEPS.keys())
def test_a_crash_at_any_step_of_invoicing_leaves_the_database_as_it_was(monkeypatch, mixed_order, step):
    before = snapshot()
    inject(monkeypatch, step)

    with pytest.raises(InjectedFault):
        invoice_order(mixed_order, notify=True, comment="Paid by bank transfer")

    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("step", PLACEMENT_STEPS.values(), ids=PLACEMENT_STEPS.keys())
def test_a_crash_at_any_step_of_placing_an_order_leaves_the_database_as_it_was(monkeypatch, step):
    products = [make_product(), make_product(type_id=ProductType.VIRTUAL)]
    before = snapshot()
    inject(monkeypatch, step)

    with pytest.raises(InjectedFault):
        place_order(
            PlaceOrderRequest(
                lines=[OrderLine(products[0].sku, Decimal("2")), OrderLine(products[1].sku, Decimal("1"))],
                billing_address=ADDRESS, shipping_address=ADDRESS, payment_method="checkmo",
                customer_email="jdoe@example.com",
            )
        )

    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("step", SHIPMENT_STEPS.values(), ids=SHIPMENT_STEPS.keys())
def test_a_crash_at_any_step_of_shipping_leaves_the_database_as_it_was(monkeypatch, mixed_order, step):
    before = snapshot()
    inject(monkeypatch, step)

    with pytest.raises(InjectedFault):
        ship_order(mixed_order, source_code=DEFAULT_SOURCE_CODE, notify=True, comment="Shipped")

    assert snapshot() == before


@pytest.mark.django_db
def test_a_crash_behind_the_rest_endpoint_is_a_masked_json_500_and_writes_nothing(monkeypatch, rest_client, mixed_order):
    before = snapshot()
    monkeypatch.setattr(inventory.source_deduction, "append_reservations", fail)
    rest_client.raise_request_exception = False

    response = rest_client.post(f"/rest/V1/order/{mixed_order.pk}/invoice", {}, format="json",
                                HTTP_IDEMPOTENCY_KEY="crash-1")

    assert response.status_code == 500
    assert response.json()["message"].startswith("Internal Error. Details are available in Magento log file.")
    assert snapshot() == before  # no invoice, and no idempotency record either


@transactional_db
def test_a_failing_invoice_email_keeps_the_committed_invoice_and_is_logged(monkeypatch, caplog, mailoutbox):
    order = make_order(item_qtys=[Decimal("2")])
    def smtp_down(*args: object) -> None:
        raise SMTPException("down")

    monkeypatch.setattr("sales.notifications._send", smtp_down)

    invoice = invoice_order(order, notify=True)

    invoice.refresh_from_db()
    assert Invoice.objects.filter(order=order).count() == 1
    assert (invoice.send_email, invoice.email_sent) == (1, None)  # still due: the send_sales_emails job sends it
    assert OrderItem.objects.get(order=order).qty_invoiced == 2
    assert [mail.subject for mail in mailoutbox if mail.subject.startswith("Invoice")] == []
    assert any(
        record.name == "django.db.backends.base" and "send_due_email" in record.getMessage()
        and "Invoice" in record.getMessage() and "down" in record.getMessage()
        for record in caplog.records
    )


KILLED_INVOICE_SCRIPT = textwrap.dedent(
    """
    import sys, time
    import django
    django.setup()
    from sales import invoicing
    from sales.models import Order

    real = invoicing._lines_and_totals_writer  # the invoice, its lines, the items' running totals, the payment

    def written_then_hang(*args, **kwargs):
        write = real(*args, **kwargs)

        def then_hang():
            write()
            print("invoice rows written", flush=True)
            time.sleep(120)  # killed here, mid-transaction

        return then_hang

    invoicing._lines_and_totals_writer = written_then_hang
    invoicing.invoice_order(Order.objects.get(pk=int(sys.argv[1])))
    print("finished", flush=True)
    """
)


def live_test_database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@postgresql_only
@transactional_db
def test_a_server_process_killed_mid_invoice_leaves_no_half_written_invoice():
    order = make_order(item_qtys=[Decimal("2"), Decimal("1")])
    before = snapshot()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "backoffice.settings", "DATABASE_URL": live_test_database_url()}
    server = subprocess.Popen(
        [sys.executable, "-c", KILLED_INVOICE_SCRIPT, str(order.pk)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        line = server.stdout.readline()  # blocks until the invoice rows are written (uncommitted)
        assert line.strip() == "invoice rows written", server.stderr.read()

        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
        server.stdout.close()
        server.stderr.close()

    assert server.returncode == -signal.SIGKILL
    assert snapshot() == before
    # The dead process's transaction is gone with its locks: the order can be invoiced right away.
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '10s'")
    try:
        assert invoice_order(Order.objects.get(pk=order.pk)).items.count() == 2
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
