"""Carts in the domain's words, without REST (Magento_Quote: Model/QuoteManagement.php createEmptyCartForCustomer,
Model/Quote/Item/CartItemPersister.php, Model/QuoteRepository.php getActive; Magento_OfflineShipping's flatrate;
Magento_SalesRule's percent-of-row discount): what a cart holds, what it costs, what is refused and left unwritten."""

from __future__ import annotations

from decimal import Decimal

import pytest

from backoffice.exceptions import InputError
from catalog.models import ProductStatus, ProductType
from checkout.exceptions import CartItemNotFound, CartNotFound, NoActiveCart, ProductNotAvailable
from checkout.models import CartPriceRule, Quote, QuoteItem
from checkout.quotes import (
    add_cart_item,
    collect_totals,
    create_cart,
    delete_cart_item,
    get_mine_cart,
    shipping_rates,
    update_cart_item,
)
from customers.customers import CustomerData, create_customer
from inventory.exceptions import NoLinkedStock, NotEnoughItemsForSale, ProductNotFound
from inventory.models import SalesChannel
from tests.factories import make_order, make_product

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def cart_id() -> int:
    customer = create_customer(CustomerData(email="jdoe@example.com", firstname="Jane", lastname="Doe"))
    return create_cart(customer).pk


def lines(cart_id: int) -> list[tuple[str, Decimal]]:
    return list(QuoteItem.objects.filter(quote_id=cart_id).order_by("pk").values_list("product__sku", "qty"))


def test_a_customer_has_one_active_cart_created_once():
    customer = create_customer(CustomerData(email="jdoe@example.com", firstname="Jane", lastname="Doe"))
    with pytest.raises(NoActiveCart):
        get_mine_cart(customer)

    first, again = create_cart(customer), create_cart(customer)

    assert first.pk == again.pk == get_mine_cart(customer).pk
    assert Quote.objects.filter(customer=customer).count() == 1
    assert (first.store_id, first.is_active) == (customer.store_id, True)


def test_adding_a_sku_twice_adds_the_quantities_on_one_line(cart_id: int):
    product = make_product(quantity=D(10))

    add_cart_item(cart_id, product.sku, D(2))
    item = add_cart_item(cart_id, product.sku, D(3))

    assert lines(cart_id) == [(product.sku, D(5))]
    assert item.qty == D(5)


def test_a_quantity_over_the_salable_quantity_is_refused_and_the_line_keeps_its_quantity(cart_id: int):
    """The check is against the salable quantity (source quantity less reservations), not the source's."""
    product = make_product(quantity=D(5))
    make_order(products=[product], item_qtys=[D(3)])  # reserves 3: 2 left to sell
    add_cart_item(cart_id, product.sku, D(1))

    with pytest.raises(NotEnoughItemsForSale):
        add_cart_item(cart_id, product.sku, D(2))  # 1 + 2 > 2

    assert lines(cart_id) == [(product.sku, D(1))]


@pytest.mark.parametrize("qty", [D(0), D(-1), D("1.5"), D("NaN")])
def test_a_quantity_that_is_not_a_positive_whole_number_is_refused(cart_id: int, qty: Decimal):
    product = make_product(quantity=D(10))

    with pytest.raises(InputError) as refused:
        add_cart_item(cart_id, product.sku, qty)

    assert refused.value.message == 'Invalid value of "%value" provided for the %fieldName field.'
    assert refused.value.parameters["fieldName"] == "qty"
    assert lines(cart_id) == []


def test_a_disabled_or_unknown_product_cannot_be_added(cart_id: int):
    disabled = make_product(quantity=D(10), status=ProductStatus.DISABLED)

    with pytest.raises(ProductNotAvailable):
        add_cart_item(cart_id, disabled.sku, D(1))
    with pytest.raises(ProductNotFound):
        add_cart_item(cart_id, "NO-SUCH-SKU", D(1))

    assert lines(cart_id) == []


def test_a_website_without_a_linked_stock_sells_nothing(cart_id: int):
    """The salable check reads the product, the website's stock and the quantity in one query; no stock linked to the
    website is still MSI's "No linked stock found" (StockResolver), for an add and for an update."""
    product = make_product(quantity=D(10))
    item = add_cart_item(cart_id, product.sku, D(1))
    SalesChannel.objects.filter(type=SalesChannel.Type.WEBSITE, code="base").delete()

    with pytest.raises(NoLinkedStock):
        add_cart_item(cart_id, product.sku, D(1))
    with pytest.raises(NoLinkedStock):
        update_cart_item(cart_id, item.pk, D(2))

    assert lines(cart_id) == [(product.sku, D(1))]


def test_updating_and_deleting_a_line(cart_id: int):
    product, other = make_product(quantity=D(10)), make_product(quantity=D(10))
    item = add_cart_item(cart_id, product.sku, D(1))
    add_cart_item(cart_id, other.sku, D(1))

    update_cart_item(cart_id, item.pk, D(4))
    with pytest.raises(NotEnoughItemsForSale):
        update_cart_item(cart_id, item.pk, D(11))
    delete_cart_item(cart_id, item.pk)
    with pytest.raises(CartItemNotFound):
        delete_cart_item(cart_id, item.pk)

    assert lines(cart_id) == [(other.sku, D(1))]


def test_a_cart_turned_into_an_order_takes_no_more_items(cart_id: int):
    Quote.objects.filter(pk=cart_id).update(is_active=False)

    with pytest.raises(CartNotFound):
        add_cart_item(cart_id, make_product(quantity=D(10)).sku, D(1))


def test_the_flat_rate_counts_physical_items_only_and_a_virtual_cart_has_no_rate(cart_id: int):
    physical = make_product(quantity=D(10))
    virtual = make_product(quantity=D(10), type_id=ProductType.VIRTUAL)
    add_cart_item(cart_id, virtual.sku, D(2))
    assert shipping_rates(Quote.objects.get(pk=cart_id)) == []

    add_cart_item(cart_id, physical.sku, D(3))

    [rate] = shipping_rates(Quote.objects.get(pk=cart_id))
    assert (rate.code, rate.description, rate.amount) == ("flatrate_flatrate", "Flat Rate - Fixed", D(15))


def test_totals_apply_the_first_rule_the_subtotal_reaches_per_row_rounded_to_the_cent(cart_id: int):
    """20 % off from 200 (the tutorial's rule 3); 10 % from 50 sorts later and is not taken."""
    CartPriceRule.objects.create(name="20% over 200", discount_percent=D(20), min_subtotal=D(200), sort_order=1)
    CartPriceRule.objects.create(name="10% over 50", discount_percent=D(10), min_subtotal=D(50), sort_order=2)
    product = make_product(quantity=D(100), price=D("33.333"))
    add_cart_item(cart_id, product.sku, D(3))  # 33.33 x 3 = 99.99: only the 10 % rule
    small = collect_totals(Quote.objects.get(pk=cart_id), shipping_method="flatrate_flatrate")

    add_cart_item(cart_id, product.sku, D(4))  # 7 x 33.33 = 233.31: the 20 % rule
    big = collect_totals(Quote.objects.get(pk=cart_id), shipping_method="flatrate_flatrate")

    assert (small.subtotal, small.discount, small.shipping, small.grand_total) == (
        D("99.99"), D("10.00"), D(15), D("104.99"))
    assert small.rule.name == "10% over 50"
    assert (big.subtotal, big.discount, big.shipping, big.grand_total) == (
        D("233.31"), D("46.66"), D(35), D("221.65"))
    assert big.rule.name == "20% over 200"
    assert big.items_qty == D(7)
