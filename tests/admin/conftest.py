"""Object graphs for the admin tests, built with the ORM (plain functions, keyword overrides)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from itertools import count

import pytest
from django.contrib.auth.models import Permission
from pytest_django.fixtures import Settings

from catalog.models import Product
from inventory.models import DEFAULT_SOURCE_CODE, SourceItem
from sales.models import Order, OrderAddress, OrderPayment

_seq = count(1)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff_without(django_user_model: type) -> Callable[..., object]:
    """A staff user holding every permission but the named ones ("sales.view_invoice", "sales.change_invoice"): a
    page refusing them proves it is guarded by exactly those, not merely by some permission (a user with none passes
    any guard's test). Django's admin lets "change" imply "view", so a view guard is tested without both."""

    def make(*permissions: str) -> object:
        user = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
        held = Permission.objects.all()
        for permission in permissions:
            app_label, codename = permission.split(".")
            held = held.exclude(content_type__app_label=app_label, codename=codename)
        user.user_permissions.set(held)
        assert not any(user.has_perm(permission) for permission in permissions)
        return user

    return make


@pytest.fixture
def product_factory() -> Callable[..., Product]:
    return make_product


@pytest.fixture
def order_factory() -> Callable[..., Order]:
    return make_order


def make_product(*, quantity: Decimal | None = None, **overrides: object) -> Product:
    """A simple product; with ``quantity``, also its source item at the default source."""
    n = next(_seq)
    product = Product.objects.create(**{"sku": f"SKU-{n}", "name": f"Product {n}", "price": Decimal("10")} | overrides)
    if quantity is not None:
        SourceItem.objects.create(source_id=DEFAULT_SOURCE_CODE, product=product, quantity=quantity)
    return product


def make_order(
    *, item_qtys: tuple[Decimal, ...] = (Decimal("1"),), stock: Decimal | None = None, **overrides: object
) -> Order:
    """A pending check/money-order order with billing and shipping addresses and one item per quantity.

    With ``stock``, each item's product holds that quantity at the default source (so the order can ship).
    """
    n = next(_seq)
    price = Decimal("10")
    total = price * sum(item_qtys)
    order = Order.objects.create(
        **{
            "increment_id": f"{n:09d}",
            "customer_email": f"customer{n}@example.com",
            "customer_firstname": "Veronica",
            "customer_lastname": "Costello",
            "subtotal": total,
            "base_subtotal": total,
            "subtotal_incl_tax": total,
            "base_subtotal_incl_tax": total,
            "grand_total": total,
            "base_grand_total": total,
            "total_qty_ordered": sum(item_qtys),
            "total_item_count": len(item_qtys),
        }
        | overrides
    )
    for address_type, firstname in ((OrderAddress.Type.BILLING, "Bill"), (OrderAddress.Type.SHIPPING, "Ship")):
        order.addresses.create(
            address_type=address_type, firstname=firstname, lastname=f"Person{n}", street="6146 Honey Bluff Parkway",
            city="Calder", region="Michigan", postcode="49628-7978", country_id="US", telephone="(555) 229-3326",
        )
    OrderPayment.objects.create(
        parent=order, method=OrderPayment.Method.CHECKMO, amount_ordered=total, base_amount_ordered=total
    )
    for qty in item_qtys:
        product = make_product(quantity=stock)
        row_total = price * qty
        order.items.create(
            product_id=product.pk, sku=product.sku, name=product.name, qty_ordered=qty,
            price=price, base_price=price, original_price=price, base_original_price=price,
            price_incl_tax=price, base_price_incl_tax=price,
            row_total=row_total, base_row_total=row_total,
            row_total_incl_tax=row_total, base_row_total_incl_tax=row_total,
        )
    return order
