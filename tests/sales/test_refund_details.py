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

from inventory.models import Reservation, Source, SourceItem
from sales.invoicing import invoice_order
from sales.models import Creditmemo, Invoice
from sales.refunds import (
    RefundArguments,
    RefundComment,
    RefundItem,
    add_creditmemo_comment,
    refund_creditmemo,
    refund_invoice,
)
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
