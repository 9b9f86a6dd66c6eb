"""What invoice_order refuses and leaves out, to the reason: the details tests/sales/test_invoicing.py leaves out,
found by `make mutate` (README "Mutation testing").

Contracts: Magento_Sales Model/Service/InvoiceService.php (prepareInvoice: a zero quantity is no line),
Model/Order/Invoice/Validation/InvoiceQuantityValidator.php ("The invoice contains one or more items that are not
part of the original order.", then "You can't create an invoice without products."), Model/InvoiceOrder.php."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import ProductType
from inventory.models import Reservation
from sales.exceptions import InvalidInvoiceQty, InvoiceDocumentValidationError
from sales.invoicing import InvoiceLine, invoice_order
from sales.models import Invoice, Order
from tests.factories import make_order, make_product

pytestmark = pytest.mark.django_db
D = Decimal
NOT_IN_ORDER = "The invoice contains one or more items that are not part of the original order."
NO_PRODUCTS = "You can't create an invoice without products."


def test_lines_of_one_item_add_up_and_a_zero_line_is_no_invoice_line():
    order = make_order(item_qtys=[D(3), D(2)])
    first, second = order.items.order_by("pk")

    invoice = invoice_order(
        order, items=[InvoiceLine(first.pk, D(1)), InvoiceLine(first.pk, D(1)), InvoiceLine(second.pk, D(0))]
    )

    assert [(line.order_item_id, line.qty) for line in invoice.items.order_by("pk")] == [(first.pk, D(2))]
    assert invoice.total_qty == D(2)


def test_an_item_of_another_order_is_refused_with_every_reason_and_writes_nothing():
    order, other = make_order(item_qtys=[D(1)]), make_order(item_qtys=[D(1)])

    with pytest.raises(InvoiceDocumentValidationError) as refused:
        invoice_order(order, items=[InvoiceLine(other.items.get().pk, D(1))])

    assert refused.value.reasons == [NOT_IN_ORDER, NO_PRODUCTS]
    assert Invoice.objects.count() == 0


def test_each_amount_carries_its_own_rounding_remainder():
    """Invoice::roundPrice keeps one remainder per kind (regular, base...): a third of a 1.00 discount is 0.33
    in both currencies, the base amount not pushed to 0.34 by the display amount's remainder."""
    product = make_product(price=D("5"))
    order = make_order(products=[product], item_qtys=[D(3)], discount_percent=D("6.67"))  # row 15, discount 1.00

    first = invoice_order(order, items=[InvoiceLine(order.items.get().pk, D(1))]).items.get()

    assert (first.discount_amount, first.base_discount_amount) == (D("0.33"), D("0.33"))


def test_the_remainder_of_one_rounding_carries_to_the_next_line_of_the_same_kind():
    """Invoice::roundPrice (Magento_Sales Model/Order/Invoice.php): one remainder per kind for the whole invoice, so
    a third of a 1.00 discount on each of two items is 0.33, then 0.3333 + 0.0033 = 0.34 (not 0.33 twice)."""
    products = [make_product(price=D("5")), make_product(price=D("5"))]
    order = make_order(products=products, item_qtys=[D(3), D(3)], discount_percent=D("6.67"))  # discounts 1.00

    invoice = invoice_order(order, items=[InvoiceLine(item.pk, D(1)) for item in order.items.order_by("pk")])

    lines = invoice.items.order_by("order_item_id")
    assert [line.discount_amount for line in lines] == [D("0.33"), D("0.34")]
    assert [line.base_discount_amount for line in lines] == [D("0.33"), D("0.34")]


def test_a_half_cent_rounds_up():
    """Invoice::roundPrice with PriceCurrency::round (PHP round(): half away from zero): half of a 0.25 discount is
    0.13, not the banker's 0.12; the last invoice takes the rest, 0.12."""
    product = make_product(price=D("2.50"))
    order = make_order(products=[product], item_qtys=[D(2)], discount_percent=D("5"))  # row 5.00, discount 0.25

    first = invoice_order(order, items=[InvoiceLine(order.items.get().pk, D(1))]).items.get()
    last = invoice_order(order).items.get()

    assert (first.discount_amount, first.base_discount_amount) == (D("0.13"), D("0.13"))
    assert (last.discount_amount, last.base_discount_amount) == (D("0.12"), D("0.12"))


