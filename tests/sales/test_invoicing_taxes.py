"""invoice_order on a taxed order in a foreign display currency, invoiced in two parts (Magento's invoice total
collectors: Model/Order/Invoice/Total/{Subtotal,Discount,Shipping,Tax,Grand}.php, Invoice::register and pay).

Every other invoicing test has zero tax, zero discount tax compensation, no shipping discount and one currency, so
a mutation run found these blind: dropping ``tax += shipping_tax_amount``, flipping ``+ compensation`` in the grand
total, losing the lines' tax_amount/base_tax_amount, putting the shipping discount on the second invoice. The order
below is what an ERP imports (tax computed by Magento's tax collectors, 8 % after discount; base currency USD,
display currency EUR at 2 EUR per USD): its tax fields are written as Magento stores them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalog.models import ProductType
from inventory.models import Reservation
from sales.invoicing import InvoiceLine, invoice_order
from sales.models import Invoice, InvoiceComment, Order, OrderItem, OrderStatusHistory
from tests.factories import make_order, make_product

pytestmark = pytest.mark.django_db
D = Decimal
RATE = D(2)  # base_to_order_rate: 1 USD (base) = 2 EUR (order currency)
# sku -> (tax, discount tax compensation) of the whole row, in the order currency.
ITEM_TAX = {"TAX-A": (D("2.16"), D("0.30")), "TAX-B": (D("2.88"), D("0"))}
SHIPPING_TAX, SHIPPING_DISCOUNT = D("2.00"), D("2.50")


def taxed_order() -> Order:
    """3 x TAX-A at 10 and 2 x TAX-B at 20, 10 % off, flat rate 5 an item (25), taxed, shipping discounted.

    subtotal 70, discount 3 + 4 + 2.50 (shipping), shipping 25, tax 2.16 + 2.88 + 2.00, compensation 0.30:
    grand total 70 - 9.50 + 25 + 7.04 + 0.30 = 92.84 EUR (46.42 USD).
    """
    products = [make_product(sku="TAX-A", price=D(10)), make_product(sku="TAX-B", price=D(20))]
    order = make_order(products=products, item_qtys=[D(3), D(2)], discount_percent=D(10))
    for item in order.items.all():
        tax, compensation = ITEM_TAX[item.sku]
        OrderItem.objects.filter(pk=item.pk).update(
            tax_amount=tax, base_tax_amount=tax / RATE,
            discount_tax_compensation_amount=compensation, base_discount_tax_compensation_amount=compensation / RATE,
            base_price=item.price / RATE, base_row_total=item.row_total / RATE,
            base_discount_amount=item.discount_amount / RATE,
            row_total_incl_tax=item.row_total + tax, base_row_total_incl_tax=(item.row_total + tax) / RATE,
        )
    tax = sum(t for t, _ in ITEM_TAX.values()) + SHIPPING_TAX
    compensation = sum(c for _, c in ITEM_TAX.values())
    discount = -(D(7) + SHIPPING_DISCOUNT)
    grand_total = D(70) + discount + D(25) + tax + compensation
    Order.objects.filter(pk=order.pk).update(
        store_id=2, order_currency_code="EUR", base_to_order_rate=RATE,
        tax_amount=tax, base_tax_amount=tax / RATE,
        shipping_tax_amount=SHIPPING_TAX, base_shipping_tax_amount=SHIPPING_TAX / RATE,
        shipping_incl_tax=D(25) + SHIPPING_TAX, base_shipping_incl_tax=(D(25) + SHIPPING_TAX) / RATE,
        shipping_discount_amount=SHIPPING_DISCOUNT, base_shipping_discount_amount=SHIPPING_DISCOUNT / RATE,
        discount_tax_compensation_amount=compensation, base_discount_tax_compensation_amount=compensation / RATE,
        discount_amount=discount, base_discount_amount=discount / RATE,
        base_subtotal=D(35), base_shipping_amount=D("12.5"),
        grand_total=grand_total, base_grand_total=grand_total / RATE,
    )
    return Order.objects.get(pk=order.pk)


def line(order: Order, sku: str, qty: int) -> InvoiceLine:
    return InvoiceLine(order.items.get(sku=sku).pk, D(qty))


def figures(invoice: Invoice, prefix: str = "") -> tuple[Decimal, ...]:
    names = ("subtotal", "discount_amount", "shipping_amount", "tax_amount", "discount_tax_compensation_amount",
             "grand_total")
    return tuple(getattr(invoice, prefix + name) for name in names)


def test_the_first_invoice_carries_the_shipping_its_tax_and_its_discount_and_the_second_the_rest():
    order = taxed_order()

    first = invoice_order(order, items=[line(order, "TAX-A", 1), line(order, "TAX-B", 1)])
    second = invoice_order(order)

    # subtotal, discount, shipping, tax (lines + shipping tax), compensation, grand total
    assert figures(first) == (D(30), D("-5.50"), D(25), D("4.16"), D("0.10"), D("53.76"))
    assert figures(second) == (D(40), D(-4), D(0), D("2.88"), D("0.20"), D("39.08"))
    assert figures(first, "base_") == tuple(amount / RATE for amount in figures(first))
    assert figures(second, "base_") == tuple(amount / RATE for amount in figures(second))
    assert (first.shipping_tax_amount, first.base_shipping_tax_amount) == (D(2), D(1))
    assert (first.shipping_incl_tax, first.base_shipping_incl_tax) == (D(27), D("13.5"))
    assert (second.shipping_tax_amount, second.shipping_incl_tax) == (D(0), None)
    lines = {(inv.pk, item.sku): (item.tax_amount, item.base_tax_amount) for inv in (first, second)
             for item in inv.items.all()}
    assert lines == {
        (first.pk, "TAX-A"): (D("0.72"), D("0.36")), (first.pk, "TAX-B"): (D("1.44"), D("0.72")),
        (second.pk, "TAX-A"): (D("1.44"), D("0.72")), (second.pk, "TAX-B"): (D("1.44"), D("0.72")),
    }


@pytest.mark.parametrize("prefix", ["", "base_"])
def test_the_grand_total_is_subtotal_less_discount_plus_shipping_tax_and_compensation(prefix: str):
    order = taxed_order()

    invoices = [invoice_order(order, items=[line(order, "TAX-A", 2)]), invoice_order(order)]

    for invoice in invoices:
        subtotal, discount, shipping, tax, compensation, grand_total = figures(invoice, prefix)
        assert compensation > 0
        assert grand_total == subtotal + discount + shipping + tax + compensation
    assert sum(figures(invoice, prefix)[-1] for invoice in invoices) == getattr(order, prefix + "grand_total")


def test_every_running_total_is_the_sum_over_the_invoices():
    order = taxed_order()

    invoices = [invoice_order(order, items=[line(order, "TAX-B", 1)]), invoice_order(order)]

    order.refresh_from_db()
    for prefix in ("", "base_"):
        for order_field, invoice_field in (
            ("subtotal_invoiced", "subtotal"), ("discount_invoiced", "discount_amount"),
            ("shipping_invoiced", "shipping_amount"), ("tax_invoiced", "tax_amount"),
            ("discount_tax_compensation_invoiced", "discount_tax_compensation_amount"),
            ("total_invoiced", "grand_total"), ("total_paid", "grand_total"),
        ):
            invoiced = sum(getattr(invoice, prefix + invoice_field) for invoice in invoices)
            assert getattr(order, prefix + order_field) == invoiced, prefix + order_field
    assert (order.tax_invoiced, order.base_tax_invoiced) == (order.tax_amount, order.base_tax_amount)
    for item in order.items.all():
        tax, compensation = ITEM_TAX[item.sku]
        assert (item.tax_invoiced, item.base_tax_invoiced) == (tax, tax / RATE)
        assert (item.discount_tax_compensation_invoiced, item.base_discount_tax_compensation_invoiced) == (
            compensation, compensation / RATE)
    payment = order.payment
    assert (payment.amount_paid, payment.base_amount_paid) == (D("92.84"), D("46.42"))
    assert (payment.shipping_captured, payment.base_shipping_captured) == (D(25), D("12.5"))


def test_the_invoice_is_in_the_orders_store_and_currency():
    order = taxed_order()

    invoice = invoice_order(order)

    assert (invoice.store_id, invoice.order_currency_code, invoice.base_to_order_rate) == (2, "EUR", RATE)


def test_the_invoice_comment_reaches_the_order_history_hidden_from_the_storefront_by_default():
    """InvoiceOrder's comment: the invoice's comment (is_visible_on_front 0 unless asked) and the order's history."""
    order = taxed_order()

    invoice = invoice_order(order, comment="Paid by wire", notify=False)

    [comment] = InvoiceComment.objects.filter(parent=invoice)
    assert (comment.comment, comment.is_visible_on_front, comment.is_customer_notified) == ("Paid by wire", 0, 0)
    history = OrderStatusHistory.objects.filter(parent=order).order_by("-pk").first()
    assert (history.comment, history.entity_name, history.status) == ("Paid by wire", "invoice", "processing")


def test_a_virtual_items_deduction_names_the_order_it_was_invoiced_for():
    """VirtualSourceDeductionProcessor: the invoice_created reservation's metadata carries the order's ids."""
    product = make_product(type_id=ProductType.VIRTUAL, quantity=D(5))
    order = make_order(products=[product], item_qtys=[D(2)])

    invoice_order(order)

    [deduction] = Reservation.objects.filter(sku=product.sku, event_type="invoice_created")
    assert (deduction.quantity, deduction.object_id, deduction.object_increment_id) == (
        D(2), str(order.pk), order.increment_id)
    assert order.increment_id
