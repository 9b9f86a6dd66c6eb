"""Credit memos of a taxed order in a foreign display currency, refunded in parts (Magento's credit memo total
collectors: Model/Order/Creditmemo/Total/{Subtotal,Discount,Shipping,Tax,Grand}.php, Model/Order/CreditmemoFactory.php
initData, Model/Order/Creditmemo/RefundOperation.php and Item::register).

Every other refund test has zero tax, zero compensation, no shipping discount and one currency, so a mutation run
found the tax collector, the shipping discount's share and the base amounts blind. The order is the one of
tests/sales/test_invoicing_taxes.py (8 % tax after discount, 10 % off, shipping 25 EUR taxed 2 and discounted 2.50;
base currency USD at 2 EUR per USD): every base figure is half its display figure. The requested shipping amount
is in the base currency (CreditmemoFactory::initData sets base_shipping_amount from shipping_amount).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from sales.invoicing import invoice_order
from sales.models import Creditmemo, CreditmemoItem, Invoice, Order, OrderItem, OrderPayment
from sales.refunds import RefundArguments, RefundItem, refund_invoice, refund_order
from sales.refunds.totals import _allowed_tax, _collect_totals, _discount, _Line, _Rounder, _subtotal, _tax
from tests.factories import make_order
from tests.sales.test_invoicing_taxes import RATE, line, taxed_order

pytestmark = pytest.mark.django_db
D = Decimal
# The memo's figures, in the order of the Grand collector's sum.
FIGURES = ("subtotal", "discount_amount", "shipping_amount", "tax_amount", "discount_tax_compensation_amount",
           "adjustment", "grand_total")


def figures(memo: Creditmemo, prefix: str = "") -> tuple[Decimal, ...]:
    return tuple(getattr(memo, prefix + name) for name in FIGURES)


def halves(amounts: tuple[Decimal, ...]) -> tuple[Decimal, ...]:
    return tuple(amount / RATE for amount in amounts)


def item_figures(memo: Creditmemo) -> dict[str, tuple[Decimal, ...]]:
    """sku -> qty, row total, discount, tax, compensation, row total incl. tax; then their base twins."""
    return {
        item.sku: (item.qty, item.row_total, item.discount_amount, item.tax_amount,
                   item.discount_tax_compensation_amount, item.row_total_incl_tax,
                   item.base_row_total, item.base_discount_amount, item.base_tax_amount,
                   item.base_discount_tax_compensation_amount, item.base_row_total_incl_tax)
        for item in memo.items.all()
    }


def part_then_rest(order: Order) -> tuple[Creditmemo, Creditmemo]:
    """1 of the 3 TAX-A with 5 USD of shipping and adjustments, then the rest with the shipping left."""
    invoice_order(order)
    first = refund_order(order.pk, items=[RefundItem(order.items.get(sku="TAX-A").pk, D(1))], arguments=RefundArguments(
        shipping_amount=D(5), adjustment_positive=D("0.5"), adjustment_negative=D("1.5")))
    rest = refund_order(order.pk, arguments=RefundArguments(shipping_amount=D("7.5")))
    return first, rest


def test_a_part_refund_takes_its_share_of_the_tax_the_shipping_tax_and_the_shipping_discount():
    """Tax collector (order branch): the line's share of its item's tax and compensation, the shipping tax in
    proportion to the shipping refunded; Discount collector: the requested shipping's share of the shipping
    discount; initData: adjustments are base amounts, converted at the order's rate."""
    first, _ = part_then_rest(taxed_order())

    # 10 - (1 + 1 shipping discount) + 10 + (0.72 + 0.80) + 0.10 + (1 - 3) = 17.62
    assert figures(first) == (D(10), D(-2), D(10), D("1.52"), D("0.10"), D(-2), D("17.62"))
    assert figures(first, "base_") == halves(figures(first))
    assert (first.adjustment_positive, first.adjustment_negative) == (D(1), D(3))
    assert (first.base_adjustment_positive, first.base_adjustment_negative) == (D("0.5"), D("1.5"))
    assert (first.shipping_tax_amount, first.shipping_incl_tax) == (D("0.80"), D("10.80"))
    assert (first.base_shipping_tax_amount, first.base_shipping_incl_tax) == (D("0.40"), D("5.40"))
    assert (first.subtotal_incl_tax, first.base_subtotal_incl_tax) == (D("10.72"), D("5.36"))
    assert item_figures(first) == {
        "TAX-A": (D(1), D(10), D(1), D("0.72"), D("0.10"), D("10.72"),
                  D(5), D("0.5"), D("0.36"), D("0.05"), D("5.36")),
    }
    assert (first.store_id, first.order_currency_code, first.base_to_order_rate) == (2, "EUR", RATE)