def test_the_invoice_that_closes_the_order_takes_the_subtotal_left_a_partial_one_the_lines():
    """Magento_Sales Model/Order/Invoice/Total/Subtotal.php: allowed = order subtotal - subtotal invoiced; the last
    invoice (Invoice::isLast: every item fully invoiced) takes it whole, another min(lines, allowed). An order whose
    subtotal is a cent above its lines' row totals (a rounding of its own) shows the difference."""
    order = make_order(item_qtys=[D(1), D(1)])
    Order.objects.filter(pk=order.pk).update(subtotal=D("20.01"), base_subtotal=D("20.02"))
    first, second = order.items.order_by("pk")

    partial = invoice_order(order, items=[InvoiceLine(first.pk, D(1))])
    closing = invoice_order(order, items=[InvoiceLine(second.pk, D(1))])

    assert (partial.subtotal, partial.base_subtotal) == (D(10), D(10))
    assert (closing.subtotal, closing.base_subtotal) == (D("10.01"), D("10.02"))
    assert (closing.grand_total, closing.base_grand_total) == (D("10.01"), D("10.02"))


def test_an_offline_invoice_cannot_be_voided():
    """Magento_Sales Model/Order/Invoice.php canVoid: can_void_flag is the payment method's canVoid, 0 for the
    offline methods (Magento_OfflinePayments)."""
    invoice = invoice_order(make_order())

    assert Invoice.objects.get(pk=invoice.pk).can_void_flag == 0


def test_invoicing_what_is_left_after_a_cancelation_takes_the_whole_remaining_row():
    """Magento_Sales Model/Order/Invoice/Item.php calcRowTotal: the last quantity to invoice (isLast: qty equals
    the item's qty_to_invoice, which leaves out the canceled units) takes the row's remaining amounts, not
    remaining / (ordered - invoiced) x qty. An item can carry a canceled unit by REST order save (POST /V1/orders)."""
    product = make_product(price=D("10"))
    order = make_order(products=[product], item_qtys=[D(3)], discount_percent=D("10"))  # row 30, discount 3
    order.items.update(qty_canceled=D(1))

    line = invoice_order(order).items.get()

    assert (line.qty, line.row_total, line.base_row_total) == (D(2), D(30), D(30))
    assert (line.discount_amount, line.base_discount_amount) == (D(3), D(3))


def test_an_invoice_line_copies_its_items_product_and_prices_and_takes_its_share_of_the_row_incl_tax():
    """Magento_Sales Model/Order/Invoice/Item.php (setOrderItem copies product_id, sku, name, the prices; calcRowTotal:
    row_total_incl_tax = the item's / qty ordered x qty, rounded)."""
    product = make_product(price=D("10.01"))
    order = make_order(products=[product], item_qtys=[D(3)])
    item = order.items.get()

    line = invoice_order(order, items=[InvoiceLine(item.pk, D(2))]).items.get()

    assert (line.product_id, line.sku, line.name) == (product.pk, product.sku, product.name)
    assert (line.price, line.base_price, line.price_incl_tax, line.base_price_incl_tax) == (D("10.01"),) * 4
    assert (line.row_total, line.row_total_incl_tax, line.base_row_total_incl_tax) == (D("20.02"),) * 3


def test_the_row_and_the_row_incl_tax_round_apart():
    """Invoice::roundPrice keeps the row total's remainder apart from the row incl. tax's: a row of 15.05 for 1.5
    units, invoiced 1, is 10.03 both ways (10.0333 each), not 10.03 then 10.04."""
    product = make_product(price=D("10.03"))
    order = make_order(products=[product], item_qtys=[D("1.5")])  # row 15.045, rounded 15.05

    line = invoice_order(order, items=[InvoiceLine(order.items.get().pk, D(1))]).items.get()

    assert (line.row_total, line.base_row_total) == (D("10.03"), D("10.03"))
    assert (line.row_total_incl_tax, line.base_row_total_incl_tax) == (D("10.03"), D("10.03"))


def test_notify_queues_the_email_and_records_the_notification_the_comment_goes_with_it_only_when_appended():
    """Magento_Sales Model/InvoiceOrder.php: notify sends the invoice email (InvoiceNotifier), with the comment only
    when appendComment; the invoice comment and the order's history row say whether the customer was notified."""
    plain, appended, silent = make_order(), make_order(), make_order()

    invoice = Invoice.objects.get(pk=invoice_order(plain, notify=True, comment="Paid").pk)
    with_note = Invoice.objects.get(pk=invoice_order(appended, notify=True, append_comment=True, comment="Paid").pk)
    quiet = Invoice.objects.get(pk=invoice_order(silent).pk)

    assert (invoice.send_email, invoice.customer_note, invoice.customer_note_notify) == (1, None, None)
    assert (with_note.send_email, with_note.customer_note, with_note.customer_note_notify) == (1, "Paid", 1)
    assert (quiet.send_email, quiet.customer_note) == (None, None)
    assert invoice.comments.get().is_customer_notified == 1
    histories = [order.status_histories.order_by("-pk").first() for order in (plain, silent)]
    assert [(h.entity_name, h.is_customer_notified) for h in histories] == [("invoice", 1), ("invoice", 0)]


