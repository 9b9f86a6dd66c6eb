"""Credit memo routes (Magento_Sales etc/webapi.xml), their wire formats and their searchCriteria filter.

- ``POST /V1/order/{orderId}/refund``      RefundOrderInterface::execute                  Magento_Sales::creditmemo
- ``POST /V1/invoice/{invoiceId}/refund``  RefundInvoiceInterface::execute                Magento_Sales::sales_invoice
- ``GET  /V1/creditmemo/{id}``             CreditmemoRepositoryInterface::get             Magento_Sales::sales_creditmemo
- ``GET  /V1/creditmemos``                 CreditmemoRepositoryInterface::getList         Magento_Sales::sales_creditmemo
- ``GET  /V1/creditmemo/{id}/comments``    CreditmemoManagementInterface::getCommentsList Magento_Sales::sales_creditmemo
- ``POST /V1/creditmemo/{id}/comments``    CreditmemoCommentRepositoryInterface::save     Magento_Sales::sales_creditmemo
- ``POST /V1/creditmemo/{id}/emails``      CreditmemoManagementInterface::notify          Magento_Sales::sales_creditmemo
- ``PUT  /V1/creditmemo/{id}``             CreditmemoManagementInterface::cancel          Magento_Sales::sales_creditmemo
- ``POST /V1/creditmemo/refund``           CreditmemoManagementInterface::refund          Magento_Sales::sales_creditmemo
- ``POST /V1/creditmemo``                  CreditmemoRepositoryInterface::save            Magento_Sales::sales_creditmemo

Permissions: a refund needs ``sales.add_creditmemo`` (the invoice's route too: Magento asks only for the
invoice resource there, this back-office also for the right to create credit memos); reading needs
``sales.view_creditmemo``; a comment, an email, a cancel or a save ``sales.change_creditmemo``;
``POST /V1/creditmemo/refund`` ``sales.add_creditmemo``.
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

from backoffice.rest.idempotency import idempotent
from backoffice.rest.search_criteria import SearchCriteria, parent_search_criteria

from ..exceptions import (
    CannotRegisterExistingCreditmemo,
    CreditmemoNotFound,
    CreditmemoNotSaved,
    InvalidOrderToRefund,
)
from ..models import Creditmemo, CreditmemoComment
from ..orders import get_document
from ..refunds import (
    RefundArguments,
    RefundItem,
    add_creditmemo_comment,
    cancel_creditmemo,
    notify_creditmemo,
    refund_creditmemo,
    refund_invoice,
    refund_order,
)
from .creditmemo_serializers import (
    CreditmemoCommentEntitySerializer,
    CreditmemoCommentSerializer,
    CreditmemoFilter,
    CreditmemoRefundInputSerializer,
    CreditmemoSaveInputSerializer,
    CreditmemoSerializer,
    RefundInvoiceInputSerializer,
    RefundOrderInputSerializer,
)

SALES_CREDITMEMO = "Magento_Sales::sales_creditmemo"


# --- views ---------------------------------------------------------------------------------------------------


@idempotent
class OrderRefundView(APIView):
    """POST /V1/order/{orderId}/refund; answers the new credit memo id."""

    acl_resource = "Magento_Sales::creditmemo"
    permission_required = "sales.add_creditmemo"

    @extend_schema(request=RefundOrderInputSerializer, responses={200: OpenApiTypes.INT})
    def post(self, request: Request, store_code: str, order_id: int) -> Response:
        serializer = RefundOrderInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(refund_order(order_id, **serializer.refund_kwargs()).pk)


@idempotent
class InvoiceRefundView(APIView):
    """POST /V1/invoice/{invoiceId}/refund; answers the new credit memo id."""

    acl_resource = "Magento_Sales::sales_invoice"
    permission_required = "sales.add_creditmemo"

    @extend_schema(request=RefundInvoiceInputSerializer, responses={200: OpenApiTypes.INT})
    def post(self, request: Request, store_code: str, invoice_id: int) -> Response:
        serializer = RefundInvoiceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        kwargs = serializer.refund_kwargs()
        return Response(refund_invoice(invoice_id, is_online=serializer.validated_data["is_online"], **kwargs).pk)


class CreditmemoListView(generics.ListAPIView):
    """GET /V1/creditmemos?searchCriteria..."""

    acl_resource = SALES_CREDITMEMO
    permission_required = "sales.view_creditmemo"
    queryset = Creditmemo.objects.with_details().order_by("pk")
    serializer_class = CreditmemoSerializer
    filterset_class = CreditmemoFilter


class CreditmemoView(generics.RetrieveAPIView):
    """GET /V1/creditmemo/{id}; PUT /V1/creditmemo/{id} is CreditmemoManagementInterface::cancel, which
    Magento answers "You can not cancel Credit Memo" (400) whatever the id."""

    acl_by_method = {
        "GET": (SALES_CREDITMEMO, "sales.view_creditmemo"),
        "PUT": (SALES_CREDITMEMO, "sales.change_creditmemo"),
    }
    serializer_class = CreditmemoSerializer
    filter_backends: list = []

    def get_object(self) -> Creditmemo:
        return get_document(Creditmemo.objects.with_details(), self.kwargs["creditmemo_id"], CreditmemoNotFound)

    @extend_schema(request=None, responses={200: OpenApiTypes.BOOL})
    def put(self, request: Request, store_code: str, creditmemo_id: int) -> Response:
        return Response(cancel_creditmemo(creditmemo_id))


class CreditmemoCommentsView(generics.ListAPIView):
    """GET /V1/creditmemo/{id}/comments → CreditmemoCommentSearchResultInterface (CreditmemoService reads
    no credit memo: an unknown id is an empty result). POST saves a CreditmemoCommentInterface ``entity``
    (its parent_id names the credit memo; the path's id is not a parameter of the service) and answers it."""

    acl_by_method = {
        "GET": (SALES_CREDITMEMO, "sales.view_creditmemo"),
        "POST": (SALES_CREDITMEMO, "sales.change_creditmemo"),
    }
    serializer_class = CreditmemoCommentSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[CreditmemoComment]:
        return CreditmemoComment.objects.filter(parent_id=self.kwargs["creditmemo_id"]).order_by("pk")

    def search_criteria(self, request: Request) -> SearchCriteria:
        return parent_search_criteria(request, self.kwargs["creditmemo_id"])

    @extend_schema(request=CreditmemoCommentEntitySerializer, responses={200: CreditmemoCommentSerializer})
    def post(self, request: Request, store_code: str, creditmemo_id: int) -> Response:
        serializer = CreditmemoCommentEntitySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entity = serializer.validated_data["entity"]
        comment = add_creditmemo_comment(
            entity["parent_id"],
            entity["comment"],
            is_customer_notified=bool(entity["is_customer_notified"]),
            is_visible_on_front=bool(entity["is_visible_on_front"]),
        )
        return Response(CreditmemoCommentSerializer(comment).data)


@idempotent
class CreditmemoRefundView(APIView):
    """POST /V1/creditmemo/refund {"creditmemo": {...}, "offlineRequested": bool}: refunds the credit memo
    described (order, invoice, items with quantities, shipping, adjustments) and answers it, saved.

    Magento saves the amounts the caller sends; here they are collected again from the quantities, so that the
    order's totals keep adding up. A credit memo that already exists cannot be registered again."""

    acl_resource = SALES_CREDITMEMO
    permission_required = "sales.add_creditmemo"

    @extend_schema(request=CreditmemoRefundInputSerializer, responses={200: CreditmemoSerializer})
    def post(self, request: Request, store_code: str) -> Response:
        serializer = CreditmemoRefundInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        memo = data["creditmemo"]
        if memo.get("entity_id"):
            raise CannotRegisterExistingCreditmemo()
        if not memo.get("order_id"):
            raise InvalidOrderToRefund()
        created = refund_creditmemo(
            memo["order_id"],
            items=[RefundItem(line["order_item_id"], line["qty"]) for line in memo["items"]],
            invoice_id=memo.get("invoice_id") or None,
            offline_requested=data["offline_requested"],
            arguments=RefundArguments(
                shipping_amount=memo["shipping_amount"],
                adjustment_positive=memo["adjustment_positive"],
                adjustment_negative=memo["adjustment_negative"],
            ),
        )
        return Response(CreditmemoSerializer(Creditmemo.objects.with_details().get(pk=created.pk)).data)


class CreditmemoSaveView(APIView):
    """POST /V1/creditmemo {"entity": {...}}: CreditmemoRepositoryInterface::save. A credit memo is made only
    by a refund (which registers it on the order); saving a new one is refused with Magento's
    CouldNotSaveException text, and an existing one is answered as it is stored (its amounts are the order's
    history and do not change)."""

    acl_resource = SALES_CREDITMEMO
    permission_required = "sales.change_creditmemo"

    @extend_schema(request=CreditmemoSaveInputSerializer, responses={200: CreditmemoSerializer})
    def post(self, request: Request, store_code: str) -> Response:
        serializer = CreditmemoSaveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entity_id = serializer.validated_data["entity"].get("entity_id")
        memo = Creditmemo.objects.with_details().filter(pk=entity_id).first() if entity_id else None
        if memo is None:
            raise CreditmemoNotSaved()
        return Response(CreditmemoSerializer(memo).data)


class CreditmemoEmailView(APIView):
    """POST /V1/creditmemo/{id}/emails → true once the credit memo email is on its way, false when it cannot
    be sent."""

    acl_resource = SALES_CREDITMEMO
    permission_required = "sales.change_creditmemo"

    @extend_schema(request=None, responses={200: OpenApiTypes.BOOL})
    def post(self, request: Request, store_code: str, creditmemo_id: int) -> Response:
        return Response(notify_creditmemo(creditmemo_id))


urlpatterns: list[URLPattern] = [
    path("order/<id:order_id>/refund", OrderRefundView.as_view()),
    path("invoice/<id:invoice_id>/refund", InvoiceRefundView.as_view()),
    path("creditmemos", CreditmemoListView.as_view()),
    path("creditmemo", CreditmemoSaveView.as_view()),
    path("creditmemo/refund", CreditmemoRefundView.as_view()),
    path("creditmemo/<id:creditmemo_id>", CreditmemoView.as_view()),
    path("creditmemo/<id:creditmemo_id>/comments", CreditmemoCommentsView.as_view()),
    path("creditmemo/<id:creditmemo_id>/emails", CreditmemoEmailView.as_view()),
]
