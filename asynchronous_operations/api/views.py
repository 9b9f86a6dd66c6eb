"""Bulk status routes (Magento_AsynchronousOperations etc/webapi.xml, resource
``Magento_Logging::system_magento_logging_bulk_operations``):

- ``GET /V1/bulk/{bulkUuid}/status``                    BulkStatusInterface::getBulkShortStatus
- ``GET /V1/bulk/{bulkUuid}/detailed-status``           BulkStatusInterface::getBulkDetailedStatus
- ``GET /V1/bulk/{bulkUuid}/operation-status/{status}`` BulkStatusInterface::getOperationsCountByBulkIdAndStatus
- ``GET /V1/bulk?searchCriteria...``                    OperationRepositoryInterface::getList (operations)

Bodies in the getters' order of their interfaces (DataObjectProcessor): the bulk summary is ``operations_list``,
``user_type``, ``bulk_id``, ``description``, ``start_time``, ``user_id``, ``operation_count``; an operation is
``id`` (its ``operation_key``), ``bulk_uuid``, ``topic_name``, ``serialized_data``, ``result_serialized_data``,
``status``, ``result_message``, ``error_code`` (the short list keeps ``id``, ``status``, ``result_message``,
``error_code``). Their getters are not nullable, so a null prints as null.
"""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.rest.routes import Acl, ListView, RouteView

from ..bulks import get_bulk
from ..models import Bulk, Operation

BULK_OPERATIONS = "Magento_Logging::system_magento_logging_bulk_operations"
VIEW_BULK: Acl = (BULK_OPERATIONS, "asynchronous_operations.view_bulk")
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


class OperationSerializer(serializers.ModelSerializer):
    """Magento\\AsynchronousOperations\\Api\\Data\\OperationInterface."""

    id = serializers.IntegerField(source="operation_key")
    bulk_uuid = serializers.CharField(source="bulk_id")

    class Meta:
        model = Operation
        fields = [
            "id",
            "bulk_uuid",
            "topic_name",
            "serialized_data",
            "result_serialized_data",
            "status",
            "result_message",
            "error_code",
        ]


class OperationStatusSerializer(serializers.ModelSerializer):
    """SummaryOperationStatusInterface: an operation without its data."""

    id = serializers.IntegerField(source="operation_key")

    class Meta:
        model = Operation
        fields = ["id", "status", "result_message", "error_code"]


def bulk_summary(bulk: Bulk, operations: list[dict]) -> dict:
    return {
        "operations_list": operations,
        "user_type": bulk.user_type,
        "bulk_id": bulk.uuid,
        "description": bulk.description,
        "start_time": bulk.start_time.strftime(DATE_FORMAT),
        "user_id": bulk.user_id,
        "operation_count": bulk.operation_count,
    }


class BulkStatusView(RouteView):
    """GET /V1/bulk/{bulkUuid}/status; 404 "Bulk uuid %bulkUuid not exist" for an unknown uuid."""

    acl_by_method = {"GET": VIEW_BULK}
    operation_serializer: type[serializers.ModelSerializer] = OperationStatusSerializer

    @extend_schema(responses={200: dict})
    def get(self, request: Request, bulk_uuid: str, **kwargs: object) -> Response:
        bulk = get_bulk(bulk_uuid)
        operations = self.operation_serializer(bulk.operations.order_by("operation_key"), many=True).data
        return Response(bulk_summary(bulk, operations))


class BulkDetailedStatusView(BulkStatusView):
    """GET /V1/bulk/{bulkUuid}/detailed-status: the operations with their data and results."""

    operation_serializer = OperationSerializer


class OperationCountView(RouteView):
    """GET /V1/bulk/{bulkUuid}/operation-status/{status}: a bare number, 0 for an unknown bulk (Magento counts
    without loading the bulk)."""

    acl_by_method = {"GET": VIEW_BULK}

    @extend_schema(responses={200: int})
    def get(self, request: Request, bulk_uuid: str, status: int, **kwargs: object) -> Response:
        return Response(Operation.objects.filter(bulk_id=bulk_uuid, status=status).count())


class OperationFilter(django_filters.FilterSet):
    """searchCriteria fields of GET /V1/bulk: magento_operation's columns."""

    id = django_filters.NumberFilter(field_name="pk")
    operation_key = django_filters.NumberFilter()
    bulk_uuid = django_filters.CharFilter(field_name="bulk__uuid")
    topic_name = django_filters.CharFilter()
    status = django_filters.NumberFilter()
    error_code = django_filters.NumberFilter()
    result_message = django_filters.CharFilter()
    started_at = django_filters.DateTimeFilter()

    class Meta:
        model = Operation
        fields: list[str] = []


class OperationListView(ListView):
    """GET /V1/bulk?searchCriteria...: the operations of every bulk (OperationRepository::getList)."""

    acl_by_method = {"GET": VIEW_BULK}
    serializer_class = OperationSerializer
    filterset_class = OperationFilter

    def get_queryset(self) -> QuerySet[Operation]:
        return Operation.objects.order_by("pk")
