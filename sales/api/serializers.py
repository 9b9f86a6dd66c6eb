"""Wire formats named after Magento's data interfaces (Magento_Sales Api/Data)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from rest_framework import serializers

from backoffice.rest.serializers import MagentoInputSerializer, MagentoModelSerializer

from ..models import (
    Invoice,
    InvoiceComment,
    InvoiceItem,
    Order,
    OrderAddress,
    OrderItem,
    OrderPayment,
    OrderStatusHistory,
    Shipment,
    ShipmentComment,
    ShipmentItem,
    ShipmentTrack,
)
from .rendering import row_renderer


class InvoiceCommentSerializer(MagentoModelSerializer):
    """InvoiceCommentInterface."""

    parent_id = serializers.IntegerField()

    class Meta:
        model = InvoiceComment
        fields = ["is_customer_notified", "parent_id", "comment", "is_visible_on_front", "created_at", "entity_id"]

    def to_representation(self, comment: InvoiceComment) -> dict[str, Any]:
        return _render_invoice_comment(comment)


class InvoiceItemSerializer(MagentoModelSerializer):
    """InvoiceItemInterface."""

    parent_id = serializers.IntegerField()
    order_item_id = serializers.IntegerField()

    class Meta:
        model = InvoiceItem
        fields = [
            "base_discount_amount", "base_discount_tax_compensation_amount", "base_price", "base_price_incl_tax",
            "base_row_total", "base_row_total_incl_tax", "base_tax_amount", "discount_amount", "entity_id",
            "discount_tax_compensation_amount", "name", "parent_id", "price", "price_incl_tax", "product_id",
            "row_total", "row_total_incl_tax", "sku", "tax_amount", "order_item_id", "qty",
        ]
        non_nullable = ("sku", "order_item_id", "qty")

    def to_representation(self, item: InvoiceItem) -> dict[str, Any]:
        return _render_invoice_item(item)


class InvoiceSerializer(MagentoModelSerializer):
    """InvoiceInterface, exactly the keys and order of GET /V1/invoices/{id}."""

    order_id = serializers.IntegerField()
    items = InvoiceItemSerializer(many=True)
    comments = InvoiceCommentSerializer(many=True)

    class Meta:
        model = Invoice
        fields = [
            "base_currency_code", "base_discount_amount", "base_grand_total",
            "base_discount_tax_compensation_amount", "base_shipping_amount",
            "base_shipping_discount_tax_compensation_amnt", "base_shipping_incl_tax", "base_shipping_tax_amount",
            "base_subtotal", "base_subtotal_incl_tax", "base_tax_amount", "base_to_global_rate",
            "base_to_order_rate", "billing_address_id", "can_void_flag", "created_at", "discount_amount",
            "discount_description", "email_sent", "entity_id", "global_currency_code", "grand_total",
            "discount_tax_compensation_amount", "increment_id", "order_currency_code", "order_id",
            "shipping_address_id", "shipping_amount", "shipping_discount_tax_compensation_amount",
            "shipping_incl_tax", "shipping_tax_amount", "state", "store_currency_code", "store_id",
            "store_to_base_rate", "store_to_order_rate", "subtotal", "subtotal_incl_tax", "tax_amount", "total_qty",
            "transaction_id", "updated_at", "items", "comments",
        ]
        non_nullable = ("order_id", "total_qty", "items")

    def to_representation(self, invoice: Invoice) -> dict[str, Any]:
        return _render_invoice(invoice)


# The invoice with its prefetched items and comments (Invoice.objects.with_details()), rendered as the nested
# serializers render it (the keys, order and numbers: tests/sales/api/test_invoice_rendering.py).
_render_invoice_comment = row_renderer(InvoiceCommentSerializer)
_render_invoice_item = row_renderer(InvoiceItemSerializer)
_render_invoice = row_renderer(
    InvoiceSerializer,
    items=lambda invoice: [_render_invoice_item(item) for item in invoice.items.all()],
    comments=lambda invoice: [_render_invoice_comment(comment) for comment in invoice.comments.all()],
)


class OrderAddressSerializer(MagentoModelSerializer):
    """OrderAddressInterface."""

    parent_id = serializers.IntegerField()
    street = serializers.SerializerMethodField()

    class Meta:
        model = OrderAddress
        fields = [
            "address_type", "city", "company", "country_id", "customer_address_id", "customer_id", "email",
            "entity_id", "firstname", "lastname", "parent_id", "postcode", "region", "region_code", "region_id",
            "street", "telephone",
        ]
        non_nullable = ("address_type", "city", "country_id", "firstname", "lastname", "postcode", "telephone")

    def get_street(self, address: OrderAddress) -> list[str]:
        return address.street.split("\n")

    def to_representation(self, address: OrderAddress) -> dict[str, Any]:
        return _render_address(address)


class OrderItemSerializer(MagentoModelSerializer):
    """OrderItemInterface (the fields this back-office keeps)."""

    order_id = serializers.IntegerField()

    class Meta:
        model = OrderItem
        fields = [
            "base_discount_amount", "base_discount_invoiced", "base_discount_tax_compensation_amount",
            "base_discount_tax_compensation_invoiced", "base_original_price", "base_price", "base_price_incl_tax",
            "base_row_invoiced", "base_row_total", "base_row_total_incl_tax", "base_tax_amount", "base_tax_invoiced",
            "created_at", "discount_amount", "discount_invoiced", "discount_percent",
            "discount_tax_compensation_amount", "discount_tax_compensation_invoiced", "is_qty_decimal", "is_virtual",
            "item_id", "name", "no_discount", "order_id", "original_price", "price", "price_incl_tax", "product_id",
            "product_type", "qty_canceled", "qty_invoiced", "qty_ordered", "qty_refunded", "qty_shipped",
            "quote_item_id", "row_invoiced", "row_total", "row_total_incl_tax", "row_weight", "sku", "store_id",
            "tax_amount", "tax_invoiced", "tax_percent", "updated_at", "weight",
        ]
        non_nullable = ("sku",)

    def to_representation(self, item: OrderItem) -> dict[str, Any]:
        return _render_order_item(item)


class OrderPaymentSerializer(MagentoModelSerializer):
    """OrderPaymentInterface; account_status and cc_last4 are non-nullable getters, printed as null."""

    account_status = serializers.ReadOnlyField(default=None)
    cc_last4 = serializers.ReadOnlyField(default=None)
    parent_id = serializers.IntegerField()

    class Meta:
        model = OrderPayment
        fields = [
            "account_status", "additional_information", "amount_ordered", "amount_paid", "amount_refunded",
            "base_amount_ordered", "base_amount_paid", "base_amount_refunded", "base_amount_refunded_online",
            "base_shipping_amount", "base_shipping_captured", "base_shipping_refunded", "cc_last4", "entity_id",
            "method", "parent_id", "po_number", "shipping_amount", "shipping_captured", "shipping_refunded",
        ]
        non_nullable = ("account_status", "additional_information", "cc_last4", "method")

    def to_representation(self, payment: OrderPayment) -> dict[str, Any]:
        return _render_payment(payment)


class OrderStatusHistorySerializer(MagentoModelSerializer):
    """OrderStatusHistoryInterface."""

    parent_id = serializers.IntegerField()

    class Meta:
        model = OrderStatusHistory
        fields = [
            "comment", "created_at", "entity_id", "entity_name", "is_customer_notified", "is_visible_on_front",
            "parent_id", "status",
        ]
        non_nullable = ("comment", "is_customer_notified", "is_visible_on_front", "parent_id")

    def to_representation(self, history: OrderStatusHistory) -> dict[str, Any]:
        return _render_status_history(history)


class OrderSerializer(MagentoModelSerializer):
    """OrderInterface: the fields integrators read, in Magento's key order."""

    base_total_due = serializers.DecimalField(max_digits=20, decimal_places=4, read_only=True)
    billing_address_id = serializers.SerializerMethodField()
    customer_id = serializers.IntegerField(allow_null=True)
    total_due = serializers.DecimalField(max_digits=20, decimal_places=4, read_only=True)
    items = OrderItemSerializer(many=True)
    billing_address = serializers.SerializerMethodField()
    payment = OrderPaymentSerializer()
    status_histories = OrderStatusHistorySerializer(many=True)
    extension_attributes = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = [
            "adjustment_negative", "adjustment_positive", "applied_rule_ids", "base_adjustment_negative",
            "base_adjustment_positive", "base_currency_code", "base_discount_amount", "base_discount_invoiced",
            "base_discount_refunded", "base_grand_total", "base_discount_tax_compensation_amount",
            "base_discount_tax_compensation_invoiced", "base_discount_tax_compensation_refunded",
            "base_shipping_amount", "base_shipping_discount_amount", "base_shipping_discount_tax_compensation_amnt",
            "base_shipping_incl_tax", "base_shipping_invoiced", "base_shipping_refunded", "base_shipping_tax_amount",
            "base_shipping_tax_refunded", "base_subtotal", "base_subtotal_incl_tax", "base_subtotal_invoiced",
            "base_subtotal_refunded", "base_tax_amount", "base_tax_invoiced", "base_tax_refunded", "base_total_due",
            "base_total_invoiced", "base_total_offline_refunded", "base_total_online_refunded", "base_total_paid",
            "base_total_refunded", "base_to_global_rate", "base_to_order_rate", "billing_address_id", "coupon_code",
            "created_at", "customer_email", "customer_firstname", "customer_group_id", "customer_id",
            "customer_is_guest", "customer_lastname", "discount_amount", "discount_description", "discount_invoiced",
            "discount_refunded", "email_sent", "entity_id", "global_currency_code", "grand_total",
            "discount_tax_compensation_amount", "discount_tax_compensation_invoiced",
            "discount_tax_compensation_refunded", "hold_before_state", "hold_before_status", "increment_id",
            "is_virtual", "order_currency_code", "quote_id", "remote_ip", "shipping_amount", "shipping_description",
            "shipping_discount_amount", "shipping_discount_tax_compensation_amount", "shipping_incl_tax",
            "shipping_invoiced", "shipping_refunded", "shipping_tax_amount", "shipping_tax_refunded", "state",
            "status", "store_currency_code", "store_id", "store_name", "store_to_base_rate", "store_to_order_rate",
            "subtotal", "subtotal_incl_tax", "subtotal_invoiced", "subtotal_refunded", "tax_amount", "tax_invoiced",
            "tax_refunded", "total_due", "total_invoiced", "total_item_count", "total_offline_refunded",
            "total_online_refunded", "total_paid", "total_qty_ordered", "total_refunded", "updated_at", "weight",
            "items", "billing_address", "payment", "status_histories", "extension_attributes",
        ]
        non_nullable = ("base_grand_total", "customer_email", "grand_total", "items")

    def get_billing_address_id(self, order: Order) -> int | None:
        return billing_address_id(order)

    def get_billing_address(self, order: Order) -> dict | None:
        return render_billing_address(order)

    def get_extension_attributes(self, order: Order) -> dict:
        return render_extension_attributes(order)

    def to_representation(self, order: Order) -> dict[str, Any]:
        return render_order(order)


