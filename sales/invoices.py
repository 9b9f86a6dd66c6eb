"""An invoice after its creation: capture, void, comments, save (Magento's InvoiceManagementInterface::setCapture
and ::setVoid, InvoiceCommentRepositoryInterface::save, InvoiceRepositoryInterface::save).

Every payment method this back-office offers is offline (``OrderPayment.Method``: Magento_OfflinePayments'
Checkmo, Banktransfer, Cashondelivery and Magento_Payment's Free). Magento captures their invoices offline when
it creates them, so they are Paid from the start, and records no payment transaction for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import NoReturn

from django.db import transaction

from backoffice.exceptions import RequiredFieldError

from .exceptions import (
    CannotSaveComment,
    CaptureNotAvailable,
    CouldNotSaveInvoiceComment,
    InvoiceNotFound,
    VoidNotAvailable,
)
from .invoicing import InvoiceLine, invoice_order
from .locks import lock_order
from .models import Invoice, InvoiceComment
from .notifications import send_invoice_comment_email
from .orders import get_document, order_ref


def capture_invoice(invoice_id: int) -> NoReturn:
    """Refuse to capture the invoice, as Magento does for an offline method; writes nothing.

    Magento: ``InvoiceService::setCapture`` reads the invoice (``InvoiceRepository::get``: "An ID is needed..."
    for 0, 404 for an unknown id), then ``Invoice::capture`` -> ``Order\\Payment::capture`` -> ``CaptureOperation``
    -> ``ProcessInvoiceOperation::execute``, which asks the payment method to capture before it saves anything;
    ``AbstractMethod::capture`` throws "The capture action is not available." for a method that cannot capture
    online, which is every offline one. The invoice's state does not matter (Paid, as every invoice here, or
    Canceled): the method refuses first.
    """
    get_document(Invoice.objects.only("pk"), invoice_id, InvoiceNotFound)
    raise CaptureNotAvailable()


def void_invoice(invoice_id: int) -> NoReturn:
    """Refuse to void the invoice, as Magento does for an offline method; writes nothing.

    Magento: ``InvoiceService::setVoid`` reads the invoice, then ``Invoice::void`` -> ``Order\\Payment::void`` ->
    ``_void(true)`` asks the payment method to void (``AbstractMethod::void``: "The void action is not
    available." for every offline method) before ``Invoice::cancel`` could change a total.
    """
    get_document(Invoice.objects.only("pk"), invoice_id, InvoiceNotFound)
    raise VoidNotAvailable()


@dataclass(frozen=True)
class InvoiceCommentData:
    """InvoiceCommentInterface as a client sends it (``parent_id`` is the invoice)."""

    comment: str | None
    is_customer_notified: bool = False
    is_visible_on_front: bool = False
    entity_id: int | None = None  # an existing comment (a body copied from GET /V1/invoices/{id}): never rewritten


def add_invoice_comment(
    parent_id: int | None, data: InvoiceCommentData, *, entity_id: int | None = None
) -> InvoiceComment:
    """Add a comment to an invoice (POST /V1/invoices/comments, InvoiceCommentRepositoryInterface::save).

    As ``Invoice\\CommentRepository::save``: every refusal is "Could not save the invoice comment." (it wraps the
    comment validator's "Parent Invoice Id" and "Comment" required/empty errors and the database's refusal of an
    unknown invoice). Comments are append-only here: a body naming an existing comment (``entity_id``), which
    Magento would overwrite, is refused the same way. ``is_customer_notified`` emails the comment to the customer
    once the transaction commits (Magento's InvoiceCommentSender; a failed email is logged, the comment stays).
    """
    if entity_id or not parent_id or not data.comment:
        raise CouldNotSaveInvoiceComment()
    with transaction.atomic():
        if not Invoice.objects.filter(pk=parent_id).exists():
            raise CouldNotSaveInvoiceComment()
        comment = _create_comment(parent_id, data)
    return comment


def save_invoice(
    *,
    entity_id: int | None,
    order_id: int | None,
    items: Sequence[InvoiceLine] = (),
    comments: Sequence[InvoiceCommentData] = (),
) -> Invoice:
    """POST /V1/invoices/ (InvoiceRepositoryInterface::save), made safe.

    Magento writes the body as it comes: a new sales_invoice row with whatever totals and state it carries, never
    registered on the order (its qty_invoiced, totals and payment stay as they were), or, with an ``entity_id``,
    an existing invoice's amounts overwritten. Here the invoice's amounts, quantities, state and order are the
    server's:

    - Without ``entity_id``: the order (``order_id``, required) is invoiced through ``invoice_order``, exactly as
      POST /V1/order/{id}/invoice does it (Magento's validation and messages, the collectors' totals, the order's
      running totals, Paid for an offline method), for the items' ``order_item_id`` and ``qty`` (none: all that
      is left to invoice). Amounts and a state in the body are not read.
    - With ``entity_id`` (404 when unknown): only the new comments (those without an ``entity_id``) are written;
      everything else stays, so a body copied from GET /V1/invoices/{id} and sent back changes nothing.

    Comments without text are refused as Magento's comment validator refuses them ("Cannot save comment:"), and
    the whole save writes nothing then. Locks: the order, then its items (``invoice_order``), in one transaction.
    """
    comments = [data for data in comments if not data.entity_id]
    for data in comments:
        if data.comment is None:
            raise CannotSaveComment(parameters=['"Comment" is required. Enter and try again.'])
        if not data.comment:
            raise CannotSaveComment(parameters=["Comment can not be empty"])
    with transaction.atomic():
        if entity_id:
            invoice = get_document(Invoice.objects.all(), entity_id, InvoiceNotFound)
            lock_order(invoice.order_id)
        elif not order_id:
            raise RequiredFieldError("entity.order_id")
        else:
            invoice = invoice_order(order_ref(order_id), items=list(items) or None)
        for data in comments:
            _create_comment(invoice.pk, data)
    return invoice


def _create_comment(invoice_id: int, data: InvoiceCommentData) -> InvoiceComment:
    comment = InvoiceComment.objects.create(
        parent_id=invoice_id,
        comment=data.comment,
        is_customer_notified=int(data.is_customer_notified),
        is_visible_on_front=int(data.is_visible_on_front),
    )
    if data.is_customer_notified:
        transaction.on_commit(
            partial(send_invoice_comment_email, invoice_id=invoice_id, comment=data.comment or ""), robust=True
        )
    return comment
