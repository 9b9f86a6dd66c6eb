"""Customer emails that outlive the process that decided them (Magento's ``sales_email/general/async_sending``).

The transaction that makes an order, invoice, shipment or credit memo marks its email as due in the same commit
(``queue_email``: ``send_email`` = 1, ``email_sent`` NULL, the comment it carries in ``customer_note``), as
Magento's senders do. Then:

- synchronous sending (Magento's default, ``SALES_EMAIL_ASYNC_SENDING`` off): the email leaves right after the
  commit, from the process that committed; in a web request, once the response is written (Django's
  ``request_finished``, when the server closes the response), so the client does not wait for the mail server
  (Magento sends before it answers; the email leaves from the same worker a few milliseconds later);
- asynchronous sending (on): the web process sends nothing; the ``send_sales_emails`` job (Magento's
  ``sales_send_*_emails`` cron jobs and EmailSenderHandler::sendEmails, every minute on Celery beat) sends what is
  due, at most ``SALES_EMAIL_SENDING_LIMIT`` documents of each kind per run.

The job runs in both modes, so an email is never lost when the process dies between the commit and the mail server
(or the mail server refused it): Magento's synchronous mode never tries again. ``send_due_email`` claims the
document (a transaction-level advisory lock, no row lock held while the mail server answers), checks it is still
due, sends, and sets ``email_sent`` = 1 in that transaction: two senders, on any number of machines, never send one
email twice. An email the mail server refuses stays due and is tried again by the next run, as in Magento.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import transaction

from backoffice.jobs import claim_in_transaction

from .models import Creditmemo, Invoice, Order, Shipment
from .notifications import send_creditmemo_email, send_invoice_email, send_order_email, send_shipment_email

logger = logging.getLogger(__name__)
FAILURES_IN_A_ROW = 5  # refusals in a row after which a run takes the mail server to be away

type EmailDocument = Order | Invoice | Shipment | Creditmemo
_request = threading.local()  # after_response: the sends a web request left for after its response, else None

# Each kind: the model, and its sender (Magento's OrderSender, InvoiceSender, ShipmentSender, CreditmemoSender).
SENDERS: dict[type[EmailDocument], Callable[..., None]] = {
    Order: lambda document: send_order_email(order_id=document.pk),
    Invoice: lambda document: send_invoice_email(invoice_id=document.pk, comment=_note(document)),
    Shipment: lambda document: send_shipment_email(shipment_id=document.pk, comment=_note(document)),
    Creditmemo: lambda document: send_creditmemo_email(creditmemo_id=document.pk, comment=_note(document)),
}


def _note(document: Invoice | Shipment | Creditmemo) -> str | None:
    return document.customer_note if document.customer_note_notify else None


def queue_email(document: EmailDocument, *, comment: str | None = None) -> None:
    """Inside the caller's transaction: the document's customer email is due (``send_email`` = 1, ``email_sent``
    NULL); a ``comment`` becomes the customer note the email carries (a credit memo sets its own, as Magento's
    CreditmemoDocumentFactory). Synchronous sending sends it once the transaction commits."""
    fields = due_email_fields(comment)
    type(document).objects.filter(pk=document.pk).update(**fields)
    for name, value in fields.items():
        setattr(document, name, value)  # a later save() of this instance keeps them
    send_when_committed(document)


def due_email_fields(comment: str | None = None) -> dict[str, object]:
    """The columns that make a document's email due (``queue_email`` writes them; a document not yet inserted can
    carry them in its INSERT and then needs only ``send_when_committed``)."""
    fields: dict[str, object] = {"send_email": 1, "email_sent": None}
    if comment is not None:
        fields |= {"customer_note": comment, "customer_note_notify": 1}
    return fields


def send_when_committed(document: EmailDocument) -> None:
    """Synchronous sending: send the document's due email once the caller's transaction commits (after the response
    in a web request); nothing in asynchronous mode (the job sends it)."""
    if not asynchronous_sending():
        transaction.on_commit(partial(_send_or_defer, partial(send_due_email, type(document), document.pk)), robust=True)


def _send_or_defer(send: Callable[[], object]) -> None:
    """Once committed: send now, or once the response is written when a web request is under way."""
    after_response = getattr(_request, "after_response", None)
    if after_response is None:
        send()
    else:
        after_response.append(send)


def connect_request_signals() -> None:
    """Called once, from the app's ``ready``: sends a web request's commits made due wait for its response."""
    request_started.connect(_start_request, dispatch_uid="sales.email_sending.start")
    request_finished.connect(_finish_request, dispatch_uid="sales.email_sending.finish")


def _start_request(**kwargs: object) -> None:
    _request.after_response = []


def _finish_request(**kwargs: object) -> None:
    """The response is written: send what the request's commits made due (a failure is logged, the email stays due
    for the job, as ``on_commit(robust=True)`` does outside a request)."""
    sends, _request.after_response = getattr(_request, "after_response", None) or [], None
    for send in sends:
        try:
            send()
        except Exception:
            logger.exception("The email %s could not be sent after the response; it stays due", send)


def asynchronous_sending() -> bool:
    return bool(settings.SALES_EMAIL_ASYNC_SENDING)


def send_due_email(model: type[EmailDocument], pk: int) -> bool:
    """Send one document's due email, once: True when this call sent it. A mail server error propagates after
    the transaction rolled back, so the email stays due."""
    with transaction.atomic():
        if not claim_in_transaction(f"sales.email:{model._meta.model_name}:{pk}"):
            return False  # another sender has it now
        document = model.objects.filter(pk=pk, send_email=1, email_sent__isnull=True).first()
        if document is None:
            return False  # sent already, or no longer due
        SENDERS[model](document)  # sets email_sent = 1 once the message went out
        return True


def send_due_emails(limit: int | None = None) -> dict[str, int]:
    """The sending job: for each kind, due documents oldest first until ``limit`` were sent; answers how many of each
    left. A refused email is logged and the run goes on past it, so emails the mail server always refuses never hold
    up the ones behind them (Magento's job retries its first ``sending_limit`` rows only); after
    ``FAILURES_IN_A_ROW`` refusals in a row the mail server is taken to be away and the kind waits for the next run."""
    limit = limit or settings.SALES_EMAIL_SENDING_LIMIT
    sent: dict[str, int] = {}
    for model in SENDERS:
        due = model.objects.filter(send_email=1, email_sent__isnull=True).order_by("pk").values_list("pk", flat=True)
        count = refused = after = 0
        while count < limit and refused < FAILURES_IN_A_ROW and (batch := list(due.filter(pk__gt=after)[:limit])):
            for after in batch:
                try:
                    count += send_due_email(model, after)
                    refused = 0
                except Exception:  # the mail server refused it or is away: the email stays due for the next run
                    refused += 1
                    logger.exception("The %s %s email could not be sent; it stays due", model._meta.model_name, after)
                if count >= limit or refused >= FAILURES_IN_A_ROW:
                    break
        sent[model._meta.model_name] = count
    return sent