def test_the_last_credit_memo_takes_what_is_left_of_the_tax_and_the_shipping_tax():
    """Tax collector (order branch, last memo): the items' remaining tax and compensation and the remaining
    shipping tax (shipping refunded to the end); the Discount collector's shipping discount share."""
    _, rest = part_then_rest(taxed_order())

    # 60 - (2 + 4 + 1.50 shipping discount) + 15 + (1.44 + 2.88 + 1.20) + 0.20 = 73.22
    assert figures(rest) == (D(60), D("-7.5"), D(15), D("5.52"), D("0.20"), D(0), D("73.22"))
    assert figures(rest, "base_") == halves(figures(rest))
    assert (rest.shipping_tax_amount, rest.base_shipping_tax_amount) == (D("1.2"), D("0.6"))
    assert (rest.shipping_incl_tax, rest.base_shipping_incl_tax) == (D("16.20"), D("8.10"))
    assert item_figures(rest) == {
        "TAX-A": (D(2), D(20), D(2), D("1.44"), D("0.20"), D("21.44"),
                  D(10), D(1), D("0.72"), D("0.10"), D("10.72")),
        "TAX-B": (D(2), D(40), D(4), D("2.88"), D(0), D("42.88"),
                  D(20), D(2), D("1.44"), D(0), D("21.44")),
    }


def test_every_refunded_running_total_is_the_sum_over_the_credit_memos():
    """RefundOperation::execute and Creditmemo\\Item::register: the order's and its items' *_refunded totals,
    plain and base, add each credit memo; Payment::refund the payment's."""
    order = taxed_order()
    memos = part_then_rest(order)

    order.refresh_from_db()
    for prefix in ("", "base_"):
        for order_field, memo_field in (
            ("subtotal_refunded", "subtotal"), ("discount_refunded", "discount_amount"),
            ("shipping_refunded", "shipping_amount"), ("shipping_tax_refunded", "shipping_tax_amount"),
            ("tax_refunded", "tax_amount"),
            ("discount_tax_compensation_refunded", "discount_tax_compensation_amount"),
            ("adjustment_positive", "adjustment_positive"), ("adjustment_negative", "adjustment_negative"),
            ("total_refunded", "grand_total"), ("total_offline_refunded", "grand_total"),
        ):
            refunded = sum(getattr(memo, prefix + memo_field) or 0 for memo in memos)
            assert getattr(order, prefix + order_field) == refunded, prefix + order_field
    assert (order.total_refunded, order.base_total_refunded) == (D("90.84"), D("45.42"))  # paid less adjustment 2
    assert (order.tax_refunded, order.base_tax_refunded) == (order.tax_invoiced, order.base_tax_invoiced)
    for item in order.items.all():
        assert (item.qty_refunded, item.amount_refunded, item.base_amount_refunded) == (
            item.qty_invoiced, item.row_invoiced, item.base_row_invoiced)
        assert (item.discount_refunded, item.base_discount_refunded) == (
            item.discount_invoiced, item.base_discount_invoiced)
        assert (item.tax_refunded, item.base_tax_refunded) == (item.tax_invoiced, item.base_tax_invoiced)
        assert (item.discount_tax_compensation_refunded, item.base_discount_tax_compensation_refunded) == (
            item.discount_tax_compensation_invoiced, item.base_discount_tax_compensation_invoiced)
    payment = order.payment
    assert (payment.amount_refunded, payment.base_amount_refunded) == (D("90.84"), D("45.42"))
    assert (payment.shipping_refunded, payment.base_shipping_refunded) == (D(25), D("12.5"))
    assert (order.state, order.status) == ("complete", "complete")  # 2 EUR of what was paid is not refunded


def invoiced_in_two_parts() -> tuple[Order, list]:
    """The first invoice: 1 TAX-A and 1 TAX-B with all the shipping; the second: the rest (no shipping)."""
    order = taxed_order()
    OrderPayment.objects.filter(parent=order).update(method="free")  # a method that can refund an invoice
    invoices = [invoice_order(order, items=[line(order, "TAX-A", 1), line(order, "TAX-B", 1)]), invoice_order(order)]
    return order, invoices


