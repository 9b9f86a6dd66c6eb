"""Credit memos: the Django twins of Magento's RefundOrderInterface (POST /V1/order/{orderId}/refund) and
RefundInvoiceInterface (POST /V1/invoice/{invoiceId}/refund), with MSI's returns to stock.

The steps are Magento's, in its order: the CreditmemoFactory builds the lines and the total collectors
(Subtotal, Discount, Shipping, Tax, Grand) compute the amounts, refusing a quantity or a shipping amount they
cannot take; the RefundOrder / RefundInvoice validators (CanRefund, QuantityValidator, TotalsValidator, the
invoice's CanRefund, CreationQuantityValidator, SalesInventory's ReturnValidator) collect their messages;
then RefundOperation and Payment::refund register the running totals, the StateResolver moves the order, and
MSI's return processors put the goods back. One transaction; locks: the order, its items, source items.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import partial

from django.db import transaction
from django.db.models import Sum

from backoffice.exceptions import DomainError
from backoffice.formats import format_money
from inventory.reservations import SalesEvent
from inventory.source_deduction import (
    return_to_sources,
    source_with_sku_by_priority,
    sources_by_priority,
    write_off_by_source_selection,
)
from inventory.source_selection import ItemRequest
from inventory.stocks import resolve_stock_id

from .exceptions import (
    CANNOT_REFUND_IN_STATUS,
    CANNOT_REFUND_INVOICE,
    CREATION_QTY_TOO_BIG,
    CREDITMEMO_TOTAL_NOT_POSITIVE,
    CREDITMEMO_WITHOUT_PRODUCTS,
    INVALID_QTY_TO_REFUND_SKU,
    ITEM_NOT_IN_ORDER,
    MOST_MONEY_AVAILABLE,
    ORDER_DOES_NOT_ALLOW_CREDITMEMO,
    QTY_TO_REFUND_TOO_BIG,
    RETURN_ITEM_NOT_IN_CREDITMEMO,
    RETURN_ITEM_NOT_IN_ORDER,
    CannotCancelCreditmemo,
    CouldNotRefund,
    CouldNotSaveCreditmemoComment,
    CreditmemoDocumentValidationError,
    CreditmemoNotFound,
    InvalidOrderToRefund,
    InvalidRefundQty,
    InvoiceNotFound,
    MostMoneyAvailable,
    NoShippingToRefund,
    ShippingRefundTooBig,
)
from .invoicing import TYPES_WITH_SOURCE_ITEMS
from .locks import lock_order, lock_order_items
from .models import (
    DEFAULT_STATUS,
    NOT_INVOICEABLE_STATES,
    ZERO,
    Creditmemo,
    CreditmemoComment,
    CreditmemoItem,
    CreditmemoState,
    Invoice,
    InvoiceItem,
    InvoiceState,
    Order,
    OrderItem,
    OrderPayment,
    OrderState,
    ShipmentItem,
)
from .notifications import send_creditmemo_email
from .orders import STATE_STATUSES, _notify_on_commit, add_status_history, get_document

CENT = Decimal("0.01")
EPSILON = Decimal("0.0001")
# Magento's states where CanRefund refuses a credit memo.
NOT_REFUNDABLE_STATES = frozenset({OrderState.PAYMENT_REVIEW, OrderState.HOLDED, OrderState.CANCELED, OrderState.CLOSED})
# sales/zerograndtotal_creditmemo/allow_zero_grandtotal, 1 in Magento_Sales etc/config.xml.
ALLOW_ZERO_GRAND_TOTAL = True
# Payment methods whose model can refund (Method\Free; Checkmo, Banktransfer and Cashondelivery keep
# AbstractMethod's $_canRefund = false, so the invoice's CanRefund refuses them).
METHODS_ALLOWING_INVOICE_REFUND = frozenset({OrderPayment.Method.FREE})

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


@dataclass(frozen=True)
class RefundItem:
    """Magento's CreditmemoItemCreationInterface: how much of one order item to refund."""

    order_item_id: int
    qty: Decimal


@dataclass(frozen=True)
class RefundComment:
    """Magento's CreditmemoCommentCreationInterface."""

    comment: str
    is_visible_on_front: bool = False


