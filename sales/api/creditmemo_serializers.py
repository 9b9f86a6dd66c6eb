"""Credit memo wire formats (Magento_Sales Api/Data CreditmemoInterface and its parts; the refund services'
parameters) and the searchCriteria filter of GET /V1/creditmemos."""

from __future__ import annotations

import django_filters
from rest_framework import serializers

from backoffice.rest.serializers import MagentoInputSerializer, MagentoModelSerializer

from ..models import Creditmemo, CreditmemoComment, CreditmemoItem
from ..refunds import RefundArguments, RefundComment, RefundItem

# --- output: CreditmemoInterface and its parts, keys in the interfaces' getter order -------------------------


class CreditmemoCommentSerializer(MagentoModelSerializer):
    """CreditmemoCommentInterface."""

    parent_id = serializers.IntegerField()

    class Meta:
        model = CreditmemoComment
        fields = ["comment", "created_at", "entity_id", "is_customer_notified", "is_visible_on_front", "parent_id"]
        non_nullable = ("comment", "is_customer_notified", "is_visible_on_front", "parent_id")


class CreditmemoItemSerializer(MagentoModelSerializer):
    """CreditmemoItemInterface. The Weee collector sets the FPT fields of every line (this back-office has no
    fixed product taxes: "[]" and zeros); the others stay null and are omitted (base_weee_tax_applied_row_amnt
    too: the collector's setBaseWeeeTaxAppliedRowAmount writes another key)."""

    order_item_id = serializers.IntegerField()
    parent_id = serializers.IntegerField()
    base_weee_tax_row_disposition = serializers.SerializerMethodField()
    weee_tax_applied = serializers.SerializerMethodField()
    weee_tax_applied_row_amount = serializers.SerializerMethodField()
    weee_tax_row_disposition = serializers.SerializerMethodField()

    class Meta:
        model = CreditmemoItem
        fields = [
            "additional_data", "base_cost", "base_discount_amount", "base_discount_tax_compensation_amount",
            "base_price", "base_price_incl_tax", "base_row_total", "base_row_total_incl_tax", "base_tax_amount",
            "base_weee_tax_row_disposition", "description",
            "discount_amount", "entity_id", "discount_tax_compensation_amount", "name", "order_item_id",
            "parent_id", "price", "price_incl_tax", "product_id", "qty", "row_total", "row_total_incl_tax", "sku",
            "tax_amount", "weee_tax_applied", "weee_tax_applied_row_amount", "weee_tax_row_disposition",
        ]
        # Getters whose @return has no "|null": DataObjectProcessor prints them even when null.
        non_nullable = ("base_cost", "base_price", "entity_id", "order_item_id", "qty")

    def get_weee_tax_applied(self, item: CreditmemoItem) -> str:
        return "[]"

    def get_weee_tax_applied_row_amount(self, item: CreditmemoItem) -> int:
        return 0

    get_base_weee_tax_row_disposition = get_weee_tax_row_disposition = get_weee_tax_applied_row_amount


class CreditmemoSerializer(MagentoModelSerializer):
    """CreditmemoInterface, exactly the keys and order of GET /V1/creditmemo/{id}."""

    order_id = serializers.IntegerField()
    invoice_id = serializers.IntegerField(allow_null=True)
    items = CreditmemoItemSerializer(many=True)
    comments = CreditmemoCommentSerializer(many=True)

    class Meta:
        model = Creditmemo
        fields = [
            "adjustment", "adjustment_negative", "adjustment_positive", "base_adjustment",
            "base_adjustment_negative", "base_adjustment_positive", "base_currency_code", "base_discount_amount",
            "base_grand_total", "base_discount_tax_compensation_amount", "base_shipping_amount",
            "base_shipping_discount_tax_compensation_amnt", "base_shipping_incl_tax", "base_shipping_tax_amount",
            "base_subtotal", "base_subtotal_incl_tax", "base_tax_amount", "base_to_global_rate",
            "base_to_order_rate", "billing_address_id", "created_at", "creditmemo_status", "discount_amount",
            "discount_description", "email_sent", "entity_id", "global_currency_code", "grand_total",
            "discount_tax_compensation_amount", "increment_id", "invoice_id", "order_currency_code", "order_id",
            "shipping_address_id", "shipping_amount", "shipping_discount_tax_compensation_amount",
            "shipping_incl_tax", "shipping_tax_amount", "state", "store_currency_code", "store_id",
            "store_to_base_rate", "store_to_order_rate", "subtotal", "subtotal_incl_tax", "tax_amount",
            "transaction_id", "updated_at", "items", "comments",
        ]
        non_nullable = ("order_id", "items")


