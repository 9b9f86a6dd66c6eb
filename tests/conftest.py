"""Shared fixtures: REST clients with Magento-style Bearer tokens, fast hashing, the tutorial's world."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.management import call_command
from rest_framework.test import APIClient

from backoffice.rest.tokens import create_admin_access_token


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A transactional test empties the database when it ends, taking the rows that data migrations wrote
    (the default source and stock, the permission groups) with it. Every transactional test therefore
    restores them at its start (serialized rollback), whatever ran before it."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        names = getattr(item, "fixturenames", [])
        transactional = (marker is not None and marker.kwargs.get("transaction")) or {
            "transactional_db", "live_server"} & set(names)
        if not transactional:
            continue
        if marker is not None:
            # pytest-django decides whether to serialize the test database from the marker alone (its
            # _get_databases_for_setup ignores the fixture on a marked test): without this, a module of marked
            # transactional tests run alone had nothing to restore after its first test.
            # Prepended: the closest marker is the item's first, so an appended one would lose to a test's own.
            item.add_marker(
                pytest.mark.django_db(*marker.args, **{**marker.kwargs, "serialized_rollback": True}), append=False
            )
        elif "django_db_serialized_rollback" not in names:
            names.append("django_db_serialized_rollback")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_sign_in_limiter() -> None:
    """Each test starts with empty sign-in rate counters (they live in the cache, not the database)."""
    cache.clear()


@pytest.fixture
def admin_token(admin_user) -> str:
    return create_admin_access_token("admin", "password")


@pytest.fixture
def rest_client(admin_token: str) -> APIClient:
    """An API client that sends a Magento-style admin Bearer token."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {admin_token}")
    return client


@pytest.fixture
def staff_client_with(django_user_model) -> Callable[..., APIClient]:
    """A client for a staff user holding only the given permissions ("app_label.codename")."""

    def make(*permissions: str) -> APIClient:
        user = django_user_model.objects.create_user("clerk", password="clerk-password", is_staff=True)
        for permission in permissions:
            app_label, codename = permission.split(".")
            user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {create_admin_access_token('clerk', 'clerk-password')}")
        return client

    return make


@pytest.fixture
def tutorial(db) -> None:
    """The tutorial's world up to step 9: sources, US Stock, products, Jane Doe and her placed order."""
    call_command("load_tutorial", stdout=io.StringIO())