@dataclass(frozen=True)
class RefundArguments:
    """Magento's CreditmemoCreationArgumentsInterface with its extension attribute return_to_stock_items
    (the order item ids whose refunded quantities go back to stock; MSI)."""

    shipping_amount: Decimal | None = None
    adjustment_positive: Decimal | None = None
    adjustment_negative: Decimal | None = None
    return_to_stock_items: Sequence[int] = field(default_factory=tuple)


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


@dataclass
class _Rounder:
    """Magento's Creditmemo::roundPrice: cents, carrying each rounding's remainder per kind (deltaRound)."""

    deltas: dict[str, Decimal] = field(default_factory=dict)

    def __call__(self, amount: Decimal, kind: str = "regular") -> Decimal:
        if not amount:
            return amount
        amount += self.deltas.get(kind, ZERO)
        rounded = amount.quantize(CENT, rounding=ROUND_HALF_UP)
        self.deltas[kind] = amount - rounded
        return rounded


def _round(amount: Decimal) -> Decimal:
    """PriceCurrency::round."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _n(value: Decimal | None) -> Decimal:
    return value if value is not None else ZERO


def php_number(value: Decimal) -> str:
    """A float as PHP prints it into a message: 29, 29.5, -3.25."""
    text = f"{value.normalize():f}"
    return "0" if text in ("-0", "0") else text


@dataclass
class _Line:
    """One credit memo item being built: the order item, the quantity asked (raw, maybe negative) and the
    quantity processed (Creditmemo\\Item::processQty)."""

    item: OrderItem
    qty: Decimal
    memo_item: CreditmemoItem = field(init=False)

    @property
    def processed(self) -> Decimal:
        qty = self.qty if self.item.is_qty_decimal else Decimal(int(self.qty))
        return max(qty, ZERO)

    @property
    def is_last(self) -> bool:
        return self.processed == self.item.qty_to_refund


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
        creditmemo.save()
        creditmemo.increment_id = f"{creditmemo.pk:09d}"
        Creditmemo.objects.filter(pk=creditmemo.pk).update(increment_id=creditmemo.increment_id)
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
            transaction.on_commit(
                partial(
                    send_creditmemo_email,
                    creditmemo_id=creditmemo.pk,
                    comment=comment.comment if comment and append_comment else None,
                ),
                robust=True,  # a failed email never undoes the committed refund; it stays email_sent null
            )
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


def _new_creditmemo(order: Order, invoice: Invoice | None) -> Creditmemo:
    """Convert\\Order::toCreditmemo."""
    return Creditmemo(
        order=order,
        invoice=invoice,
        store_id=order.store_id,
        billing_address_id=order.billing_address_id,  # read with the order's lock (lock_order)
        shipping_address_id=order.shipping_address_id,
        **order.currency_fields(),
    )


def _collect_totals(
    memo: Creditmemo, order: Order, invoice: Invoice | None, lines: list[_Line], arguments: RefundArguments
) -> None:
    """CreditmemoFactory::initData, then the collectors in sales.xml's order: Subtotal (50), Discount (150),
    Shipping (200), Tax (250), Grand (400)."""
    rnd = _Rounder()
    requested_shipping = arguments.shipping_amount
    if invoice is not None and requested_shipping is None:
        # createByInvoice: what is left of the order's shipping, at most the invoice's (shipping excl. tax).
        requested_shipping = min(
            order.base_shipping_amount - _n(order.base_shipping_refunded), invoice.base_shipping_amount
        )
    for name in ("adjustment_positive", "adjustment_negative"):
        if getattr(arguments, name) is not None:  # Creditmemo::setAdjustmentAmount
            base = _round(getattr(arguments, name))
            setattr(memo, f"base_{name}", base)
            setattr(memo, name, _round(base * order.base_to_order_rate))
    _subtotal(memo, lines, rnd)
    _discount(memo, order, lines, rnd, requested_shipping)
    _shipping(memo, order, requested_shipping)
    _tax(memo, order, invoice, lines, rnd)
    memo.adjustment = _n(memo.adjustment_positive) - _n(memo.adjustment_negative)
    memo.base_adjustment = _n(memo.base_adjustment_positive) - _n(memo.base_adjustment_negative)
    memo.grand_total += memo.adjustment
    memo.base_grand_total += memo.base_adjustment


def _subtotal(memo: Creditmemo, lines: list[_Line], rnd: _Rounder) -> None:
    """The Subtotal collector and Creditmemo\\Item::calcRowTotal (processQty refuses too much)."""
    for line in lines:
        item, qty = line.item, line.processed
        if qty > item.qty_to_refund:
            raise InvalidRefundQty(parameters=[item.name])
        row_total = item.row_invoiced - item.amount_refunded
        base_row_total = item.base_row_invoiced - item.base_amount_refunded
        if not line.is_last and item.qty_invoiced > 0:
            available = item.qty_invoiced - item.qty_refunded
            row_total = rnd(row_total / available * qty)
            base_row_total = rnd(base_row_total / available * qty, "base")
        memo_item = CreditmemoItem(
            order_item=item,
            product_id=item.product_id,
            sku=item.sku,
            name=item.name,
            qty=line.qty,
            price=item.price,
            base_price=item.base_price,
            price_incl_tax=item.price_incl_tax,
            base_price_incl_tax=item.base_price_incl_tax,
            row_total=row_total,
            base_row_total=base_row_total,
        )
        if item.row_total_incl_tax and item.base_row_total_incl_tax:
            memo_item.row_total_incl_tax = rnd(item.row_total_incl_tax / item.qty_ordered * qty, "including")
            memo_item.base_row_total_incl_tax = rnd(
                item.base_row_total_incl_tax / item.qty_ordered * qty, "including_base"
            )
        line.memo_item = memo_item
    memo.subtotal = sum((line.memo_item.row_total for line in lines), ZERO)
    memo.base_subtotal = sum((line.memo_item.base_row_total for line in lines), ZERO)
    memo.subtotal_incl_tax = sum((line.memo_item.row_total_incl_tax for line in lines), ZERO)
    memo.base_subtotal_incl_tax = sum((line.memo_item.base_row_total_incl_tax for line in lines), ZERO)
    memo.grand_total, memo.base_grand_total = memo.subtotal, memo.base_subtotal


def _discount(
    memo: Creditmemo, order: Order, lines: list[_Line], rnd: _Rounder, requested_shipping: Decimal | None
) -> None:
    """The Discount collector. It runs before Shipping, so only a shipping amount given in the request (or by
    the invoice) carries its share of the shipping discount."""
    total, base_total = ZERO, ZERO
    base_shipping = _n(requested_shipping)
    if base_shipping and order.base_shipping_amount <= 0:
        raise NoShippingToRefund()
    if base_shipping:
        base_shipping_discount = base_shipping * order.base_shipping_discount_amount / order.base_shipping_amount
        total += order.shipping_amount * base_shipping_discount / order.base_shipping_amount
        base_total += base_shipping_discount
    for line in lines:
        item = line.item
        if item.discount_invoiced and item.qty_invoiced:
            discount = item.discount_invoiced - item.discount_refunded
            base_discount = item.base_discount_invoiced - item.base_discount_refunded
            if not line.is_last:
                available = item.qty_invoiced - item.qty_refunded
                discount = rnd(discount / available * line.processed, "regular-negative")
                base_discount = rnd(base_discount / available * line.processed, "base-negative")
            line.memo_item.discount_amount = discount
            line.memo_item.base_discount_amount = base_discount
            total += discount
            base_total += base_discount
    memo.discount_amount, memo.base_discount_amount = -total, -base_total
    memo.grand_total -= total
    memo.base_grand_total -= base_total


def _shipping(memo: Creditmemo, order: Order, requested: Decimal | None) -> None:
    """The Shipping collector (shipping amounts excluding tax: tax/sales_display/shipping is 1 by default)."""
    allowed = order.shipping_amount - _n(order.shipping_refunded)
    base_allowed = order.base_shipping_amount - _n(order.base_shipping_refunded)
    allowed_incl_tax = allowed + order.shipping_tax_amount - _n(order.shipping_tax_refunded)
    base_allowed_incl_tax = max(
        order.base_shipping_incl_tax - _n(order.base_shipping_refunded) - _n(order.base_shipping_tax_refunded), ZERO
    )
    if requested is not None:
        desired = _round(requested)
        if desired < _round(base_allowed) + EPSILON:
            ratio = desired / order.base_shipping_amount if order.base_shipping_amount > 0 else ZERO
            if desired > base_allowed - EPSILON:
                shipping, base_shipping = allowed, base_allowed
            else:
                shipping = _round(order.shipping_amount * ratio)
                base_shipping = _round(order.base_shipping_amount * ratio)
            incl_tax = _round(order.shipping_incl_tax * ratio)
            base_incl_tax = _round(order.base_shipping_incl_tax * ratio)
        else:
            raise ShippingRefundTooBig(parameters=[format_money(base_allowed, order.base_currency_code)])
    else:
        shipping, base_shipping = allowed, base_allowed
        incl_tax, base_incl_tax = _round(allowed_incl_tax), _round(base_allowed_incl_tax)
    memo.shipping_amount, memo.base_shipping_amount = shipping, base_shipping
    memo.shipping_incl_tax, memo.base_shipping_incl_tax = incl_tax, base_incl_tax
    memo.grand_total += shipping
    memo.base_grand_total += base_shipping


def _tax(memo: Creditmemo, order: Order, invoice: Invoice | None, lines: list[_Line], rnd: _Rounder) -> None:
    """The Tax collector: each line's share of its item's invoiced tax, the shipping tax, capped by what is
    left to refund (all of it on the last credit memo)."""
    tax = base_tax = compensation = base_compensation = ZERO
    for line in lines:
        item = line.item
        if line.qty <= 0 or not item.qty_invoiced:
            continue
        item_tax = item.tax_invoiced - item.tax_refunded
        item_base_tax = item.base_tax_invoiced - item.base_tax_refunded
        item_compensation = item.discount_tax_compensation_invoiced - item.discount_tax_compensation_refunded
        item_base_compensation = (
            item.base_discount_tax_compensation_invoiced - item.base_discount_tax_compensation_refunded
        )
        if not line.is_last:
            available = item.qty_invoiced - item.qty_refunded
            item_tax = rnd(item_tax / available * line.processed)
            item_base_tax = rnd(item_base_tax / available * line.processed, "base")
            item_compensation = rnd(item_compensation / available * line.processed)
            item_base_compensation = rnd(item_base_compensation / available * line.processed, "base")
        memo_item = line.memo_item
        memo_item.tax_amount, memo_item.base_tax_amount = item_tax, item_base_tax
        memo_item.discount_tax_compensation_amount = item_compensation
        memo_item.base_discount_tax_compensation_amount = item_base_compensation
        tax += item_tax
        base_tax += item_base_tax
        compensation += item_compensation
        base_compensation += item_base_compensation

    shipping_tax = base_shipping_tax = ZERO
    partial_shipping = False
    if invoice is not None:
        if order.base_shipping_amount:
            factor = memo.base_shipping_amount / order.base_shipping_amount
            shipping_tax = rnd(invoice.shipping_tax_amount * factor)
            base_shipping_tax = rnd(invoice.base_shipping_tax_amount * factor, "base")
            compensation = rnd(compensation + invoice.shipping_discount_tax_compensation_amount * factor)
            base_compensation = rnd(
                base_compensation + invoice.base_shipping_discount_tax_compensation_amnt * factor, "base"
            )
            partial_shipping = (factor < 1 and invoice.shipping_tax_amount > 0) or (
                order.shipping_discount_amount >= order.shipping_amount
            )
            tax += shipping_tax
            base_tax += base_shipping_tax
    else:
        shipping_compensation = base_shipping_compensation = ZERO
        shipping_delta = order.base_shipping_amount - _n(order.base_shipping_refunded)
        if shipping_delta > memo.base_shipping_amount:
            part = memo.shipping_amount / order.shipping_amount if order.shipping_amount else ZERO
            base_part = memo.base_shipping_amount / order.base_shipping_amount
            shipping_tax = rnd(order.shipping_tax_amount * part)
            base_shipping_tax = rnd(order.base_shipping_tax_amount * base_part, "base")
            shipping_compensation = rnd(order.shipping_discount_tax_compensation_amount * part)
            base_shipping_compensation = rnd(order.base_shipping_discount_tax_compensation_amnt * base_part, "base")
            partial_shipping = part < 1 and (
                order.shipping_tax_amount > 0 or order.shipping_discount_amount >= order.shipping_amount
            )
        elif shipping_delta == memo.base_shipping_amount:
            shipping_tax = order.shipping_tax_amount - _n(order.shipping_tax_refunded)
            base_shipping_tax = order.base_shipping_tax_amount - _n(order.base_shipping_tax_refunded)
            shipping_compensation = order.shipping_discount_tax_compensation_amount - _n(
                order.shipping_discount_tax_compensation_refunded
            )
            base_shipping_compensation = order.base_shipping_discount_tax_compensation_amnt - _n(
                order.base_shipping_discount_tax_compensation_refunded
            )
        tax += shipping_tax
        base_tax += base_shipping_tax
        compensation += shipping_compensation
        base_compensation += base_shipping_compensation

    allowed = _allowed_tax(order, invoice)
    is_last = all(line.is_last for line in lines)
    if is_last and not partial_shipping:
        tax, base_tax, compensation, base_compensation = allowed
    else:
        tax, base_tax, compensation, base_compensation = (
            min(cap, value) for cap, value in zip(allowed, (tax, base_tax, compensation, base_compensation), strict=True)
        )
    memo.tax_amount, memo.base_tax_amount = tax, base_tax
    memo.discount_tax_compensation_amount, memo.base_discount_tax_compensation_amount = compensation, base_compensation
    memo.shipping_tax_amount, memo.base_shipping_tax_amount = shipping_tax, base_shipping_tax
    memo.grand_total += tax + compensation
    memo.base_grand_total += base_tax + base_compensation


def _allowed_tax(order: Order, invoice: Invoice | None) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """Tax::calculateAllowed*: the tax (and compensation) invoiced and not yet refunded."""
    if invoice is not None:
        refunded = Creditmemo.objects.filter(invoice=invoice).aggregate(
            tax=Sum("tax_amount"), base_tax=Sum("base_tax_amount"),
            compensation=Sum("discount_tax_compensation_amount"),
            base_compensation=Sum("base_discount_tax_compensation_amount"),
            shipping_compensation=Sum("shipping_discount_tax_compensation_amount"),
            base_shipping_compensation=Sum("base_shipping_discount_tax_compensation_amnt"),
        )
        return (
            invoice.tax_amount - _n(refunded["tax"]),
            invoice.base_tax_amount - _n(refunded["base_tax"]),
            invoice.discount_tax_compensation_amount + invoice.shipping_discount_tax_compensation_amount
            - _n(refunded["compensation"]) - _n(refunded["shipping_compensation"]),
            invoice.base_discount_tax_compensation_amount + invoice.base_shipping_discount_tax_compensation_amnt
            - _n(refunded["base_compensation"]) - _n(refunded["base_shipping_compensation"]),
        )
    return (
        _n(order.tax_invoiced) - _n(order.tax_refunded),
        _n(order.base_tax_invoiced) - _n(order.base_tax_refunded),
        _n(order.discount_tax_compensation_invoiced) + order.shipping_discount_tax_compensation_amount
        - _n(order.discount_tax_compensation_refunded) - _n(order.shipping_discount_tax_compensation_refunded),
        _n(order.base_discount_tax_compensation_invoiced) + order.base_shipping_discount_tax_compensation_amnt
        - _n(order.base_discount_tax_compensation_refunded)
        - _n(order.base_shipping_discount_tax_compensation_refunded),
    )


def _validate(
    order: Order,
    order_items: list[OrderItem],
    memo: Creditmemo,
    lines: list[_Line],
    requested: Sequence[RefundItem],
    invoice: Invoice | None,
    payment: OrderPayment | None,
    arguments: RefundArguments,
) -> list[str]:
    """Validation\\RefundOrder / RefundInvoice, then SalesInventory's return-to-stock plugin: every message,
    in Magento's order."""
    reasons: list[str] = []
    # Order\Validation\CanRefund
    total_paid = _n(order.total_paid)
    if order.state in NOT_REFUNDABLE_STATES:
        reasons.append(CANNOT_REFUND_IN_STATUS.replace("%1", order.status))
    elif not (_round(total_paid) != _n(order.total_refunded) or (total_paid == 0 and ALLOW_ZERO_GRAND_TOTAL)):
        reasons.append(ORDER_DOES_NOT_ALLOW_CREDITMEMO)
    # Creditmemo\Validation\QuantityValidator
    total_qty = ZERO
    for line in lines:
        item = line.item
        if not item.is_qty_decimal and line.qty != line.qty.to_integral_value():
            reasons.append(INVALID_QTY_TO_REFUND_SKU.replace("%1", item.sku))
        elif line.qty > item.qty_to_refund:
            reasons.append(QTY_TO_REFUND_TOO_BIG.replace("%1", item.sku))
        else:
            total_qty += line.qty
    # Creditmemo::isValidGrandTotal allows zero (allow_zero_grandtotal); a negative total is refused here
    # whatever that setting says: it would lower total_refunded.
    if memo.grand_total < 0 or (memo.grand_total == 0 and not ALLOW_ZERO_GRAND_TOTAL):
        reasons.append(CREDITMEMO_TOTAL_NOT_POSITIVE)
    elif total_qty < 0 and _round(order.shipping_amount) == _n(order.shipping_refunded):
        reasons.append(CREDITMEMO_WITHOUT_PRODUCTS)
    # Creditmemo\Validation\TotalsValidator
    if _round(_n(order.base_total_refunded) + memo.base_grand_total) > _round(_n(order.base_total_paid)):
        available = _n(order.base_total_paid) - _n(order.base_total_refunded)
        reasons.append(MOST_MONEY_AVAILABLE.replace("%1", php_number(available)))
    # Invoice\Validation\CanRefund
    if invoice is not None and not (
        invoice.state == InvoiceState.PAID
        and (abs(invoice.base_grand_total - _n(invoice.base_total_refunded)) >= EPSILON or ALLOW_ZERO_GRAND_TOTAL)
        and payment is not None
        and payment.method in METHODS_ALLOWING_INVOICE_REFUND
    ):
        reasons.append(CANNOT_REFUND_INVOICE)
    # Creditmemo\Item\Validation\CreationQuantityValidator, per requested item
    by_id = {item.pk: item for item in order_items}
    for asked in requested:
        item = by_id.get(asked.order_item_id)
        if item is None:
            reasons.append(ITEM_NOT_IN_ORDER)
        elif asked.qty > item.qty_to_refund:
            reasons.append(CREATION_QTY_TOO_BIG)
    # SalesInventory's ReturnValidator (one message at most)
    if arguments.return_to_stock_items:
        in_memo = {line.item.pk for line in lines}
        skus = dict(
            OrderItem.objects.filter(pk__in=list(arguments.return_to_stock_items)).values_list("pk", "sku").order_by()
        )
        for item_id in arguments.return_to_stock_items:
            if item_id not in skus:
                reasons.append(RETURN_ITEM_NOT_IN_ORDER)
                break
            if item_id not in in_memo:
                reasons.append(RETURN_ITEM_NOT_IN_CREDITMEMO.replace("%1", skus[item_id]))
                break
    return reasons


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


