"""place_order's checks, to the line: the details the other placement tests leave out, found by `make mutate`
(README "Mutation testing").

Contracts: Magento_InventorySales Model/IsProductSalableForRequestedQtyCondition/IsSalableWithReservationsCondition.php
and Plugin/StockState/CheckQuoteItemQtyPlugin.php (the quantities of one SKU over the quote's items are checked
together against its salable quantity), Magento_Quote Model/QuoteManagement.php (submit)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from inventory.exceptions import NotEnoughItemsForSale
from sales.models import Order
from sales.placement import OrderLine, PlaceOrderRequest, place_order
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
