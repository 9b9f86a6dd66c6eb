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
    target_class = "customers.api.customers.CustomerTokenView"

    def view_replacement(self) -> type:
        return _annotate_post(self.target, request=CREDENTIALS, responses={200: OpenApiTypes.STR})


# Bodies with integers bounded by their columns and strings the parser guards (issue 12): named here so that the
# schemathesis run generates real bodies for them (and its boundary mode has integers and strings to replace).
def _body_schema(target: str, request: type, response: object = OpenApiTypes.ANY) -> type:
    def view_replacement(self: OpenApiViewExtension) -> type:
        return _annotate_post(self.target, request=request, responses={200: response})

    name = target.rsplit(".", 1)[1] + "Schema"
    # match_subclasses: a cart view is mounted as one subclass per caller (checkout.api.urls.cart_routes).
    attributes = {"target_class": target, "view_replacement": view_replacement, "match_subclasses": True}
    return type(name, (OpenApiViewExtension,), attributes)


def _register_bodies() -> None:
    from checkout.api.serializers import ShippingInformationInputSerializer
    from customers.api.customers import CreateAccountInputSerializer
    from inventory.api.serializers import StockSaveInputSerializer, StockSourceLinksInputSerializer
    from sales.api.invoice_actions import InvoiceCommentEntitySerializer, InvoiceEntitySerializer
    from sales.api.serializers import InvoiceCommentSerializer, InvoiceSerializer

    _body_schema("customers.api.customers.CustomerCreateView", CreateAccountInputSerializer)
    _body_schema("checkout.api.carts.ShippingInformationView", ShippingInformationInputSerializer)
    _body_schema("inventory.api.views.stocks.StockListView", StockSaveInputSerializer, OpenApiTypes.INT)
    _body_schema("inventory.api.views.links.StockSourceLinkListView", StockSourceLinksInputSerializer)
    # Issue 13: InvoiceRepositoryInterface::save and InvoiceCommentRepositoryInterface::save.
    _body_schema("sales.api.invoice_actions.InvoiceListSaveView", InvoiceEntitySerializer, InvoiceSerializer)
    _body_schema("sales.api.invoice_actions.InvoiceCommentSaveView", InvoiceCommentEntitySerializer, InvoiceCommentSerializer)


_register_bodies()