def _can_creditmemo(order: Order) -> bool:
    """Order::canCreditmemo for a non-zero grand total: something paid is not refunded yet."""
    if order.state in (OrderState.HOLDED, OrderState.PAYMENT_REVIEW, OrderState.CANCELED, OrderState.CLOSED):
        return False
    left = _round(_n(order.total_paid)) - _n(order.total_refunded)
    if abs(order.grand_total) < EPSILON:
        return False
    return not (abs(left) < EPSILON or abs(left - _n(order.adjustment_negative)) < EPSILON)


def _move_order(order: Order, items: list[OrderItem], memo: Creditmemo, notify: bool) -> None:
    """StateResolver::getStateForOrder (nothing left to invoice or ship: Complete while money is left to
    refund, Closed once refunded), the status kept when the new state allows it, and Payment::refund's
    history line "We refunded $X offline."."""
    can_invoice = order.state not in NOT_INVOICEABLE_STATES and any(item.qty_to_invoice > 0 for item in items)
    can_ship = not order.is_virtual and order.state not in (OrderState.HOLDED, OrderState.CANCELED) and any(
        item.qty_to_ship > 0 and not item.is_virtual for item in items
    )
    state = OrderState.PROCESSING if order.state == OrderState.PROCESSING else OrderState.NEW
    if not can_invoice and not can_ship:
        if order.base_grand_total == 0 or _can_creditmemo(order):
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


