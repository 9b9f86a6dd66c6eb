"""Sales REST views (adapters: parse, call one domain function, render)."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backoffice.rest.idempotency import idempotent
from backoffice.rest.search_criteria import SearchCriteria, parent_search_criteria

from ..exceptions import InvoiceNotFound, OrderNotFound, ShipmentNotFound
from ..invoicing import InvoiceLine, invoice_order
from ..models import Invoice, Order, Shipment, ShipmentComment
from ..orders import get_document, order_ref
from ..shipping import ShipmentLine, Track, add_track, delete_track, ship_order
from .filters import InvoiceFilter, OrderFilter, ShipmentFilter
from .serializers import (
    InvoiceOrderInputSerializer,
    InvoiceSerializer,
    OrderSerializer,
    ShipmentCommentSerializer,
    ShipmentSerializer,
    ShipmentTrackEntitySerializer,
    ShipmentTrackSerializer,
    ShipOrderInputSerializer,
)


class OrderListView(generics.ListAPIView):
    """GET /V1/orders?searchCriteria..."""

    acl_resource = "Magento_Sales::actions_view"
    permission_required = "sales.view_order"
    queryset = Order.objects.with_details().order_by("pk")  # Magento lists in id order
    serializer_class = OrderSerializer
    filterset_class = OrderFilter


class OrderDetailView(generics.RetrieveAPIView):
    """GET /V1/orders/{id}"""

    acl_resource = "Magento_Sales::actions_view"
    permission_required = "sales.view_order"
    serializer_class = OrderSerializer
    filter_backends: list = []

    def get_object(self) -> Order:
        return get_document(Order.objects.with_details(), self.kwargs["order_id"], OrderNotFound)


@idempotent
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
            order_ref(order_id),
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
    queryset = Invoice.objects.with_details().order_by("pk")
    serializer_class = InvoiceSerializer
    filterset_class = InvoiceFilter


class InvoiceDetailView(generics.RetrieveAPIView):
    """GET /V1/invoices/{id}"""

    acl_resource = "Magento_Sales::sales_invoice"
    permission_required = "sales.view_invoice"
    serializer_class = InvoiceSerializer
    filter_backends: list = []

    def get_object(self) -> Invoice:
        return get_document(Invoice.objects.with_details(), self.kwargs["invoice_id"], InvoiceNotFound)


@idempotent
class OrderShipView(APIView):
    """POST /V1/order/{orderId}/ship; answers the new shipment id."""

    acl_resource = "Magento_Sales::ship"
    permission_required = "sales.add_shipment"

    def post(self, request: Request, store_code: str, order_id: int) -> Response:
        serializer = ShipOrderInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        comment = data["comment"] or {}
        arguments = (data["arguments"] or {}).get("extension_attributes") or {}
        shipment = ship_order(
            order_ref(order_id),
            items=[ShipmentLine(line["order_item_id"], line["qty"]) for line in data["items"]] or None,
            source_code=arguments.get("source_code") or None,
            notify=data["notify"],
            append_comment=data["append_comment"],
            comment=comment.get("comment") or None,
            comment_visible_on_front=bool(comment.get("is_visible_on_front")),
            tracks=[Track(**track) for track in data["tracks"]],
            packages=data["packages"],
        )
        return Response(shipment.pk)


class ShipmentListView(generics.ListAPIView):
    """GET /V1/shipments?searchCriteria..."""

    acl_resource = "Magento_Sales::shipment"
    permission_required = "sales.view_shipment"
    queryset = Shipment.objects.with_details().order_by("pk")
    serializer_class = ShipmentSerializer
    filterset_class = ShipmentFilter


class ShipmentDetailView(generics.RetrieveAPIView):
    """GET /V1/shipment/{id}"""

    acl_resource = "Magento_Sales::shipment"
    permission_required = "sales.view_shipment"
    serializer_class = ShipmentSerializer
    filter_backends: list = []

    def get_object(self) -> Shipment:
        return get_document(Shipment.objects.with_details(), self.kwargs["shipment_id"], ShipmentNotFound)


class ShipmentCommentsView(generics.ListAPIView):
    """GET /V1/shipment/{id}/comments: ShipmentService::getCommentsList reads no shipment, it searches the comments
    on parent_id, so an unknown shipment (or id 0) is an empty result. One page, as every list."""

    acl_resource = "Magento_Sales::shipment"
    permission_required = "sales.view_shipment"
    serializer_class = ShipmentCommentSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[ShipmentComment]:
        return ShipmentComment.objects.filter(parent_id=self.kwargs["shipment_id"]).order_by("pk")

    def search_criteria(self, request: Request) -> SearchCriteria:
        return parent_search_criteria(request, self.kwargs["shipment_id"])


class ShipmentTrackCreateView(APIView):
    """POST /V1/shipment/track {"entity": {...}}: answers the saved track."""

    acl_resource = "Magento_Sales::shipment"
    permission_required = "sales.add_shipmenttrack"

    def post(self, request: Request, store_code: str) -> Response:
        serializer = ShipmentTrackEntitySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entity = serializer.validated_data["entity"]
        track = add_track(
            entity["parent_id"],
            Track(entity["track_number"], entity["title"], entity["carrier_code"]),
            description=entity.get("description"),
        )
        return Response(ShipmentTrackSerializer(track).data)


class ShipmentTrackDeleteView(APIView):
    """DELETE /V1/shipment/track/{id}: answers true."""

    acl_resource = "Magento_Sales::shipment"
    permission_required = "sales.delete_shipmenttrack"

    def delete(self, request: Request, store_code: str, track_id: int) -> Response:
        delete_track(track_id)
        return Response(True)