class CreditmemoFilter(django_filters.FilterSet):
    """searchCriteria allowlist of GET /V1/creditmemos (sales_creditmemo columns)."""

    entity_id = django_filters.NumberFilter(field_name="pk")
    increment_id = django_filters.CharFilter()
    order_id = django_filters.NumberFilter(field_name="order__entity_id")
    invoice_id = django_filters.NumberFilter(field_name="invoice__entity_id")
    state = django_filters.NumberFilter()
    creditmemo_status = django_filters.NumberFilter()
    grand_total = django_filters.NumberFilter()
    base_grand_total = django_filters.NumberFilter()
    store_id = django_filters.NumberFilter()
    created_at = django_filters.DateTimeFilter()
    updated_at = django_filters.DateTimeFilter()

    class Meta:
        model = Creditmemo
        fields: list[str] = []


# --- input: RefundOrderInterface / RefundInvoiceInterface parameters -------------------------------------------

AMOUNT = {"max_digits": 20, "decimal_places": 4}


class CreditmemoItemCreationSerializer(MagentoInputSerializer):
    interface = "Magento\\Sales\\Api\\Data\\CreditmemoItemCreationInterface"
    model = CreditmemoItem
    order_item_id = serializers.IntegerField(min_value=1)
    qty = serializers.DecimalField(max_digits=12, decimal_places=4)
    extension_attributes = serializers.DictField(required=False)


class CreditmemoCommentCreationSerializer(MagentoInputSerializer):
    interface = "Magento\\Sales\\Api\\Data\\CreditmemoCommentCreationInterface"
    comment = serializers.CharField(allow_blank=True, max_length=65535)
    is_visible_on_front = serializers.IntegerField(required=False, default=0, min_value=0, max_value=1)
    extension_attributes = serializers.DictField(required=False)


class CreditmemoArgumentsExtensionSerializer(MagentoInputSerializer):
    interface = "Magento\\Sales\\Api\\Data\\CreditmemoCreationArgumentsExtensionInterface"
    return_to_stock_items = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class CreditmemoCreationArgumentsSerializer(MagentoInputSerializer):
    interface = "Magento\\Sales\\Api\\Data\\CreditmemoCreationArgumentsInterface"
    shipping_amount = serializers.DecimalField(**AMOUNT, required=False, allow_null=True, default=None)
    adjustment_positive = serializers.DecimalField(**AMOUNT, required=False, allow_null=True, default=None)
    adjustment_negative = serializers.DecimalField(**AMOUNT, required=False, allow_null=True, default=None)
    extension_attributes = CreditmemoArgumentsExtensionSerializer(required=False, allow_null=True, default=None)


class RefundOrderInputSerializer(MagentoInputSerializer):
    """The body of POST /V1/order/{orderId}/refund (RefundOrderInterface::execute parameters)."""

    interface = "Magento\\Sales\\Api\\RefundOrderInterface"
    items = CreditmemoItemCreationSerializer(many=True, required=False, default=list)
    notify = serializers.BooleanField(required=False, default=False)
    append_comment = serializers.BooleanField(required=False, default=False)
    comment = CreditmemoCommentCreationSerializer(required=False, allow_null=True, default=None)
    arguments = CreditmemoCreationArgumentsSerializer(required=False, allow_null=True, default=None)

    def refund_kwargs(self) -> dict:
        data = self.validated_data
        comment, arguments = data["comment"], data["arguments"] or {}
        extension = arguments.get("extension_attributes") or {}
        return {
            "items": [RefundItem(line["order_item_id"], line["qty"]) for line in data["items"]],
            "notify": data["notify"],
            "append_comment": data["append_comment"],
            "comment": RefundComment(comment["comment"], bool(comment["is_visible_on_front"])) if comment else None,
            "arguments": RefundArguments(
                shipping_amount=arguments.get("shipping_amount"),
                adjustment_positive=arguments.get("adjustment_positive"),
                adjustment_negative=arguments.get("adjustment_negative"),
                return_to_stock_items=tuple(extension.get("return_to_stock_items") or ()),
            ),
        }


