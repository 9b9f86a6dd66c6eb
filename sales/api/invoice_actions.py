"""What integrators do to an invoice after it exists (Magento_Sales webapi.xml, all Magento_Sales::sales_invoice):

- ``POST /V1/invoices/{id}/capture``  InvoiceManagementInterface::setCapture         sales.change_invoice
- ``POST /V1/invoices/{id}/void``     InvoiceManagementInterface::setVoid            sales.change_invoice
- ``POST /V1/invoices/comments``      InvoiceCommentRepositoryInterface::save        sales.add_invoicecomment
- ``POST /V1/invoices/``              InvoiceRepositoryInterface::save               sales.add_invoice
  (the path of ``GET /V1/invoices``, served by one view with one ACL declaration per method)

Adapters: bind the body as Magento's ServiceInputProcessor does, call one domain function (sales/invoices.py),
render Magento's data interface.
"""

from __future__ import annotations

from django.urls import URLPattern, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.rest.idempotency import idempotent
from backoffice.rest.routes import RouteView, parse
from backoffice.rest.serializers import MagentoInputSerializer, bounded, column_range

from ..invoices import InvoiceCommentData, add_invoice_comment, capture_invoice, save_invoice, void_invoice
from ..invoicing import InvoiceLine
from ..models import Invoice, InvoiceComment, InvoiceItem
from .acl import INVOICE_ADD, INVOICE_CHANGE, INVOICE_COMMENT, INVOICE_VIEW
from .comments import CommentSaveView, DocumentCommentInputSerializer
from .serializers import InvoiceCommentSerializer, InvoiceSerializer
from .views import InvoiceListView


def _bounded(model: type, fields: dict[str, serializers.Field]) -> dict[str, serializers.Field]:
    """Undeclared keys of a data interface, bounded as MagentoInputSerializer bounds its declared fields."""
    return {name: bounded(field, column_range(model, name)) for name, field in fields.items()}


def _optional(field: type[serializers.Field], **kwargs: object) -> serializers.Field:
    return field(required=False, allow_null=True, **kwargs)


def _amounts(*names: str) -> dict[str, serializers.Field]:
    """Float amounts of a data interface: bound (a wrong type is a 400) but never written, the server computes."""
    return {name: _optional(serializers.FloatField) for name in names}


def _texts(*names: str) -> dict[str, serializers.Field]:
    return {name: _optional(serializers.CharField, allow_blank=True) for name in names}


def _integers(*names: str) -> dict[str, serializers.Field]:
    return {name: _optional(serializers.IntegerField) for name in names}


class InvoiceCommentInputSerializer(DocumentCommentInputSerializer):
    """InvoiceCommentInterface as a client sends it."""

    interface = "Magento\\Sales\\Api\\Data\\InvoiceCommentInterface"
    model = InvoiceComment


def _comment_data(data: dict) -> InvoiceCommentData:
    return InvoiceCommentData(
        comment=data["comment"],
        is_customer_notified=bool(data["is_customer_notified"]),
        is_visible_on_front=bool(data["is_visible_on_front"]),
        entity_id=data["entity_id"],
    )


class InvoiceCommentEntitySerializer(MagentoInputSerializer):
    """The body of POST /V1/invoices/comments (InvoiceCommentRepositoryInterface::save's parameter)."""

    interface = "Magento\\Sales\\Api\\InvoiceCommentRepositoryInterface"
    entity = InvoiceCommentInputSerializer()


class InvoiceItemInputSerializer(MagentoInputSerializer):
    """InvoiceItemInterface (with LineItemInterface): ``order_item_id`` and ``qty`` are read, amounts are not."""

    interface = "Magento\\Sales\\Api\\Data\\InvoiceItemInterface"
    model = InvoiceItem
    order_item_id = serializers.IntegerField(min_value=1)
    qty = serializers.DecimalField(max_digits=12, decimal_places=4)
    extension_attributes = serializers.DictField(required=False)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = {
            **_texts("additional_data", "description", "name", "sku"),
            **_integers("entity_id", "parent_id", "product_id"),
            **_amounts(
                "base_cost", "base_discount_amount", "base_discount_tax_compensation_amount", "base_price",
                "base_price_incl_tax", "base_row_total", "base_row_total_incl_tax", "base_tax_amount",
                "discount_amount", "discount_tax_compensation_amount", "price", "price_incl_tax", "row_total",
                "row_total_incl_tax", "tax_amount",
            ),
        }
        return {**_bounded(self.model, fields), **super().get_fields()}


