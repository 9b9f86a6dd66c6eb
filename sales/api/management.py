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

from django.db.models import QuerySet
from django.urls import URLPattern, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backoffice.rest.search_criteria import SearchCriteria, parent_search_criteria

from ..models import InvoiceComment
from ..orders import get_order, notify_invoice, notify_order, notify_shipment
from .serializers import InvoiceCommentSerializer

SALES_INVOICE = "Magento_Sales::sales_invoice"

class OrderEmailView(APIView):
    """POST /V1/orders/{id}/emails → true once the order email is on its way (it leaves on commit), false
    when it cannot be sent."""

    acl_resource = "Magento_Sales::emails"
    permission_required = "sales.change_order"

    @extend_schema(request=None, responses={200: OpenApiTypes.BOOL})
    def post(self, request: Request, store_code: str, order_id: int) -> Response:
        return Response(notify_order(order_id))


class OrderStatusView(APIView):
    """GET /V1/orders/{id}/statuses → the order's status code as a JSON string, e.g. "processing"."""

    acl_resource = "Magento_Sales::actions_view"
    permission_required = "sales.view_order"

    @extend_schema(responses={200: OpenApiTypes.STR})
    def get(self, request: Request, store_code: str, order_id: int) -> Response:
        return Response(get_order(order_id).status)


class InvoiceEmailView(APIView):
    """POST /V1/invoices/{id}/emails → true once the invoice email is on its way, false when it cannot be sent."""

    acl_resource = SALES_INVOICE
    permission_required = "sales.change_invoice"

    @extend_schema(request=None, responses={200: OpenApiTypes.BOOL})
    def post(self, request: Request, store_code: str, invoice_id: int) -> Response:
        return Response(notify_invoice(invoice_id))


class InvoiceCommentsView(generics.ListAPIView):
    """GET /V1/invoices/{id}/comments → InvoiceCommentSearchResultInterface, one page of it.

    InvoiceService::getCommentsList reads no invoice: it searches the comments on parent_id, so an unknown
    invoice is an empty result, not a 404 (as GET /V1/orders/{id}/comments).
    """

    acl_resource = SALES_INVOICE
    permission_required = "sales.view_invoice"
    serializer_class = InvoiceCommentSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[InvoiceComment]:
        return InvoiceComment.objects.filter(parent_id=self.kwargs["invoice_id"]).order_by("pk")

    def search_criteria(self, request: Request) -> SearchCriteria:
        return parent_search_criteria(request, self.kwargs["invoice_id"])


class ShipmentEmailView(APIView):
    """POST /V1/shipment/{id}/emails → true once the shipment email is on its way, false when it cannot be sent."""

    acl_resource = "Magento_Sales::shipment"
    permission_required = "sales.change_shipment"

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
