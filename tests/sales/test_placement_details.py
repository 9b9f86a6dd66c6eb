"""place_order's checks, to the line: the details the other placement tests leave out, found by `make mutate`
(README "Mutation testing").

Contracts: Magento_InventorySales Model/IsProductSalableForRequestedQtyCondition/IsSalableWithReservationsCondition.php
and Plugin/StockState/CheckQuoteItemQtyPlugin.php (the quantities of one SKU over the quote's items are checked
together against its salable quantity), Magento_Quote Model/QuoteManagement.php (submit)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from django.db import transaction

from backoffice.exceptions import InputError
from catalog.models import Product, ProductType
from customers.models import Customer
from inventory.exceptions import NoLinkedStock, NotEnoughItemsForSale
from inventory.models import Reservation, SalesChannel, Source, SourceItem, Stock, StockSourceLink
from sales.exceptions import PaymentMethodNotAvailable, ShippingMethodNotAvailable
from sales.models import Order, OrderPayment
from sales.placement import (
    AddressData,
    OrderLine,
    PlaceOrderRequest,
    check_cart_storable,
    place_order,
    place_order_in_transaction,
)
from tests.factories import ADDRESS, make_product

pytestmark = pytest.mark.django_db
D = Decimal


def request(*lines: OrderLine) -> PlaceOrderRequest:
    return PlaceOrderRequest(
        lines=list(lines),
        billing_address=ADDRESS,
        shipping_address=ADDRESS,
        payment_method="checkmo",
        customer_email="jdoe@example.com",
    )


def test_lines_of_one_sku_are_checked_together_against_its_salable_quantity():
    product = make_product(quantity=D(3))

    with pytest.raises(NotEnoughItemsForSale):
        place_order(request(OrderLine(product.sku, D(2)), OrderLine(product.sku, D(2))))  # 4 of 3

    assert Order.objects.count() == 0
    order = place_order(request(OrderLine(product.sku, D(2)), OrderLine(product.sku, D(1))))  # 3 of 3
    assert sorted(order.items.values_list("qty_ordered", flat=True)) == [D(1), D(2)]


def test_a_customers_order_carries_the_customer_on_the_order_and_on_each_address():
    """Magento_Quote Model/QuoteManagement.php (submitQuote: the customer's name, group and id, customer_is_guest 0)
    and Model/Quote/Address/ToOrderAddress.php (customer_id on each order address)."""
    customer = Customer.objects.create(email="c@example.com", firstname="Carla", lastname="Customer", group_id=2)
    product = make_product()

    order = place_order(replace(request(OrderLine(product.sku, D(1))), customer=customer))

    order = Order.objects.get(pk=order.pk)
    assert (order.customer_id, order.customer_firstname, order.customer_lastname) == (customer.pk, "Carla", "Customer")
    assert (order.customer_group_id, order.customer_is_guest) == (2, 0)
    assert sorted(order.addresses.values_list("address_type", "customer_id")) == [
        ("billing", customer.pk), ("shipping", customer.pk)
    ]


def test_a_guest_order_takes_its_name_from_the_billing_address_and_has_no_customer():
    """Magento_Quote Model/QuoteManagement.php (CHECKOUT_METHOD_GUEST: customer_is_guest 1, group NOT LOGGED IN,
    the name from the billing address)."""
    product = make_product()
    billing = replace(ADDRESS, firstname="Bill", lastname="Payer")

    order = place_order(replace(request(OrderLine(product.sku, D(1))), billing_address=billing))

    order = Order.objects.get(pk=order.pk)
    assert (order.customer_id, order.customer_firstname, order.customer_lastname) == (None, "Bill", "Payer")
    assert (order.customer_group_id, order.customer_is_guest) == (0, 1)
    assert list(order.addresses.values_list("customer_id", flat=True)) == [None, None]


def test_an_address_keeps_its_own_email_and_one_without_takes_the_orders():
    """Magento_Quote Model/Quote/Address/ToOrderAddress.php: the address's email, else the order's customer email;
    no shipping address given: the billing address is the shipping address (Model/QuoteManagement.php)."""
    product = make_product()
    billing = replace(ADDRESS, email="billing@example.com", firstname="Bill")

    order = place_order(replace(request(OrderLine(product.sku, D(1))), billing_address=billing, shipping_address=None))

    assert sorted(order.addresses.values_list("address_type", "email", "firstname")) == [
        ("billing", "billing@example.com", "Bill"), ("shipping", "billing@example.com", "Bill")
    ]
    other = place_order(request(OrderLine(product.sku, D(1))))
    assert set(other.addresses.values_list("email", flat=True)) == {"jdoe@example.com"}


def test_an_address_is_written_field_by_field():
    """Magento_Quote Model/Quote/Address/ToOrderAddress.php: each field of the address reaches the order address."""
    product = make_product()
    shipping = AddressData(
        firstname="Sam", lastname="Shipper", company="ACME", street=["1 Main St.", "Suite 2"], city="Austin",
        postcode="73301", country_id="US", telephone="512-555-0100", region="Texas", region_id=57, region_code="TX",
        customer_address_id=None,
    )

    order = place_order(replace(request(OrderLine(product.sku, D(1))), shipping_address=shipping))

    address = order.addresses.get(address_type="shipping")
    assert (address.firstname, address.lastname, address.company, address.street, address.city) == (
        "Sam", "Shipper", "ACME", "1 Main St.\nSuite 2", "Austin"
    )
    assert (address.region, address.region_id, address.region_code, address.postcode, address.country_id) == (
        "Texas", 57, "TX", "73301", "US"
    )
    assert (address.telephone, address.customer_address_id) == ("512-555-0100", None)


def test_a_virtual_order_has_no_shipping_address_method_or_amount():
    """Magento_Quote Model/QuoteManagement.php (a virtual quote has no shipping address) and Magento_Sales
    Model/Order.php (is_virtual): no shipping method, description or amount."""
    product = make_product(type_id=ProductType.VIRTUAL, price=D("12"))

    order = Order.objects.get(pk=place_order(request(OrderLine(product.sku, D(2)))).pk)

    assert (order.is_virtual, order.shipping_method, order.shipping_description) == (1, None, None)
    assert (order.shipping_amount, order.base_shipping_amount, order.grand_total) == (D(0), D(0), D(24))
    assert list(order.addresses.values_list("address_type", flat=True)) == ["billing"]
    assert list(order.items.values_list("product_type", "is_virtual")) == [("virtual", 1)]


def test_a_mixed_order_is_not_virtual_and_ships_only_its_physical_units():
    """Magento_OfflineShipping Model/Carrier/Flatrate.php (per item, virtual items do not count) and Magento_Quote
    Model/Quote.php isVirtual (every item virtual)."""
    virtual = make_product(type_id=ProductType.VIRTUAL, price=D("12"))
    simple = make_product(price=D("10"), weight=D("1.5"))

    order = place_order(request(OrderLine(virtual.sku, D(1)), OrderLine(simple.sku, D(2))))

    order = Order.objects.get(pk=order.pk)
    assert (order.is_virtual, order.shipping_method, order.shipping_description) == (
        0, "flatrate_flatrate", "Flat Rate - Fixed"
    )
    assert (order.subtotal, order.shipping_amount, order.shipping_incl_tax, order.grand_total) == (
        D(32), D(10), D(10), D(42)
    )
    assert (order.base_subtotal, order.base_shipping_amount, order.base_shipping_incl_tax, order.base_grand_total) == (
        D(32), D(10), D(10), D(42)
    )
    assert (order.total_qty_ordered, order.total_item_count, order.weight) == (D(3), 2, D(3))
    assert sorted(order.addresses.values_list("address_type", flat=True)) == ["billing", "shipping"]


def test_free_shipping_costs_nothing():
    """Magento_OfflineShipping Model/Carrier/Freeshipping.php."""
    product = make_product()

    order = place_order(replace(request(OrderLine(product.sku, D(2))), shipping_method="freeshipping_freeshipping"))

    assert (order.shipping_amount, order.grand_total, order.shipping_description) == (
        D(0), D(20), "Free Shipping - Free"
    )


def test_an_item_is_priced_rounded_weighed_and_discounted():
    """Magento_Sales Model/Order/Item.php (price, original_price, row_total, row_weight, discount_percent) and
    Magento_SalesRule's percent discount (row total x percent, rounded to the cent)."""
    product = make_product(price=D("10.005"), weight=D("2.5"))
    weightless = make_product(price=D("3"))

    order = place_order(
        replace(request(OrderLine(product.sku, D(3)), OrderLine(weightless.sku, D(1))), discount_percent=D("15"),
                discount_description="Fall sale", applied_rule_ids="7", quote_id=None)
    )

    item = order.items.get(sku=product.sku)
    assert (item.product_id, item.product_type, item.name, item.is_virtual) == (product.pk, "simple", product.name, 0)
    assert (item.price, item.base_price, item.original_price, item.base_original_price) == (
        D("10.01"), D("10.01"), D("10.005"), D("10.005")
    )
    assert (item.price_incl_tax, item.base_price_incl_tax) == (D("10.01"), D("10.01"))
    assert (item.row_total, item.base_row_total, item.row_total_incl_tax, item.base_row_total_incl_tax) == (
        D("30.03"), D("30.03"), D("30.03"), D("30.03")
    )
    assert (item.weight, item.row_weight, item.qty_ordered) == (D("2.5"), D("7.5"), D(3))
    assert (item.discount_percent, item.discount_amount, item.base_discount_amount) == (D(15), D("4.50"), D("4.50"))
    other = order.items.get(sku=weightless.sku)
    assert (other.weight, other.row_weight, other.discount_amount) == (None, None, D("0.45"))
    order = Order.objects.get(pk=order.pk)
    assert (order.discount_amount, order.base_discount_amount) == (D("-4.95"), D("-4.95"))
    assert (order.subtotal_incl_tax, order.base_subtotal_incl_tax) == (D("33.03"), D("33.03"))
    assert (order.grand_total, order.base_grand_total, order.weight) == (D("48.08"), D("48.08"), D("7.5"))
    assert (order.discount_description, order.applied_rule_ids) == ("Fall sale", "7")


def test_an_order_of_weightless_items_has_no_weight():
    """Magento_Sales Model/Order.php: weight stays null when no item has one."""
    product = make_product()

    assert Order.objects.get(pk=place_order(request(OrderLine(product.sku, D(1)))).pk).weight is None


def test_the_order_is_numbered_paid_for_noted_and_due_an_email():
    """Magento_Sales Model/Order/Payment.php (place: amount_ordered, shipping_amount), Model/OrderNotifier.php
    (the new-order email is due) and the status history's first row; the increment id is the entity id, 9 digits."""
    product = make_product()

    order = place_order(replace(request(OrderLine(product.sku, D(2))), payment_method="banktransfer", quote_id=None))

    order = Order.objects.get(pk=order.pk)
    assert order.increment_id == f"{order.pk:09d}"
    payment = OrderPayment.objects.get(parent=order)
    assert (payment.method, payment.amount_ordered, payment.base_amount_ordered) == ("banktransfer", D(30), D(30))
    assert (payment.shipping_amount, payment.base_shipping_amount) == (D(10), D(10))
    assert payment.additional_information == ["Bank Transfer Payment"]
    assert list(order.status_histories.values_list("comment", "status", "entity_name")) == [
        (None, "pending", "order")
    ]
    assert order.send_email == 1


def test_the_reservation_names_the_order_and_sums_the_skus_lines():
    """Magento_InventorySales Observer/SalesInventory/... AppendReservationsAfterOrderPlacement (one reservation a SKU,
    -qty, event order_placed with the order's id and increment id)."""
    product = make_product()

    order = place_order(request(OrderLine(product.sku, D(2)), OrderLine(product.sku, D("1.5"))))

    assert list(Reservation.objects.values_list(
        "sku", "quantity", "event_type", "object_type", "object_id", "object_increment_id"
    )) == [(product.sku, D("-3.5"), "order_placed", "order", str(order.pk), order.increment_id)]


def test_placing_inside_the_callers_transaction_refuses_when_there_is_none(monkeypatch):
    """Magento_Quote Model/QuoteManagement.php (submitQuote runs inside the caller's transaction): with no transaction
    open, place_order_in_transaction refuses and says why, before it writes anything (a test runs inside one, so
    the connection is made to say it has none)."""
    product = make_product()
    monkeypatch.setattr(transaction.get_connection(), "in_atomic_block", False)

    with pytest.raises(transaction.TransactionManagementError) as refused:
        place_order_in_transaction(request(OrderLine(product.sku, D(1))))

    monkeypatch.undo()
    assert str(refused.value) == "place_order_in_transaction needs the caller's transaction"
    assert Order.objects.count() == 0


def test_an_unknown_payment_method_is_refused_and_nothing_is_written():
    """Magento_Payment Model/MethodList.php / Magento_Quote Model/Quote/Payment.php importData."""
    product = make_product()

    with pytest.raises(PaymentMethodNotAvailable):
        place_order(replace(request(OrderLine(product.sku, D(1))), payment_method="paypal"))

    assert Order.objects.count() == 0


@pytest.mark.parametrize(("method", "parameters"), [
    ("ups_ground", ["ups", "ground"]), ("my_carrier_method", ["my", "carrier_method"]), (None, ["", ""])
])
def test_an_unknown_shipping_method_is_refused_with_its_carrier_and_method(method, parameters):
    """Magento_Quote Model/ShippingMethodManagement.php: "Carrier with such method not found: %1, %2"."""
    product = make_product()

    with pytest.raises(ShippingMethodNotAvailable) as refused:
        place_order(replace(request(OrderLine(product.sku, D(1))), shipping_method=method))

    assert refused.value.parameters == parameters
    assert Order.objects.count() == 0


def test_a_virtual_order_needs_no_shipping_method():
    """Magento_Quote Model/QuoteValidator.php: the shipping method is checked only when the quote is not virtual."""
    product = make_product(type_id=ProductType.VIRTUAL)

    order = place_order(replace(request(OrderLine(product.sku, D(1))), shipping_method="ups_ground"))

    assert order.shipping_method is None


@pytest.mark.parametrize("qty", [D(0), D(-1)])
def test_a_line_of_no_quantity_is_refused(qty):
    """Magento_InventorySales Model/IsProductSalableForRequestedQtyCondition: a quantity must be positive."""
    product = make_product()

    with pytest.raises(NotEnoughItemsForSale):
        place_order(request(OrderLine(product.sku, qty)))

    assert Order.objects.count() == 0


def test_a_line_of_an_unknown_sku_is_refused():
    """Magento_InventorySales: a SKU the catalog does not know is not salable."""
    with pytest.raises(NotEnoughItemsForSale):
        place_order(request(OrderLine("NO-SUCH-SKU", D(1))))


def test_the_products_the_caller_read_are_used():
    """Magento_Quote Model/QuoteManagement.php: the quote items carry their products (no second read)."""
    product = make_product(price=D("10"))
    read = Product.objects.get(pk=product.pk)
    read.price = D("7")

    order = place_order(replace(request(OrderLine(product.sku, D(1), quote_item_id=None)), products={product.sku: read}))

    assert order.items.get().price == D(7)


def test_an_order_too_big_for_its_columns_is_refused_on_the_last_quantity_asked():
    """Magento_Sales Model/ResourceModel (decimal(20,4) columns): Magento answers 400 'Invalid value of "%value"
    provided for the %fieldName field.' with the quantity asked for."""
    small = make_product(price=D("1"))
    big = make_product(price=D("999999999999"), quantity=D("100000"))

    with pytest.raises(InputError) as refused:
        place_order(request(OrderLine(small.sku, D(1)), OrderLine(big.sku, D("50000"))))

    assert (refused.value.message, refused.value.parameters) == (
        'Invalid value of "%value" provided for the %fieldName field.', {"value": "50000", "fieldName": "qty"}
    )
    assert Order.objects.count() == 0


def test_a_cart_whose_shipping_would_overflow_the_grand_total_is_refused_but_a_virtual_one_is_not():
    """Magento_Sales decimal(20,4) totals: the cart is checked as the order it would become, shipping included for
    its physical units (Magento_OfflineShipping Model/Carrier/Flatrate.php); a virtual cart has no shipping."""
    # The price fits the catalogue's decimal(20,6) (14 integer digits, PostgreSQL enforces it); 100 of it make a
    # row total of 9,999,999,999,999,996, which fits decimal(20,4); with the physical units' shipping it does not.
    top, units = D("99999999999999.96"), D(100)
    physical = make_product(price=top)
    virtual = make_product(price=top, type_id=ProductType.VIRTUAL)
    free = make_product(price=D(0), type_id=ProductType.VIRTUAL)

    check_cart_storable([(physical, units)], shipping_method=None, asked=units)
    check_cart_storable([(physical, units)], shipping_method="freeshipping_freeshipping", asked=units)
    check_cart_storable([(virtual, units), (free, D(1))], shipping_method="flatrate_flatrate", asked=units)
    with pytest.raises(InputError) as refused:
        check_cart_storable([(physical, units), (free, D(1))], shipping_method="flatrate_flatrate", asked=D("1.5"))
    assert (refused.value.message, refused.value.parameters) == (
        'Invalid value of "%value" provided for the %fieldName field.', {"value": "1.5", "fieldName": "qty"}
    )


def test_a_rows_half_cents_round_up():
    """Magento_Sales Model/Order/Item.php row totals and Magento_SalesRule's discount, rounded by PriceCurrency::round
    (PHP round(): half away from zero): 10.03 x 1.5 = 15.045 is 15.05, 10 % of it 1.505 is 1.51."""
    product = make_product(price=D("10.03"))

    order = place_order(replace(request(OrderLine(product.sku, D("1.5"))), discount_percent=D("10")))

    item = order.items.get()
    assert (item.row_total, item.base_row_total, item.discount_amount, item.base_discount_amount) == (
        D("15.05"), D("15.05"), D("1.51"), D("1.51")
    )


def test_a_sku_with_no_source_item_on_the_stock_is_not_salable():
    """Magento_InventorySales Model/GetProductSalableQty: a SKU the stock has no source item for has nothing to sell."""
    product = make_product(quantity=None)

    with pytest.raises(NotEnoughItemsForSale):
        place_order(request(OrderLine(product.sku, D(1))))

    assert Order.objects.count() == 0


def test_the_salable_quantity_checked_is_the_websites_stocks_not_another_stocks():
    """Magento_InventorySales Model/PlaceReservationsForSalesEvent and IsProductSalableForRequestedQtyCondition: the
    stock is the one assigned to the website (StockResolver); another stock's quantity does not count."""
    product = make_product(quantity=D(100))  # on the default source, Default Stock
    us_stock = Stock.objects.create(name="US Stock")
    us = Source.objects.create(source_code="us", name="US", country_id="US", postcode="10001")
    StockSourceLink.objects.create(stock=us_stock, source=us, priority=1)
    SourceItem.objects.create(product=product, source=us, quantity=D(1))
    SalesChannel.objects.filter(type="website", code="base").update(stock=us_stock)

    with pytest.raises(NotEnoughItemsForSale):
        place_order(request(OrderLine(product.sku, D(2))))

    order = place_order(request(OrderLine(product.sku, D(1))))
    assert list(Reservation.objects.values_list("stock_id", "object_id")) == [(us_stock.pk, str(order.pk))]


def _second_source(code: str, *, enabled: bool = True) -> Source:
    source = Source.objects.create(source_code=code, name=code, country_id="US", postcode="10001", enabled=enabled)
    StockSourceLink.objects.create(stock_id=SalesChannel.objects.get(code="base").stock_id, source=source, priority=2)
    return source


def test_the_guarded_reservation_counts_what_the_salable_quantity_counts():
    """inventory.reservations.append_reservations_if_salable, placement's one statement after the lock, sums as
    inventory.salable does (Magento_InventorySales GetProductSalableQty): in-stock items at enabled sources of the
    website's stock, plus the reservations; an out-of-stock item or a disabled source counts nothing. Sums are exact
    on SQLite too (0.7 + 0.1 covers 0.8)."""
    product = make_product(quantity=D("0.7"))
    SourceItem.objects.create(product=product, source=_second_source("east"), quantity=D("0.1"))
    SourceItem.objects.create(product=product, source=_second_source("off", enabled=False), quantity=D(50))
    SourceItem.objects.create(product=product, source=_second_source("west"), quantity=D(50),
                              status=SourceItem.Status.OUT_OF_STOCK)

    with pytest.raises(NotEnoughItemsForSale):
        place_order(request(OrderLine(product.sku, D("0.9"))))
    place_order(request(OrderLine(product.sku, D("0.8"))))

    assert Reservation.objects.get().quantity == D("-0.8")
    with pytest.raises(NotEnoughItemsForSale):  # the reservation counts
        place_order(request(OrderLine(product.sku, D("0.0001"))))


def test_one_short_sku_leaves_no_reservation_for_the_others():
    enough, short = make_product(quantity=D(5)), make_product(quantity=D(1))

    with pytest.raises(NotEnoughItemsForSale):
        place_order(request(OrderLine(enough.sku, D(1)), OrderLine(short.sku, D(2))))

    assert not Reservation.objects.exists()
    assert not Order.objects.exists()


def test_a_website_without_stock_is_refused_as_no_linked_stock():
    product = make_product()
    SalesChannel.objects.filter(type="website", code="base").delete()

    with pytest.raises(NoLinkedStock):
        place_order(request(OrderLine(product.sku, D(1))))

    assert not Order.objects.exists()


def test_the_orders_rows_are_written_as_the_orm_reads_them_back():
    """sales.placement.insert_rows (PostgreSQL: one statement of four INSERTs) leaves the instances with their keys,
    and the rows read back are the order's: items in line order, shipping then billing address, the payment, the
    first status."""
    first, second = make_product(price=D("3")), make_product(price=D("4"))

    order = place_order(request(OrderLine(first.sku, D(2)), OrderLine(second.sku, D(1))))

    items = list(order.items.order_by("pk").values_list("sku", "qty_ordered", "row_total", "order_id"))
    assert items == [(first.sku, D(2), D("6.00"), order.pk), (second.sku, D(1), D("4.00"), order.pk)]
    assert list(order.addresses.order_by("pk").values_list("address_type", "city")) == [
        ("shipping", ADDRESS.city), ("billing", ADDRESS.city)
    ]
    payment = OrderPayment.objects.get(parent=order)
    assert (payment.method, payment.amount_ordered, payment.additional_information) == (
        "checkmo", order.grand_total, ["Check / Money order"]
    )
    history = order.status_histories.get()
    assert (history.status, history.comment, history.entity_name, history.is_customer_notified,
            history.is_visible_on_front) == ("pending", None, "order", None, 0)