def render_address(address: OrderAddress) -> dict[str, Any]:
    return _render_address(address)


def render_order_item(item: OrderItem) -> dict[str, Any]:
    return _render_order_item(item)


def render_payment(order: Order) -> dict[str, Any] | None:
    try:
        payment = order.payment
    except ObjectDoesNotExist:
        return None
    return None if payment is None else _render_payment(payment)


def render_billing_address(order: Order) -> dict[str, Any] | None:
    address = order.address(OrderAddress.Type.BILLING)
    return render_address(address) if address else None


def render_extension_attributes(order: Order) -> dict[str, Any]:
    """shipping_assignments: where integrators read the shipping address and method."""
    address = order.address(OrderAddress.Type.SHIPPING)
    if address is None:
        return {}
    shipping = {"address": render_address(address), "method": order.shipping_method}
    total = {
        "base_shipping_amount": order.base_shipping_amount,
        "base_shipping_incl_tax": order.base_shipping_incl_tax,
        "shipping_amount": order.shipping_amount,
        "shipping_incl_tax": order.shipping_incl_tax,
    }
    return {"shipping_assignments": [{"shipping": {**shipping, "total": total}, "items": rendered_items(order)}]}


def rendered_items(order: Order) -> list[dict[str, Any]]:
    """The order's items, rendered once for "items" and again for its shipping assignment (the same list)."""
    items = order.__dict__.get("_rendered_items")
    if items is None:
        items = order.__dict__["_rendered_items"] = [render_order_item(item) for item in order.items.all()]
    return items


