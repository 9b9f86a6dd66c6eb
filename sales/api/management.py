"""Magento_Sales' Order/Invoice/ShipmentManagementInterface routes (webapi.xml): the customer emails sent again,
the order's status, the invoice's comments.

- ``POST /V1/orders/{id}/emails``    OrderManagementInterface::notify            Magento_Sales::emails
- ``GET  /V1/orders/{id}/statuses``  OrderManagementInterface::getStatus         Magento_Sales::actions_view
- ``POST /V1/invoices/{id}/emails``  InvoiceManagementInterface::notify          Magento_Sales::sales_invoice
- ``GET  /V1/invoices/{id}/comments`` InvoiceManagementInterface::getCommentsList Magento_Sales::sales_invoice
- ``POST /V1/shipment/{id}/emails``  ShipmentManagementInterface::notify         Magento_Sales::shipment

Sending an email is a write (email_sent, the history's notified flag) that reaches the customer: it needs the
document's change permission, as Magento's admin asks for Magento_Sales::emails beside the document's resource.
The notify methods take only the id; a body is ignored, as Magento's ServiceInputProcessor ignores it.
"""

from __future__ import annotations

from django.urls import URLPattern, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.rest.routes import RouteView

from ..models import InvoiceComment
from ..orders import get_order, notify_invoice, notify_order, notify_shipment
from .acl import INVOICE_CHANGE, INVOICE_VIEW, ORDER_EMAIL, ORDER_VIEW, SHIPMENT_CHANGE
from .comments import CommentsView
from .serializers import InvoiceCommentSerializer


class OrderEmailView(RouteView):
    """POST /V1/orders/{id}/emails → true once the order email is on its way (it leaves on commit), false
    when it cannot be sent."""

    acl_by_method = {"POST": ORDER_EMAIL}

    @extend_schema(request=None, responses={200: OpenApiTypes.BOOL})
    def post(self, request: Request, store_code: str, order_id: int) -> Response:
        return Response(notify_order(order_id))


class OrderStatusView(RouteView):
    """GET /V1/orders/{id}/statuses → the order's status code as a JSON string, e.g. "processing"."""

    acl_by_method = {"GET": ORDER_VIEW}

    @extend_schema(responses={200: OpenApiTypes.STR})
    def get(self, request: Request, store_code: str, order_id: int) -> Response:
        return Response(get_order(order_id).status)


class InvoiceEmailView(RouteView):
    """POST /V1/invoices/{id}/emails → true once the invoice email is on its way, false when it cannot be sent."""

    acl_by_method = {"POST": INVOICE_CHANGE}

    @extend_schema(request=None, responses={200: OpenApiTypes.BOOL})
    def post(self, request: Request, store_code: str, invoice_id: int) -> Response:
        return Response(notify_invoice(invoice_id))


class InvoiceCommentsView(CommentsView):
    """GET /V1/invoices/{id}/comments → InvoiceCommentSearchResultInterface, one page of it.

    InvoiceService::getCommentsList reads no invoice: it searches the comments on parent_id, so an unknown
    invoice is an empty result, not a 404 (as GET /V1/orders/{id}/comments).
    """

    acl_by_method = {"GET": INVOICE_VIEW}
    serializer_class = InvoiceCommentSerializer
    model = InvoiceComment
    parent_kwarg = "invoice_id"


class ShipmentEmailView(RouteView):
    """POST /V1/shipment/{id}/emails → true once the shipment email is on its way, false when it cannot be sent."""

    acl_by_method = {"POST": SHIPMENT_CHANGE}

    @extend_schema(request=None, responses={200: OpenApiTypes.BOOL})
    def post(self, request: Request, store_code: str, shipment_id: int) -> Response:
        return Response(notify_shipment(shipment_id))


urlpatterns: list[URLPattern] = [
    path("orders/<id:order_id>/emails", OrderEmailView.as_view()),
    path("orders/<id:order_id>/statuses", OrderStatusView.as_view()),
    path("invoices/<id:invoice_id>/emails", InvoiceEmailView.as_view()),
    path("invoices/<id:invoice_id>/comments", InvoiceCommentsView.as_view()),
    path("shipment/<id:shipment_id>/emails", ShipmentEmailView.as_view()),
]