def test_an_invoices_credit_memos_share_its_shipping_tax_and_the_last_takes_its_tax_left():
    """Tax collector (invoice branch): the shipping tax is the invoice's in proportion to the shipping refunded;
    CreditmemoFactory::createByInvoice: the shipping defaults to what is left of it, the lines to the invoice's
    quantities not yet refunded; Tax::calculateAllowed* caps by the invoice's tax not yet refunded."""
    order, (first, second) = invoiced_in_two_parts()
    item = {i.sku: i.pk for i in order.items.all()}

    part = refund_invoice(first.pk, items=[RefundItem(item["TAX-A"], D(1))], arguments=RefundArguments(
        shipping_amount=D(5)))
    rest = refund_invoice(first.pk)  # TAX-B's unit and the 7.50 USD of shipping left
    other = refund_invoice(second.pk)  # no shipping: the order's was all refunded

    assert figures(part) == (D(10), D(-2), D(10), D("1.52"), D("0.10"), D(0), D("19.62"))
    assert figures(rest) == (D(20), D("-3.5"), D(15), D("2.64"), D(0), D(0), D("34.14"))
    assert figures(other) == (D(40), D(-4), D(0), D("2.88"), D("0.20"), D(0), D("39.08"))
    for memo in (part, rest, other):
        assert figures(memo, "base_") == halves(figures(memo))
    assert [(m.shipping_tax_amount, m.base_shipping_tax_amount) for m in (part, rest, other)] == [
        (D("0.8"), D("0.4")), (D("1.2"), D("0.6")), (D(0), D(0))]
    assert item_figures(rest) == {
        "TAX-B": (D(1), D(20), D(2), D("1.44"), D(0), D("21.44"), D(10), D(1), D("0.72"), D(0), D("10.72"))}
    assert {sku: f[:5] for sku, f in item_figures(other).items()} == {
        "TAX-A": (D(2), D(20), D(2), D("1.44"), D("0.20")), "TAX-B": (D(1), D(20), D(2), D("1.44"), D(0))}
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.base_total_refunded, second.base_total_refunded) == (
        part.base_grand_total + rest.base_grand_total, other.base_grand_total)
    order.refresh_from_db()
    assert (order.total_refunded, order.tax_refunded, order.state) == (D("92.84"), D("7.04"), "closed")


def test_without_a_shipping_amount_the_rest_of_the_shipping_and_of_its_tax_is_refunded():
    """Shipping collector with no shipping amount asked: what is left of the shipping, its incl. tax figure being
    the shipping left plus its tax left; the Discount collector, which runs before it, gives no shipping discount
    back then (the 1.50 EUR left of it is taken back by an adjustment so the refund fits what was paid)."""
    order = taxed_order()
    invoice_order(order)
    refund_order(order.pk, items=[RefundItem(order.items.get(sku="TAX-A").pk, D(1))],
                 arguments=RefundArguments(shipping_amount=D(5)))

    rest = refund_order(order.pk, arguments=RefundArguments(adjustment_negative=D("0.75")))

    assert figures(rest) == (D(60), D(-6), D(15), D("5.52"), D("0.20"), D("-1.5"), D("73.22"))
    assert figures(rest, "base_") == halves(figures(rest))
    assert (rest.shipping_incl_tax, rest.base_shipping_incl_tax) == (D("16.2"), D("8.1"))
    assert (rest.shipping_tax_amount, rest.base_shipping_tax_amount) == (D("1.2"), D("0.6"))


@pytest.mark.parametrize("by_invoice", [False, True], ids=["order", "invoice"])
def test_the_last_goods_with_part_of_the_shipping_take_the_shipping_taxs_share_not_all_the_tax_left(by_invoice):
    """Tax collector: the goods' last credit memo takes all the tax left only when the shipping goes with it
    whole; with 5 of the 12.50 USD of shipping it takes the lines' tax and 40 % of the shipping tax (order and
    invoice branches alike)."""
    order = taxed_order()
    OrderPayment.objects.filter(parent=order).update(method="free")
    invoice = invoice_order(order)
    five = RefundArguments(shipping_amount=D(5))

    memo = refund_invoice(invoice.pk, arguments=five) if by_invoice else refund_order(order.pk, arguments=five)

    assert (memo.tax_amount, memo.base_tax_amount) == (D("5.84"), D("2.92"))  # 2.16 + 2.88 + 0.80
    assert (memo.shipping_tax_amount, memo.discount_tax_compensation_amount) == (D("0.8"), D("0.3"))


def with_shipping_compensation(order: Order) -> Order:
    """The taxed order, invoiced whole, with 0.50 EUR of discount tax compensation on its shipping (as Magento's
    invoice Tax collector stores it on the order and its invoice, and the payment takes it)."""
    invoice = invoice_order(order)
    compensation = {"shipping_discount_tax_compensation_amount": D("0.5"),
                    "base_shipping_discount_tax_compensation_amnt": D("0.25")}
    Order.objects.filter(pk=order.pk).update(
        **compensation, grand_total=D("93.34"), base_grand_total=D("46.67"), total_paid=D("93.34"),
        base_total_paid=D("46.67"))
    type(invoice).objects.filter(pk=invoice.pk).update(
        **compensation, grand_total=D("93.34"), base_grand_total=D("46.67"))
    return Order.objects.get(pk=order.pk)


