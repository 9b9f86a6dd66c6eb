"""Plain factory functions with keyword overrides (STYLE.md 10)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from itertools import count

from catalog.models import Product, ProductType
from inventory.models import DEFAULT_SOURCE_CODE, SourceItem
from sales.models import Order
from sales.placement import AddressData, OrderLine, PlaceOrderRequest, place_order

_seq = count(1)

ADDRESS = AddressData(
    firstname="Jane", lastname="Doe", street=["160 1st St."], city="Mineola", postcode="11501", country_id="US",
    telephone="516-555-1111", region="New York", region_id=43, region_code="NY",
)


def make_product(*, quantity: Decimal | None = Decimal("100"), source_code: str = DEFAULT_SOURCE_CODE,
                 **overrides: object) -> Product:
    """A product with ``quantity`` at ``source_code`` (the default source, on Default Stock)."""
    n = next(_seq)
    fields = {"sku": f"SKU-{n}", "name": f"Product {n}", "price": Decimal("10"), "type_id": ProductType.SIMPLE}
    product = Product.objects.create(**(fields | overrides))
    if quantity is not None:
        SourceItem.objects.create(product=product, source_id=source_code, quantity=quantity)
    return product


def make_order(
    *, item_qtys: Iterable[Decimal] = (Decimal("1"),), products: Iterable[Product] | None = None,
    discount_percent: Decimal = Decimal("0"), payment_method: str = "checkmo",
) -> Order:
    """An order placed through the real placement code (reservations included)."""
    products = list(products) if products is not None else [make_product() for _ in item_qtys]
    return place_order(
        PlaceOrderRequest(
            lines=[OrderLine(p.sku, Decimal(q)) for p, q in zip(products, item_qtys, strict=True)],
            billing_address=ADDRESS,
            shipping_address=ADDRESS,
            payment_method=payment_method,
            customer_email="jdoe@example.com",
            discount_percent=discount_percent,
        )
    )