def billing_address_id(order: Order) -> int | None:
    address = order.address(OrderAddress.Type.BILLING)
    return address.pk if address else None


_render_address = row_renderer(OrderAddressSerializer, street=lambda address: address.street.split("\n"))
_render_order_item = row_renderer(OrderItemSerializer)
_render_payment = row_renderer(OrderPaymentSerializer)
_render_status_history = row_renderer(OrderStatusHistorySerializer)
# The order with prefetched rows (Order.objects.with_details()): the same keys, order and numbers as the nested
# serializers, at a fraction of their cost (README, Performance).
render_order = row_renderer(
    OrderSerializer,
    billing_address_id=billing_address_id,
    items=rendered_items,
    billing_address=render_billing_address,
    payment=render_payment,
    status_histories=lambda order: [_render_status_history(row) for row in order.status_histories.all()],
    extension_attributes=render_extension_attributes,
)


class ShipmentItemSerializer(MagentoModelSerializer):
    """ShipmentItemInterface."""

    parent_id = serializers.IntegerField()
    order_item_id = serializers.IntegerField()

    class Meta:
        model = ShipmentItem
        fields = ["entity_id", "name", "parent_id", "price", "product_id", "sku", "weight", "order_item_id", "qty"]
        non_nullable = ("order_item_id", "qty")


