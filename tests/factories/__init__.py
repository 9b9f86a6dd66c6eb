"""The test factories, one module per app as django-oscar's ``oscar/test/factories/`` has them; re-exported here so
``from tests.factories import make_order`` works. Plain functions with keyword overrides (STYLE.md 10); documents
and orders go through the domain functions (``place_order``...), never straight to the database."""

from tests.factories.catalog import make_product
from tests.factories.checkout import make_guest_cart
from tests.factories.customers import PASSWORD, customer_address, make_customer
from tests.factories.inventory import make_reservation, make_source, make_source_item, make_stock
from tests.factories.sales import ADDRESS, make_admin_order, make_order

__all__ = [
    "ADDRESS", "PASSWORD", "customer_address", "make_admin_order", "make_customer", "make_guest_cart", "make_order",
    "make_product", "make_reservation", "make_source", "make_source_item", "make_stock",
]
