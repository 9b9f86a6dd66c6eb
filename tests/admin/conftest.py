"""Fixtures of the admin tests; their objects come from tests/factories (one factory set for every test)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from pytest_django.fixtures import Settings

from catalog.models import Product
from sales.models import Order
from tests import factories


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
    """``tests.factories.make_product`` with no stock unless ``quantity`` is given (the admin's product pages)."""
    return factories.make_product(quantity=quantity, **overrides)


# The admin tests' order (tests/factories/sales.py): placed through place_order, so it has its reservations.
make_order = factories.make_admin_order
