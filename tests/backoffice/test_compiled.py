"""backoffice.compiled: a query compiled once answers what the ORM answers, and statements sent together answer each
its own rows (one round trip on PostgreSQL). The checkout's reads built on it read the rows back as the ORM does."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from backoffice.compiled import ID_MARK, TEXT_MARK, CompiledQuery, columns_of, instance_of, rows_together
from catalog.models import Product
from checkout.exceptions import CartNotFound
from checkout.models import CartPriceRule, Quote, QuoteAddress, QuoteItem
from checkout.quotes import lock_and_load_cart
from customers.models import Customer
from tests.factories import make_product

pytestmark = pytest.mark.django_db

BY_SKU = CompiledQuery(lambda sku: Product.objects.filter(sku=sku).values_list(*columns_of(Product)), TEXT_MARK)


def test_a_compiled_query_answers_the_orms_rows_for_each_call():
    first, second = make_product(price=Decimal("12.5"), weight=Decimal("1.25")), make_product()

    for product in (first, second, first):
        assert BY_SKU.rows(product.sku) == list(
            Product.objects.filter(sku=product.sku).values_list(*columns_of(Product))
        )
    assert BY_SKU.rows("no such sku") == []


def test_an_instance_read_back_is_the_one_the_orm_loads():
    product = make_product(price=Decimal("12.5"), weight=Decimal("1.25"))

    loaded = instance_of(Product, BY_SKU.rows(product.sku)[0])

    expected = Product.objects.get(pk=product.pk)
    for field in Product._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.name
    assert loaded._state.adding is False
    assert loaded._state.db == "default"


def test_a_mark_the_query_does_not_use_is_refused():
    unused = CompiledQuery(lambda pk: Product.objects.values_list("pk"), ID_MARK)

    with pytest.raises(ValueError, match="marks not found"):
        unused.rows(1)


def test_statements_sent_together_answer_each_its_own_rows_in_one_round_trip_on_postgresql():
    first, second = make_product(), make_product()

    with CaptureQueriesContext(connection) as queries:
        together = rows_together((BY_SKU, [first.sku]), (BY_SKU, ["none"]), (BY_SKU, [second.sku]))

    assert together == [BY_SKU.rows(first.sku), [], BY_SKU.rows(second.sku)]
    assert len(queries) == (1 if connection.vendor == "postgresql" else 3)


def test_the_locked_cart_is_read_with_its_lines_addresses_and_rules_as_the_orm_reads_them():
    customer = Customer.objects.create(email="c@example.com", firstname="C", lastname="D")
    quote = Quote.objects.create(customer=customer)
    for product in (make_product(price=Decimal("3.5")), make_product()):
        QuoteItem.objects.create(quote=quote, product=product, qty=Decimal(2))
    QuoteAddress.objects.create(quote=quote, address_type="billing", city="Mineola", region_id=43)
    CartPriceRule.objects.create(name="r", discount_percent=Decimal(10), min_subtotal=Decimal(1), sort_order=2)
    CartPriceRule.objects.create(name="off", discount_percent=Decimal(5), min_subtotal=0, is_active=False)

    with transaction.atomic():
        loaded = lock_and_load_cart(quote.pk)

    assert (loaded.pk, loaded.customer.email, loaded.is_active) == (quote.pk, "c@example.com", True)
    assert [(i.pk, i.product.sku, i.product.price, i.qty, i.quote is loaded) for i in loaded.items.all()] == [
        (i.pk, i.product.sku, i.product.price, i.qty, True) for i in quote.items.select_related("product")
    ]
    assert [(a.pk, a.city, a.region_id) for a in loaded.addresses.all()] == list(
        quote.addresses.values_list("pk", "city", "region_id")
    )
    assert [rule.name for rule in loaded.active_rules] == ["r"]


def test_an_inactive_cart_is_not_found():
    quote = Quote.objects.create(is_active=False)

    with transaction.atomic(), pytest.raises(CartNotFound):
        lock_and_load_cart(quote.pk)
