"""The one way to write a route (backoffice/rest/routes.py): ACL per method, parse(), the retrieve/list bases.

Magento declares a route's ACL per route and method (vendor/magento/module-sales/etc/webapi.xml, e.g.
``<route url="/V1/creditmemo/:id/comments" method="GET">`` with Magento_Sales::sales_creditmemo) and answers an
invalid body with its 400 (Webapi\\ServiceInputProcessor): both hold for every route written with routes.py.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework import serializers
from rest_framework.views import APIView

from backoffice.exceptions import AGGREGATE_INPUT_MESSAGE, InputError, RequiredFieldError
from backoffice.rest.acl import acl_of
from backoffice.rest.routes import RouteView, every_method, parse

OLD_DIALECT = ("acl_resource", "permission_required")  # one resource for every method: gone (issue 20)


def _views() -> list[type]:
    found: list[type] = []

    def walk(patterns: list) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and getattr(pattern.callback, "view_class", None):
                found.append(pattern.callback.view_class)

    walk(get_resolver().url_patterns)
    return found


def _rest_views() -> list[type]:
    return [view for view in _views() if issubclass(view, APIView)]


def test_every_rest_route_is_a_route_view_declaring_its_acl_per_method() -> None:
    views = _rest_views()
    modules = {view.__module__.split(".")[0] for view in views}
    assert len(views) > 150
    assert {"sales", "inventory", "customers", "checkout", "catalog", "backoffice", "asynchronous_operations"} <= modules
    for view in views:
        assert issubclass(view, RouteView), view
        assert not any(name in vars(klass) for klass in view.__mro__ for name in OLD_DIALECT), view
        served = {method.upper() for method in ("get", "post", "put", "delete") if hasattr(view, method)}
        assert set(view.acl_by_method) == served, view


def test_the_old_dialect_opens_nothing() -> None:
    """acl.acl_of reads acl_by_method only: a view declaring ``acl_resource`` (the dialect every route has left)
    is closed, not served with that resource."""

    class OldDialect(APIView):
        acl_resource = "anonymous"
        permission_required = None

        def get(self) -> None: ...

    assert acl_of(OldDialect, "GET") == (None, None)


class _Body(serializers.Serializer):
    qty = serializers.IntegerField()
    sku = serializers.CharField()


def test_parse_answers_the_validated_body() -> None:
    assert parse(_Body, {"qty": "3", "sku": "24-MB01"}) == {"qty": 3, "sku": "24-MB01"}


def test_parse_raises_magentos_required_field_error() -> None:
    with pytest.raises(RequiredFieldError) as raised:
        parse(_Body, {"qty": 3})
    assert raised.value.parameters == {"fieldName": "sku"}


def test_parse_raises_magentos_aggregate_error_for_several_fields() -> None:
    with pytest.raises(InputError) as raised:
        parse(_Body, {"qty": "x"})
    assert raised.value.message == AGGREGATE_INPUT_MESSAGE
    assert [error.parameters for error in raised.value.errors] == [
        {"value": "x", "fieldName": "qty"},
        {"fieldName": "sku"},
    ]


def test_every_method_lists_the_methods_a_view_serves() -> None:
    class View(RouteView):
        def get(self) -> None: ...
        def put(self) -> None: ...

    assert every_method(View, ("Magento_Cart::manage", "checkout.change_quote")) == {
        "GET": ("Magento_Cart::manage", "checkout.change_quote"),
        "PUT": ("Magento_Cart::manage", "checkout.change_quote"),
    }