def test_the_shipping_compensation_is_refunded_with_its_share_of_the_shipping():
    """Tax collector (order branch): the shipping's discount tax compensation in proportion to the shipping
    refunded, then what is left of it; Tax::calculateAllowedDiscountTaxCompensation counts it in."""
    order = with_shipping_compensation(taxed_order())

    first = refund_order(order.pk, items=[RefundItem(order.items.get(sku="TAX-A").pk, D(1))],
                         arguments=RefundArguments(shipping_amount=D(5)))
    rest = refund_order(order.pk, arguments=RefundArguments(shipping_amount=D("7.5")))

    # the line's 0.10 and 40 % of the shipping's 0.50; then the rest of the 0.80
    assert (first.discount_tax_compensation_amount, first.base_discount_tax_compensation_amount) == (
        D("0.3"), D("0.15"))
    assert (rest.discount_tax_compensation_amount, rest.base_discount_tax_compensation_amount) == (
        D("0.5"), D("0.25"))
    assert first.grand_total + rest.grand_total == D("93.34")


def test_an_invoices_shipping_compensation_is_refunded_with_its_share_of_the_shipping():
    """Tax collector (invoice branch) and Tax::calculateAllowed* for an invoice: its shipping compensation in
    proportion to the shipping refunded, the rest on the last credit memo."""
    order = taxed_order()
    OrderPayment.objects.filter(parent=order).update(method="free")
    order = with_shipping_compensation(order)
    invoice = order.invoices.get()

    first = refund_invoice(invoice.pk, items=[RefundItem(order.items.get(sku="TAX-A").pk, D(1))],
                           arguments=RefundArguments(shipping_amount=D(5)))
    rest = refund_invoice(invoice.pk)

    assert (first.discount_tax_compensation_amount, first.base_discount_tax_compensation_amount) == (
        D("0.3"), D("0.15"))
    assert (rest.discount_tax_compensation_amount, rest.base_discount_tax_compensation_amount) == (
        D("0.5"), D("0.25"))
    assert first.grand_total + rest.grand_total == D("93.34")


def test_a_credit_memo_line_copies_its_items_prices_in_both_currencies():
    """Convert\\Order::itemToCreditmemoItem: product, SKU, name and the prices (plain, base, incl. tax)."""
    order = taxed_order()
    invoice_order(order)

    memo = refund_order(order.pk, arguments=RefundArguments(shipping_amount=D("12.5")))

    fields = ("product_id", "sku", "name", "price", "base_price", "price_incl_tax", "base_price_incl_tax")
    for memo_item in memo.items.all():
        assert memo_item.base_price == memo_item.price / RATE
        assert [getattr(memo_item, f) for f in fields] == [getattr(memo_item.order_item, f) for f in fields]


def test_a_line_not_refunded_does_not_stop_the_tax_of_the_lines_after_it():
    """Tax collector: the lines of no quantity are skipped, the next ones still taxed."""
    order = taxed_order()
    invoice_order(order)

    memo = refund_order(order.pk, items=[RefundItem(order.items.get(sku="TAX-B").pk, D(1))],
                        arguments=RefundArguments(shipping_amount=D(0)))

    assert (memo.tax_amount, memo.base_tax_amount) == (D("1.44"), D("0.72"))


@pytest.mark.parametrize(("shipping", "base_shipping", "asked", "refunded", "base_refunded"), [
    # 25.01 EUR for 12.50 USD: half of it is 12.51 EUR, so the second half is the 12.50 left, not another 12.51
    (D("25.01"), D("12.5"), [D("6.25"), D("6.25")], [D("12.51"), D("12.50")], [D("6.25"), D("6.25")]),
    # a base shipping of 4 decimals: 5 of 5.0001 USD is a share (5.00), not what is left (5.0001)
    (D("10"), D("5.0001"), [D(5)], [D(10)], [D(5)]),
])
def test_the_shipping_refunded_is_a_share_until_what_is_left_is_asked(shipping, base_shipping, asked, refunded,
                                                                      base_refunded):
    """Shipping collector: a requested amount within a cent of what is left (in the base currency) refunds what is
    left; below it, its share of the order's shipping, each currency rounded."""
    order = make_order()
    Order.objects.filter(pk=order.pk).update(
        shipping_amount=shipping, base_shipping_amount=base_shipping, shipping_incl_tax=shipping,
        base_shipping_incl_tax=base_shipping, base_to_order_rate=shipping / base_shipping)
    invoice_order(order)
    item = order.items.get()

    memos = [refund_order(order.pk, items=[RefundItem(item.pk, D(0))], arguments=RefundArguments(
        shipping_amount=amount)) for amount in asked]

    assert [(m.shipping_amount, m.base_shipping_amount) for m in memos] == list(zip(refunded, base_refunded,
                                                                                      strict=True))


