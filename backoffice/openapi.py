"""Schema annotations for domain views whose request bodies the generator cannot see (wiring, like urls.py).

The views parse their bodies with an input serializer inside ``post``; these extensions name it, so the
OpenAPI document (and schemathesis) knows the body of the two document-creating POSTs and the token POST.
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiViewExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema

from backoffice.rest.views import CREDENTIALS
from sales.api.serializers import InvoiceOrderInputSerializer, ShipOrderInputSerializer


def _annotate_post(view_class: type, **kwargs: object) -> type:
    """A subclass whose ``post`` carries the annotation (the view's own function stays untouched)."""
    original = view_class.post  # type: ignore[attr-defined]

    def post(self: object, *args: object, **kw: object) -> object:
        return original(self, *args, **kw)

    post.__dict__.update({**original.__dict__, "kwargs": dict(getattr(original, "kwargs", {}))})
    return type(view_class.__name__, (view_class,), {"post": extend_schema(**kwargs)(post)})


class OrderInvoiceViewSchema(OpenApiViewExtension):
    target_class = "sales.api.views.OrderInvoiceView"

    def view_replacement(self) -> type:
        return _annotate_post(self.target, request=InvoiceOrderInputSerializer, responses={200: OpenApiTypes.INT})


class OrderShipViewSchema(OpenApiViewExtension):
    target_class = "sales.api.views.OrderShipView"

    def view_replacement(self) -> type:
        return _annotate_post(self.target, request=ShipOrderInputSerializer, responses={200: OpenApiTypes.INT})


class CustomerTokenViewSchema(OpenApiViewExtension):
    target_class = "sales.api.customers.CustomerTokenView"

    def view_replacement(self) -> type:
        return _annotate_post(self.target, request=CREDENTIALS, responses={200: OpenApiTypes.STR})