class ShipmentTrackSerializer(MagentoModelSerializer):
    """ShipmentTrackInterface."""

    order_id = serializers.IntegerField()
    parent_id = serializers.IntegerField()

    class Meta:
        model = ShipmentTrack
        fields = [
            "order_id", "created_at", "entity_id", "parent_id", "updated_at", "weight", "qty", "description",
            "track_number", "title", "carrier_code",
        ]
        non_nullable = ("order_id", "parent_id", "weight", "qty", "description", "track_number", "title",
                        "carrier_code")


class ShipmentCommentSerializer(MagentoModelSerializer):
    """ShipmentCommentInterface."""

    parent_id = serializers.IntegerField()

    class Meta:
        model = ShipmentComment
        fields = ["is_customer_notified", "parent_id", "comment", "is_visible_on_front", "created_at", "entity_id"]


class ShipmentSerializer(MagentoModelSerializer):
    """ShipmentInterface with MSI's extension_attributes.source_code."""

    order_id = serializers.IntegerField()
    items = ShipmentItemSerializer(many=True)
    tracks = ShipmentTrackSerializer(many=True)
    comments = ShipmentCommentSerializer(many=True)
    extension_attributes = serializers.SerializerMethodField()

    class Meta:
        model = Shipment
        fields = [
            "billing_address_id", "created_at", "customer_id", "email_sent", "entity_id", "increment_id",
            "order_id", "packages", "shipment_status", "shipping_address_id", "store_id", "total_qty",
            "total_weight", "updated_at", "items", "tracks", "comments", "extension_attributes",
        ]
        non_nullable = ("order_id", "items", "tracks", "comments")

    def get_extension_attributes(self, shipment: Shipment) -> dict:
        return {"source_code": shipment.source_code}


class InvoiceItemCreationSerializer(MagentoInputSerializer):
    """InvoiceItemCreationInterface."""

    interface = "Magento\\Sales\\Api\\Data\\InvoiceItemCreationInterface"
    model = InvoiceItem
    order_item_id = serializers.IntegerField(min_value=1)
    qty = serializers.DecimalField(max_digits=12, decimal_places=4)


class InvoiceCommentCreationSerializer(MagentoInputSerializer):
    """InvoiceCommentCreationInterface; the tutorial sends only "comment", which Magento accepts."""

    interface = "Magento\\Sales\\Api\\Data\\InvoiceCommentCreationInterface"
    comment = serializers.CharField(allow_blank=True, max_length=65535)
    is_visible_on_front = serializers.IntegerField(required=False, default=0, min_value=0, max_value=1)
    extension_attributes = serializers.DictField(required=False)