def _return_to_stock(
    order: Order, lines: list[_Line], processed_before: dict[int, Decimal], returned_ids: set[int]
) -> None:
    """MSI after a credit memo, per SKU (its source items are the ones of the order item's SKU):

    - returned physical items (ProcessReturnQtyOnCreditMemoPlugin -> ProcessRefundItems): the part never
      shipped gets a +qty ``creditmemo_created`` reservation; the shipped part goes back to the source that
      shipped the SKU, the highest-priority one when several did (GetShippedItemsPerSourceByPriority groups
      a SKU's shipments under its first source);
    - returned virtual/downloadable items: back to the highest-priority source holding the SKU
      (GetInvoicedItemsPerSourceByPriority);
    - physical items not returned (DeductSourceItemQuantityOnRefundPlugin): the part never shipped leaves the
      sources by priority, with its +qty reservation; the shipped part stays out.
    """
    managed = [line for line in lines if line.item.product_type in TYPES_WITH_SOURCE_ITEMS]
    if not managed:
        return
    stock_id = resolve_stock_id()
    event = SalesEvent(type="creditmemo_created", object_id=str(order.pk), object_increment_id=order.increment_id or "")
    shipped = _shipped_by_sku(order, stock_id)
    invoiced_virtual = defaultdict(Decimal)
    for invoice_item in InvoiceItem.objects.filter(parent__order=order, order_item__is_virtual=1):
        invoiced_virtual[invoice_item.sku] += invoice_item.qty

    # (qty, processedQty) per SKU, processedQty = invoiced - refunded before this credit memo.
    returned: dict[str, list[Decimal]] = {}
    written_off: dict[str, list[Decimal]] = {}
    for line in managed:
        target = returned if line.item.pk in returned_ids else written_off
        if target is written_off and line.item.is_virtual:
            continue
        qty_and_processed = target.setdefault(line.item.sku, [ZERO, ZERO])
        qty_and_processed[0] += line.processed
        qty_and_processed[1] += processed_before[line.item.pk]

    back_to_sources: dict[str, list[ItemRequest]] = defaultdict(list)
    compensate: list[ItemRequest] = []
    for sku, (qty, processed) in returned.items():
        deducted = shipped.get(sku) or (
            [(source_with_sku_by_priority(stock_id, sku), invoiced_virtual[sku])] if invoiced_virtual.get(sku) else []
        )
        # ProcessRefundItems: the refund takes what was never shipped first; that part is only reserved.
        not_shipped = max(processed - sum((q for _, q in deducted), ZERO), ZERO)
        to_stock = min(qty, not_shipped)
        to_source = qty - to_stock
        if to_stock > 0:
            compensate.append(ItemRequest(sku, to_stock))
        for source_code, source_qty in deducted:
            if to_source <= 0:
                break
            back = min(source_qty, to_source)
            back_to_sources[source_code].append(ItemRequest(sku, back))
            to_source -= back
    if back_to_sources or compensate:
        return_to_sources(stock_id, back_to_sources, event=event, compensate=compensate)

    # DeductSourceItemQuantityOnRefund: the never-shipped part of what does not come back leaves the sources.
    write_off = []
    for sku, (qty, processed) in written_off.items():
        not_shipped = max(processed - sum((q for _, q in shipped.get(sku, [])), ZERO), ZERO)
        if min(qty, not_shipped) > 0:
            write_off.append(ItemRequest(sku, min(qty, not_shipped)))
    if write_off:
        write_off_by_source_selection(stock_id, write_off, event=event)


