"""Sales factories: orders, always placed through the domain's ``place_order`` (so they have their reservations on
the stock, as a storefront order does), never written straight to the database."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from itertools import count

from catalog.models import Product
from sales.models import Order
from sales.placement import AddressData, OrderLine, PlaceOrderRequest, place_order
from tests.factories.catalog import make_product

_seq = count(1)

ADDRESS = AddressData(
    firstname="Jane", lastname="Doe", street=["160 1st St."], city="Mineola", postcode="11501", country_id="US",
    telephone="516-555-1111", region="New York", region_id=43, region_code="NY",
)


def make_order(
    *, item_qtys: Iterable[Decimal] = (Decimal("1"),), products: Iterable[Product] | None = None,
    stock: Decimal | None = Decimal("100"), discount_percent: Decimal = Decimal("0"), payment_method: str = "checkmo",
    shipping_method: str = "flatrate_flatrate", email: str = "jdoe@example.com",
    billing_address: AddressData = ADDRESS, shipping_address: AddressData = ADDRESS, **row: object,
) -> Order:
    """An order placed through ``place_order``: one line per quantity in ``item_qtys``, of ``products`` or of new
    products at 10.00 each holding ``stock`` at the default source (``None``: exactly what the order takes).

    ``email`` is the customer's at placement; ``row``: fields then written on the order row (dates, statuses, names
    a grid test sorts by, ``customer_email``...).
    """
    item_qtys = tuple(item_qtys)
    if products is None:
        products = [make_product(quantity=stock if stock is not None else Decimal(qty)) for qty in item_qtys]
    order = place_order(
        PlaceOrderRequest(
            lines=[OrderLine(p.sku, Decimal(q)) for p, q in zip(products, item_qtys, strict=True)],
            billing_address=billing_address,
            shipping_address=shipping_address,
            payment_method=payment_method,
            customer_email=email,
            shipping_method=shipping_method,
            discount_percent=discount_percent,
        )
    )
    if not row:
        return order
    Order.objects.filter(pk=order.pk).update(**row)
    return Order.objects.get(pk=order.pk)


def make_admin_order(*, item_qtys: Iterable[Decimal] = (Decimal("1"),), stock: Decimal | None = None,
                     **row: object) -> Order:
    """An order as the admin tests want it: Veronica Costello's (Magento's sample customer, so a grid search finds
    her), free shipping (grand total = subtotal), bill-to "Bill Person<n>" and ship-to "Ship Person<n>" and an email
    of its own (so grids sort and search orders apart), its products holding exactly what it takes unless ``stock``."""
    n = next(_seq)

    def address(firstname: str) -> AddressData:
        return AddressData(
            firstname=firstname, lastname=f"Person{n}", street=["6146 Honey Bluff Parkway"], city="Calder",
            region="Michigan", region_id=33, region_code="MI", postcode="49628-7978", country_id="US",
            telephone="(555) 229-3326",
        )

    return make_order(
        item_qtys=item_qtys, stock=stock, shipping_method="freeshipping_freeshipping",
        email=f"customer{n}@example.com", billing_address=address("Bill"), shipping_address=address("Ship"),
        **({"customer_firstname": "Veronica", "customer_lastname": "Costello"} | row),
    )