@pytest.mark.parametrize("qty", [D(-1), D("1.5"), D(4)])
def test_a_negative_fractional_or_excess_quantity_is_refused_with_the_items_name(qty):
    """Magento_Sales Model/Service/InvoiceService.php prepareInvoice (checkQtyToInvoice): 'We found an invalid quantity
    to invoice item "%1".' for a quantity below 0, above what is left, or fractional for an item that is not
    is_qty_decimal."""
    order = make_order(item_qtys=[D(3)])
    item = order.items.get()

    with pytest.raises(InvalidInvoiceQty) as refused:
        invoice_order(order, items=[InvoiceLine(item.pk, qty)])

    assert refused.value.parameters == [item.name]
    assert Invoice.objects.count() == 0


def test_an_item_sold_in_fractions_invoices_a_fraction():
    """Magento_Sales Model/Service/InvoiceService.php: a fractional quantity is allowed when is_qty_decimal."""
    order = make_order(item_qtys=[D(3)])
    order.items.update(is_qty_decimal=1)

    invoice = invoice_order(order, items=[InvoiceLine(order.items.get().pk, D("1.5"))])

    assert invoice.items.get().qty == D("1.5")


def test_the_lines_are_in_the_orders_item_order_whatever_the_request_order():
    """Magento_Sales Model/Service/InvoiceService.php prepareInvoice walks the order's items in their order."""
    order = make_order(item_qtys=[D(1), D(1)])
    first, second = order.items.order_by("pk")

    invoice = invoice_order(order, items=[InvoiceLine(second.pk, D(1)), InvoiceLine(first.pk, D(1))])

    assert list(invoice.items.order_by("pk").values_list("order_item_id", flat=True)) == [first.pk, second.pk]


def test_a_virtual_items_deduction_for_an_order_without_increment_id_names_none():
    """Magento_InventorySales VirtualSourceDeductionProcessor: the reservation's object_increment_id is the order's
    increment id; an order without one (increment_id is nullable) leaves it empty, not made up."""
    product = make_product(type_id=ProductType.VIRTUAL, quantity=D(5))
    order = make_order(products=[product], item_qtys=[D(1)])
    Order.objects.filter(pk=order.pk).update(increment_id=None)

    invoice_order(order)

    [deduction] = Reservation.objects.filter(sku=product.sku, event_type="invoice_created")
    assert (deduction.object_id, deduction.object_increment_id) == (str(order.pk), "")


def test_a_comment_asked_visible_on_the_storefront_is():
    """Magento_Sales Model/InvoiceOrder.php: the comment's is_visible_on_front is InvoiceCommentCreation's."""
    invoice = invoice_order(make_order(), comment="Thank you", comment_visible_on_front=True)

    assert (invoice.comments.get().comment, invoice.comments.get().is_visible_on_front) == ("Thank you", 1)


def test_the_invoice_comes_back_as_saved_with_its_increment_id():
    """Magento_Sales Model/InvoiceOrder.php (the saved invoice) and module-sales-sequence Model/Sequence.php (the
    increment id, the entity id padded to nine digits): the invoice written in one INSERT comes back as Django's
    save leaves an instance (of the database, no longer being added: its unique increment id is its own row's),
    its number the stored one."""
    order = make_order(item_qtys=[D(1)])

    invoice = invoice_order(order)

    invoice.validate_unique()  # being added, it would clash with its own row's increment id
    assert invoice._state.db == "default"
    assert Invoice.objects.get(pk=invoice.pk).increment_id == invoice.increment_id == f"{invoice.pk:09d}"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL writes every line in the one statement")
@pytest.mark.parametrize("limit", [20, 40, 57])
def test_the_lines_go_as_many_a_statement_as_sqlite_s_parameter_limit_allows(monkeypatch, limit):
    """_lines_and_totals_writer on SQLite batches the lines' INSERT as bulk_create does: each line is its 19 columns
    and the invoice's id, each statement holds at most the database's parameter limit, and as many lines as fit."""
    monkeypatch.setattr(type(connection.features), "max_query_params", limit)
    order = make_order(item_qtys=[D(1)] * 5)

    with CaptureQueriesContext(connection) as captured:
        invoice = invoice_order(order)

    inserts = [q["sql"] for q in captured.captured_queries if q["sql"].startswith('INSERT INTO "sales_invoiceitem"')]
    per_statement = max(1, limit // 20)
    assert len(inserts) == -(-5 // per_statement)
    assert all(sql.count("), (") + 1 <= per_statement for sql in inserts)
    assert invoice.items.count() == 5
