"""A shipment through its repository (Magento_Sales webapi.xml, all Magento_Sales::shipment):

- ``POST /V1/shipment/``              ShipmentRepositoryInterface::save          sales.add_shipment
- ``POST /V1/shipment/{id}/comments`` ShipmentCommentRepositoryInterface::save   sales.add_shipmentcomment
  (the path of ``GET /V1/shipment/{id}/comments``, one view with one ACL declaration per method)
- ``GET  /V1/shipment/{id}/label``    ShipmentManagementInterface::getLabel      sales.view_shipment

Adapters: bind the body as Magento's ServiceInputProcessor does, call one domain function (sales/shipments.py),
render Magento's data interface.
"""

from __future__ import annotations

from django.urls import URLPattern, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.rest.idempotency import idempotent
from backoffice.rest.routes import RouteView, parse
from backoffice.rest.serializers import MagentoInputSerializer

from ..models import Shipment, ShipmentComment, ShipmentItem, ShipmentTrack
from ..shipments import (
    ShipmentCommentData,
    ShipmentItemData,
    ShipmentTrackData,
    add_shipment_comment,
    get_shipment_label,
    save_shipment,
)
from .acl import SHIPMENT_ADD, SHIPMENT_COMMENT, SHIPMENT_VIEW
from .comments import CommentSaveView, DocumentCommentInputSerializer
from .invoice_actions import _amounts, _bounded, _integers, _texts
from .serializers import ShipmentCommentSerializer, ShipmentSerializer
from .views import ShipmentCommentsView


class ShipmentCommentInputSerializer(DocumentCommentInputSerializer):
    """ShipmentCommentInterface as a client sends it."""

    interface = "Magento\\Sales\\Api\\Data\\ShipmentCommentInterface"
    model = ShipmentComment


def _comment_data(data: dict) -> ShipmentCommentData:
    return ShipmentCommentData(
        comment=data["comment"],
        is_customer_notified=bool(data["is_customer_notified"]),
        is_visible_on_front=bool(data["is_visible_on_front"]),
        entity_id=data["entity_id"],
    )


class ShipmentCommentEntitySerializer(MagentoInputSerializer):
    """The body of POST /V1/shipment/{id}/comments (ShipmentCommentRepositoryInterface::save's parameter)."""

    interface = "Magento\\Sales\\Api\\ShipmentCommentRepositoryInterface"
    entity = ShipmentCommentInputSerializer()


class ShipmentItemInputSerializer(MagentoInputSerializer):
    """ShipmentItemInterface (with LineItemInterface): ``order_item_id`` and ``qty`` are read, the rest is the
    order item's."""

    interface = "Magento\\Sales\\Api\\Data\\ShipmentItemInterface"
    model = ShipmentItem
    order_item_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    qty = serializers.DecimalField(max_digits=12, decimal_places=4, required=False, allow_null=True, default=None)
    extension_attributes = serializers.DictField(required=False)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = {
            **_texts("additional_data", "description", "name", "sku"),
            **_integers("entity_id", "parent_id", "product_id"),
            **_amounts("price", "row_total", "weight"),
        }
        return {**_bounded(self.model, fields), **super().get_fields()}


class ShipmentTrackInputSerializer(MagentoInputSerializer):
    """ShipmentTrackInterface inside a shipment (its parent_id is the shipment being saved)."""

    interface = "Magento\\Sales\\Api\\Data\\ShipmentTrackInterface"
    model = ShipmentTrack
    order_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    track_number = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, default=None, max_length=65535
    )
    carrier_code = serializers.CharField(required=False, allow_null=True, allow_blank=True, default=None, max_length=32)
    title = serializers.CharField(required=False, allow_null=True, allow_blank=True, default=None, max_length=255)
    description = serializers.CharField(required=False, allow_null=True, allow_blank=True, default=None)
    weight = serializers.DecimalField(max_digits=12, decimal_places=4, required=False, allow_null=True, default=None)
    qty = serializers.DecimalField(max_digits=12, decimal_places=4, required=False, allow_null=True, default=None)
    entity_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    extension_attributes = serializers.DictField(required=False)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = {**_texts("created_at", "updated_at"), **_integers("parent_id")}
        return {**_bounded(self.model, fields), **super().get_fields()}


class ShipmentExtensionInputSerializer(MagentoInputSerializer):
    """ShipmentExtensionInterface: MSI's ``source_code`` (Magento_InventoryShipping etc/extension_attributes.xml)."""

    interface = "Magento\\Sales\\Api\\Data\\ShipmentExtensionInterface"
    source_code = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=255)


