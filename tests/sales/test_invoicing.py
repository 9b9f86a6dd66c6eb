"""invoice_order: Magento's InvoiceOrder totals, states and inventory effects, in the domain's words."""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalog.models import ProductType
from inventory.exceptions import NotEnoughQuantity
from inventory.models import Reservation, Source, SourceItem, Stock, StockSourceLink
from inventory.salable import get_salable_quantity
from sales.exceptions import InvalidInvoiceQty, InvoiceDocumentValidationError
from sales.invoicing import InvoiceLine, invoice_order
from sales.models import Invoice, Order
from tests.factories import make_order, make_product

pytestmark = pytest.mark.django_db
D = Decimal


def tutorial_order() -> Order:
    return Order.objects.get(customer_email="jdoe@example.com")


def item_id(order: Order, sku: str) -> int:
    return order.items.get(sku=sku).pk


def totals(invoice: Invoice) -> tuple:
    return (invoice.subtotal, invoice.discount_amount, invoice.shipping_amount, invoice.grand_total, invoice.total_qty)


def test_partial_invoices_add_up_to_the_order(tutorial):
    order = tutorial_order()

    first = invoice_order(order, items=[InvoiceLine(item_id(order, "24-WB03"), D(10))])
    order.refresh_from_db()
    after_first = (order.state, order.total_invoiced, order.total_paid)
    second = invoice_order(order)

    assert totals(first) == (D(360), D(-72), D(300), D(588), D(10))
    assert first.shipping_incl_tax == D(300)
    assert after_first == ("processing", D(588), D(588))
    assert totals(second) == (D(1662), D("-332.4"), D(0), D("1329.6"), D(51))
    assert second.shipping_incl_tax is None  # only the first invoice carries the shipping
    assert first.grand_total + second.grand_total == order.grand_total
    order.refresh_from_db()
    assert (order.state, order.total_invoiced, order.total_paid) == ("processing", D("1917.6"), D("1917.6"))
    assert (order.subtotal_invoiced, order.discount_invoiced, order.shipping_invoiced) == (D(2022), D("-404.4"), D(300))


def test_stored_running_totals_are_the_sums_of_the_invoices(tutorial):
    order = tutorial_order()
    bag = item_id(order, "24-WB03")

    invoice_order(order, items=[InvoiceLine(bag, D(7)), InvoiceLine(item_id(order, "24-WB01"), D(3))])
    invoice_order(order, items=[InvoiceLine(bag, D(13))])
    invoice_order(order)

    for item in order.items.all():  # read back from the database, not the writer's objects
        lines = list(item.invoice_items.all())
        assert item.qty_invoiced == item.qty_ordered == sum(line.qty for line in lines)
        assert item.row_invoiced == item.row_total == sum(line.row_total for line in lines)
        assert item.base_row_invoiced == sum(line.base_row_total for line in lines)
        assert item.discount_invoiced == item.discount_amount == sum(line.discount_amount or 0 for line in lines)
        assert item.tax_invoiced == sum(line.tax_amount for line in lines)
    order.refresh_from_db()
    payment = order.payment
    assert (payment.amount_paid, payment.base_amount_paid) == (order.grand_total, order.base_grand_total)
    assert (payment.shipping_captured, payment.base_shipping_captured) == (D(300), D(300))


def test_thirds_round_to_cents_and_the_last_invoice_takes_the_remainder():
    product = make_product(price=D("10"))
    order = make_order(products=[product], item_qtys=[D(3)], discount_percent=D("10"))  # row 30, discount 3

    invoices = [invoice_order(order, items=[InvoiceLine(order.items.get().pk, D(1))]) for _ in range(3)]

    assert [inv.subtotal for inv in invoices] == [D(10), D(10), D(10)]
    assert [inv.items.get().discount_amount for inv in invoices] == [D(1), D(1), D(1)]
    assert sum(inv.grand_total for inv in invoices) == Order.objects.get(pk=order.pk).grand_total


def test_uneven_shares_round_half_up_and_the_last_invoice_takes_the_rest():
    product = make_product(price=D("5"))
    order = make_order(products=[product], item_qtys=[D(3)], discount_percent=D("6.67"))  # row 15, discount 1.00

    first = invoice_order(order, items=[InvoiceLine(order.items.get().pk, D(1))])
    second = invoice_order(order, items=[InvoiceLine(order.items.get().pk, D(1))])
    last = invoice_order(order)

    discounts = [inv.items.get().discount_amount for inv in (first, second, last)]
    assert discounts == [D("0.33"), D("0.34"), D("0.33")]  # 1/3 of 1.00, then 1/2 of 0.67, then the rest
    assert sum(discounts) == D("1.00")


