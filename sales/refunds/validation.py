"""The validators of RefundOrder / RefundInvoice (Order\\Validation\\CanRefund, Creditmemo\\Validation\\QuantityValidator
and TotalsValidator, Invoice\\Validation\\CanRefund, Creditmemo\\Item\\Validation\\CreationQuantityValidator) and
SalesInventory's ReturnValidator: every message, in Magento's order."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from backoffice.phrases import phrase

from ..exceptions import (
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
)
from ..models import (
    NOT_REFUNDABLE_STATES,  # Order\\Validation\\CanRefund refuses a credit memo in these states
    ZERO,
    Creditmemo,
    Invoice,
    InvoiceState,
    Order,
    OrderItem,
    OrderPayment,
)
from .requests import RefundArguments, RefundItem
from .totals import EPSILON, _Line, _n, _round

# sales/zerograndtotal_creditmemo/allow_zero_grandtotal, 1 in Magento_Sales etc/config.xml.
ALLOW_ZERO_GRAND_TOTAL = True
# Payment methods whose model can refund (Method\Free; Checkmo, Banktransfer and Cashondelivery keep
# AbstractMethod's $_canRefund = false, so the invoice's CanRefund refuses them).
METHODS_ALLOWING_INVOICE_REFUND = frozenset({OrderPayment.Method.FREE})


def php_number(value: Decimal) -> str:
    """A float as PHP prints it into a message: 29, 29.5, -3.25."""
    text = f"{value.normalize():f}"
    return "0" if text in ("-0", "0") else text


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
        reasons.append(phrase(CANNOT_REFUND_IN_STATUS, order.status))
    elif not (_round(total_paid) != _n(order.total_refunded) or (total_paid == 0 and ALLOW_ZERO_GRAND_TOTAL)):
        reasons.append(ORDER_DOES_NOT_ALLOW_CREDITMEMO)
    # Creditmemo\Validation\QuantityValidator
    total_qty = ZERO
    for line in lines:
        item = line.item
        if not item.is_qty_decimal and line.qty != line.qty.to_integral_value():
            reasons.append(phrase(INVALID_QTY_TO_REFUND_SKU, item.sku))
        elif line.qty > item.qty_to_refund:
            reasons.append(phrase(QTY_TO_REFUND_TOO_BIG, item.sku))
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
        reasons.append(phrase(MOST_MONEY_AVAILABLE, php_number(available)))
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
                reasons.append(phrase(RETURN_ITEM_NOT_IN_CREDITMEMO, skus[item_id]))
                break
    return reasons