class InvoiceOrderInputSerializer(MagentoInputSerializer):
    """The body of POST /V1/order/{orderId}/invoice (InvoiceOrderInterface::execute parameters)."""

    interface = "Magento\\Sales\\Api\\InvoiceOrderInterface"
    capture = serializers.BooleanField(required=False, default=False)
    items = InvoiceItemCreationSerializer(many=True, required=False, default=list)
    notify = serializers.BooleanField(required=False, default=False)
    append_comment = serializers.BooleanField(required=False, default=False)
    comment = InvoiceCommentCreationSerializer(required=False, allow_null=True, default=None)
    arguments = serializers.DictField(required=False, allow_null=True, default=None)


class ShipmentItemCreationSerializer(MagentoInputSerializer):
    interface = "Magento\\Sales\\Api\\Data\\ShipmentItemCreationInterface"
    model = ShipmentItem
    order_item_id = serializers.IntegerField(min_value=1)
    qty = serializers.DecimalField(max_digits=12, decimal_places=4)


class ShipmentCommentCreationSerializer(MagentoInputSerializer):
    interface = "Magento\\Sales\\Api\\Data\\ShipmentCommentCreationInterface"
    comment = serializers.CharField(allow_blank=True, max_length=65535)
    is_visible_on_front = serializers.IntegerField(required=False, default=0, min_value=0, max_value=1)
    extension_attributes = serializers.DictField(required=False)


class ShipmentTrackCreationSerializer(MagentoInputSerializer):
    interface = "Magento\\Sales\\Api\\Data\\ShipmentTrackCreationInterface"
    track_number = serializers.CharField(max_length=65535)
    title = serializers.CharField(max_length=255)
    carrier_code = serializers.CharField(max_length=32)
    extension_attributes = serializers.DictField(required=False)


class ShipmentArgumentsExtensionSerializer(MagentoInputSerializer):
    interface = "Magento\\Sales\\Api\\Data\\ShipmentCreationArgumentsExtensionInterface"
    source_code = serializers.CharField(max_length=255, required=False, allow_blank=True)


class ShipmentCreationArgumentsSerializer(MagentoInputSerializer):
    interface = "Magento\\Sales\\Api\\Data\\ShipmentCreationArgumentsInterface"
    extension_attributes = ShipmentArgumentsExtensionSerializer(required=False)


class ShipOrderInputSerializer(MagentoInputSerializer):
    """The body of POST /V1/order/{orderId}/ship (ShipOrderInterface::execute parameters)."""

    interface = "Magento\\Sales\\Api\\ShipOrderInterface"
    items = ShipmentItemCreationSerializer(many=True, required=False, default=list)
    notify = serializers.BooleanField(required=False, default=False)
    append_comment = serializers.BooleanField(required=False, default=False)
    comment = ShipmentCommentCreationSerializer(required=False, allow_null=True, default=None)
    tracks = ShipmentTrackCreationSerializer(many=True, required=False, default=list)
    packages = serializers.ListField(child=serializers.DictField(), required=False, default=list)
    arguments = ShipmentCreationArgumentsSerializer(required=False, allow_null=True, default=None)


class ShipmentTrackInputSerializer(MagentoInputSerializer):
    """ShipmentTrackInterface as POST /V1/shipment/track takes it."""

    interface = "Magento\\Sales\\Api\\Data\\ShipmentTrackInterface"
    model = ShipmentTrack
    order_id = serializers.IntegerField(required=False)
    parent_id = serializers.IntegerField()
    track_number = serializers.CharField(max_length=65535)
    title = serializers.CharField(max_length=255)
    carrier_code = serializers.CharField(max_length=32)
    description = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    weight = serializers.DecimalField(max_digits=12, decimal_places=4, required=False, allow_null=True)
    qty = serializers.DecimalField(max_digits=12, decimal_places=4, required=False, allow_null=True)
    entity_id = serializers.IntegerField(required=False, allow_null=True)
    extension_attributes = serializers.DictField(required=False)


class ShipmentTrackEntitySerializer(MagentoInputSerializer):
    interface = "Magento\\Sales\\Api\\ShipmentTrackRepositoryInterface"
    entity = ShipmentTrackInputSerializer()