@pytest.mark.parametrize("qtys", [[1, 1], [2]], ids=["one then one", "two at once"])
def test_a_lines_tax_is_its_share_of_what_is_left_to_refund(qtys):
    """Tax collector: a line not the last of its item takes tax left / quantity left x its quantity (TAX-A: 2.16
    over 3 units, 0.72 a unit, 0.36 USD in the base currency; its compensation likewise)."""
    order = taxed_order()
    invoice_order(order)
    item = order.items.get(sku="TAX-A").pk

    memos = [refund_order(order.pk, items=[RefundItem(item, D(qty))], arguments=RefundArguments(shipping_amount=D(0)))
             for qty in qtys]

    assert [(m.tax_amount, m.base_tax_amount) for m in memos] == [
        (D("0.72") * qty, D("0.36") * qty) for qty in qtys]
    # and its discount tax compensation: 0.30 over 3 units
    assert [(m.discount_tax_compensation_amount, m.base_discount_tax_compensation_amount) for m in memos] == [
        (D("0.10") * qty, D("0.05") * qty) for qty in qtys]
    # and its row total (Creditmemo\\Item::calcRowTotal): row left / quantity left (invoiced less refunded)
    assert [(m.subtotal, m.base_subtotal) for m in memos] == [(D(10) * qty, D(5) * qty) for qty in qtys]


# The Tax collector on its own (Model/Order/Creditmemo/Total/Tax.php collect), on unsaved documents whose figures
# are chosen so that each rounding leaves a remainder: Creditmemo::roundPrice carries one remainder per kind, and
# every base-currency amount of the collector is rounded in the same "base" kind, in this order: the line's tax,
# its compensation, the shipping tax, the shipping compensation.
def _collect_tax(
    memo_shipping: tuple[Decimal, Decimal], item: dict | None = None, order: dict | None = None,
    invoice: dict | None = None,
) -> tuple[Creditmemo, CreditmemoItem]:
    order_item = OrderItem(**{"qty_invoiced": D(3), "qty_refunded": D(0), "is_qty_decimal": False, **(item or {})})
    the_order = Order(**{"tax_invoiced": D(10), "base_tax_invoiced": D(10), "discount_tax_compensation_invoiced": D(10),
                         "base_discount_tax_compensation_invoiced": D(10), **(order or {})})
    the_invoice = None
    if invoice is not None:  # never saved: no credit memo refers to it (Tax::calculateInvoiceRefundedAmount is 0)
        the_invoice = Invoice(pk=10**9, **{"tax_amount": D(10), "base_tax_amount": D(10),
                                            "discount_tax_compensation_amount": D(10),
                                            "base_discount_tax_compensation_amount": D(10), **invoice})
    memo = Creditmemo(shipping_amount=memo_shipping[0], base_shipping_amount=memo_shipping[1], grand_total=D(0),
                      base_grand_total=D(0))
    line = _Line(order_item, D(1))  # one unit
    line.memo_item = CreditmemoItem()
    _tax(memo, the_order, the_invoice, [line], _Rounder())
    return memo, line.memo_item


# A third of a line: tax 0.12 (0.13 USD), compensation 0.03 (0.13 USD); the plain amounts divide evenly, the base
# ones leave a remainder of a third of a cent.
THIRDS = {"tax_invoiced": D("0.12"), "base_tax_invoiced": D("0.13"), "discount_tax_compensation_invoiced": D("0.03"),
          "base_discount_tax_compensation_invoiced": D("0.13")}
SHIPPING_18 = {"shipping_amount": D(18), "base_shipping_amount": D(9)}


def test_the_base_amounts_carry_one_rounding_remainder_from_the_lines_tax_to_the_shipping_compensation():
    """Tax::collect (order branch, a third of the shipping): the base tax 0.0433 rounds to 0.04 and carries
    0.0033 to the compensation (0.0467 -> 0.05), which carries -0.0033 to the shipping tax (0.0467 -> 0.04), which
    carries 0.0033 to the shipping compensation (0.0433 -> 0.05): one 'base' remainder, as roundPrice($x, 'base')."""
    memo, memo_item = _collect_tax(item=THIRDS, memo_shipping=(D(6), D(3)), order={
        **SHIPPING_18, "shipping_tax_amount": D("0.12"), "base_shipping_tax_amount": D("0.14"),
        "shipping_discount_tax_compensation_amount": D("0.06"),
        "base_shipping_discount_tax_compensation_amnt": D("0.13")})

    assert (memo_item.tax_amount, memo_item.discount_tax_compensation_amount) == (D("0.04"), D("0.01"))
    assert (memo_item.base_tax_amount, memo_item.base_discount_tax_compensation_amount) == (D("0.04"), D("0.05"))
    assert (memo.shipping_tax_amount, memo.base_shipping_tax_amount) == (D("0.04"), D("0.04"))
    assert (memo.tax_amount, memo.base_tax_amount) == (D("0.08"), D("0.08"))
    assert (memo.discount_tax_compensation_amount, memo.base_discount_tax_compensation_amount) == (
        D("0.03"), D("0.10"))


