"""Credit memos: the Django twins of Magento's RefundOrderInterface (POST /V1/order/{orderId}/refund) and
RefundInvoiceInterface (POST /V1/invoice/{invoiceId}/refund), with MSI's returns to stock.

The steps are Magento's, in its order: the CreditmemoFactory builds the lines and the total collectors
(Subtotal, Discount, Shipping, Tax, Grand) compute the amounts, refusing a quantity or a shipping amount they
cannot take; the RefundOrder / RefundInvoice validators (CanRefund, QuantityValidator, TotalsValidator, the
invoice's CanRefund, CreationQuantityValidator, SalesInventory's ReturnValidator) collect their messages;
then RefundOperation and Payment::refund register the running totals, the StateResolver moves the order, and
MSI's return processors put the goods back. One transaction; locks: the order, its items, source items.

The package: requests.py (what a refund asks for), totals.py (the collectors), validation.py (the validators),
returns.py (MSI's return processors); this module runs them in Magento's order.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import partial

from django.db import transaction
from django.db.models import Sum

from backoffice.exceptions import DomainError
from backoffice.formats import format_money

from ..email_sending import queue_email
from ..exceptions import (
    MOST_MONEY_AVAILABLE,
    CannotCancelCreditmemo,
    CouldNotRefund,
    CouldNotSaveCreditmemoComment,
    CreditmemoDocumentValidationError,
    CreditmemoNotFound,
    InvalidOrderToRefund,
    InvoiceNotFound,
    MostMoneyAvailable,
)
from ..increment_ids import insert_with_increment_id
from ..locks import lock_order, lock_order_items
from ..models import (
    DEFAULT_STATUS,
    ZERO,
    Creditmemo,
    CreditmemoComment,
    CreditmemoItem,
    CreditmemoState,
    Invoice,
    InvoiceItem,
    Order,
    OrderItem,
    OrderPayment,
    OrderState,
)
from ..notifications import send_creditmemo_email
from ..orders import STATE_STATUSES, add_status_history, get_document, notify_on_commit
from .requests import RefundArguments, RefundComment, RefundItem
from .returns import _return_to_stock
from .totals import _collect_totals, _Line, _n, _new_creditmemo, _round
from .validation import _validate

# What registering a credit memo adds to the order (RefundOperation::execute): order field -> memo field.
ORDER_REFUNDED_FROM_MEMO = {
    f"{prefix}{order_field}": f"{prefix}{memo_field}"
    for prefix in ("", "base_")
    for order_field, memo_field in (
        ("subtotal_refunded", "subtotal"),
        ("tax_refunded", "tax_amount"),
        ("discount_tax_compensation_refunded", "discount_tax_compensation_amount"),
        ("shipping_refunded", "shipping_amount"),
        ("shipping_tax_refunded", "shipping_tax_amount"),
        ("adjustment_positive", "adjustment_positive"),
        ("adjustment_negative", "adjustment_negative"),
        ("discount_refunded", "discount_amount"),
    )
}
# Creditmemo\Item::register: order item field -> memo item field.
ORDER_ITEM_REFUNDED_FROM_LINE = {
    "qty_refunded": "qty",
    "tax_refunded": "tax_amount", "base_tax_refunded": "base_tax_amount",
    "discount_tax_compensation_refunded": "discount_tax_compensation_amount",
    "base_discount_tax_compensation_refunded": "base_discount_tax_compensation_amount",
    "amount_refunded": "row_total", "base_amount_refunded": "base_row_total",
    "discount_refunded": "discount_amount", "base_discount_refunded": "base_discount_amount",
}



def refund_order(
    order_id: int,
    items: Sequence[RefundItem] | None = None,
    notify: bool = False,
    append_comment: bool = False,
    comment: RefundComment | None = None,
    arguments: RefundArguments | None = None,
) -> Creditmemo:
    """Refund ``order_id`` offline (Magento's RefundOrder::execute); return the new, Refunded credit memo.

    Without ``items`` every invoiced quantity not yet refunded is refunded; the shipping refund defaults to
    what is left of it. Locks the order, its items, then source items.
    """
    return _refund(
        order_id, None, items or (), False, notify, append_comment, comment, arguments or RefundArguments(),
        update_invoice=False,
    )


def refund_invoice(
    invoice_id: int,
    items: Sequence[RefundItem] | None = None,
    is_online: bool = False,
    notify: bool = False,
    append_comment: bool = False,
    comment: RefundComment | None = None,
    arguments: RefundArguments | None = None,
) -> Creditmemo:
    """Refund (part of) one invoice (Magento's RefundInvoice::execute); return the new credit memo.

    As in Magento, an invoice paid with an offline method that cannot refund (check / money order, bank
    transfer, cash on delivery) is refused, online or not: "We can't create creditmemo for the invoice.".
    """
    order_id = Invoice.objects.filter(pk=invoice_id).values_list("order_id", flat=True).first()
    if order_id is None:
        raise InvoiceNotFound()
    return _refund(
        order_id, invoice_id, items or (), is_online, notify, append_comment, comment, arguments or RefundArguments(),
        update_invoice=not is_online,
    )


def refund_creditmemo(
    order_id: int,
    items: Sequence[RefundItem] | None = None,
    invoice_id: int | None = None,
    offline_requested: bool = False,
    comment: RefundComment | None = None,
    arguments: RefundArguments | None = None,
    notify: bool = False,
    append_comment: bool = False,
) -> Creditmemo:
    """CreditmemoManagementInterface::refund (CreditmemoService::refund): the admin's path, for an order or
    one of its invoices, whatever the payment method (no invoice CanRefund check, so offline invoices can be
    refunded here). The lines and totals are collected as for refund_order; the money check answers as
    validateForRefund does ("The most money available to refund is $X."); the other validators of
    RefundOrder still apply (deliberately: Magento trusts the admin's form here). With an invoice and
    ``offline_requested`` false, the refund counts as online and the invoice records it. ``notify`` and
    ``append_comment`` are the admin form's "Email Copy" and "Append Comments" (its Save controller sends the
    email after the refund); ``arguments.return_to_stock_items`` its "Return to Stock" boxes.
    """
    if invoice_id is not None:
        invoice_order_id = Invoice.objects.filter(pk=invoice_id).values_list("order_id", flat=True).first()
        if invoice_order_id is None:
            raise InvoiceNotFound()
        if invoice_order_id != order_id:
            raise InvalidOrderToRefund()
    return _refund(
        order_id, invoice_id, items or (), not offline_requested, notify, append_comment, comment,
        arguments or RefundArguments(), update_invoice=invoice_id is not None and not offline_requested,
        management=True,
    )


def _refund(
    order_id: int,
    invoice_id: int | None,
    items: Sequence[RefundItem],
    is_online: bool,
    notify: bool,
    append_comment: bool,
    comment: RefundComment | None,
    arguments: RefundArguments,
    *,
    update_invoice: bool,
    management: bool = False,
) -> Creditmemo:
    with transaction.atomic():
        order = lock_order(order_id, with_address_ids=True)
        order_items = lock_order_items(order)
        invoice = Invoice.objects.get(pk=invoice_id) if invoice_id else None  # read under the order's lock
        payment = OrderPayment.objects.filter(parent=order).first()

        lines = _lines(order_items, items, invoice)
        creditmemo = _new_creditmemo(order, invoice)
        _collect_totals(creditmemo, order, invoice, lines, arguments)
        reasons = _validate(
            order, order_items, creditmemo, lines, items, None if management else invoice, payment, arguments
        )
        if management and any(reason.startswith(MOST_MONEY_AVAILABLE[:30]) for reason in reasons):
            available = _n(order.base_total_paid) - _n(order.base_total_refunded)
            raise MostMoneyAvailable(parameters=[format_money(available, order.base_currency_code)])
        if reasons:
            raise CreditmemoDocumentValidationError(reasons)

        processed_before = {line.item.pk: line.item.qty_invoiced - line.item.qty_refunded for line in lines}
        creditmemo.state = CreditmemoState.REFUNDED
        if comment:
            creditmemo.customer_note = comment.comment
            creditmemo.customer_note_notify = int(append_comment and notify)
        insert_with_increment_id(creditmemo)
        kept = [line for line in lines if line.qty > 0]  # RefundOperation deletes the lines of no quantity
        for line in kept:
            line.memo_item.parent = creditmemo
        CreditmemoItem.objects.bulk_create([line.memo_item for line in kept])
        if comment:
            CreditmemoComment.objects.create(
                parent=creditmemo,
                comment=comment.comment,
                is_customer_notified=int(append_comment and notify),
                is_visible_on_front=int(comment.is_visible_on_front),
            )

        _register(order, creditmemo, kept, payment, online=is_online)
        if invoice is not None and update_invoice:
            invoice.is_used_for_refund = 1
            invoice.base_total_refunded = _n(invoice.base_total_refunded) + creditmemo.base_grand_total
            invoice.save(update_fields=["is_used_for_refund", "base_total_refunded", "updated_at"])
        _move_order(order, order_items, creditmemo, notify)
        try:
            _return_to_stock(order, kept, processed_before, set(arguments.return_to_stock_items))
        except DomainError as error:  # RefundOrder turns any failure while saving into CouldNotRefundException
            raise CouldNotRefund() from error

        if notify:
            queue_email(creditmemo)  # its customer note goes with it when customer_note_notify says so
    return creditmemo


def _lines(order_items: list[OrderItem], items: Sequence[RefundItem], invoice: Invoice | None) -> list[_Line]:
    """CreditmemoFactory::createByOrder / createByInvoice: one line per refundable order (or invoice) item;
    an item the request does not name gets 0 when the request names any."""
    qtys = {item.order_item_id: item.qty for item in items}  # a later line for the same item wins, as in PHP

    def asked(item: OrderItem, limit: Decimal | None = None) -> Decimal:
        if item.pk in qtys:
            qty = qtys[item.pk]
        elif not qtys:
            qty = item.qty_to_refund
        else:
            return ZERO
        return qty if limit is None else min(qty, limit)

    if invoice is None:
        return [_Line(item, asked(item)) for item in order_items]
    by_id = {item.pk: item for item in order_items}
    refunded = dict(
        CreditmemoItem.objects.filter(parent__invoice=invoice)
        .exclude(parent__state=CreditmemoState.CANCELED)
        .values("order_item_id")
        .annotate(total=Sum("qty"))
        .values_list("order_item_id", "total")
        .order_by()
    )
    lines = []
    for invoice_item in InvoiceItem.objects.filter(parent=invoice).order_by("pk"):
        item = by_id[invoice_item.order_item_id]
        limit = invoice_item.qty - refunded.get(item.pk, ZERO)
        if limit > 0:
            lines.append(_Line(item, min(asked(item, limit), invoice_item.qty)))
    return lines


def _register(
    order: Order, memo: Creditmemo, lines: list[_Line], payment: OrderPayment | None, *, online: bool
) -> None:
    """RefundOperation::execute, Creditmemo\\Item::register and Payment::refund's totals, on locked rows."""
    for line in lines:
        item, memo_item = line.item, line.memo_item
        for item_field, line_field in ORDER_ITEM_REFUNDED_FROM_LINE.items():
            value = line.processed if line_field == "qty" else _n(getattr(memo_item, line_field))
            setattr(item, item_field, getattr(item, item_field) + value)
    OrderItem.objects.bulk_update([line.item for line in lines], list(ORDER_ITEM_REFUNDED_FROM_LINE))
    order.total_refunded = _round(_n(order.total_refunded) + memo.grand_total)
    order.base_total_refunded = _round(_n(order.base_total_refunded) + memo.base_grand_total)
    for order_field, memo_field in ORDER_REFUNDED_FROM_MEMO.items():
        setattr(order, order_field, _n(getattr(order, order_field)) + _n(getattr(memo, memo_field)))
    kind = "online" if online else "offline"
    setattr(order, f"total_{kind}_refunded", _n(getattr(order, f"total_{kind}_refunded")) + memo.grand_total)
    setattr(order, f"base_total_{kind}_refunded", _n(getattr(order, f"base_total_{kind}_refunded")) + memo.base_grand_total)
    if payment is not None:
        payment.amount_refunded = _n(payment.amount_refunded) + memo.grand_total
        payment.base_amount_refunded = _n(payment.base_amount_refunded) + _round(memo.base_grand_total)
        payment.shipping_refunded = _n(payment.shipping_refunded) + memo.shipping_amount
        payment.base_shipping_refunded = _n(payment.base_shipping_refunded) + memo.base_shipping_amount
        payment.save(
            update_fields=["amount_refunded", "base_amount_refunded", "shipping_refunded", "base_shipping_refunded"]
        )


def _move_order(order: Order, items: list[OrderItem], memo: Creditmemo, notify: bool) -> None:
    """StateResolver::getStateForOrder (nothing left to invoice or ship: Complete while money is left to
    refund, Closed once refunded), the status kept when the new state allows it, and Payment::refund's
    history line "We refunded $X offline."."""
    state = OrderState.PROCESSING if order.state == OrderState.PROCESSING else OrderState.NEW
    if not order.can_invoice(items) and not order.can_ship(items):
        if order.base_grand_total == 0 or order.can_creditmemo():
            state = OrderState.COMPLETE
        elif order.total_refunded:
            state = OrderState.CLOSED
    if order.status not in STATE_STATUSES.get(state, frozenset()):
        order.status = DEFAULT_STATUS[state]
    order.state = state
    order.save(update_fields=[*ORDER_REFUNDED_FROM_MEMO, "total_refunded", "base_total_refunded",
                              "total_offline_refunded", "base_total_offline_refunded", "total_online_refunded",
                              "base_total_online_refunded", "state", "status", "updated_at"])
    message = f"We refunded {format_money(memo.base_grand_total, order.base_currency_code)} offline."
    add_status_history(order, message, entity_name="creditmemo", is_customer_notified=notify)


def notify_creditmemo(creditmemo_id: int) -> bool:
    """Email the credit memo to the customer again (CreditmemoService::notify -> CreditmemoNotifier)."""
    with transaction.atomic():
        memo = get_document(Creditmemo.objects.select_related("order"), creditmemo_id, CreditmemoNotFound)
        return notify_on_commit(
            memo, memo.order.customer_email, partial(send_creditmemo_email, creditmemo_id=memo.pk)
        )


def add_creditmemo_comment(
    creditmemo_id: int, comment: str, *, is_customer_notified: bool = False, is_visible_on_front: bool = False
) -> CreditmemoComment:
    """CreditmemoCommentRepository::save: a comment on an existing credit memo; when the customer is to be
    notified, the comment email leaves after commit. An unknown credit memo cannot hold it (Magento's
    CouldNotSaveException)."""
    with transaction.atomic():
        memo = Creditmemo.objects.filter(pk=creditmemo_id).first()
        if memo is None:
            raise CouldNotSaveCreditmemoComment()
        saved = CreditmemoComment.objects.create(
            parent=memo, comment=comment, is_customer_notified=int(is_customer_notified),
            is_visible_on_front=int(is_visible_on_front),
        )
        if is_customer_notified:
            transaction.on_commit(
                partial(send_creditmemo_email, creditmemo_id=memo.pk, comment=comment), robust=True
            )
    return saved


def cancel_creditmemo(creditmemo_id: int) -> bool:
    """CreditmemoService::cancel: Magento cancels no credit memo; it refuses before reading the id."""
    raise CannotCancelCreditmemo()


__all__ = [
    "RefundArguments", "RefundComment", "RefundItem", "add_creditmemo_comment", "cancel_creditmemo",
    "notify_creditmemo", "refund_creditmemo", "refund_invoice", "refund_order",
]