class RefundInvoiceInputSerializer(RefundOrderInputSerializer):
    """The body of POST /V1/invoice/{invoiceId}/refund (RefundInvoiceInterface::execute parameters)."""

    interface = "Magento\\Sales\\Api\\RefundInvoiceInterface"
    is_online = serializers.BooleanField(required=False, default=False)


class CreditmemoCommentInputSerializer(MagentoInputSerializer):
    """CreditmemoCommentInterface as POST /V1/creditmemo/{id}/comments takes it."""

    interface = "Magento\\Sales\\Api\\Data\\CreditmemoCommentInterface"
    model = CreditmemoComment
    comment = serializers.CharField(allow_blank=True, max_length=65535)
    parent_id = serializers.IntegerField()
    is_customer_notified = serializers.IntegerField(required=False, default=0)
    is_visible_on_front = serializers.IntegerField(required=False, default=0)
    entity_id = serializers.IntegerField(required=False, allow_null=True)
    created_at = serializers.CharField(required=False, allow_null=True)
    extension_attributes = serializers.DictField(required=False)


class CreditmemoCommentEntitySerializer(MagentoInputSerializer):
    interface = "Magento\\Sales\\Api\\CreditmemoCommentRepositoryInterface"
    entity = CreditmemoCommentInputSerializer()


# --- input: a CreditmemoInterface (POST /V1/creditmemo/refund and POST /V1/creditmemo) ------------------------

ITEM_KEYS = [key for key in CreditmemoItemSerializer.Meta.fields if key not in ("order_item_id", "qty")] + [
    "base_weee_tax_applied_amount", "base_weee_tax_applied_row_amnt", "base_weee_tax_disposition",
    "weee_tax_applied_amount", "weee_tax_disposition", "extension_attributes",
]
MEMO_KEYS = [key for key in CreditmemoSerializer.Meta.fields if key not in (
    "order_id", "invoice_id", "entity_id", "shipping_amount", "adjustment_positive", "adjustment_negative", "items",
)] + ["extension_attributes"]


class CreditmemoItemInputSerializer(MagentoInputSerializer):
    """CreditmemoItemInterface as a request carries it: the order item and quantity count; the amounts are
    collected again (the other keys are accepted and not used)."""

    interface = "Magento\\Sales\\Api\\Data\\CreditmemoItemInterface"
    model = CreditmemoItem
    order_item_id = serializers.IntegerField(min_value=1)
    qty = serializers.DecimalField(max_digits=12, decimal_places=4)

    def get_fields(self) -> dict[str, serializers.Field]:
        extra = {key: serializers.JSONField(required=False) for key in ITEM_KEYS}
        return {**extra, **super().get_fields()}


class CreditmemoInputSerializer(MagentoInputSerializer):
    """CreditmemoInterface as a request carries it: order, invoice, items, shipping and adjustments count."""

    interface = "Magento\\Sales\\Api\\Data\\CreditmemoInterface"
    model = Creditmemo
    entity_id = serializers.IntegerField(required=False, allow_null=True)
    order_id = serializers.IntegerField(required=False, allow_null=True)
    invoice_id = serializers.IntegerField(required=False, allow_null=True)
    items = CreditmemoItemInputSerializer(many=True, required=False, default=list)
    shipping_amount = serializers.DecimalField(**AMOUNT, required=False, allow_null=True, default=None)
    adjustment_positive = serializers.DecimalField(**AMOUNT, required=False, allow_null=True, default=None)
    adjustment_negative = serializers.DecimalField(**AMOUNT, required=False, allow_null=True, default=None)

    def get_fields(self) -> dict[str, serializers.Field]:
        extra = {key: serializers.JSONField(required=False) for key in MEMO_KEYS}
        return {**extra, **super().get_fields()}


class CreditmemoRefundInputSerializer(MagentoInputSerializer):
    """The body of POST /V1/creditmemo/refund (CreditmemoManagementInterface::refund parameters)."""

    interface = "Magento\\Sales\\Api\\CreditmemoManagementInterface"
    creditmemo = CreditmemoInputSerializer()
    offline_requested = serializers.BooleanField(required=False, default=False)


class CreditmemoSaveInputSerializer(MagentoInputSerializer):
    """The body of POST /V1/creditmemo (CreditmemoRepositoryInterface::save)."""

    interface = "Magento\\Sales\\Api\\CreditmemoRepositoryInterface"
    entity = CreditmemoInputSerializer()
