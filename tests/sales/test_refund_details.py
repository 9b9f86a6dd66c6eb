"""What refund_creditmemo, refund_invoice and the returns to stock write, to the field: the details
tests/sales/test_refunds.py leaves out, found by `make mutate` (README "Mutation testing").

Contracts: Magento_Sales Model/Service/CreditmemoService.php (refund: with an invoice and not offline, the refund is
online and the invoice records it), Controller/Adminhtml/Order/Creditmemo/Save.php (send_email: the credit memo email
is due), Model/RefundInvoice.php (the comment is the credit memo's), InventorySales
Model/ReturnProcessor/ProcessRefundItems.php (the never-shipped part of a returned item is given back by a
+qty creditmemo_created reservation, even when part of the SKU shipped)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalog.models import Product, ProductType
from inventory.models import DEFAULT_SOURCE_CODE, Reservation, Source, SourceItem, Stock, StockSourceLink
from sales.exceptions import CreditmemoDocumentValidationError, MostMoneyAvailable
from sales.invoicing import InvoiceLine, invoice_order
from sales.models import Creditmemo, CreditmemoComment, Invoice, Order, OrderPayment, OrderStatusHistory
from sales.refunds import (
    RefundArguments,
    RefundComment,
    RefundItem,
    add_creditmemo_comment,
    refund_creditmemo,
    refund_invoice,
    refund_order,
)
from sales.refunds.validation import php_number
from sales.shipping import ShipmentLine, ship_order
from tests.factories import make_order, make_product

pytestmark = pytest.mark.django_db
D = Decimal


def test_an_online_refund_of_an_invoice_records_it_on_the_invoice_and_notify_makes_the_email_due():
    order = make_order(payment_method="free")
    invoice = invoice_order(order)

    memo = refund_creditmemo(order.pk, invoice_id=invoice.pk, offline_requested=False, notify=True)

    assert Invoice.objects.values_list("is_used_for_refund", "base_total_refunded").get(pk=invoice.pk) == (
        1,
        memo.base_grand_total,
    )
    assert Creditmemo.objects.values_list("send_email", flat=True).get(pk=memo.pk) == 1


def test_an_offline_refund_of_an_invoice_leaves_the_invoice_and_no_email_is_due_by_default():
    order = make_order(payment_method="free")
    invoice = invoice_order(order)

    memo = refund_creditmemo(order.pk, invoice_id=invoice.pk, offline_requested=True)

    assert Invoice.objects.values_list("is_used_for_refund", flat=True).get(pk=invoice.pk) in (None, 0)
    assert Creditmemo.objects.values_list("send_email", flat=True).get(pk=memo.pk) is None


def test_a_refunded_invoices_comment_is_the_credit_memos():
    order = make_order(payment_method="free")
    invoice = invoice_order(order)

    memo = refund_invoice(invoice.pk, comment=RefundComment("Wrong size"))

    assert list(memo.comments.values_list("comment", "is_visible_on_front")) == [("Wrong size", 0)]


def test_the_never_shipped_part_of_a_partly_shipped_sku_is_given_back_by_a_reservation():
    product = make_product(quantity=D(5))
    order = make_order(products=[product], item_qtys=[D(2)])
    invoice_order(order)
    item = order.items.get()
    ship_order(order, items=[ShipmentLine(item.pk, D(1))])

    refund_creditmemo(
        order.pk,
        items=[RefundItem(item.pk, D(1))],
        offline_requested=True,
        arguments=RefundArguments(return_to_stock_items=[item.pk]),
    )

    assert list(
        Reservation.objects.filter(sku=product.sku, event_type="creditmemo_created").values_list("quantity", flat=True)
    ) == [D(1)]


def test_two_refunds_add_up_on_the_order_and_its_payment():
    """RefundOperation::execute and Payment::refund add each credit memo to the running totals."""
    order = make_order(item_qtys=[D(2)])
    invoice_order(order)
    item = order.items.get()

    first = refund_creditmemo(
        order.pk,
        items=[RefundItem(item.pk, D(1))],
        offline_requested=True,
        arguments=RefundArguments(shipping_amount=D(0)),
    )
    second = refund_creditmemo(order.pk, items=[RefundItem(item.pk, D(1))], offline_requested=True)

    both = first.base_grand_total + second.base_grand_total
    order.refresh_from_db()
    assert (order.total_offline_refunded, order.base_total_offline_refunded) == (
        first.grand_total + second.grand_total,
        both,
    )
    assert order.base_total_online_refunded in (None, D(0))
    assert order.payment.base_amount_refunded == both


def test_goods_shipped_from_a_source_outside_the_stock_go_back_there():
    """GetShippedItemsPerSourceByPriority ranks sources outside the stock last rather than failing."""
    product = make_product(quantity=D(5))
    Source.objects.create(source_code="outside", name="Outside", country_id="US", postcode="10001")
    SourceItem.objects.create(product=product, source_id="outside", quantity=D(4))
    order = make_order(products=[product], item_qtys=[D(2)])
    invoice_order(order)
    item = order.items.get()
    ship_order(order, source_code="outside")

    refund_creditmemo(
        order.pk,
        items=[RefundItem(item.pk, D(2))],
        offline_requested=True,
        arguments=RefundArguments(return_to_stock_items=[item.pk]),
    )

    assert SourceItem.objects.get(product=product, source_id="outside").quantity == D(4)


def test_a_notified_comment_whose_email_fails_keeps_the_comment(monkeypatch, django_capture_on_commit_callbacks):
    """CreditmemoCommentRepository::save then the notifier: a mail server error after commit does not undo the
    comment nor reach the caller (a robust on-commit callback)."""
    order = make_order(payment_method="free")
    memo = refund_invoice(invoice_order(order).pk)

    def mail_server_down(**_: object) -> None:
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("sales.refunds.send_creditmemo_email", mail_server_down)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        saved = add_creditmemo_comment(memo.pk, "Refund sent", is_customer_notified=True)

    assert len(callbacks) == 1
    assert list(memo.comments.values_list("pk", "comment", "is_customer_notified")) == [(saved.pk, "Refund sent", 1)]


def test_a_comment_added_later_is_hidden_and_not_emailed_unless_asked(django_capture_on_commit_callbacks):
    """CreditmemoCommentRepository::save: is_customer_notified and is_visible_on_front are 0 unless given."""
    memo = refund_invoice(invoice_order(make_order(payment_method="free")).pk)

    with django_capture_on_commit_callbacks() as callbacks:
        quiet = add_creditmemo_comment(memo.pk, "Checked")
    shown = add_creditmemo_comment(memo.pk, "Shown", is_visible_on_front=True)

    assert callbacks == []
    assert list(CreditmemoComment.objects.filter(pk__in=[quiet.pk, shown.pk]).order_by("pk").values_list(
        "comment", "is_customer_notified", "is_visible_on_front")) == [("Checked", 0, 0), ("Shown", 0, 1)]


def test_a_notified_comment_emails_that_credit_memo_with_the_comment(monkeypatch, django_capture_on_commit_callbacks):
    """CreditmemoCommentRepository::save then CreditmemoCommentSender: the email is the credit memo's and
    carries the comment."""
    memo = refund_invoice(invoice_order(make_order(payment_method="free")).pk)
    sent = []
    monkeypatch.setattr("sales.refunds.send_creditmemo_email", lambda **kwargs: sent.append(kwargs))

    with django_capture_on_commit_callbacks(execute=True):
        add_creditmemo_comment(memo.pk, "Refund sent", is_customer_notified=True)

    assert sent == [{"creditmemo_id": memo.pk, "comment": "Refund sent"}]


def test_php_prints_a_negative_zero_as_zero_in_the_money_message():
    """The amount of "The most money available to refund is %1." as Magento prints the float."""
    assert [php_number(D(value)) for value in ("-0", "0.00", "29.50", "-3.250")] == ["0", "0", "29.5", "-3.25"]


def test_the_admins_refund_of_an_invoice_is_online_unless_offline_is_asked():
    """CreditmemoService::refund: offline_requested defaults to false, so an invoice's refund is online and the
    invoice records it."""
    order = make_order(payment_method="free")
    invoice = invoice_order(order)

    memo = refund_creditmemo(order.pk, invoice_id=invoice.pk)

    order.refresh_from_db()
    assert (order.total_online_refunded, order.total_offline_refunded) == (memo.grand_total, None)
    invoice.refresh_from_db()
    assert (invoice.is_used_for_refund, invoice.base_total_refunded) == (1, memo.base_grand_total)


def test_an_online_refund_of_an_invoice_counts_as_online_on_the_order():
    """RefundInvoice::execute with isOnline: Payment::refund adds the memo to the order's online totals."""
    order = make_order(payment_method="free")
    invoice = invoice_order(order)

    memo = refund_invoice(invoice.pk, is_online=True)

    order.refresh_from_db()
    assert (order.total_online_refunded, order.base_total_online_refunded) == (memo.grand_total, memo.base_grand_total)
    assert order.total_offline_refunded is None