def test_an_invoices_base_shipping_tax_and_compensation_carry_the_lines_rounding_remainder():
    """Tax::collect (invoice branch, a third of the shipping): the invoice's base shipping tax (0.0467) takes the
    lines' -0.0033 (0.04) and leaves 0.0033 to the compensation, rounded whole: 0.05 + 0.0433 + 0.0033 -> 0.10."""
    memo, _ = _collect_tax(item=THIRDS, memo_shipping=(D(6), D(3)), order=SHIPPING_18, invoice={
        "shipping_tax_amount": D("0.12"), "base_shipping_tax_amount": D("0.14"),
        "shipping_discount_tax_compensation_amount": D("0.06"),
        "base_shipping_discount_tax_compensation_amnt": D("0.13")})

    assert (memo.shipping_tax_amount, memo.base_shipping_tax_amount) == (D("0.04"), D("0.04"))
    assert (memo.tax_amount, memo.base_tax_amount) == (D("0.08"), D("0.08"))
    assert (memo.discount_tax_compensation_amount, memo.base_discount_tax_compensation_amount) == (
        D("0.03"), D("0.10"))


def test_the_rest_of_the_shipping_takes_its_tax_and_compensation_left_not_a_share():
    """Tax::collect (order branch): when the memo's shipping is what is left of it (base shipping less base
    shipping refunded), its tax and compensation are what is left of them, not its share of the order's."""
    memo, _ = _collect_tax(memo_shipping=(D(12), D(6)), order={
        **SHIPPING_18, "base_shipping_refunded": D(3),
        "shipping_tax_amount": D("0.12"), "shipping_tax_refunded": D("0.05"),
        "base_shipping_tax_amount": D("0.13"), "base_shipping_tax_refunded": D("0.02"),
        "shipping_discount_tax_compensation_amount": D("0.06"),
        "shipping_discount_tax_compensation_refunded": D("0.01"),
        "base_shipping_discount_tax_compensation_amnt": D("0.13"),
        "base_shipping_discount_tax_compensation_refunded": D("0.02")})

    assert (memo.shipping_tax_amount, memo.base_shipping_tax_amount) == (D("0.07"), D("0.11"))
    assert (memo.discount_tax_compensation_amount, memo.base_discount_tax_compensation_amount) == (
        D("0.05"), D("0.11"))


# A line that is its item's last (1 unit invoiced, tax 0.10 left); 2.00 of tax is left to refund, so the memo
# takes all of it (isLast and no partial shipping) or the lines' and the shipping's shares (min of both).
LAST = {"qty_invoiced": D(1), "tax_invoiced": D("0.10")}
SHIPPING_10 = {"shipping_amount": D(10), "base_shipping_amount": D(10)}


@pytest.mark.parametrize(("shipping", "order", "invoice", "tax"), [
    # invoice branch: the whole shipping, taxed: not partial, all the invoice's tax left (not the order's 5)
    ((D(10), D(10)), {}, {"shipping_tax_amount": D("0.5")}, D(2)),
    # half the shipping, untaxed and not all discounted: not partial
    ((D(5), D(5)), {}, {"shipping_tax_amount": D(0)}, D(2)),
    # half the shipping taxed 0.50: partial, the line's 0.10 and 0.25
    ((D(5), D(5)), {}, {"shipping_tax_amount": D("0.5")}, D("0.35")),
    # the whole shipping, untaxed, all discounted: partial
    ((D(10), D(10)), {"shipping_discount_amount": D(10)}, {"shipping_tax_amount": D(0)}, D("0.10")),
    # order branch: 5 of 5.0001 USD is less than what is left, but is the whole 10 EUR: not partial
    ((D(10), D(5)), {"base_shipping_amount": D("5.0001"), "shipping_tax_amount": D("0.5"),
                     "base_shipping_tax_amount": D("0.25")}, None, D(2)),
    # half the shipping, untaxed and not all discounted: not partial
    ((D(5), D(5)), {}, None, D(2)),
    # half the shipping taxed 0.50: partial
    ((D(5), D(5)), {"shipping_tax_amount": D("0.5")}, None, D("0.35")),
    # half the shipping, untaxed, all discounted: partial
    ((D(5), D(5)), {"shipping_discount_amount": D(10)}, None, D("0.10")),
    # all the shipping left: not partial
    ((D(10), D(10)), {"shipping_tax_amount": D("0.5")}, None, D(2)),
], ids=["invoice-whole-taxed", "invoice-half-untaxed", "invoice-half-taxed", "invoice-whole-discounted",
        "order-whole-in-order-currency", "order-half-untaxed", "order-half-taxed", "order-half-discounted",
        "order-rest"])
