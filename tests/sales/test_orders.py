"""cancel_order, hold_order, unhold_order and add_order_comment: Magento's OrderManagement, with MSI's compensations."""

from __future__ import annotations

from decimal import Decimal

import pytest

from inventory.models import Reservation
from inventory.salable import get_salable_quantity
from sales.exceptions import (
    CannotCancel,
    CannotUnhold,
    CommentStatusNotAllowed,
    HoldNotAvailable,
    InvoiceDocumentValidationError,
)
from sales.invoicing import InvoiceLine, invoice_order
from sales.models import Order, OrderState
from sales.orders import add_order_comment, cancel_order, hold_order, unhold_order
from sales.shipping import ShipmentLine, ship_order
from tests.factories import make_order, make_product

pytestmark = pytest.mark.django_db
D = Decimal
DEFAULT_STOCK = 1


def state_of(order: Order) -> tuple[str, str]:
    order.refresh_from_db()
    return order.state, order.status


def test_cancel_gives_the_reserved_quantities_back():
    product = make_product(quantity=D(10))
    order = make_order(item_qtys=[D(3)], products=[product])
    reserved = get_salable_quantity(product.sku, DEFAULT_STOCK)

    canceled = cancel_order(order)

    assert (canceled.pk, canceled.state) == (order.pk, "canceled")
    assert (reserved, get_salable_quantity(product.sku, DEFAULT_STOCK)) == (D(7), D(10))
    assert state_of(order) == ("canceled", "canceled")
    assert order.items.get().qty_canceled == D(3)
    assert list(Reservation.objects.filter(sku=product.sku).values_list(
        "quantity", "event_type", "object_id", "object_increment_id")) == [
        (D(-3), "order_placed", str(order.pk), order.increment_id),
        (D(3), "order_canceled", str(order.pk), order.increment_id),
    ]
    assert order.status_histories.order_by("pk").last().status == "canceled"


def test_cancel_after_a_partial_invoice_leaves_the_invoiced_part_processing():
    order = make_order(item_qtys=[D(2), D(5)])
    first, second = order.items.order_by("pk")
    invoice_order(order, items=[InvoiceLine(first.pk, D(2))])

    canceled = cancel_order(order)

    assert canceled.state == "processing"
    assert state_of(order) == ("processing", "processing")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.qty_canceled, second.qty_canceled) == (D(0), D(5))
    assert list(Reservation.objects.filter(event_type="order_canceled").values_list("sku", "quantity")) == [
        (second.sku, D(5))]


def test_cancel_after_invoicing_and_shipping_part_of_an_item():
    order = make_order(item_qtys=[D(4)])
    item = order.items.get()
    invoice_order(order, items=[InvoiceLine(item.pk, D(3))])
    ship_order(order, items=[ShipmentLine(item.pk, D(1))])

    cancel_order(order)

    item.refresh_from_db()
    assert item.qty_canceled == D(1)
    assert state_of(order) == ("processing", "processing")  # two invoiced units are still to ship
    assert Reservation.objects.get(event_type="order_canceled").quantity == D(1)  # 4 − max(1, 3)


def test_a_fully_invoiced_order_cannot_be_canceled():
    order = make_order()
    invoice_order(order)
    reservations = Reservation.objects.count()

    with pytest.raises(CannotCancel, match=r"You have not canceled the item\."):
        cancel_order(order)
    assert state_of(order) == ("processing", "processing")
    assert Reservation.objects.count() == reservations


@pytest.mark.parametrize("setup", ["canceled", "holded"])
def test_canceled_or_held_orders_cannot_be_canceled(setup):
    order = make_order()
    (cancel_order if setup == "canceled" else hold_order)(order)

    with pytest.raises(CannotCancel):
        cancel_order(order)
    assert Reservation.objects.filter(event_type="order_canceled").count() == (1 if setup == "canceled" else 0)


def test_hold_remembers_the_state_and_unhold_restores_it():
    order = make_order()

    hold_order(order)
    held = (state_of(order), order.hold_before_state, order.hold_before_status)
    unhold_order(order)

    assert held == (("holded", "holded"), "new", "pending")
    order.refresh_from_db()
    assert (order.state, order.status, order.hold_before_state, order.hold_before_status) == (
        "new", "pending", None, None)


def test_hold_refusals():
    held = make_order()
    hold_order(held)
    canceled = make_order()
    cancel_order(canceled)

    with pytest.raises(HoldNotAvailable):
        hold_order(held)
    with pytest.raises(HoldNotAvailable):
        hold_order(canceled)
    with pytest.raises(CannotUnhold):
        unhold_order(make_order())


def test_an_order_on_hold_cannot_be_invoiced():
    order = make_order()
    hold_order(order)

    with pytest.raises(InvoiceDocumentValidationError) as refused:
        invoice_order(order)

    assert refused.value.reasons == ["An invoice cannot be created when an order has a status of holded"]
    assert state_of(order)[0] == OrderState.HOLDED


def test_a_comment_may_set_a_status_of_the_current_state_only():
    order = make_order()

    history = add_order_comment(order, "Called the customer", status="pending", is_customer_notified=True)

    assert (history.comment, history.status, history.is_customer_notified) == ("Called the customer", "pending", 1)
    with pytest.raises(CommentStatusNotAllowed) as refused:
        add_order_comment(order, "Processing now", status="processing")
    assert refused.value.parameters == ["processing"]
    assert state_of(order) == ("new", "pending")


def test_a_notified_comment_is_emailed_after_commit_and_a_silent_one_is_not(
    django_capture_on_commit_callbacks, mailoutbox
):
    """OrderService::addComment ends with OrderCommentSender::send($order, $notify, $comment) (Magento 2.4.6,
    module-sales/Model/Service/OrderService.php): template order_update, only when notified."""
    order = make_order()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        add_order_comment(order, "  Your parcel leaves tomorrow. ", is_customer_notified=True)
        assert mailoutbox == []  # not before the commit
    with django_capture_on_commit_callbacks(execute=True):
        add_order_comment(order, "Internal note", is_customer_notified=False)

    assert [mail.subject for mail in mailoutbox] == ["Update to your Main Website Store order"]
    assert mailoutbox[0].to == [order.customer_email]
    assert "has been updated with a status of Pending." in mailoutbox[0].body
    assert "Your parcel leaves tomorrow." in mailoutbox[0].body