def test_a_refunded_invoices_comment_notifies_only_when_asked_to_notify_and_to_append_it():
    """RefundInvoice::execute: notify and appendComment default to false; the customer note is notified only
    with both (CreditmemoDocumentFactory), and no email is due without notify."""
    order = make_order(payment_method="free", item_qtys=[D(1), D(1)])
    invoice = invoice_order(order)
    first, second = order.items.order_by("pk")

    quiet = refund_invoice(invoice.pk, items=[RefundItem(first.pk, D(1))], comment=RefundComment("Kept quiet"))
    notified = refund_invoice(invoice.pk, items=[RefundItem(second.pk, D(1))], notify=True,
                              comment=RefundComment("Not appended"))

    rows = Creditmemo.objects.filter(pk__in=[quiet.pk, notified.pk]).order_by("pk")
    assert list(rows.values_list("send_email", "customer_note_notify")) == [(None, 0), (1, 0)]
    assert list(CreditmemoComment.objects.filter(parent__in=rows).order_by("pk").values_list(
        "comment", "is_customer_notified")) == [("Kept quiet", 0), ("Not appended", 0)]


def test_the_admins_refund_appends_the_comment_to_the_email_only_when_asked():
    """CreditmemoService::refund from the admin's Save controller: "Append Comments" (append_comment, false
    unless ticked) with "Email Copy" (notify) makes the customer note part of the email."""
    order = make_order(item_qtys=[D(1), D(1)])
    invoice_order(order)
    first, second = order.items.order_by("pk")

    plain = refund_creditmemo(order.pk, items=[RefundItem(first.pk, D(1))], notify=True,
                              comment=RefundComment("Not appended"), arguments=RefundArguments(shipping_amount=D(0)))
    appended = refund_creditmemo(order.pk, items=[RefundItem(second.pk, D(1))], notify=True, append_comment=True,
                                 comment=RefundComment("Appended"))

    rows = Creditmemo.objects.filter(pk__in=[plain.pk, appended.pk]).order_by("pk")
    assert list(rows.values_list("customer_note", "customer_note_notify", "send_email")) == [
        ("Not appended", 0, 1), ("Appended", 1, 1)]
    assert list(CreditmemoComment.objects.filter(parent__in=rows).order_by("pk").values_list(
        "comment", "is_customer_notified")) == [("Not appended", 0), ("Appended", 1)]