def test_the_last_credit_memo_takes_all_the_tax_left_unless_part_of_the_shipping_is_refunded(
    shipping, order, invoice, tax
):
    """Tax::collect: $isPartialShippingRefunded is set for an invoice when $taxFactor < 1 and the invoice's shipping
    is taxed, or the order's shipping discount is at least its shipping; for an order when $part < 1 and (the
    shipping is taxed or all discounted). A last credit memo without it takes calculateAllowedTax (the invoice's
    tax left for an invoice's memo); with it, the lines' and the shipping's shares."""
    order_fields = {**SHIPPING_10, "tax_invoiced": D(2), **order}
    if invoice is not None:
        order_fields["tax_invoiced"] = D(5)
        invoice = {"tax_amount": D(2), **invoice}

    memo, _ = _collect_tax(item=LAST, order=order_fields, memo_shipping=shipping, invoice=invoice)

    assert memo.tax_amount == tax


def test_an_invoices_tax_left_is_its_tax_less_its_own_credit_memos():
    """Tax::calculateAllowedTax / ...BaseTax / ...DiscountTaxCompensation for an invoice: its tax and compensation
    less those of the credit memos of that invoice (calculateInvoiceRefundedAmount), not of the order's others."""
    order = taxed_order()
    OrderPayment.objects.filter(parent=order).update(method="free")
    invoice = invoice_order(order)
    refund_order(order.pk, items=[RefundItem(order.items.get(sku="TAX-B").pk, D(1))],
                 arguments=RefundArguments(shipping_amount=D(0)))  # the order's: 1.44 of tax
    refund_invoice(invoice.pk, items=[RefundItem(order.items.get(sku="TAX-A").pk, D(1))],
                   arguments=RefundArguments(shipping_amount=D(5)))  # the invoice's: 0.72 + 0.80, 0.10

    invoice.refresh_from_db()
    assert _allowed_tax(order, invoice) == (D("5.52"), D("2.76"), D("0.20"), D("0.10"))


def test_an_orders_tax_left_is_what_it_invoiced_less_what_it_refunded():
    """Tax::calculateAllowedTax / ...BaseTax / ...DiscountTaxCompensation / ...BaseDiscountTaxCompensation for an
    order: tax invoiced less tax refunded; compensation invoiced plus the shipping's, less both refunded."""
    order = Order(
        tax_invoiced=D("7.04"), tax_refunded=D("1.52"), base_tax_invoiced=D("3.52"), base_tax_refunded=D("0.76"),
        discount_tax_compensation_invoiced=D("0.30"), discount_tax_compensation_refunded=D("0.10"),
        shipping_discount_tax_compensation_amount=D("0.50"), shipping_discount_tax_compensation_refunded=D("0.20"),
        base_discount_tax_compensation_invoiced=D("0.15"), base_discount_tax_compensation_refunded=D("0.05"),
        base_shipping_discount_tax_compensation_amnt=D("0.25"),
        base_shipping_discount_tax_compensation_refunded=D("0.07"),
    )

    assert _allowed_tax(order, None) == (D("5.52"), D("2.76"), D("0.50"), D("0.28"))
    # nothing refunded yet (the *_refunded amounts are null until a credit memo)
    fresh = Order(tax_invoiced=D("7.04"), base_tax_invoiced=D("3.52"), discount_tax_compensation_invoiced=D("0.30"),
                  shipping_discount_tax_compensation_amount=D("0.50"), base_discount_tax_compensation_invoiced=D("0.15"),
                  base_shipping_discount_tax_compensation_amnt=D("0.25"))
    for name in ("tax_refunded", "base_tax_refunded", "discount_tax_compensation_refunded",
                 "base_discount_tax_compensation_refunded", "shipping_discount_tax_compensation_refunded",
                 "base_shipping_discount_tax_compensation_refunded"):
        setattr(fresh, name, None)
    assert _allowed_tax(fresh, None) == (D("7.04"), D("3.52"), D("0.80"), D("0.40"))


def test_a_lines_discount_share_carries_its_own_rounding_remainder_and_no_discount_is_none():
    """Discount::collect rounds a line's discount share with roundPrice($x, 'regular', true) and ('base', true):
    Creditmemo\\RoundingCalculator keeps the remainders of negative amounts apart from the row totals' (a third of
    a cent left by the row total does not push 0.0433 to 0.05). A line whose item has no discount invoiced keeps
    no discount (null, as Magento leaves it)."""
    discounted = OrderItem(qty_invoiced=D(3), qty_refunded=D(0), is_qty_decimal=False, discount_invoiced=D("0.13"),
                           base_discount_invoiced=D("0.13"))
    plain = OrderItem(qty_invoiced=D(3), qty_refunded=D(0), is_qty_decimal=False, discount_invoiced=D(0))
    lines = [_Line(discounted, D(1)), _Line(plain, D(1))]
    for memo_line in lines:
        memo_line.memo_item = CreditmemoItem()
    memo = Creditmemo(grand_total=D(0), base_grand_total=D(0))
    rounder = _Rounder(deltas={"regular": D("0.0034"), "base": D("0.0034")})  # as a row total's share leaves

    _discount(memo, Order(base_shipping_amount=D(0)), lines, rounder, None)

    assert (lines[0].memo_item.discount_amount, lines[0].memo_item.base_discount_amount) == (D("0.04"), D("0.04"))
    assert (lines[1].memo_item.discount_amount, lines[1].memo_item.base_discount_amount) == (None, None)
    assert (memo.discount_amount, memo.base_discount_amount) == (D("-0.04"), D("-0.04"))


