"""Sales REST views (adapters: parse, call one domain function, render)."""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.rest.idempotency import idempotent
from backoffice.rest.routes import ListView, RetrieveView, RouteView, parse

from ..exceptions import InvoiceNotFound, OrderNotFound, ShipmentNotFound
from ..invoicing import InvoiceLine, invoice_order
from ..models import Invoice, Order, Shipment, ShipmentComment
from ..orders import get_document, order_ref
from ..shipping import ShipmentLine, Track, add_track, delete_track, ship_order
from .acl import INVOICE_VIEW, ORDER_INVOICE, ORDER_SHIP, ORDER_VIEW, SHIPMENT_VIEW, TRACK_ADD, TRACK_DELETE
from .comments import CommentsView
from .filters import InvoiceFilter, OrderFilter, ShipmentFilter
from .order_page import render_orders
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


class OrderListView(ListView):
    """GET /V1/orders?searchCriteria...: the page's ids by the criteria, then its orders rendered from their rows
    (order_page)."""

    acl_by_method = {"GET": ORDER_VIEW}
    queryset = Order.objects.order_by("pk")  # Magento lists in id order
    serializer_class = OrderSerializer
    filterset_class = OrderFilter

    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        ids = self.paginator.paginate_keys(self.filter_queryset(self.get_queryset()), self.request, view=self)
        return self.get_paginated_response(render_orders(ids))


class OrderDetailView(RetrieveView):
    """GET /V1/orders/{id}"""

    acl_by_method = {"GET": ORDER_VIEW}
    serializer_class = OrderSerializer

    def get_object(self) -> Order:
        return get_document(Order.objects.with_details(), self.kwargs["order_id"], OrderNotFound)


@idempotent
class OrderInvoiceView(RouteView):
    """POST /V1/order/{orderId}/invoice; answers the new invoice id."""

    acl_by_method = {"POST": ORDER_INVOICE}

    def post(self, request: Request, store_code: str, order_id: int) -> Response:
        data = parse(InvoiceOrderInputSerializer, request.data)
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


class InvoiceListView(ListView):
    """GET /V1/invoices?searchCriteria..."""

    acl_by_method = {"GET": INVOICE_VIEW}
    queryset = Invoice.objects.with_details().order_by("pk")
    serializer_class = InvoiceSerializer
    filterset_class = InvoiceFilter


class InvoiceDetailView(RetrieveView):
    """GET /V1/invoices/{id}"""

    acl_by_method = {"GET": INVOICE_VIEW}
    serializer_class = InvoiceSerializer

    def get_object(self) -> Invoice:
        return get_document(Invoice.objects.with_details(), self.kwargs["invoice_id"], InvoiceNotFound)


@idempotent
class OrderShipView(RouteView):
    """POST /V1/order/{orderId}/ship; answers the new shipment id."""

    acl_by_method = {"POST": ORDER_SHIP}

    def post(self, request: Request, store_code: str, order_id: int) -> Response:
        data = parse(ShipOrderInputSerializer, request.data)
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


class ShipmentListView(ListView):
    """GET /V1/shipments?searchCriteria..."""

    acl_by_method = {"GET": SHIPMENT_VIEW}
    queryset = Shipment.objects.with_details().order_by("pk")
    serializer_class = ShipmentSerializer
    filterset_class = ShipmentFilter


class ShipmentDetailView(RetrieveView):
    """GET /V1/shipment/{id}"""

    acl_by_method = {"GET": SHIPMENT_VIEW}
    serializer_class = ShipmentSerializer

    def get_object(self) -> Shipment:
        return get_document(Shipment.objects.with_details(), self.kwargs["shipment_id"], ShipmentNotFound)


class ShipmentCommentsView(CommentsView):
    """GET /V1/shipment/{id}/comments: ShipmentService::getCommentsList reads no shipment, it searches the comments
    on parent_id, so an unknown shipment (or id 0) is an empty result. One page, as every list."""

    acl_by_method = {"GET": SHIPMENT_VIEW}
    serializer_class = ShipmentCommentSerializer
    model = ShipmentComment
    parent_kwarg = "shipment_id"


class ShipmentTrackCreateView(RouteView):
    """POST /V1/shipment/track {"entity": {...}}: answers the saved track."""

    acl_by_method = {"POST": TRACK_ADD}

    def post(self, request: Request, store_code: str) -> Response:
        entity = parse(ShipmentTrackEntitySerializer, request.data)["entity"]
        track = add_track(
            entity["parent_id"],
            Track(entity["track_number"], entity["title"], entity["carrier_code"]),
            description=entity.get("description"),
        )
        return Response(ShipmentTrackSerializer(track).data)


class ShipmentTrackDeleteView(RouteView):
    """DELETE /V1/shipment/track/{id}: answers true."""

    acl_by_method = {"DELETE": TRACK_DELETE}

    def delete(self, request: Request, store_code: str, track_id: int) -> Response:
        delete_track(track_id)
        return Response(True)