def test_invoice_is_paid_and_copies_the_orders_currency_and_addresses(tutorial):
    order = tutorial_order()

    invoice = invoice_order(order, capture=False)

    assert invoice.state == Invoice.State.PAID  # offline methods are captured offline, as in Magento's REST
    assert (invoice.base_currency_code, invoice.order_currency_code, invoice.base_to_order_rate) == ("USD", "USD", 1)
    assert invoice.billing_address_id == order.addresses.get(address_type="billing").pk
    assert invoice.shipping_address_id == order.addresses.get(address_type="shipping").pk
    assert invoice.increment_id == f"{invoice.pk:09d}"


def test_an_order_of_virtual_items_completes_at_invoice():
    product = make_product(type_id=ProductType.VIRTUAL, quantity=D(5))
    order = make_order(products=[product], item_qtys=[D(2)])
    assert (order.state, order.status, order.shipping_amount) == ("new", "pending", 0)

    invoice_order(order)

    order.refresh_from_db()
    assert (order.state, order.status) == ("complete", "complete")
    assert SourceItem.objects.get(product=product).quantity == D(3)
    assert get_salable_quantity(product.sku, 1) == D(3)


def test_a_virtual_item_is_taken_from_sources_in_priority_order():
    stock = Stock.objects.get(pk=1)
    product = make_product(type_id=ProductType.VIRTUAL, quantity=D(1))  # default source, priority 1
    second = Source.objects.create(source_code="second", name="Second", country_id="US", postcode="1")
    StockSourceLink.objects.create(stock=stock, source=second, priority=2)
    SourceItem.objects.create(product=product, source=second, quantity=D(10))
    order = make_order(products=[product], item_qtys=[D(3)])

    invoice_order(order)

    assert dict(SourceItem.objects.filter(product=product).values_list("source_id", "quantity")) == {
        "default": D(0),
        "second": D(8),
    }
    assert SourceItem.objects.get(product=product, source_id="default").status == SourceItem.Status.OUT_OF_STOCK
    assert list(Reservation.objects.filter(sku=product.sku).values_list("event_type", "quantity")) == [
        ("order_placed", D(-3)),
        ("invoice_created", D(3)),
    ]


def test_a_virtual_item_whose_sources_ran_dry_refuses_the_whole_invoice():
    product = make_product(type_id=ProductType.VIRTUAL, quantity=D(2))
    physical = make_product(quantity=D(5))
    order = make_order(products=[product, physical], item_qtys=[D(2), D(1)])
    SourceItem.objects.filter(product=product).update(quantity=D(1))  # a merchant corrected the count

    with pytest.raises(NotEnoughQuantity) as excinfo:
        invoice_order(order)

    assert str(excinfo.value) == "Not all of your products are available in the requested quantity."
    assert Invoice.objects.count() == 0
    assert list(order.items.values_list("qty_invoiced", flat=True)) == [0, 0]
    assert SourceItem.objects.get(product=product).quantity == D(1)


def test_physical_items_keep_their_source_quantities_until_shipment():
    product = make_product(quantity=D(10))
    order = make_order(products=[product], item_qtys=[D(4)])

    invoice_order(order)

    assert SourceItem.objects.get(product=product).quantity == D(10)
    assert get_salable_quantity(product.sku, 1) == D(6)
    order.refresh_from_db()
    assert order.state == "processing"


def test_requested_quantities_are_summed_per_item_and_checked_against_what_is_left():
    order = make_order(item_qtys=[D(3)])
    line = order.items.get()

    with pytest.raises(InvalidInvoiceQty) as excinfo:
        invoice_order(order, items=[InvoiceLine(line.pk, D(2)), InvoiceLine(line.pk, D(2))])

    assert excinfo.value.parameters == [line.name]
    assert Invoice.objects.count() == 0


def test_a_fully_invoiced_order_refuses_another_invoice():
    order = make_order()
    invoice_order(order)

    with pytest.raises(InvoiceDocumentValidationError) as excinfo:
        invoice_order(order)

    assert excinfo.value.reasons == [
        "You can't create an invoice without products.",
        "The order does not allow an invoice to be created.",
    ]


def test_a_canceled_order_names_its_status():
    order = make_order()
    Order.objects.filter(pk=order.pk).update(state="canceled", status="canceled")

    with pytest.raises(InvoiceDocumentValidationError) as excinfo:
        invoice_order(order)

    assert excinfo.value.reasons == ["An invoice cannot be created when an order has a status of canceled"]


def test_emails_the_customer_only_after_commit(django_capture_on_commit_callbacks, mailoutbox):
    order = make_order()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        invoice = invoice_order(order, notify=True, append_comment=True, comment="Thanks!")

    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    assert f"Invoice #{invoice.increment_id}" in mailoutbox[0].body
    assert "Thanks!" in mailoutbox[0].body
    assert Invoice.objects.get(pk=invoice.pk).email_sent == 1


def test_a_failing_mail_server_leaves_the_committed_invoice_without_email_sent(
    django_capture_on_commit_callbacks, monkeypatch
):
    order = make_order()

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("sales.notifications.send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        invoice = invoice_order(order, notify=True)

    assert Invoice.objects.get(pk=invoice.pk).email_sent is None
    assert Order.objects.get(pk=order.pk).state == "processing"
