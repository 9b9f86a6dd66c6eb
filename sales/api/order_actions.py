"""Order actions for admins (Magento_Sales webapi.xml, OrderManagementInterface and OrderItemRepositoryInterface):
comments, cancel, hold, unhold, and the order items."""

from __future__ import annotations

import django_filters
from django.urls import URLPattern, path
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.rest.routes import ChildListView, ListView, RetrieveView, RouteView, parse
from backoffice.rest.serializers import MagentoInputSerializer

from ..exceptions import CannotCancel
from ..models import OrderItem, OrderStatusHistory
from ..orders import add_order_comment, cancel_order, get_order, get_order_item, hold_order, unhold_order
from .acl import ORDER_CANCEL, ORDER_COMMENT, ORDER_HOLD, ORDER_UNHOLD, ORDER_VIEW
from .serializers import OrderItemSerializer, OrderStatusHistorySerializer


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


class OrderCommentsView(ChildListView):
    """GET /V1/orders/{id}/comments → a search result of the order's history (one page, as every list);
    POST {"statusHistory"} → true.

    The two methods need different ACL resources (Magento_Sales::actions_view, Magento_Sales::comment).
    Magento filters the history on parent_id: an unknown order is an empty result, not a 404.
    """

    acl_by_method = {"GET": ORDER_VIEW, "POST": ORDER_COMMENT}
    serializer_class = OrderStatusHistorySerializer
    model = OrderStatusHistory
    parent_kwarg = "order_id"

    def post(self, request: Request, store_code: str, order_id: int) -> Response:
        history = parse(AddCommentInputSerializer, request.data)["status_history"]
        notified = history["is_customer_notified"]
        add_order_comment(
            get_order(order_id),
            history["comment"],
            status=history["status"] or None,
            is_customer_notified=None if notified is None else bool(notified),
            is_visible_on_front=bool(history["is_visible_on_front"]),
        )
        return Response(True)


class OrderCancelView(RouteView):
    """POST /V1/orders/{id}/cancel → true, or false when the order cannot be canceled."""

    acl_by_method = {"POST": ORDER_CANCEL}

    def post(self, request: Request, store_code: str, order_id: int) -> Response:
        order = get_order(order_id)
        try:
            cancel_order(order)
        except CannotCancel:
            return Response(False)  # OrderManagement::cancel answers false, not an error
        return Response(True)


class OrderHoldView(RouteView):
    """POST /V1/orders/{id}/hold → true (400 "A hold action is not available." when it cannot be held)."""

    acl_by_method = {"POST": ORDER_HOLD}

    def post(self, request: Request, store_code: str, order_id: int) -> Response:
        hold_order(get_order(order_id))
        return Response(True)


class OrderUnholdView(RouteView):
    """POST /V1/orders/{id}/unhold → true (400 "You cannot remove the hold." when it is not on hold)."""

    acl_by_method = {"POST": ORDER_UNHOLD}

    def post(self, request: Request, store_code: str, order_id: int) -> Response:
        unhold_order(get_order(order_id))
        return Response(True)


class OrderItemListView(ListView):
    """GET /V1/orders/items?searchCriteria..."""

    acl_by_method = {"GET": ORDER_VIEW}
    queryset = OrderItem.objects.all()
    serializer_class = OrderItemSerializer
    filterset_class = OrderItemFilter


class OrderItemDetailView(RetrieveView):
    """GET /V1/orders/items/{id}"""

    acl_by_method = {"GET": ORDER_VIEW}
    serializer_class = OrderItemSerializer

    def get_object(self) -> OrderItem:
        return get_order_item(self.kwargs["item_id"])


urlpatterns: list[URLPattern] = [
    path("orders/<id:order_id>/comments", OrderCommentsView.as_view()),
    path("orders/<id:order_id>/cancel", OrderCancelView.as_view()),
    path("orders/<id:order_id>/hold", OrderHoldView.as_view()),
    path("orders/<id:order_id>/unhold", OrderUnholdView.as_view()),
    path("orders/items", OrderItemListView.as_view()),
    path("orders/items/<id:item_id>", OrderItemDetailView.as_view()),
]
