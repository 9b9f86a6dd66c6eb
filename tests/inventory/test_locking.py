"""Concurrency: source-item locks serialise inventory writers (PostgreSQL only; SQLite ignores FOR UPDATE)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection

from backoffice.exceptions import DomainError
from catalog.models import Product
from inventory.bulk import TransferItem, bulk_partial_transfer
from inventory.products import delete_product_with_stock
from sales.placement import OrderLine, PlaceOrderRequest, place_order
from tests.concurrency import run_concurrently
from tests.factories import ADDRESS, make_product
from tests.inventory.world import make_source, put, quantities

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),  # keeps the default source and stock
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs SELECT ... FOR UPDATE (PostgreSQL)"),
]




def test_parallel_partial_transfers_never_overdraw_the_origin():
    make_source("origin")
    make_source("target")
    make_product(sku="SKU-T", quantity=None)
    put("SKU-T", "origin", 10)
    put("SKU-T", "target", 0)

    results = run_concurrently([lambda: bulk_partial_transfer("origin", "target", [TransferItem("SKU-T", Decimal(4))])] * 6)

    assert sum(result is None for result in results) == 2
    assert quantities("SKU-T") == {"origin": (Decimal(2), 1), "target": (Decimal(8), 1)}


def test_a_product_is_never_deleted_under_an_order_reserving_it():
    make_product(sku="SKU-R", quantity=Decimal(5))
    order = PlaceOrderRequest(lines=[OrderLine("SKU-R", Decimal(1))], billing_address=ADDRESS,
                              shipping_address=ADDRESS, payment_method="checkmo", customer_email="a@example.com")

    results = run_concurrently([lambda: place_order(order), lambda: delete_product_with_stock("SKU-R")])

    placed, deleted = results
    # Either the order reserved first (the deletion is refused) or the product went first (the order is refused).
    assert isinstance(placed, DomainError) != isinstance(deleted, DomainError)
    assert Product.objects.filter(sku="SKU-R").exists() == isinstance(deleted, DomainError)
