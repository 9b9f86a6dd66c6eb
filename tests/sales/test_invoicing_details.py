"""What invoice_order refuses and leaves out, to the reason: the details tests/sales/test_invoicing.py leaves out,
found by `make mutate` (README "Mutation testing").

Contracts: Magento_Sales Model/Service/InvoiceService.php (prepareInvoice: a zero quantity is no line),
Model/Order/Invoice/Validation/InvoiceQuantityValidator.php ("The invoice contains one or more items that are not
part of the original order.", then "You can't create an invoice without products."), Model/InvoiceOrder.php."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sales.exceptions import InvoiceDocumentValidationError
from sales.invoicing import InvoiceLine, invoice_order
from sales.models import Invoice
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
