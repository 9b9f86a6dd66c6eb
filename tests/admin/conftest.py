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
from sales.models import Order
from sales.placement import AddressData, OrderLine, PlaceOrderRequest, place_order

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
    """A pending check/money-order order placed through ``place_order`` (so it has its reservations), with
    billing and shipping addresses and one product per quantity at 10.00, free shipping (grand total = subtotal).

    Each product holds ``stock`` at the default source (so the order can ship), or exactly what the order takes.
    ``overrides`` are then written on the order row (dates, statuses, names a grid test sorts by).
    """
    n = next(_seq)
    products = [make_product(quantity=stock if stock is not None else qty) for qty in item_qtys]

    def address(firstname: str) -> AddressData:
        return AddressData(
            firstname=firstname, lastname=f"Person{n}", street=["6146 Honey Bluff Parkway"], city="Calder",
            region="Michigan", region_id=33, region_code="MI", postcode="49628-7978", country_id="US",
            telephone="(555) 229-3326",
        )

    order = place_order(
        PlaceOrderRequest(
            lines=[OrderLine(product.sku, Decimal(qty)) for product, qty in zip(products, item_qtys, strict=True)],
            billing_address=address("Bill"),
            shipping_address=address("Ship"),
            payment_method="checkmo",
            customer_email=f"customer{n}@example.com",
            shipping_method="freeshipping_freeshipping",
        )
    )
    Order.objects.filter(pk=order.pk).update(
        **{"customer_firstname": "Veronica", "customer_lastname": "Costello"} | overrides
    )
    return Order.objects.get(pk=order.pk)
