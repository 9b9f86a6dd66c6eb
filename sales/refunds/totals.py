"""The credit memo total collectors (Magento_Sales etc/sales.xml: Subtotal 50, Discount 150, Shipping 200,
Tax 250, Grand 400), CreditmemoFactory::initData and Creditmemo\\Item::calcRowTotal / processQty."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from backoffice.formats import format_money
from backoffice.money import CENT

from ..exceptions import (
    InvalidRefundQty,
    NoShippingToRefund,
    ShippingRefundTooBig,
)
from ..models import (
    ZERO,
    Creditmemo,
    CreditmemoItem,
    Invoice,
    Order,
    OrderItem,
)
from .requests import RefundArguments

EPSILON = Decimal("0.0001")


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