def test_a_row_totals_rounding_remainder_reaches_the_tax_of_its_kind_only():
    """Creditmemo\\Item::calcRowTotal rounds the row total in the 'regular' kind, the base row total in 'base' (the
    kind the Tax collector's base amounts use next), the row totals incl. tax in 'including' and 'including_base' of
    their own: a third of 10 leaves 0.0033 that pushes the base tax 0.0433 to 0.05, not the incl. tax 3.3733."""
    item = OrderItem(qty_ordered=D(3), qty_invoiced=D(3), qty_refunded=D(0), is_qty_decimal=False,
                     row_invoiced=D(10), base_row_invoiced=D(10), row_total_incl_tax=D("10.12"),
                     base_row_total_incl_tax=D("10.12"), tax_invoiced=D("0.12"), base_tax_invoiced=D("0.13"))
    lines = [_Line(item, D(1))]
    memo = Creditmemo(shipping_amount=D(0), base_shipping_amount=D(0))
    rounder = _Rounder()

    _subtotal(memo, lines, rounder)
    _tax(memo, Order(tax_invoiced=D(10), base_tax_invoiced=D(10), discount_tax_compensation_invoiced=D(0),
                     base_discount_tax_compensation_invoiced=D(0)), None, lines, rounder)

    memo_item = lines[0].memo_item
    assert (memo_item.row_total, memo_item.base_row_total) == (D("3.33"), D("3.33"))
    assert (memo_item.row_total_incl_tax, memo_item.base_row_total_incl_tax) == (D("3.37"), D("3.37"))
    assert (memo_item.tax_amount, memo_item.base_tax_amount) == (D("0.04"), D("0.05"))


def test_an_invoices_credit_memo_takes_the_invoices_shipping_tax():
    """Tax::collect reads the invoice of a credit memo made from one ($creditmemo->getInvoice()): its shipping tax
    in proportion to the shipping refunded (0.50 here), not what is left of the order's (0.80)."""
    order = Order(shipping_amount=D(10), base_shipping_amount=D(10), shipping_incl_tax=D("10.8"),
                  base_shipping_incl_tax=D("10.8"), shipping_tax_amount=D("0.8"), base_shipping_tax_amount=D("0.8"),
                  base_to_order_rate=D(1), tax_invoiced=D(10), base_tax_invoiced=D(10))
    invoice = Invoice(pk=10**9, base_shipping_amount=D(10), shipping_tax_amount=D("0.5"),
                      base_shipping_tax_amount=D("0.5"), tax_amount=D(10), base_tax_amount=D(10))
    item = OrderItem(qty_ordered=D(3), qty_invoiced=D(3), qty_refunded=D(0), is_qty_decimal=False,
                     row_invoiced=D(30), base_row_invoiced=D(30), discount_invoiced=D(0))
    memo = Creditmemo()
    lines = [_Line(item, D(1))]

    _collect_totals(memo, order, invoice, lines, RefundArguments(shipping_amount=D(10)))

    assert (memo.shipping_tax_amount, memo.base_shipping_tax_amount, memo.tax_amount) == (
        D("0.5"), D("0.5"), D("0.5"))


def test_an_invoices_credit_memo_asks_at_most_what_is_left_of_the_invoices_quantity():
    """CreditmemoFactory::createByInvoice: a line's quantity is at most the invoice item's quantity less what the
    invoice's credit memos refunded of it: the second invoice's 2 TAX-A, 1 refunded, leave 1 to refund by that
    invoice though 2 are left on the order (1 on the first invoice)."""
    order, (_, second) = invoiced_in_two_parts()
    item = order.items.get(sku="TAX-A").pk
    refund_invoice(second.pk, items=[RefundItem(item, D(1))], arguments=RefundArguments(shipping_amount=D(0)))

    memo = refund_invoice(second.pk, items=[RefundItem(item, D(2))], arguments=RefundArguments(shipping_amount=D(0)))

    assert [(line.order_item_id, line.qty) for line in memo.items.all()] == [(item, D(1))]