def returned_reservations(product) -> list[tuple]:
    return list(Reservation.objects.filter(sku=product.sku, event_type="creditmemo_created").values_list(
        "quantity", "object_id", "object_increment_id"))


def test_the_return_reservation_names_the_order_it_was_refunded_for():
    """ProcessRefundItems' SalesEvent: creditmemo_created, with the order's id and increment id ("" when the
    order has none)."""
    products = [make_product(quantity=D(5)), make_product(quantity=D(5))]
    named, unnamed = (make_order(products=[product]) for product in products)
    Order.objects.filter(pk=unnamed.pk).update(increment_id=None)
    for order in (named, unnamed):
        invoice_order(order)
        item = order.items.get()
        refund_creditmemo(order.pk, items=[RefundItem(item.pk, D(1))], offline_requested=True,
                          arguments=RefundArguments(return_to_stock_items=[item.pk]))

    assert named.increment_id
    assert returned_reservations(products[0]) == [(D(1), str(named.pk), named.increment_id)]
    assert returned_reservations(products[1]) == [(D(1), str(unnamed.pk), "")]


def test_a_sku_shipped_from_two_sources_goes_back_to_the_first_by_the_stocks_priority_not_by_name():
    """GetShippedItemsPerSourceByPriority ranks the sources by the stock's priority: "aaa" (priority 9) sorts
    first by name but comes after the default source (priority 1)."""
    product = make_product(quantity=D(5))
    source = Source.objects.create(source_code="aaa", name="Aaa", country_id="US", postcode="10001")
    StockSourceLink.objects.create(stock=Stock.objects.get(pk=1), source=source, priority=9)
    SourceItem.objects.create(product=product, source=source, quantity=D(5))
    order = make_order(products=[product], item_qtys=[D(2)])
    invoice_order(order)
    item = order.items.get()
    ship_order(order, items=[ShipmentLine(item.pk, D(1))], source_code="aaa")
    ship_order(order, items=[ShipmentLine(item.pk, D(1))], source_code=DEFAULT_SOURCE_CODE)

    refund_creditmemo(order.pk, offline_requested=True, arguments=RefundArguments(return_to_stock_items=[item.pk]))

    assert dict(SourceItem.objects.filter(product=product).values_list("source_id", "quantity")) == {
        DEFAULT_SOURCE_CODE: D(4 + 2), "aaa": D(4)}
    assert returned_reservations(product) == []  # all of it had shipped: no reservation, not even of 0