def _shipped_by_sku(order: Order, stock_id: int) -> dict[str, list[tuple[str, Decimal]]]:
    """GetShippedItemsPerSourceByPriority: each SKU's shipped quantity, all of it under the highest-priority
    source that shipped it (sources outside the stock come last)."""
    per_source: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    rows = ShipmentItem.objects.filter(parent__order=order).values_list("parent__source_code", "sku", "qty")
    for source_code, sku, qty in rows:
        per_source[source_code][sku] += qty
    ranked = sources_by_priority(stock_id)
    ordered = sorted(per_source, key=lambda code: (ranked.index(code) if code in ranked else len(ranked), code))
    result: dict[str, list[tuple[str, Decimal]]] = {}
    for code in ordered:
        for sku, qty in per_source[code].items():
            if sku in result:
                first_code, total = result[sku][0]
                result[sku] = [(first_code, total + qty)]
            else:
                result[sku] = [(code, qty)]
    return result



def notify_creditmemo(creditmemo_id: int) -> bool:
    """Email the credit memo to the customer again (CreditmemoService::notify -> CreditmemoNotifier)."""
    with transaction.atomic():
        memo = get_document(Creditmemo.objects.select_related("order"), creditmemo_id, CreditmemoNotFound)
        return _notify_on_commit(
            memo.order_id, memo.order.customer_email, partial(send_creditmemo_email, creditmemo_id=memo.pk)
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
