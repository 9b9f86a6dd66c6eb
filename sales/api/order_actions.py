"""Order actions for admins (Magento_Sales webapi.xml, OrderManagementInterface and OrderItemRepositoryInterface):
comments, cancel, hold, unhold, and the order items."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.urls import URLPattern, path
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backoffice.rest.search_criteria import SearchCriteria, parent_search_criteria
from backoffice.rest.serializers import MagentoInputSerializer

from ..exceptions import CannotCancel
from ..models import OrderItem, OrderStatusHistory
from ..orders import add_order_comment, cancel_order, get_order, get_order_item, hold_order, unhold_order
from .serializers import OrderItemSerializer, OrderStatusHistorySerializer

ACTIONS_VIEW = ("Magento_Sales::actions_view", "sales.view_order")


class StatusHistoryInputSerializer(MagentoInputSerializer):
    """OrderStatusHistoryInterface as POST /V1/orders/{id}/comments takes it; parent_id is the path's order."""

    interface = "Magento\\Sales\\Api\\Data\\OrderStatusHistoryInterface"
    model = OrderStatusHistory
    comment = serializers.CharField(required=False, allow_null=True, allow_blank=True, default=None)
    created_at = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    entity_id = serializers.IntegerField(required=False, allow_null=True)
    entity_name = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    is_customer_notified = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)
    is_visible_on_front = serializers.IntegerField(required=False, allow_null=True, default=0, min_value=0)
    parent_id = serializers.IntegerField(required=False, allow_null=True)
    status = serializers.CharField(required=False, allow_null=True, allow_blank=True, default=None)
    extension_attributes = serializers.DictField(required=False)


class AddCommentInputSerializer(MagentoInputSerializer):
    interface = "Magento\\Sales\\Api\\OrderManagementInterface"
    status_history = StatusHistoryInputSerializer()


class OrderItemFilter(django_filters.FilterSet):
    """searchCriteria fields of GET /V1/orders/items."""

    item_id = django_filters.NumberFilter(field_name="pk")
    order_id = django_filters.NumberFilter(field_name="order__entity_id")
    sku = django_filters.CharFilter()
    name = django_filters.CharFilter()
    product_id = django_filters.NumberFilter()
    product_type = django_filters.CharFilter()
    is_virtual = django_filters.NumberFilter()
    qty_ordered = django_filters.NumberFilter()
    qty_invoiced = django_filters.NumberFilter()
    qty_shipped = django_filters.NumberFilter()
    qty_canceled = django_filters.NumberFilter()
    price = django_filters.NumberFilter()
    row_total = django_filters.NumberFilter()
    store_id = django_filters.NumberFilter()
    created_at = django_filters.DateTimeFilter()
    updated_at = django_filters.DateTimeFilter()

    class Meta:
        model = OrderItem
        fields: list[str] = []


class OrderCommentsView(generics.ListAPIView):
    """GET /V1/orders/{id}/comments → a search result of the order's history (one page, as every list);
    POST {"statusHistory"} → true.

    The two methods need different ACL resources (Magento_Sales::actions_view, Magento_Sales::comment).
    Magento filters the history on parent_id: an unknown order is an empty result, not a 404.
    """

    acl_by_method = {"GET": ACTIONS_VIEW, "POST": ("Magento_Sales::comment", "sales.comment_order")}
    serializer_class = OrderStatusHistorySerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[OrderStatusHistory]:
        return OrderStatusHistory.objects.filter(parent_id=self.kwargs["order_id"]).order_by("pk")

    def search_criteria(self, request: Request) -> SearchCriteria:
        return parent_search_criteria(request, self.kwargs["order_id"])

    def post(self, request: Request, store_code: str, order_id: int) -> Response:
        serializer = AddCommentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        history = serializer.validated_data["status_history"]
        notified = history["is_customer_notified"]
        add_order_comment(
            get_order(order_id),
            history["comment"],
            status=history["status"] or None,
            is_customer_notified=None if notified is None else bool(notified),
            is_visible_on_front=bool(history["is_visible_on_front"]),
        )
        return Response(True)


class OrderCancelView(APIView):
    """POST /V1/orders/{id}/cancel → true, or false when the order cannot be canceled."""

    acl_resource = "Magento_Sales::cancel"
    permission_required = "sales.cancel_order"

    def post(self, request: Request, store_code: str, order_id: int) -> Response:
        order = get_order(order_id)
        try:
            cancel_order(order)
        except CannotCancel:
            return Response(False)  # OrderManagement::cancel answers false, not an error
        return Response(True)


class OrderHoldView(APIView):
    """POST /V1/orders/{id}/hold → true (400 "A hold action is not available." when it cannot be held)."""

    acl_resource = "Magento_Sales::hold"
    permission_required = "sales.hold_order"

    def post(self, request: Request, store_code: str, order_id: int) -> Response:
        hold_order(get_order(order_id))
        return Response(True)


class OrderUnholdView(APIView):
    """POST /V1/orders/{id}/unhold → true (400 "You cannot remove the hold." when it is not on hold)."""

    acl_resource = "Magento_Sales::unhold"
    permission_required = "sales.unhold_order"

    def post(self, request: Request, store_code: str, order_id: int) -> Response:
        unhold_order(get_order(order_id))
        return Response(True)


class OrderItemListView(generics.ListAPIView):
    """GET /V1/orders/items?searchCriteria..."""

    acl_resource, permission_required = ACTIONS_VIEW
    queryset = OrderItem.objects.all()
    serializer_class = OrderItemSerializer
    filterset_class = OrderItemFilter


class OrderItemDetailView(APIView):
    """GET /V1/orders/items/{id}"""

    acl_resource, permission_required = ACTIONS_VIEW

    def get(self, request: Request, store_code: str, item_id: int) -> Response:
        return Response(OrderItemSerializer(get_order_item(item_id)).data)


urlpatterns: list[URLPattern] = [
    path("orders/<id:order_id>/comments", OrderCommentsView.as_view()),
    path("orders/<id:order_id>/cancel", OrderCancelView.as_view()),
    path("orders/<id:order_id>/hold", OrderHoldView.as_view()),
    path("orders/<id:order_id>/unhold", OrderUnholdView.as_view()),
    path("orders/items", OrderItemListView.as_view()),
    path("orders/items/<id:item_id>", OrderItemDetailView.as_view()),
]
