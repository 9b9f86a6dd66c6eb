"""Customer emails that are never lost: due in the commit that makes the document, sent once.

Contract: Magento_Sales Model/Order/Email/Sender/OrderSender.php (send: ``send_email`` set, ``email_sent`` set once
sent, or left NULL for the cron in asynchronous mode), Model/EmailSenderHandler.php (sendEmails: the documents with
``send_email`` = 1 and ``email_sent`` NULL, ``sales_email/general/sending_limit`` of them), etc/crontab.xml
(sales_send_order_emails, ..._invoice_, ..._shipment_, ..._creditmemo_emails, every minute), etc/config.xml
(async_sending 0, sending_limit 50), Model/AbstractNotifier.php (notify answers false while the email has not left).
Beyond Magento: its synchronous mode never tries a failed email again; here the job sends what is still due.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection

from sales.email_sending import send_due_emails
from sales.invoicing import invoice_order
from sales.models import Creditmemo, Invoice, Order, Shipment
from sales.orders import notify_invoice
from sales.refunds import RefundComment, refund_order
from sales.shipping import ship_order
from tests.concurrency import run_concurrently
from tests.factories import make_order

pytestmark = pytest.mark.django_db
D = Decimal


def due(model: type[Order | Invoice | Shipment | Creditmemo], pk: int) -> tuple[int | None, int | None]:
    return model.objects.values_list("send_email", "email_sent").get(pk=pk)


def run_job(*args: str) -> str:
    out = io.StringIO()
    call_command("send_sales_emails", *args, stdout=out)
    return out.getvalue().strip()


def test_an_email_decided_in_a_commit_whose_process_died_before_sending_is_sent_by_the_job_once(
    django_capture_on_commit_callbacks, mailoutbox
):
    """The process dies between the commit and the mail server: the commit says the email is due."""
    order = make_order()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=False):  # the callbacks never run: the process died
        invoice = invoice_order(order, notify=True, append_comment=True, comment="Thanks!")

    assert (mailoutbox, due(Invoice, invoice.pk)) == ([], (1, None))
    assert (invoice.customer_note, invoice.customer_note_notify) == ("Thanks!", 1)

    assert run_job() == "order: 1 sent, invoice: 1 sent, shipment: 0 sent, creditmemo: 0 sent"
    assert [mail.subject for mail in mailoutbox] == [
        f"Your Main Website Store order confirmation #{order.increment_id}",
        f"Invoice for your Main Website Store order #{order.increment_id}",
    ]
    assert "Thanks!" in mailoutbox[1].body  # the comment travelled with the document
    assert due(Invoice, invoice.pk) == (1, 1)

    assert run_job() == "order: 0 sent, invoice: 0 sent, shipment: 0 sent, creditmemo: 0 sent"
    assert len(mailoutbox) == 2


def test_synchronous_sending_sends_on_commit_and_leaves_nothing_due(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        order = make_order()
    with django_capture_on_commit_callbacks(execute=True):
        shipment = ship_order(order, notify=True)

    assert due(Order, order.pk) == (1, 1)
    assert due(Shipment, shipment.pk) == (1, 1)
    assert len(mailoutbox) == 2
    assert send_due_emails() == {"order": 0, "invoice": 0, "shipment": 0, "creditmemo": 0}


@contextmanager
def web_request() -> Iterator[None]:
    """A web request's start and end as a WSGI server signals them (the end once the response is written), without
    Django's connection cleanup, which would end the test's transaction (Django's test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        request_started.send(sender=None, environ={})
        try:
            yield
        finally:
            request_finished.send(sender=None)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_synchronous_sending_in_a_web_request_sends_once_the_response_is_written(
    django_capture_on_commit_callbacks, mailoutbox
):
    """The client does not wait for the mail server: the commit leaves the email due, the end of the request sends it.
    (Checked: with the email sent from the commit hook again, the first assertion fails with one email.)"""
    with web_request():
        with django_capture_on_commit_callbacks(execute=True):
            order = make_order()
        assert (mailoutbox, due(Order, order.pk)) == ([], (1, None))  # committed; the response is being written
    assert [mail.subject for mail in mailoutbox] == [f"Your Main Website Store order confirmation #{order.increment_id}"]
    assert due(Order, order.pk) == (1, 1)

    with web_request():  # a later request sends nothing again
        pass
    assert len(mailoutbox) == 1


def test_an_email_refused_after_the_response_is_logged_and_stays_due_for_the_job(
    django_capture_on_commit_callbacks, monkeypatch, caplog, mailoutbox
):
    monkeypatch.setattr("sales.notifications.send_mail", lambda *a, **k: (_ for _ in ()).throw(OSError("down")))
    with web_request(), django_capture_on_commit_callbacks(execute=True):
        order = make_order()
    assert due(Order, order.pk) == (1, None)
    assert any("could not be sent after the response" in record.getMessage() for record in caplog.records)

    monkeypatch.undo()
    assert send_due_emails()["order"] == 1
    assert [mail.subject for mail in mailoutbox] == [f"Your Main Website Store order confirmation #{order.increment_id}"]


def test_a_refused_email_stays_due_and_the_next_run_sends_it(
    django_capture_on_commit_callbacks, monkeypatch, mailoutbox
):
    order = make_order()
    monkeypatch.setattr("sales.notifications.send_mail", lambda *a, **k: (_ for _ in ()).throw(OSError("down")))
    with django_capture_on_commit_callbacks(execute=True):
        invoice = invoice_order(order, notify=True)
    assert due(Invoice, invoice.pk) == (1, None)
    assert send_due_emails()["invoice"] == 0  # still down: logged, still due

    monkeypatch.undo()
    assert send_due_emails()["invoice"] == 1
    assert due(Invoice, invoice.pk) == (1, 1)


def test_emails_the_mail_server_always_refuses_never_hold_up_the_ones_behind_them(settings, monkeypatch, mailoutbox):
    settings.SALES_EMAIL_ASYNC_SENDING = True
    orders = [make_order() for _ in range(4)]
    Order.objects.filter(pk__in=[orders[0].pk, orders[1].pk]).update(customer_email="nobody@invalid")
    real = mail.send_mail

    def refusing(subject: str, body: str, sender: str, to: list[str], **kwargs: object) -> int:
        if to == ["nobody@invalid"]:
            raise OSError("550 no such user")
        return real(subject, body, sender, to, **kwargs)

    monkeypatch.setattr("sales.notifications.send_mail", refusing)

    assert send_due_emails(limit=2)["order"] == 2  # past the two refused ones
    assert [due(Order, order.pk)[1] for order in orders] == [None, None, 1, 1]


def test_a_mail_server_that_is_away_ends_the_run_after_a_few_refusals(settings, monkeypatch):
    settings.SALES_EMAIL_ASYNC_SENDING = True
    for _ in range(8):
        make_order()
    tries = []
    monkeypatch.setattr("sales.notifications.send_mail", lambda *a, **k: tries.append(1) or 1 / 0)

    assert send_due_emails()["order"] == 0
    assert len(tries) == 5  # FAILURES_IN_A_ROW, not the whole queue


def test_asynchronous_sending_sends_nothing_from_the_request_and_the_job_sends_each_kind(
    settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.SALES_EMAIL_ASYNC_SENDING = True
    with django_capture_on_commit_callbacks(execute=True):
        order = make_order(item_qtys=[D(2)])
        invoice_order(order, notify=True)
        ship_order(order, notify=True, append_comment=True, comment="On its way")
        memo = refund_order(order.pk, notify=True, append_comment=True, comment=RefundComment("Sorry"))
    assert mailoutbox == []
    assert due(Creditmemo, memo.pk) == (1, None)

    assert send_due_emails() == {"order": 1, "invoice": 1, "shipment": 1, "creditmemo": 1}
    assert len(mailoutbox) == 4
    assert next(mail.body for mail in mailoutbox if "shipped" in mail.subject).endswith("On its way")
    assert "Sorry" in next(mail.body for mail in mailoutbox if mail.subject.startswith("Credit memo"))


def test_the_job_sends_at_most_the_sending_limit_of_each_kind_oldest_first(settings, mailoutbox):
    settings.SALES_EMAIL_ASYNC_SENDING = True
    orders = [make_order() for _ in range(3)]

    assert run_job("--limit", "2") == "order: 2 sent, invoice: 0 sent, shipment: 0 sent, creditmemo: 0 sent"
    assert [due(Order, order.pk)[1] for order in orders] == [1, 1, None]
    settings.SALES_EMAIL_SENDING_LIMIT = 50
    assert send_due_emails()["order"] == 1


def test_sending_again_in_asynchronous_mode_answers_false_and_the_job_sends_it(settings, mailoutbox):
    """AbstractNotifier::notify: the sender leaves email_sent NULL in asynchronous mode, so notify answers false."""
    order = make_order()
    invoice = invoice_order(order)
    settings.SALES_EMAIL_ASYNC_SENDING = True

    assert notify_invoice(invoice.pk) is False
    assert due(Invoice, invoice.pk) == (1, None)
    send_due_emails()
    assert due(Invoice, invoice.pk) == (1, 1)
    assert [mail.subject for mail in mailoutbox if mail.subject.startswith("Invoice")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel senders: PostgreSQL")
def test_two_machines_running_the_job_at_once_send_each_email_once(settings, monkeypatch):
    settings.SALES_EMAIL_ASYNC_SENDING = True
    orders = [make_order() for _ in range(6)]
    sent: list[str] = []
    lock = threading.Lock()

    def slow_mail_server(subject: str, *args: object, **kwargs: object) -> int:
        time.sleep(0.05)  # each message takes the server's time, so the two runs overlap
        with lock:
            sent.append(subject)
        return 1

    monkeypatch.setattr("sales.notifications.send_mail", slow_mail_server)
    results = run_concurrently([send_due_emails, send_due_emails])

    assert all(isinstance(result, dict) for result in results), results
    assert sum(result["order"] for result in results) == 6
    assert sorted(sent) == sorted(f"Your Main Website Store order confirmation #{o.increment_id}" for o in orders)
    assert Order.objects.filter(send_email=1, email_sent__isnull=True).count() == 0
