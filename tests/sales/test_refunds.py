"""refund_order / refund_invoice: Magento's credit memo totals, validators, states and MSI's returns to stock.

Magento files: Model/RefundOrder.php, Model/RefundInvoice.php, Model/Order/CreditmemoFactory.php,
Model/Order/Creditmemo/Total/{Subtotal,Discount,Shipping,Tax,Grand}.php, Model/Order/Creditmemo/Item.php
(processQty, calcRowTotal, register), Model/Order/Validation/CanRefund.php,
Model/Order/Creditmemo/Validation/{QuantityValidator,TotalsValidator}.php,
Model/Order/Creditmemo/Item/Validation/CreationQuantityValidator.php, Model/Order/Invoice/Validation/CanRefund.php,
Model/Order/Creditmemo/RefundOperation.php, Model/Order/StateResolver.php (module-sales);
Model/Order/ReturnValidator.php (module-sales-inventory); InventorySales Model/ReturnProcessor/ProcessRefundItems.php,
DeductSourceItemQuantityOnRefund.php, GetInvoicedItemsPerSourceByPriority.php and InventoryShipping
Model/ReturnProcessor/GetShippedItemsPerSourceByPriority.php (magento/inventory).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalog.models import Product
from inventory.models import Reservation, SourceItem
from inventory.reservations import get_uncompensated_reservations
from sales.exceptions import (
    CouldNotRefund,
    CreditmemoDocumentValidationError,
    InvalidRefundQty,
    InvoiceNotFound,
    NoShippingToRefund,
    OrderNotFound,
    ShippingRefundTooBig,
)
from sales.invoicing import InvoiceLine, invoice_order
from sales.models import Creditmemo, Order, OrderStatusHistory
from sales.orders import cancel_order
from sales.refunds import RefundArguments, RefundComment, RefundItem, refund_invoice, refund_order
from sales.shipping import ShipmentLine, ship_order
from tests.factories import make_order, make_product

pytestmark = pytest.mark.django_db
D = Decimal
PREFIX = "Creditmemo Document Validation Error(s):"


def tutorial_order() -> Order:
    return Order.objects.get(customer_email="jdoe@example.com")


def ids(order: Order) -> dict[str, int]:
    return {item.sku: item.pk for item in order.items.all()}


def qty(source: str, sku: str) -> Decimal:
    return SourceItem.objects.get(source_id=source, product_id=sku).quantity


def reserved(order: Order, sku: str, event: str | None = None) -> Decimal:
    rows = Reservation.objects.filter(object_id=str(order.pk), sku=sku)
    if event:
        rows = rows.filter(event_type=event)
    return sum((r.quantity for r in rows), D(0))


def shipped_tutorial() -> tuple[Order, dict[str, int]]:
    """Steps 10-12: invoiced, then shipped from the Northeast and West warehouses."""
    order = tutorial_order()
    invoice_order(order)
    item = ids(order)
    ship_order(order, items=[ShipmentLine(item["24-WB03"], D(20)), ShipmentLine(item["24-WB01"], D(35))],
               source_code="ne_wh")
    ship_order(order, items=[ShipmentLine(item["24-WB01"], D(5))], source_code="west_wh")
    return order, item


def snapshot(order: Order) -> tuple:
    order.refresh_from_db()
    return (
        Creditmemo.objects.count(), order.state, order.total_refunded, order.subtotal_refunded,
        list(order.items.values_list("qty_refunded", "amount_refunded")),
        list(SourceItem.objects.order_by("pk").values_list("quantity", "status")), Reservation.objects.count(),
        OrderStatusHistory.objects.count(), order.payment.amount_refunded,
    )


def refused(order: Order, call, *reasons: str) -> None:
    before = snapshot(order)
    with pytest.raises(CreditmemoDocumentValidationError) as caught:
        call()
    assert caught.value.message == "\n".join([PREFIX, *reasons])
    assert snapshot(order) == before


# --- totals (the collectors) ------------------------------------------------------------------------------------


def test_a_part_refund_takes_each_lines_share_and_no_shipping_when_told(tutorial):
    order, item = shipped_tutorial()

    memo = refund_order(order.pk, items=[RefundItem(item["24-WB01"], D(10)), RefundItem(item["24-WB03"], D(5))],
                        arguments=RefundArguments(shipping_amount=D(0)))

    assert (memo.subtotal, memo.discount_amount, memo.shipping_amount, memo.tax_amount, memo.grand_total) == (
        D(500), D(-100), D(0), D(0), D(400))
    assert (memo.base_subtotal, memo.base_discount_amount, memo.base_grand_total) == (D(500), D(-100), D(400))
    assert memo.state == Creditmemo.State.REFUNDED
    assert memo.increment_id == f"{memo.pk:09d}"
    assert [(i.sku, i.qty, i.row_total, i.discount_amount) for i in memo.items.all()] == [
        ("24-WB03", D(5), D(180), D(36)), ("24-WB01", D(10), D(320), D(64))]
    order.refresh_from_db()
    assert (order.state, order.status) == ("complete", "complete")  # money left to refund: still Complete
    assert (order.total_refunded, order.total_offline_refunded, order.subtotal_refunded, order.discount_refunded,
            order.shipping_refunded) == (D(400), D(400), D(500), D(-100), D(0))
    assert (order.payment.amount_refunded, order.payment.shipping_refunded) == (D(400), D(0))


def test_refunding_the_rest_closes_the_order_and_the_totals_add_up(tutorial):
    order, item = shipped_tutorial()
    first = refund_order(order.pk, items=[RefundItem(item["24-WB01"], D(10))])  # shipping refunded by default

    second = refund_order(order.pk)

    assert (first.shipping_amount, first.grand_total) == (D(300), D(556))
    assert (second.subtotal, second.discount_amount, second.shipping_amount, second.grand_total) == (
        D(1702), D("-340.4"), D(0), D("1361.6"))
    order.refresh_from_db()
    assert first.grand_total + second.grand_total == order.total_paid == order.total_refunded == D("1917.6")
    assert (order.state, order.status) == ("closed", "closed")
    assert all(i.qty_refunded == i.qty_invoiced and i.amount_refunded == i.row_invoiced for i in order.items.all())
    history = list(order.status_histories.filter(entity_name="creditmemo").values_list("comment", "status"))
    assert history == [("We refunded $1,361.60 offline.", "closed"), ("We refunded $556.00 offline.", "complete")]


def test_thirds_round_to_cents_and_the_last_credit_memo_takes_the_remainder():
    product = make_product(price=D("10"))
    order = make_order(products=[product], item_qtys=[D(3)], discount_percent=D("10"))  # row 30, discount 3
    invoice_order(order)
    item_id = order.items.get().pk

    memos = [refund_order(order.pk, items=[RefundItem(item_id, D(1))]) for _ in range(3)]

    assert [m.discount_amount for m in memos] == [D(-1), D(-1), D(-1)]
    assert sum(m.grand_total for m in memos) == order.grand_total
    order.refresh_from_db()
    assert order.state == "closed"


def test_adjustments_refund_more_or_less_than_the_goods(tutorial):
    order, item = shipped_tutorial()

    memo = refund_order(order.pk, items=[RefundItem(item["24-WB01"], D(1))], arguments=RefundArguments(
        shipping_amount=D(0), adjustment_positive=D("5.5"), adjustment_negative=D(2)))

    assert (memo.adjustment_positive, memo.adjustment_negative, memo.adjustment) == (D("5.5"), D(2), D("3.5"))
    assert memo.grand_total == D("25.6") + D("3.5")
    order.refresh_from_db()
    assert (order.adjustment_positive, order.adjustment_negative) == (D("5.5"), D(2))


def test_a_partial_shipping_refund_is_its_share(tutorial):
    order, item = shipped_tutorial()

    memo = refund_order(order.pk, items=[RefundItem(item["24-WB01"], D(1))],
                        arguments=RefundArguments(shipping_amount=D(100)))

    assert (memo.shipping_amount, memo.shipping_incl_tax) == (D(100), D(100))
    order.refresh_from_db()
    assert order.shipping_refunded == D(100)


# --- refusals, with Magento's messages, and nothing written ------------------------------------------------------


def test_more_than_was_invoiced_is_refused_before_the_validators(tutorial):
    order = tutorial_order()
    invoice_order(order, items=[InvoiceLine(ids(order)["24-WB01"], D(4))])
    before = snapshot(order)

    with pytest.raises(InvalidRefundQty) as caught:
        refund_order(order.pk, items=[RefundItem(ids(order)["24-WB01"], D(5))])

    assert caught.value.rendered() == 'We found an invalid quantity to refund item "Voyage Yoga Bag".'
    assert snapshot(order) == before


def test_a_fractional_quantity_of_a_whole_unit_item_names_its_sku(tutorial):
    order, item = shipped_tutorial()

    refused(order, lambda: refund_order(order.pk, items=[RefundItem(item["24-WB01"], D("1.5"))]),
            'We found an invalid quantity to refund item "24-WB01".')


def test_an_order_never_invoiced_has_no_money_to_refund(tutorial):
    order = tutorial_order()

    refused(order, lambda: refund_order(order.pk), "The most money available to refund is 0.")


def test_a_closed_order_names_its_status(tutorial):
    order, _ = shipped_tutorial()
    refund_order(order.pk)

    refused(order, lambda: refund_order(order.pk),
            "A creditmemo can not be created when an order has a status of closed")


def test_an_adjustment_beyond_what_was_paid_is_refused(tutorial):
    order, _item = shipped_tutorial()

    refused(order, lambda: refund_order(order.pk, arguments=RefundArguments(adjustment_positive=D("0.01"))),
            "The most money available to refund is 1917.6.")


def test_a_negative_total_is_refused(tutorial):
    order, item = shipped_tutorial()

    refused(order, lambda: refund_order(order.pk, items=[RefundItem(item["24-WB01"], D(1))],
                                        arguments=RefundArguments(shipping_amount=D(0), adjustment_negative=D(30))),
            "The credit memo's total must be positive.")


def test_shipping_beyond_what_is_left_is_refused(tutorial):
    order, item = shipped_tutorial()
    refund_order(order.pk, items=[RefundItem(item["24-WB01"], D(1))], arguments=RefundArguments(shipping_amount=D(250)))
    before = snapshot(order)

    with pytest.raises(ShippingRefundTooBig) as caught:
        refund_order(order.pk, items=[RefundItem(item["24-WB01"], D(1))],
                     arguments=RefundArguments(shipping_amount=D("50.01")))

    assert caught.value.rendered() == "Maximum shipping amount allowed to refund is: $50.00"
    assert snapshot(order) == before


def test_shipping_on_an_order_without_shipping_is_refused():
    order = make_order()
    Order.objects.filter(pk=order.pk).update(shipping_amount=0, base_shipping_amount=0)
    invoice_order(order)

    with pytest.raises(NoShippingToRefund) as caught:
        refund_order(order.pk, arguments=RefundArguments(shipping_amount=D(1)))

    assert caught.value.rendered() == "You can not refund shipping if there is no shipping amount."
    assert not Creditmemo.objects.exists()


def other_order() -> Order:
    return make_order(products=[Product.objects.get(sku="24-WB03")])


def test_an_item_of_another_order_is_named_by_the_item_validator(tutorial):
    order, _item = shipped_tutorial()
    other = other_order()

    refused(order, lambda: refund_order(order.pk, items=[RefundItem(other.items.get().pk, D(1))],
                                        arguments=RefundArguments(shipping_amount=D(0))),
            "The creditmemo contains product item that is not part of the original order.")


def test_return_to_stock_must_name_items_of_the_credit_memo(tutorial):
    order, item = shipped_tutorial()
    other = other_order()
    only_bags = [RefundItem(item["24-WB01"], D(1))]

    refused(order, lambda: refund_order(order.pk, items=only_bags,
                                        arguments=RefundArguments(return_to_stock_items=[other.items.get().pk])),
            f'The "{other.items.get().sku}" product is not part of the current creditmemo.')
    refused(order, lambda: refund_order(order.pk, items=only_bags,
                                        arguments=RefundArguments(return_to_stock_items=[999999])),
            "The return to stock argument contains product item that is not part of the original order.")


def test_unknown_orders_and_invoices_are_not_found():
    with pytest.raises(OrderNotFound):
        refund_order(999999)
    with pytest.raises(InvoiceNotFound):
        refund_invoice(999999)


# --- refund_invoice --------------------------------------------------------------------------------------------


def test_an_invoice_paid_offline_cannot_be_refunded_online_or_not(tutorial):
    order, _ = shipped_tutorial()
    invoice = order.invoices.get()

    for is_online in (False, True):
        refused(order, lambda is_online=is_online: refund_invoice(invoice.pk, is_online=is_online),
                "We can't create creditmemo for the invoice.")


def test_more_than_is_left_on_an_item_is_named_by_the_item_validator():
    product = make_product(price=D(10))
    order = make_order(products=[product], item_qtys=[D(2)], payment_method="free")
    invoice = invoice_order(order)
    before = snapshot(order)

    with pytest.raises(CreditmemoDocumentValidationError) as caught:  # the factory clamps to the invoice's 2
        refund_invoice(invoice.pk, items=[RefundItem(order.items.get().pk, D(5))])

    assert caught.value.message == f"{PREFIX}\nThe quantity to refund must not be greater than the unrefunded quantity."
    assert snapshot(order) == before


def test_an_invoice_of_a_method_that_can_refund_is_refunded_for_its_own_items_and_shipping():
    products = [make_product(price=D(10)), make_product(price=D(20))]
    order = make_order(products=products, item_qtys=[D(2), D(1)], payment_method="free")
    first = invoice_order(order, items=[InvoiceLine(order.items.get(sku=products[0].sku).pk, D(2))])
    invoice_order(order)

    memo = refund_invoice(first.pk)

    assert [(i.sku, i.qty) for i in memo.items.all()] == [(products[0].sku, D(2))]  # only the invoice's lines
    assert (memo.invoice_id, memo.subtotal, memo.shipping_amount) == (first.pk, D(20), first.shipping_amount)
    first.refresh_from_db()
    assert (first.is_used_for_refund, first.base_total_refunded) == (1, memo.base_grand_total)
    order.refresh_from_db()
    assert order.state == "processing"  # the second invoice's bag is still to ship


# --- state machine, comment, email ------------------------------------------------------------------------------


def test_a_partial_refund_of_an_order_still_to_ship_keeps_it_processing(tutorial):
    order = tutorial_order()
    invoice_order(order)

    refund_order(order.pk, items=[RefundItem(ids(order)["24-WB01"], D(1))])

    order.refresh_from_db()
    assert (order.state, order.status) == ("processing", "processing")


def test_a_comment_is_kept_and_the_email_leaves_after_commit(tutorial, django_capture_on_commit_callbacks, mailoutbox):
    order, item = shipped_tutorial()

    with django_capture_on_commit_callbacks(execute=True):
        memo = refund_order(order.pk, items=[RefundItem(item["24-WB01"], D(1))], notify=True, append_comment=True,
                            comment=RefundComment("Damaged in transit", is_visible_on_front=True))

    comment = memo.comments.get()
    assert (comment.comment, comment.is_customer_notified, comment.is_visible_on_front) == ("Damaged in transit", 1, 1)
    assert (memo.customer_note, memo.customer_note_notify) == ("Damaged in transit", 1)
    assert len(mailoutbox) == 1
    assert "Damaged in transit" in mailoutbox[0].body
    memo.refresh_from_db()
    assert memo.email_sent == 1


# --- MSI: returns to stock ---------------------------------------------------------------------------------------


def test_shipped_goods_returned_go_back_to_the_source_that_shipped_them_first_by_priority(tutorial):
    order, item = shipped_tutorial()  # 24-WB01: 35 from ne_wh, 5 from west_wh

    refund_order(order.pk, items=[RefundItem(item["24-WB01"], D(10))],
                 arguments=RefundArguments(return_to_stock_items=[item["24-WB01"]]))

    # GetShippedItemsPerSourceByPriority groups a SKU's shipments under its highest-priority source.
    assert (qty("ne_wh", "24-WB01"), qty("west_wh", "24-WB01")) == (D(10), D(10))
    assert SourceItem.objects.get(source_id="ne_wh", product_id="24-WB01").status == SourceItem.Status.IN_STOCK
    assert reserved(order, "24-WB01", "creditmemo_created") == 0  # all of it had shipped


def test_goods_not_returned_stay_out(tutorial):
    order, item = shipped_tutorial()
    before = list(SourceItem.objects.order_by("pk").values_list("quantity", flat=True))

    refund_order(order.pk, items=[RefundItem(item["24-WB03"], D(5))])

    assert list(SourceItem.objects.order_by("pk").values_list("quantity", flat=True)) == before
    assert not Reservation.objects.filter(event_type="creditmemo_created").exists()


def test_a_returned_virtual_item_goes_back_to_the_highest_priority_source_holding_it(tutorial):
    order, item = shipped_tutorial()  # 240-LV06 left hq at invoice time

    refund_order(order.pk, items=[RefundItem(item["240-LV06"], D(1))],
                 arguments=RefundArguments(return_to_stock_items=[item["240-LV06"]]))

    assert qty("hq", "240-LV06") == D(9999)


def test_unshipped_goods_returned_are_given_back_by_a_reservation(tutorial):
    order = tutorial_order()
    invoice_order(order)
    item = ids(order)
    ship_order(order, items=[ShipmentLine(item["24-WB01"], D(30))], source_code="ne_wh")

    refund_order(order.pk, items=[RefundItem(item["24-WB01"], D(12))],
                 arguments=RefundArguments(return_to_stock_items=[item["24-WB01"]]))

    # 10 of the 12 had never shipped: reserved back; the other 2 had shipped from ne_wh: back there.
    assert reserved(order, "24-WB01", "creditmemo_created") == D(10)
    assert qty("ne_wh", "24-WB01") == D(5 + 2)


def test_unshipped_goods_not_returned_leave_the_sources_and_release_their_reservation(tutorial):
    order = tutorial_order()
    invoice_order(order)
    item = ids(order)

    refund_order(order.pk, items=[RefundItem(item["24-WB03"], D(4))])

    assert reserved(order, "24-WB03", "creditmemo_created") == D(4)
    assert qty("ne_wh", "24-WB03") == D(46)  # the priority algorithm's first source


def test_a_source_that_lost_the_sku_refuses_the_whole_refund(tutorial):
    order, item = shipped_tutorial()
    SourceItem.objects.filter(source_id="ne_wh", product_id="24-WB01").delete()
    before = snapshot(order)

    with pytest.raises(CouldNotRefund) as caught:
        refund_order(order.pk, items=[RefundItem(item["24-WB01"], D(1))],
                     arguments=RefundArguments(return_to_stock_items=[item["24-WB01"]]))

    assert caught.value.rendered() == "Could not save a Creditmemo, see error log for details"
    assert snapshot(order) == before


# --- arithmetic across sequences: a finished order's reservations sum to zero ---------------------------------------


def finished(order: Order) -> list:
    return get_uncompensated_reservations([str(order.pk)])


def test_refund_then_ship_the_rest(tutorial):
    order = tutorial_order()
    invoice_order(order)
    item = ids(order)

    refund_order(order.pk, items=[RefundItem(item["24-WB01"], D(5))],
                 arguments=RefundArguments(shipping_amount=D(0), return_to_stock_items=[item["24-WB01"]]))
    ship_order(order, items=[ShipmentLine(item["24-WB01"], D(35)), ShipmentLine(item["24-WB03"], D(20))],
               source_code="ne_wh")

    order.refresh_from_db()
    assert order.state == "complete"
    assert finished(order) == []
    assert (qty("ne_wh", "24-WB01"), qty("ne_wh", "24-WB03")) == (D(0), D(30))
    assert order.items.get(sku="24-WB01").qty_to_ship == 0


def test_cancel_after_a_partial_invoice_then_ship_and_refund(tutorial):
    order = tutorial_order()
    item = ids(order)
    invoice_order(order, items=[InvoiceLine(item["24-WB03"], D(10))])
    assert cancel_order(order)
    ship_order(order, items=[ShipmentLine(item["24-WB03"], D(10))], source_code="ne_wh")

    refund_order(order.pk, items=[RefundItem(item["24-WB03"], D(4))],
                 arguments=RefundArguments(return_to_stock_items=[item["24-WB03"]]))

    assert finished(order) == []
    assert qty("ne_wh", "24-WB03") == D(50 - 10 + 4)
    order.refresh_from_db()
    assert order.state == "complete"


def test_refund_of_a_partially_shipped_order_then_ship_the_rest_keeps_every_sum(tutorial):
    order = tutorial_order()
    invoice_order(order)
    item = ids(order)
    ship_order(order, items=[ShipmentLine(item["24-WB01"], D(20))], source_code="ne_wh")

    refund_order(order.pk, items=[RefundItem(item["24-WB01"], D(25))],  # 20 unshipped + 5 shipped
                 arguments=RefundArguments(shipping_amount=D(0), return_to_stock_items=[item["24-WB01"]]))
    ship_order(order, items=[ShipmentLine(item["24-WB03"], D(20))], source_code="ne_wh")

    assert reserved(order, "24-WB01", "creditmemo_created") == D(20)
    assert qty("ne_wh", "24-WB01") == D(35 - 20 + 5)
    assert finished(order) == []
    order.refresh_from_db()
    assert order.state == "complete"


def test_the_database_refuses_to_refund_more_than_was_invoiced(tutorial):
    """The check constraint item_qty_refunded_lte_invoiced: the last guard under every writer."""
    from django.db import IntegrityError, transaction

    order = tutorial_order()
    invoice_order(order, items=[InvoiceLine(ids(order)["24-WB01"], D(3))])

    with pytest.raises(IntegrityError), transaction.atomic():
        order.items.filter(sku="24-WB01").update(qty_refunded=D(4))
    with pytest.raises(IntegrityError), transaction.atomic():
        order.items.filter(sku="24-WB01").update(qty_refunded=D(-1))
