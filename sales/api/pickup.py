"""POST /V1/order/notify-orders-are-ready-for-pickup (magento/inventory InventoryInStorePickupSalesApi etc/webapi.xml,
NotifyOrdersAreReadyForPickupInterface::execute(int[] $orderIds)). The route lives in sales, which may call
inventory: it ships orders (sales.pickup)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.rest.routes import RouteView, parse
from backoffice.rest.serializers import MagentoInputSerializer
from backoffice.rest.types import PhpIntegerField

from ..pickup import notify_orders_are_ready_for_pickup

NOTIFY_FOR_PICKUP = ("Magento_InventoryInStorePickupApi::notify_orders_are_ready_for_pickup", "sales.add_shipment")


@extend_schema_field(OpenApiTypes.INT)
class OrderIdField(PhpIntegerField):
    """An int of the int[] $orderIds (TypeProcessor's type error for anything else)."""


class NotifyOrdersInputSerializer(MagentoInputSerializer):
    interface = "Magento\\InventoryInStorePickupSalesApi\\Api\\NotifyOrdersAreReadyForPickupInterface"
    order_ids = serializers.ListField(child=OrderIdField(required=True, allow_null=False), allow_empty=True)


class PickupErrorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    message = serializers.CharField()


class NotifyResultSerializer(serializers.Serializer):
    """ResultInterface: isSuccessful ("successful"), getErrors ("errors": string[][] of id and message)."""

    successful = serializers.BooleanField()
    errors = PickupErrorSerializer(many=True)


class NotifyOrdersAreReadyForPickupView(RouteView):
    """POST /V1/order/notify-orders-are-ready-for-pickup {"orderIds": [...]} -> {"successful", "errors"}
    (InventoryInStorePickupSales Model/NotifyOrdersAreReadyForPickup.php, Model/Result.php)."""

    acl_by_method = {"POST": NOTIFY_FOR_PICKUP}

    @extend_schema(request=NotifyOrdersInputSerializer, responses={200: NotifyResultSerializer})
    def post(self, request: Request, store_code: str) -> Response:
        errors = notify_orders_are_ready_for_pickup(parse(NotifyOrdersInputSerializer, request.data)["order_ids"])
        return Response(
            {"successful": not errors, "errors": [{"id": error.id, "message": error.message} for error in errors]}
        )
