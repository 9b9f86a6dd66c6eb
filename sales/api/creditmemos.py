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

from django.urls import URLPattern, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.rest.idempotency import idempotent
from backoffice.rest.routes import ListView, RetrieveView, RouteView, bind, parse

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
from .acl import CREDITMEMO_ADD, CREDITMEMO_CHANGE, CREDITMEMO_VIEW, INVOICE_REFUND, ORDER_REFUND
from .comments import CommentSaveView, CommentsView
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

# --- views ---------------------------------------------------------------------------------------------------


@idempotent
class OrderRefundView(RouteView):
    """POST /V1/order/{orderId}/refund; answers the new credit memo id."""

    acl_by_method = {"POST": ORDER_REFUND}

    @extend_schema(request=RefundOrderInputSerializer, responses={200: OpenApiTypes.INT})
    def post(self, request: Request, store_code: str, order_id: int) -> Response:
        serializer = bind(RefundOrderInputSerializer, request.data)
        return Response(refund_order(order_id, **serializer.refund_kwargs()).pk)


@idempotent
class InvoiceRefundView(RouteView):
    """POST /V1/invoice/{invoiceId}/refund; answers the new credit memo id."""

    acl_by_method = {"POST": INVOICE_REFUND}

    @extend_schema(request=RefundInvoiceInputSerializer, responses={200: OpenApiTypes.INT})
    def post(self, request: Request, store_code: str, invoice_id: int) -> Response:
        serializer = bind(RefundInvoiceInputSerializer, request.data)
        kwargs = serializer.refund_kwargs()
        return Response(refund_invoice(invoice_id, is_online=serializer.validated_data["is_online"], **kwargs).pk)


class CreditmemoListView(ListView):
    """GET /V1/creditmemos?searchCriteria..."""

    acl_by_method = {"GET": CREDITMEMO_VIEW}
    queryset = Creditmemo.objects.with_details().order_by("pk")
    serializer_class = CreditmemoSerializer
    filterset_class = CreditmemoFilter


class CreditmemoView(RetrieveView):
    """GET /V1/creditmemo/{id}; PUT /V1/creditmemo/{id} is CreditmemoManagementInterface::cancel, which
    Magento answers "You can not cancel Credit Memo" (400) whatever the id."""

    acl_by_method = {"GET": CREDITMEMO_VIEW, "PUT": CREDITMEMO_CHANGE}
    serializer_class = CreditmemoSerializer

    def get_object(self) -> Creditmemo:
        return get_document(Creditmemo.objects.with_details(), self.kwargs["creditmemo_id"], CreditmemoNotFound)

    @extend_schema(request=None, responses={200: OpenApiTypes.BOOL})
    def put(self, request: Request, store_code: str, creditmemo_id: int) -> Response:
        return Response(cancel_creditmemo(creditmemo_id))


@extend_schema_view(
    post=extend_schema(request=CreditmemoCommentEntitySerializer, responses={200: CreditmemoCommentSerializer})
)
class CreditmemoCommentsView(CommentSaveView, CommentsView):
    """GET /V1/creditmemo/{id}/comments → CreditmemoCommentSearchResultInterface (CreditmemoService reads
    no credit memo: an unknown id is an empty result). POST saves a CreditmemoCommentInterface ``entity``
    (its parent_id names the credit memo; the path's id is not a parameter of the service) and answers it."""

    acl_by_method = {"GET": CREDITMEMO_VIEW, "POST": CREDITMEMO_CHANGE}
    serializer_class = CreditmemoCommentSerializer
    model = CreditmemoComment
    parent_kwarg = "creditmemo_id"
    entity_serializer = CreditmemoCommentEntitySerializer

    def save_comment(self, entity: dict) -> CreditmemoComment:
        return add_creditmemo_comment(
            entity["parent_id"],
            entity["comment"],
            is_customer_notified=bool(entity["is_customer_notified"]),
            is_visible_on_front=bool(entity["is_visible_on_front"]),
        )


@idempotent
class CreditmemoRefundView(RouteView):
    """POST /V1/creditmemo/refund {"creditmemo": {...}, "offlineRequested": bool}: refunds the credit memo
    described (order, invoice, items with quantities, shipping, adjustments) and answers it, saved.

    Magento saves the amounts the caller sends; here they are collected again from the quantities, so that the
    order's totals keep adding up. A credit memo that already exists cannot be registered again."""

    acl_by_method = {"POST": CREDITMEMO_ADD}

    @extend_schema(request=CreditmemoRefundInputSerializer, responses={200: CreditmemoSerializer})
    def post(self, request: Request, store_code: str) -> Response:
        data = parse(CreditmemoRefundInputSerializer, request.data)
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


class CreditmemoSaveView(RouteView):
    """POST /V1/creditmemo {"entity": {...}}: CreditmemoRepositoryInterface::save. A credit memo is made only
    by a refund (which registers it on the order); saving a new one is refused with Magento's
    CouldNotSaveException text, and an existing one is answered as it is stored (its amounts are the order's
    history and do not change)."""

    acl_by_method = {"POST": CREDITMEMO_CHANGE}

    @extend_schema(request=CreditmemoSaveInputSerializer, responses={200: CreditmemoSerializer})
    def post(self, request: Request, store_code: str) -> Response:
        entity_id = parse(CreditmemoSaveInputSerializer, request.data)["entity"].get("entity_id")
        memo = Creditmemo.objects.with_details().filter(pk=entity_id).first() if entity_id else None
        if memo is None:
            raise CreditmemoNotSaved()
        return Response(CreditmemoSerializer(memo).data)


class CreditmemoEmailView(RouteView):
    """POST /V1/creditmemo/{id}/emails → true once the credit memo email is on its way, false when it cannot
    be sent."""

    acl_by_method = {"POST": CREDITMEMO_CHANGE}

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