def test_an_unshipped_item_whose_sku_was_virtual_in_another_order_is_given_back_by_a_reservation():
    """GetInvoicedItemsPerSourceByPriority reads the virtual items invoiced for this order only: a SKU sold as
    virtual before (Magento turns a simple product virtual and back with its weight) does not send this order's
    never-shipped physical item to a source."""
    product = make_product(quantity=D(10), type_id=ProductType.VIRTUAL)
    invoice_order(make_order(products=[product]))
    Product.objects.filter(pk=product.pk).update(type_id=ProductType.SIMPLE)
    order = make_order(products=[Product.objects.get(pk=product.pk)])
    invoice_order(order)
    item = order.items.get()
    before = SourceItem.objects.get(product=product).quantity

    refund_creditmemo(order.pk, offline_requested=True, arguments=RefundArguments(return_to_stock_items=[item.pk]))

    assert SourceItem.objects.get(product=product).quantity == before
    assert returned_reservations(product) == [(D(1), str(order.pk), order.increment_id)]


def test_a_virtual_item_not_returned_does_not_stop_the_write_off_of_the_physical_items_after_it():
    """DeductSourceItemQuantityOnRefund skips virtual items and goes on: the never-shipped physical item after
    them leaves its source."""
    virtual, physical = make_product(quantity=D(5), type_id=ProductType.VIRTUAL), make_product(quantity=D(5))
    order = make_order(products=[virtual, physical], item_qtys=[D(1), D(2)])
    invoice_order(order)

    refund_creditmemo(order.pk, offline_requested=True)

    assert SourceItem.objects.get(product=physical).quantity == D(3)
    assert returned_reservations(physical) == [(D(2), str(order.pk), order.increment_id)]
    assert SourceItem.objects.get(product=virtual).quantity == D(4)  # deducted at invoicing, not returned


def test_two_lines_of_one_sku_are_returned_together():
    """ProcessRefundItems works per SKU: the quantities and the processed quantities of all its lines add up;
    the never-shipped part (3 invoiced - 1 shipped) is reserved back, the shipped unit goes to its source."""
    product = make_product(quantity=D(5))
    order = make_order(products=[product, product], item_qtys=[D(1), D(2)])
    invoice_order(order)
    first, second = order.items.order_by("pk")
    ship_order(order, items=[ShipmentLine(first.pk, D(1))])

    refund_creditmemo(order.pk, offline_requested=True,
                      arguments=RefundArguments(return_to_stock_items=[first.pk, second.pk]))

    assert SourceItem.objects.get(product=product).quantity == D(5 - 1 + 1)
    assert returned_reservations(product) == [(D(2), str(order.pk), order.increment_id)]


