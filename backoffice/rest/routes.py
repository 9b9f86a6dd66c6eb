"""The one way to write a REST route: declare its ACL per method, parse its body, answer one entity or one page.

- ``acl_by_method = {"GET": (resource, permission), ...}`` on a ``RouteView`` (or a ``RetrieveView`` /
  ``ListView``), as Magento's webapi.xml declares a resource per route and method; a method not listed is closed
  (acl.acl_of). ``Acl`` constants name the pairs once per module.
  ``ANONYMOUS_ACL`` and ``SELF_ACL`` are Magento's ``anonymous`` and ``self`` (no Django permission).
- ``parse(SerializerClass, request.data)``: the validated body, or Magento's 400 (errors.validation_error).
- ``RetrieveView``: GET one entity, found by ``get_object`` (which raises the domain's not-found error).
- ``ListView``: GET a search result (searchCriteria filters on the ``filterset_class`` allowlist, sort orders,
  one page), over a ``queryset`` that loads every relation the serializer reads (constant queries).
- ``ChildListView``: the list a getCommentsList builds itself: the rows whose ``parent_id`` is the path's id, one
  page (search_criteria.parent_search_criteria).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Model, QuerySet
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.views import APIView

from .acl import ANONYMOUS, SELF
from .errors import validation_error
from .search_criteria import SearchCriteria, parent_search_criteria

Acl = tuple[str, str | None]  # (Magento ACL resource, the Django permission that grants it)
ANONYMOUS_ACL: Acl = (ANONYMOUS, None)
SELF_ACL: Acl = (SELF, None)


def parse(serializer_class: type[serializers.Serializer], data: object, **kwargs: Any) -> dict:
    """The body bound by ``serializer_class`` (its ``validated_data``); an invalid body raises Magento's required-
    field / invalid-value error (one, or the aggregate of several), as the exception handler renders it."""
    return bind(serializer_class, data, **kwargs).validated_data


def bind(serializer_class: type[serializers.Serializer], data: object, **kwargs: Any) -> serializers.Serializer:
    """``parse`` for a serializer whose own methods read the bound body (``serializer.refund_kwargs()``)."""
    serializer = serializer_class(data=data, **kwargs)
    try:
        serializer.is_valid(raise_exception=True)
    except ValidationError as exc:
        raise validation_error(exc.detail, data) from None
    return serializer


def every_method(view: type, acl: Acl) -> dict[str, Acl]:
    """``acl_by_method`` for a route whose every method needs the same resource (a cart route mounted once per
    caller, each caller with its own resource: checkout.api.urls.cart_routes)."""
    return {method.upper(): acl for method in ("get", "post", "put", "delete") if hasattr(view, method)}


class RouteView(APIView):
    """A route: ``acl_by_method`` names the ACL resource and Django permission of each method it serves."""

    acl_by_method: ClassVar[dict[str, Acl]] = {}


class RetrieveView(RouteView, generics.RetrieveAPIView):
    """GET one entity: ``serializer_class`` renders what ``get_object`` finds (or its not-found error)."""

    filter_backends: ClassVar[list] = []

    def get_object(self) -> Model:
        raise NotImplementedError


class ListView(RouteView, generics.ListAPIView):
    """GET a Magento search result over ``queryset`` with ``filterset_class`` as the searchCriteria allowlist;
    ``search_criteria_optional = True`` where the service's searchCriteria parameter defaults to null."""


class ChildListView(ListView):
    """GET the rows of ``model`` whose ``parent_id`` is the path's ``parent_kwarg``: Magento's getCommentsList
    reads no parent, so an unknown parent is an empty result. One page, as every list."""

    model: ClassVar[type[Model]]
    parent_kwarg: ClassVar[str]
    filter_backends: ClassVar[list] = []

    def get_queryset(self) -> QuerySet:
        return self.model.objects.filter(parent_id=self.kwargs[self.parent_kwarg]).order_by("pk")

    def search_criteria(self, request: Request) -> SearchCriteria:
        return parent_search_criteria(request, self.kwargs[self.parent_kwarg])
