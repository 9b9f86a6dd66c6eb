"""Sales REST views (adapters: parse, call one domain function, render)."""

from __future__ import annotations

from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..exceptions import InvoiceNotFound
from ..invoicing import InvoiceLine, invoice_order
from ..models import Invoice, Order
from ..orders import get_order
from .filters import InvoiceFilter, OrderFilter
from .serializers import InvoiceOrderInputSerializer, InvoiceSerializer, OrderSerializer


class OrderListView(generics.ListAPIView):
    """GET /V1/orders?searchCriteria..."""

    acl_resource = "Magento_Sales::actions_view"
    permission_required = "sales.view_order"
    queryset = Order.objects.with_details()
    serializer_class = OrderSerializer
    filterset_class = OrderFilter


class OrderDetailView(generics.RetrieveAPIView):
    """GET /V1/orders/{id}"""

    acl_resource = "Magento_Sales::actions_view"
    permission_required = "sales.view_order"
    queryset = Order.objects.with_details()
    serializer_class = OrderSerializer
    lookup_url_kwarg = "order_id"
    filter_backends: list = []


class OrderInvoiceView(APIView):
    """POST /V1/order/{orderId}/invoice; answers the new invoice id."""

    acl_resource = "Magento_Sales::invoice"
    permission_required = "sales.add_invoice"

    def post(self, request: Request, store_code: str, order_id: int) -> Response:
        serializer = InvoiceOrderInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        comment = data["comment"] or {}
        invoice = invoice_order(
            get_order(order_id),
            items=[InvoiceLine(line["order_item_id"], line["qty"]) for line in data["items"]] or None,
            capture=data["capture"],
            notify=data["notify"],
            append_comment=data["append_comment"],
            comment=comment.get("comment") or None,
            comment_visible_on_front=bool(comment.get("is_visible_on_front")),
        )
        return Response(invoice.pk)


class InvoiceListView(generics.ListAPIView):
    """GET /V1/invoices?searchCriteria..."""

    acl_resource = "Magento_Sales::sales_invoice"
    permission_required = "sales.view_invoice"
    queryset = Invoice.objects.with_details()
    serializer_class = InvoiceSerializer
    filterset_class = InvoiceFilter


class InvoiceDetailView(generics.RetrieveAPIView):
    """GET /V1/invoices/{id}"""

    acl_resource = "Magento_Sales::sales_invoice"
    permission_required = "sales.view_invoice"
    queryset = Invoice.objects.with_details()
    serializer_class = InvoiceSerializer
    lookup_url_kwarg = "invoice_id"
    filter_backends: list = []

    def get_object(self) -> Invoice:
        try:
            return self.get_queryset().get(pk=self.kwargs["invoice_id"])
        except Invoice.DoesNotExist:
            raise InvoiceNotFound() from None