class InvoiceInputSerializer(MagentoInputSerializer):
    """InvoiceInterface as a client sends it: every key Magento binds is taken (so a body copied from
    GET /V1/invoices/{id} is accepted), and only ``entity_id``, ``order_id``, the items' ``order_item_id`` and
    ``qty`` and the comments are read (sales/invoices.py: save_invoice)."""

    interface = "Magento\\Sales\\Api\\Data\\InvoiceInterface"
    model = Invoice
    entity_id = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)
    order_id = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)
    items = InvoiceItemInputSerializer(many=True, required=False, default=list)
    comments = InvoiceCommentInputSerializer(many=True, required=False, allow_null=True, default=list)
    extension_attributes = serializers.DictField(required=False)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = {
            **_texts(
                "base_currency_code", "created_at", "discount_description", "global_currency_code", "increment_id",
                "order_currency_code", "store_currency_code", "transaction_id", "updated_at",
            ),
            **_integers(
                "billing_address_id", "can_void_flag", "email_sent", "is_used_for_refund", "shipping_address_id",
                "state", "store_id",
            ),
            **_amounts(
                "base_discount_amount", "base_grand_total", "base_discount_tax_compensation_amount",
                "base_shipping_amount", "base_shipping_discount_tax_compensation_amnt", "base_shipping_incl_tax",
                "base_shipping_tax_amount", "base_subtotal", "base_subtotal_incl_tax", "base_tax_amount",
                "base_total_refunded", "base_to_global_rate", "base_to_order_rate", "discount_amount",
                "grand_total", "discount_tax_compensation_amount", "shipping_amount",
                "shipping_discount_tax_compensation_amount", "shipping_incl_tax", "shipping_tax_amount",
                "store_to_base_rate", "store_to_order_rate", "subtotal", "subtotal_incl_tax", "tax_amount",
                "total_qty",
            ),
        }
        return {**_bounded(self.model, fields), **super().get_fields()}


class InvoiceEntitySerializer(MagentoInputSerializer):
    """The body of POST /V1/invoices/ (InvoiceRepositoryInterface::save's parameter)."""

    interface = "Magento\\Sales\\Api\\InvoiceRepositoryInterface"
    entity = InvoiceInputSerializer()


class InvoiceCaptureView(RouteView):
    """POST /V1/invoices/{id}/capture: Magento's answer for an offline method is its 400 "The capture action is
    not available." (setCapture's ``string`` answer exists only for online gateways)."""

    acl_by_method = {"POST": INVOICE_CHANGE}

    @extend_schema(request=None, responses={200: OpenApiTypes.STR})
    def post(self, request: Request, store_code: str, invoice_id: int) -> Response:
        capture_invoice(invoice_id)


class InvoiceVoidView(RouteView):
    """POST /V1/invoices/{id}/void: Magento's answer for an offline method is its 400 "The void action is not
    available." (setVoid's ``bool`` answer exists only for online gateways)."""

    acl_by_method = {"POST": INVOICE_CHANGE}

    @extend_schema(request=None, responses={200: OpenApiTypes.BOOL})
    def post(self, request: Request, store_code: str, invoice_id: int) -> Response:
        void_invoice(invoice_id)


class InvoiceCommentSaveView(CommentSaveView):
    """POST /V1/invoices/comments {"entity": InvoiceCommentInterface} -> the saved comment (body declared in
    backoffice/openapi.py)."""

    acl_by_method = {"POST": INVOICE_COMMENT}
    serializer_class = InvoiceCommentSerializer
    entity_serializer = InvoiceCommentEntitySerializer

    def save_comment(self, entity: dict) -> InvoiceComment:
        return add_invoice_comment(entity["parent_id"], _comment_data(entity), entity_id=entity["entity_id"])


@idempotent
class InvoiceListSaveView(InvoiceListView):
    """GET /V1/invoices?searchCriteria... (InvoiceListView) and POST /V1/invoices/ {"entity": InvoiceInterface}
    -> the saved invoice, as GET /V1/invoices/{id} renders it (body declared in backoffice/openapi.py)."""

    acl_by_method = {"GET": INVOICE_VIEW, "POST": INVOICE_ADD}

    def post(self, request: Request, store_code: str) -> Response:
        entity = parse(InvoiceEntitySerializer, request.data)["entity"]
        invoice = save_invoice(
            entity_id=entity["entity_id"],
            order_id=entity["order_id"],
            items=[InvoiceLine(item["order_item_id"], item["qty"]) for item in entity["items"]],
            comments=[_comment_data(comment) for comment in entity["comments"] or []],
        )
        return Response(InvoiceSerializer(Invoice.objects.with_details().get(pk=invoice.pk)).data)


urlpatterns: list[URLPattern] = [
    path("invoices", InvoiceListSaveView.as_view()),
    path("invoices/comments", InvoiceCommentSaveView.as_view()),
    path("invoices/<id:invoice_id>/capture", InvoiceCaptureView.as_view()),
    path("invoices/<id:invoice_id>/void", InvoiceVoidView.as_view()),
]
