"""The order's row questions: Order.can_invoice, can_ship, can_cancel, can_hold, can_unhold, can_creditmemo.

Each follows Magento\\Sales\\Model\\Order (vendor/magento/module-sales/Model/Order.php): canInvoice, canShip (with
isRefunded), canCancel (with _canVoidOrder), canHold, canUnhold, canCreditmemo (with canCreditmemoForZeroTotal
and canCreditmemoForZeroTotalRefunded). Unsaved rows: the questions read the items they are given.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from sales.invoicing import invoice_order
from sales.models import Order, OrderItem, OrderState
from tests.factories import make_order

D = Decimal
STATES = [state.value for state in OrderState]


def item(ordered: str = "2", invoiced: str = "0", shipped: str = "0", refunded: str = "0", canceled: str = "0",
         virtual: int = 0) -> OrderItem:
    return OrderItem(sku="S", name="S", qty_ordered=D(ordered), qty_invoiced=D(invoiced), qty_shipped=D(shipped),
                     qty_refunded=D(refunded), qty_canceled=D(canceled), is_virtual=virtual)  # fmt: skip


def order(state: str, **fields: object) -> Order:
    return Order(state=state, **fields)


def answers(question: str, items: list[OrderItem]) -> dict[str, bool]:
    return {state: getattr(order(state), question)(items) for state in STATES}


def test_can_invoice_in_an_open_state_with_something_left_to_invoice():
    """canInvoice: false when canUnhold, isPaymentReview, canceled, complete or closed; else some qty to invoice."""
    assert answers("can_invoice", [item()]) == {
        "new": True, "pending_payment": True, "processing": True, "complete": False, "closed": False,
        "canceled": False, "holded": False, "payment_review": False,
    }  # fmt: skip
    assert order("processing").can_invoice([item(invoiced="2")]) is False  # fully invoiced
    assert order("processing").can_invoice([item(invoiced="1", canceled="1")]) is False


def test_can_ship_unless_held_in_review_canceled_or_virtual_and_something_left_to_ship():
    """canShip: false when canUnhold, isPaymentReview, getIsVirtual or isCanceled; complete and closed are not
    refused by state (an item must still have a quantity to ship)."""
    assert answers("can_ship", [item()]) == {
        "new": True, "pending_payment": True, "processing": True, "complete": True, "closed": True,
        "canceled": False, "holded": False, "payment_review": False,
    }  # fmt: skip
    assert order("processing").can_ship([item(shipped="2")]) is False  # fully shipped
    assert order("processing").can_ship([item(invoiced="2", refunded="2")]) is False  # isRefunded
    assert order("processing").can_ship([item(shipped="1", refunded="1")]) is False  # nothing left
    assert order("processing").can_ship([item(canceled="2")]) is False
    assert order("processing").can_ship([item(virtual=1), item()]) is True  # one physical item suffices


def test_a_virtual_order_cannot_ship():
    """canShip: getIsVirtual() is false straight away, whatever its items."""
    assert order("processing", is_virtual=1).can_ship([item()]) is False
    assert order("processing").can_ship([item(virtual=1)]) is False  # no physical item


def test_can_cancel_an_open_order_with_something_not_yet_invoiced():
    """canCancel: _canVoidOrder (not canceled, canUnhold or isPaymentReview), not all invoiced, not complete or
    closed."""
    assert answers("can_cancel", [item()]) == {
        "new": True, "pending_payment": True, "processing": True, "complete": False, "closed": False,
        "canceled": False, "holded": False, "payment_review": False,
    }  # fmt: skip
    assert order("processing").can_cancel([item(invoiced="2")]) is False  # $allInvoiced
    assert order("processing").can_cancel([item(invoiced="2"), item(invoiced="1")]) is True
    assert order("new").can_cancel([item(shipped="2")]) is True  # shipped but not invoiced: still cancelable


def test_can_hold_and_can_unhold_by_state():
    """canHold: not canceled, payment_review, complete, closed or holded. canUnhold: holded (isPaymentReview
    refuses, and a held order is never in review)."""
    assert {state: order(state).can_hold() for state in STATES} == {
        "new": True, "pending_payment": True, "processing": True, "complete": False, "closed": False,
        "canceled": False, "holded": False, "payment_review": False,
    }  # fmt: skip
    assert [state for state in STATES if order(state).can_unhold()] == ["holded"]


def paid(state: str, total: str, paid_: str | None, refunded: str | None = None, fee: str | None = None) -> Order:
    return order(state, grand_total=D(total), total_paid=None if paid_ is None else D(paid_),
                 total_refunded=None if refunded is None else D(refunded),
                 adjustment_negative=None if fee is None else D(fee))  # fmt: skip


def test_can_creditmemo_while_some_paid_money_is_not_refunded():
    """canCreditmemo: false when canUnhold, isPaymentReview, isCanceled or closed; then
    canCreditmemoForZeroTotalRefunded: total_paid (rounded) - total_refunded must not be zero, nor the
    Adjustment Fee the first credit memo kept back. Complete orders can still be refunded."""
    assert {state: paid(state, "30", "30").can_creditmemo() for state in STATES} == {
        "new": True, "pending_payment": True, "processing": True, "complete": True, "closed": False,
        "canceled": False, "holded": False, "payment_review": False,
    }  # fmt: skip
    assert paid("processing", "30", None).can_creditmemo() is False  # nothing paid
    assert paid("complete", "30", "30", refunded="30").can_creditmemo() is False  # fully refunded
    assert paid("complete", "30", "30", refunded="20").can_creditmemo() is True
    assert paid("complete", "30", "30", refunded="25", fee="5").can_creditmemo() is False  # fee kept back
    assert paid("complete", "30", "30.004", refunded="30").can_creditmemo() is False  # the paid total rounded


@pytest.mark.django_db
def test_a_zero_total_order_can_be_refunded_once_invoiced():
    """canCreditmemoForZeroTotal: while an invoice is due (canInvoice and total_paid <= grand_total) no; once
    invoiced, yes, until a credit memo gave the paid amount back."""
    placed = make_order()
    Order.objects.filter(pk=placed.pk).update(grand_total=0, base_grand_total=0)
    placed.refresh_from_db()
    due = placed.can_creditmemo()

    invoice_order(placed)
    placed.refresh_from_db()

    assert (placed.grand_total, due, placed.can_creditmemo()) == (0, False, True)


@pytest.mark.django_db
def test_the_questions_read_the_orders_items_when_not_given():
    placed = make_order(item_qtys=[D(2)])

    asked = (placed.can_invoice(), placed.can_ship(), placed.can_cancel())

    assert asked == (True, True, True)
    assert (placed.can_invoice([]), placed.can_ship([]), placed.can_cancel([])) == (False, False, False)