def test_the_credit_memo_row_holds_its_increment_id_and_the_orders_addresses():
    """RefundOperation saves the credit memo with its increment id; Convert\\Order::toCreditmemo copies the
    order's billing and shipping address ids."""
    order = make_order()
    invoice_order(order)

    memo = refund_order(order.pk)

    row = Creditmemo.objects.values("increment_id", "billing_address_id", "shipping_address_id").get(pk=memo.pk)
    assert row == {"increment_id": f"{memo.pk:09d}", "billing_address_id": order.addresses.get(
        address_type="billing").pk, "shipping_address_id": order.addresses.get(address_type="shipping").pk}


def test_the_refund_history_line_says_whether_the_customer_was_notified():
    """Payment::refund's history line "We refunded $X offline." carries the notify flag."""
    order = make_order(item_qtys=[D(1), D(1)])
    invoice_order(order)
    first, second = order.items.order_by("pk")

    refund_order(order.pk, items=[RefundItem(first.pk, D(1))], arguments=RefundArguments(shipping_amount=D(0)))
    refund_order(order.pk, items=[RefundItem(second.pk, D(1))], notify=True)

    assert [bool(flag) for flag in OrderStatusHistory.objects.filter(parent=order, entity_name="creditmemo")
            .order_by("pk").values_list("is_customer_notified", flat=True)] == [False, True]


def test_the_money_left_to_refund_is_what_was_paid_less_what_was_refunded():
    """TotalsValidator ("The most money available to refund is %1.", PHP's float) and, on the admin's path,
    Creditmemo::validateForRefund (the base currency's price format)."""
    order = make_order(item_qtys=[D(2)])  # 2 x 10 and 10 of shipping: 30 paid
    invoice_order(order)
    refund_order(order.pk, items=[RefundItem(order.items.get().pk, D(1))], arguments=RefundArguments(
        shipping_amount=D(0)))  # 10 refunded
    too_much = RefundArguments(adjustment_positive=D(100))

    with pytest.raises(CreditmemoDocumentValidationError) as refused:
        refund_order(order.pk, arguments=too_much)
    with pytest.raises(MostMoneyAvailable) as refused_to_the_admin:
        refund_creditmemo(order.pk, offline_requested=True, arguments=too_much)

    assert refused.value.message.splitlines()[1:] == ["The most money available to refund is 20."]
    assert refused_to_the_admin.value.rendered() == "The most money available to refund is $20.00."


def test_amounts_round_half_up_to_cents():
    """Creditmemo::roundPrice and PriceCurrency::round round half up: adjustments of 0.005 and 0.125 are 0.01 and 0.13, a
    unit's share of a 0.05 discount on 2 units is 0.03 and the last credit memo takes the 0.02 left."""
    order = make_order(products=[make_product(price=D("0.25"))], item_qtys=[D(2)], discount_percent=D(10))
    invoice_order(order)
    item = order.items.get()
    assert item.discount_amount == D("0.05")

    first = refund_order(order.pk, items=[RefundItem(item.pk, D(1))], arguments=RefundArguments(
        shipping_amount=D(0), adjustment_positive=D("0.005"), adjustment_negative=D("0.125")))
    last = refund_order(order.pk, items=[RefundItem(item.pk, D(1))])

    assert (first.adjustment_positive, first.adjustment_negative, first.adjustment) == (D("0.01"), D("0.13"),
                                                                                       D("-0.12"))
    assert (first.discount_amount, last.discount_amount) == (D("-0.03"), D("-0.02"))


def test_a_status_the_new_state_allows_is_kept():
    """The refund keeps the order's status when its state allows it (Processing's "Suspected Fraud")."""
    order = make_order(item_qtys=[D(2)])
    invoice_order(order)
    Order.objects.filter(pk=order.pk).update(status="fraud")

    refund_order(order.pk, items=[RefundItem(order.items.get().pk, D(1))], arguments=RefundArguments(
        shipping_amount=D(0)))

    order.refresh_from_db()
    assert (order.state, order.status) == ("processing", "fraud")