class ShipmentInputSerializer(MagentoInputSerializer):
    """ShipmentInterface as a client sends it: every key Magento binds is taken (a body copied from
    GET /V1/shipment/{id} is accepted); read are ``entity_id``, ``order_id``, the items' ``order_item_id`` and
    ``qty``, the tracks, the comments, ``packages`` and ``extension_attributes.source_code`` (sales/shipments.py:
    save_shipment)."""

    interface = "Magento\\Sales\\Api\\Data\\ShipmentInterface"
    model = Shipment
    entity_id = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)
    order_id = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)
    items = ShipmentItemInputSerializer(many=True, required=False, allow_null=True, default=None)
    tracks = ShipmentTrackInputSerializer(many=True, required=False, allow_null=True, default=list)
    comments = ShipmentCommentInputSerializer(many=True, required=False, allow_null=True, default=list)
    packages = serializers.ListField(child=serializers.DictField(), required=False, allow_null=True, default=list)
    extension_attributes = ShipmentExtensionInputSerializer(required=False, allow_null=True, default=None)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = {
            **_texts("created_at", "increment_id", "shipping_label", "updated_at"),
            **_integers(
                "billing_address_id",
                "customer_id",
                "email_sent",
                "shipment_status",
                "shipping_address_id",
                "store_id",
            ),
            **_amounts("total_qty", "total_weight"),
        }
        return {**_bounded(self.model, fields), **super().get_fields()}


class ShipmentEntitySerializer(MagentoInputSerializer):
    """The body of POST /V1/shipment/ (ShipmentRepositoryInterface::save's parameter)."""

    interface = "Magento\\Sales\\Api\\ShipmentRepositoryInterface"
    entity = ShipmentInputSerializer()


@idempotent
class ShipmentSaveView(RouteView):
    """POST /V1/shipment/ {"entity": ShipmentInterface} -> the saved shipment, as GET /V1/shipment/{id} renders it.
    Magento has no GET on this path."""

    acl_by_method = {"POST": SHIPMENT_ADD}

    @extend_schema(request=ShipmentEntitySerializer, responses={200: ShipmentSerializer})
    def post(self, request: Request, store_code: str) -> Response:
        entity = parse(ShipmentEntitySerializer, request.data)["entity"]
        items = entity["items"]
        shipment = save_shipment(
            entity_id=entity["entity_id"],
            order_id=entity["order_id"],
            items=None if items is None else [ShipmentItemData(item["order_item_id"], item["qty"]) for item in items],
            tracks=[
                ShipmentTrackData(
                    order_id=track["order_id"],
                    track_number=track["track_number"],
                    carrier_code=track["carrier_code"],
                    title=track["title"],
                    description=track["description"],
                    weight=track["weight"],
                    qty=track["qty"],
                    entity_id=track["entity_id"],
                )
                for track in entity["tracks"] or []
            ],
            comments=[_comment_data(comment) for comment in entity["comments"] or []],
            source_code=(entity["extension_attributes"] or {}).get("source_code") or None,
            packages=entity["packages"] or [],
        )
        return Response(ShipmentSerializer(Shipment.objects.with_details().get(pk=shipment.pk)).data)


@extend_schema_view(
    post=extend_schema(request=ShipmentCommentEntitySerializer, responses={200: ShipmentCommentSerializer})
)
class ShipmentCommentsSaveView(CommentSaveView, ShipmentCommentsView):
    """GET /V1/shipment/{id}/comments (ShipmentCommentsView) and POST {"entity": ShipmentCommentInterface} -> the
    saved comment. The path's id is not a parameter of CommentRepository::save: ``entity.parent_id`` names the
    shipment (Magento's REST layer merges the path's ``id`` into the input, where nothing reads it)."""

    acl_by_method = {"GET": SHIPMENT_VIEW, "POST": SHIPMENT_COMMENT}
    entity_serializer = ShipmentCommentEntitySerializer

    def save_comment(self, entity: dict) -> ShipmentComment:
        return add_shipment_comment(entity["parent_id"], _comment_data(entity))


class ShipmentLabelView(RouteView):
    """GET /V1/shipment/{id}/label -> the shipping label as a string (ShipmentService::getLabel); "" when the
    shipment has none, which is every shipment here."""

    acl_by_method = {"GET": SHIPMENT_VIEW}

    @extend_schema(responses={200: OpenApiTypes.STR})
    def get(self, request: Request, store_code: str, shipment_id: int) -> Response:
        return Response(get_shipment_label(shipment_id))


urlpatterns: list[URLPattern] = [
    path("shipment", ShipmentSaveView.as_view()),
    path("shipment/<id:shipment_id>/comments", ShipmentCommentsSaveView.as_view()),
    path("shipment/<id:shipment_id>/label", ShipmentLabelView.as_view()),
]