def test_an_order_whose_payment_is_all_refunded_allows_no_credit_memo_while_goods_are_left():
    """Order\\Validation\\CanRefund: a Processing order (goods left to ship) whose paid total is refunded allows
    no credit memo; TotalsValidator adds that no money is left."""
    order = make_order(item_qtys=[D(2)])  # 2 x 10 and 10 of shipping: 30 paid
    invoice_order(order)
    item = order.items.get()
    refund_order(order.pk, items=[RefundItem(item.pk, D(1))], arguments=RefundArguments(
        shipping_amount=D(0), adjustment_positive=D(20)))
    order.refresh_from_db()
    assert (order.state, order.total_refunded) == ("processing", D(30))

    with pytest.raises(CreditmemoDocumentValidationError) as refused:
        refund_order(order.pk, items=[RefundItem(item.pk, D(1))], arguments=RefundArguments(shipping_amount=D(0)))

    assert refused.value.message.splitlines()[1:] == [
        "The order does not allow a creditmemo to be created.", "The most money available to refund is 0."]


def test_return_to_stock_names_one_wrong_item_at_most():
    """SalesInventory's ReturnValidator stops at the first item it refuses (an item of another order is not part
    of the credit memo; an unknown id is not part of the order)."""
    order = make_order()
    invoice_order(order)
    other = list(make_order(item_qtys=[D(1), D(1)]).items.order_by("pk"))

    for wrong, message in (
        ([999998, 999999], "The return to stock argument contains product item that is not part of the original "
                           "order."),
        ([other[0].pk, other[1].pk], f'The "{other[0].sku}" product is not part of the current creditmemo.'),
    ):
        with pytest.raises(CreditmemoDocumentValidationError) as refused:
            refund_order(order.pk, arguments=RefundArguments(return_to_stock_items=wrong))
        assert refused.value.message.splitlines()[1:] == [message]


def test_a_refunded_orders_comment_is_emailed_only_when_appended():
    """RefundOrder::execute: appendComment defaults to false, so a notified refund's comment stays out of the email
    (customer_note_notify 0) unless appended."""
    order = make_order()
    invoice_order(order)

    memo = refund_order(order.pk, notify=True, comment=RefundComment("Kept out"))

    assert Creditmemo.objects.values_list("customer_note", "customer_note_notify", "send_email").get(pk=memo.pk) == (
        "Kept out", 0, 1)
    assert list(memo.comments.values_list("is_customer_notified", flat=True)) == [0]


def test_the_rounding_remainder_carries_from_line_to_line():
    """Creditmemo::roundPrice keeps each kind's remainder (deltaRound): two lines' shares of a 1.00 discount on
    3 units are 0.33 then 0.34, not 0.33 twice."""
    products = [make_product(price=D("3.33")), make_product(price=D("3.33"))]
    order = make_order(products=products, item_qtys=[D(3), D(3)], discount_percent=D(10))
    invoice_order(order)
    first, second = order.items.order_by("pk")
    assert (first.discount_amount, second.discount_amount) == (D(1), D(1))

    memo = refund_order(order.pk, items=[RefundItem(first.pk, D(1)), RefundItem(second.pk, D(1))],
                        arguments=RefundArguments(shipping_amount=D(0)))

    assert list(memo.items.order_by("pk").values_list("discount_amount", flat=True)) == [D("0.33"), D("0.34")]
    assert memo.discount_amount == D("-0.67")


def test_a_line_not_asked_for_adds_nothing_to_the_credit_memo():
    """CreditmemoFactory gives the items a request does not name 0: their rows stay out of the subtotal."""
    order = make_order(products=[make_product(price=D(10)), make_product(price=D(20))], item_qtys=[D(1), D(1)])
    invoice_order(order)
    first, _ = order.items.order_by("pk")

    memo = refund_order(order.pk, items=[RefundItem(first.pk, D(1))], arguments=RefundArguments(shipping_amount=D(0)))

    assert (memo.subtotal, memo.subtotal_incl_tax, memo.grand_total) == (D(10), D(10), D(10))
    assert list(memo.items.values_list("sku", "row_total")) == [(first.sku, D(10))]


def test_a_virtual_order_is_refunded_with_no_shipping_asked():
    """The Shipping and Tax collectors on an order that has no shipping (a shipping amount of 0 asked, or an
    invoice's): nothing to share, no division by its zero shipping."""
    products = [make_product(quantity=D(5), type_id=ProductType.VIRTUAL) for _ in range(2)]
    order, by_invoice = (make_order(products=[product], payment_method="free") for product in products)
    invoice_order(order)

    memos = [refund_order(order.pk, arguments=RefundArguments(shipping_amount=D(0))),
             refund_invoice(invoice_order(by_invoice).pk)]

    for memo in memos:
        assert (memo.shipping_amount, memo.shipping_incl_tax, memo.shipping_tax_amount, memo.grand_total) == (
            D(0), D(0), D(0), D(10))


def test_a_virtual_item_invoiced_in_two_parts_goes_back_whole_to_its_source():
    """GetInvoicedItemsPerSourceByPriority adds the SKU's quantities over all the order's invoices: both units,
    invoiced one at a time, go back to the source, none by a reservation."""
    product = make_product(quantity=D(5), type_id=ProductType.VIRTUAL)
    order = make_order(products=[product], item_qtys=[D(2)])
    item = order.items.get()
    invoice_order(order, items=[InvoiceLine(item.pk, D(1))])
    invoice_order(order)

    refund_creditmemo(order.pk, offline_requested=True, arguments=RefundArguments(return_to_stock_items=[item.pk]))

    assert SourceItem.objects.get(product=product).quantity == D(5)
    assert returned_reservations(product) == []


def test_a_zero_total_order_refunded_is_complete_not_closed():
    """StateResolver: an order of zero grand total with nothing left to invoice or ship is Complete after its
    credit memo (a zero total credit memo is allowed: sales/zerograndtotal_creditmemo/allow_zero_grandtotal)."""
    order = make_order(products=[make_product(price=D(0), type_id=ProductType.VIRTUAL)])
    invoice_order(order)

    memo = refund_order(order.pk)

    order.refresh_from_db()
    assert (memo.grand_total, order.state, order.status) == (D(0), "complete", "complete")


def test_an_invoice_of_zero_total_can_be_refunded():
    """Invoice\\Validation\\CanRefund: an invoice whose grand total less refunded is below 0.0001 is refundable
    when sales/zerograndtotal_creditmemo/allow_zero_grandtotal is on (Magento's default, 1)."""
    order = make_order(products=[make_product(price=D(0), type_id=ProductType.VIRTUAL)], payment_method="free")
    invoice = invoice_order(order)

    memo = refund_invoice(invoice.pk)

    assert (memo.invoice_id, memo.grand_total, memo.base_grand_total) == (invoice.pk, D(0), D(0))


def test_a_negative_quantity_once_the_shipping_is_refunded_is_a_credit_memo_without_products():
    """QuantityValidator: the lines' total quantity below zero and no shipping left to refund."""
    order = make_order(item_qtys=[D(1), D(1)])
    invoice_order(order)
    first, second = order.items.order_by("pk")
    refund_order(order.pk, items=[RefundItem(first.pk, D(1))])  # with all the shipping

    with pytest.raises(CreditmemoDocumentValidationError) as refused:
        refund_order(order.pk, items=[RefundItem(second.pk, D(-1))])

    assert refused.value.message.splitlines()[1:] == ["You can't create a creditmemo without products."]


def test_a_negative_quantity_before_a_line_of_none_still_makes_the_total_negative():
    """QuantityValidator sums every line's quantity ($totalQuantity += $item->getQty()): a -1 on the first line
    and the 0 of the line after it make -1, a credit memo without products, not the last line's 0."""
    order = make_order(item_qtys=[D(1), D(1)])
    invoice_order(order)
    first, second = order.items.order_by("pk")
    refund_order(order.pk, items=[RefundItem(second.pk, D(1))])  # with all the shipping

    with pytest.raises(CreditmemoDocumentValidationError) as refused:
        refund_order(order.pk, items=[RefundItem(first.pk, D(-1))])

    assert refused.value.message.splitlines()[1:] == ["You can't create a creditmemo without products."]
    assert order.creditmemos.count() == 1


def test_the_shipped_quantity_is_this_orders_over_all_its_shipments():
    """GetShippedItemsPerSourceByPriority reads this order's shipments, all of them: two shipments of one unit
    from the default source make 2 shipped, and another order's shipment of the SKU is not counted; so of the 3
    returned, 1 never shipped (reserved back) and 2 go back to the source."""
    product = make_product(quantity=D(10))
    other = make_order(products=[product], item_qtys=[D(2)])
    invoice_order(other)
    ship_order(other)
    order = make_order(products=[product], item_qtys=[D(3)])
    invoice_order(order)
    item = order.items.get()
    for _ in range(2):
        ship_order(order, items=[ShipmentLine(item.pk, D(1))])

    refund_creditmemo(order.pk, offline_requested=True, arguments=RefundArguments(return_to_stock_items=[item.pk]))

    assert SourceItem.objects.get(product=product).quantity == D(10 - 2 - 2 + 2)
    assert returned_reservations(product) == [(D(1), str(order.pk), order.increment_id)]


def test_the_refund_writes_its_own_orders_payment():
    """Payment::refund adds the credit memo to the refunded order's payment: an order placed before it keeps
    its own payment untouched."""
    earlier, order = make_order(), make_order()
    for placed in (earlier, order):
        invoice_order(placed)

    memo = refund_order(order.pk)

    amounts = ("amount_refunded", "base_amount_refunded", "shipping_refunded")
    assert OrderPayment.objects.values_list(*amounts).get(parent=earlier) == (None, None, None)
    assert OrderPayment.objects.values_list(*amounts).get(parent=order) == (
        memo.grand_total, memo.base_grand_total, memo.shipping_amount)


def test_a_single_unit_never_shipped_and_not_returned_leaves_its_source():
    """DeductSourceItemQuantityOnRefund: one unit is enough to write off."""
    product = make_product(quantity=D(5))
    order = make_order(products=[product])
    invoice_order(order)

    refund_order(order.pk)

    assert SourceItem.objects.get(product=product).quantity == D(4)
    assert returned_reservations(product) == [(D(1), str(order.pk), order.increment_id)]


def test_a_credit_memo_of_nothing_leaves_an_order_not_yet_invoiced_new():
    """StateResolver keeps New for an order with something left to invoice (RefundOrder on an order not yet paid:
    nothing is refundable, a zero credit memo is allowed)."""
    order = make_order()

    memo = refund_order(order.pk, arguments=RefundArguments(shipping_amount=D(0)))

    order.refresh_from_db()
    assert (memo.grand_total, memo.items.count(), order.state, order.status) == (D(0), 0, "new", "pending")


def test_part_of_a_shipping_below_one_is_its_share():
    """Shipping collector: the share of a shipping amount under 1 (a 0.50 shipping, 0.20 of it refunded)."""
    order = make_order()
    half = D("0.50")
    Order.objects.filter(pk=order.pk).update(shipping_amount=half, base_shipping_amount=half, shipping_incl_tax=half,
                                             base_shipping_incl_tax=half, grand_total=D("10.50"),
                                             base_grand_total=D("10.50"))
    invoice_order(order)

    memo = refund_order(order.pk, arguments=RefundArguments(shipping_amount=D("0.2")))

    assert (memo.shipping_amount, memo.base_shipping_amount, memo.shipping_incl_tax) == (D("0.2"), D("0.2"), D("0.2"))


def test_a_line_takes_its_row_total_incl_tax_only_when_the_item_has_both_currencies_of_it():
    """Magento_Sales Model/Order/Creditmemo/Item.php calcRowTotal: ``if ($rowTotalInclTax && $baseRowTotalInclTax)``
    the line takes its share of both; an item with only one of them (an order imported through
    ``POST /V1/orders`` with a base amount of 0) leaves the line's two at 0."""
    order = make_order(payment_method="free")
    invoice_order(order)
    item = order.items.get()
    type(item).objects.filter(pk=item.pk).update(base_row_total_incl_tax=0)

    memo = refund_order(order.pk, items=[RefundItem(order_item_id=item.pk, qty=D(1))])

    line = memo.items.get()
    assert item.row_total_incl_tax > 0
    assert (line.row_total_incl_tax, line.base_row_total_incl_tax) == (0, 0)
