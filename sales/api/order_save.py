"""Saving orders (Magento_Sales etc/webapi.xml, ACL Magento_Sales::create on all three routes):

- ``POST /V1/orders`` and ``PUT /V1/orders/create``: OrderRepositoryInterface::save, body ``{"entity": OrderInterface}``
  → the saved order, as GET /V1/orders/{id} renders it;
- ``PUT /V1/orders/{parent_id}``: OrderAddressRepositoryInterface::save, body ``{"entity": OrderAddressInterface}``
  → the saved address.

What "save" means here is sales/order_saving.py's docstring. Input binding: every key of the Magento interface is
accepted (a client may send back the order it read), the ones this back-office does not save are ignored; a key
outside the interface is Magento's unknown-property 400.
"""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.rest.idempotency import idempotent
from backoffice.rest.routes import RouteView, parse
from backoffice.rest.serializers import MagentoInputSerializer, to_snake_case

from ..models import Order, OrderAddress, OrderItem, OrderStatusHistory
from ..order_saving import NewComment, NewOrder, OrderChanges, create_order, save_order_address, update_order
from ..placement import OrderLine
from .acl import ORDER_CREATE, ORDER_VIEW
from .serializers import OrderAddressSerializer, OrderSerializer
from .views import OrderDetailView, OrderListView


def getters(names: str) -> frozenset[str]:
    return frozenset(names.split())


# The getters of Magento\Sales\Api\Data\*Interface (module-sales/Api/Data), as snake_case wire keys.
ORDER_KEYS = getters("""
    adjustment_negative adjustment_positive applied_rule_ids base_adjustment_negative base_adjustment_positive
    base_currency_code base_discount_amount base_discount_canceled base_discount_invoiced base_discount_refunded
    base_grand_total base_discount_tax_compensation_amount base_discount_tax_compensation_invoiced
    base_discount_tax_compensation_refunded base_shipping_amount base_shipping_canceled base_shipping_discount_amount
    base_shipping_discount_tax_compensation_amnt base_shipping_incl_tax base_shipping_invoiced base_shipping_refunded
    base_shipping_tax_amount base_shipping_tax_refunded base_subtotal base_subtotal_canceled base_subtotal_incl_tax
    base_subtotal_invoiced base_subtotal_refunded base_tax_amount base_tax_canceled base_tax_invoiced base_tax_refunded
    base_total_canceled base_total_due base_total_invoiced base_total_invoiced_cost base_total_offline_refunded
    base_total_online_refunded base_total_paid base_total_qty_ordered base_total_refunded base_to_global_rate
    base_to_order_rate billing_address_id can_ship_partially can_ship_partially_item coupon_code created_at
    customer_dob customer_email customer_firstname customer_gender customer_group_id customer_id customer_is_guest
    customer_lastname customer_middlename customer_note customer_note_notify customer_prefix customer_suffix
    customer_taxvat discount_amount discount_canceled discount_description discount_invoiced discount_refunded
    edit_increment email_sent entity_id ext_customer_id ext_order_id forced_shipment_with_invoice global_currency_code
    grand_total discount_tax_compensation_amount discount_tax_compensation_invoiced discount_tax_compensation_refunded
    hold_before_state hold_before_status increment_id is_virtual order_currency_code original_increment_id
    payment_authorization_amount payment_auth_expiration protect_code quote_address_id quote_id relation_child_id
    relation_child_real_id relation_parent_id relation_parent_real_id remote_ip shipping_amount shipping_canceled
    shipping_description shipping_discount_amount shipping_discount_tax_compensation_amount shipping_incl_tax
    shipping_invoiced shipping_refunded shipping_tax_amount shipping_tax_refunded state status store_currency_code
    store_id store_name store_to_base_rate store_to_order_rate subtotal subtotal_canceled subtotal_incl_tax
    subtotal_invoiced subtotal_refunded tax_amount tax_canceled tax_invoiced tax_refunded total_canceled total_due
    total_invoiced total_item_count total_offline_refunded total_online_refunded total_paid total_qty_ordered
    total_refunded updated_at weight x_forwarded_for items billing_address payment status_histories
    extension_attributes
""")
ORDER_ITEM_KEYS = getters("""
    additional_data amount_refunded applied_rule_ids base_amount_refunded base_cost base_discount_amount
    base_discount_invoiced base_discount_refunded base_discount_tax_compensation_amount
    base_discount_tax_compensation_invoiced base_discount_tax_compensation_refunded base_original_price base_price
    base_price_incl_tax base_row_invoiced base_row_total base_row_total_incl_tax base_tax_amount
    base_tax_before_discount base_tax_invoiced base_tax_refunded base_weee_tax_applied_amount
    base_weee_tax_applied_row_amnt base_weee_tax_disposition base_weee_tax_row_disposition created_at description
    discount_amount discount_invoiced discount_percent discount_refunded event_id ext_order_item_id free_shipping
    gw_base_price gw_base_price_invoiced gw_base_price_refunded gw_base_tax_amount gw_base_tax_amount_invoiced
    gw_base_tax_amount_refunded gw_id gw_price gw_price_invoiced gw_price_refunded gw_tax_amount
    gw_tax_amount_invoiced gw_tax_amount_refunded discount_tax_compensation_amount discount_tax_compensation_canceled
    discount_tax_compensation_invoiced discount_tax_compensation_refunded is_qty_decimal is_virtual item_id
    locked_do_invoice locked_do_ship name no_discount order_id original_price parent_item_id price price_incl_tax
    product_id product_type qty_backordered qty_canceled qty_invoiced qty_ordered qty_refunded qty_returned
    qty_shipped quote_item_id row_invoiced row_total row_total_incl_tax row_weight sku store_id tax_amount
    tax_before_discount tax_canceled tax_invoiced tax_percent tax_refunded updated_at weee_tax_applied
    weee_tax_applied_amount weee_tax_applied_row_amount weee_tax_disposition weee_tax_row_disposition weight
    parent_item product_option extension_attributes
""")
ORDER_ADDRESS_KEYS = getters("""
    address_type city company country_id customer_address_id customer_id email entity_id fax firstname lastname
    middlename parent_id postcode prefix region region_code region_id street suffix telephone vat_id vat_is_valid
    vat_request_date vat_request_id vat_request_success extension_attributes
""")
ORDER_PAYMENT_KEYS = getters("""
    account_status additional_data additional_information address_status amount_authorized amount_canceled
    amount_ordered amount_paid amount_refunded anet_trans_method base_amount_authorized base_amount_canceled
    base_amount_ordered base_amount_paid base_amount_paid_online base_amount_refunded base_amount_refunded_online
    base_shipping_amount base_shipping_captured base_shipping_refunded cc_approval cc_avs_status cc_cid_status
    cc_debug_request_body cc_debug_response_body cc_debug_response_serialized cc_exp_month cc_exp_year cc_last4
    cc_number_enc cc_owner cc_secure_verify cc_ss_issue cc_ss_start_month cc_ss_start_year cc_status
    cc_status_description cc_trans_id cc_type echeck_account_name echeck_account_type echeck_bank_name
    echeck_routing_number echeck_type entity_id last_trans_id method parent_id po_number protection_eligibility
    quote_payment_id shipping_amount shipping_captured shipping_refunded extension_attributes
""")
STATUS_HISTORY_KEYS = getters(
    "comment created_at entity_id entity_name is_customer_notified is_visible_on_front parent_id status "
    "extension_attributes"
)
SHIPPING_ASSIGNMENT_KEYS = getters("shipping items stock_id extension_attributes")
SHIPPING_KEYS = getters("address method total extension_attributes")


class InterfaceInputSerializer(MagentoInputSerializer):
    """A data object whose interface has more keys than this back-office saves: those (``keys``) are accepted and
    ignored; a key outside the interface is refused, as MagentoInputSerializer refuses it."""

    keys: frozenset[str] = frozenset()

    def to_internal_value(self, data: object) -> dict:
        if isinstance(data, dict):
            data = {key: value for key, value in data.items()
                    if to_snake_case(key) in self.fields or to_snake_case(key) not in self.keys}  # fmt: skip
        return super().to_internal_value(data)


def _text(max_length: int | None = 255) -> serializers.CharField:
    return serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=max_length)


def _integer(**kwargs: object) -> serializers.IntegerField:
    return serializers.IntegerField(required=False, allow_null=True, **kwargs)


class OrderAddressInputSerializer(InterfaceInputSerializer):
    interface = "Magento\\Sales\\Api\\Data\\OrderAddressInterface"
    model = OrderAddress
    keys = ORDER_ADDRESS_KEYS
    address_type = _text(16)
    city = _text()
    company = _text()
    country_id = _text(2)
    customer_address_id = _integer(min_value=0)
    email = _text()
    entity_id = _integer(min_value=0)
    firstname = _text()
    lastname = _text()
    postcode = _text()
    region = _text()
    region_code = _text(32)
    region_id = _integer(min_value=0)
    street = serializers.ListField(child=serializers.CharField(allow_blank=True), required=False, allow_null=True)
    telephone = _text()


class OrderItemInputSerializer(InterfaceInputSerializer):
    interface = "Magento\\Sales\\Api\\Data\\OrderItemInterface"
    model = OrderItem
    keys = ORDER_ITEM_KEYS
    sku = _text(64)
    qty_ordered = serializers.DecimalField(max_digits=12, decimal_places=4, required=False, allow_null=True)


class OrderPaymentInputSerializer(InterfaceInputSerializer):
    interface = "Magento\\Sales\\Api\\Data\\OrderPaymentInterface"
    keys = ORDER_PAYMENT_KEYS
    method = _text()


class StatusHistoryInputSerializer(InterfaceInputSerializer):
    interface = "Magento\\Sales\\Api\\Data\\OrderStatusHistoryInterface"
    model = OrderStatusHistory
    keys = STATUS_HISTORY_KEYS
    comment = _text(None)
    entity_id = _integer(min_value=0)
    is_customer_notified = _integer(min_value=0)
    is_visible_on_front = _integer(min_value=0)


class ShippingInputSerializer(InterfaceInputSerializer):
    interface = "Magento\\Sales\\Api\\Data\\ShippingInterface"
    keys = SHIPPING_KEYS
    address = OrderAddressInputSerializer(required=False, allow_null=True)
    method = _text()


class ShippingAssignmentInputSerializer(InterfaceInputSerializer):
    interface = "Magento\\Sales\\Api\\Data\\ShippingAssignmentInterface"
    keys = SHIPPING_ASSIGNMENT_KEYS
    shipping = ShippingInputSerializer(required=False, allow_null=True)


class OrderExtensionInputSerializer(serializers.Serializer):
    """OrderExtensionInterface: shipping_assignments is read; the attributes other modules add are ignored."""

    shipping_assignments = ShippingAssignmentInputSerializer(many=True, required=False, allow_null=True)


class OrderInputSerializer(InterfaceInputSerializer):
    interface = "Magento\\Sales\\Api\\Data\\OrderInterface"
    model = Order
    keys = ORDER_KEYS
    entity_id = _integer(min_value=0)
    state = _text(32)
    status = _text(32)
    customer_email = _text()
    customer_id = _integer(min_value=0)
    items = OrderItemInputSerializer(many=True, required=False, allow_null=True)
    billing_address = OrderAddressInputSerializer(required=False, allow_null=True)
    payment = OrderPaymentInputSerializer(required=False, allow_null=True)
    status_histories = StatusHistoryInputSerializer(many=True, required=False, allow_null=True)
    extension_attributes = OrderExtensionInputSerializer(required=False, allow_null=True)


class SaveOrderInputSerializer(MagentoInputSerializer):
    interface = "Magento\\Sales\\Api\\OrderRepositoryInterface"
    entity = OrderInputSerializer()


class SaveOrderAddressInputSerializer(MagentoInputSerializer):
    interface = "Magento\\Sales\\Api\\OrderAddressRepositoryInterface"
    entity = OrderAddressInputSerializer()


def _given(values: dict | None) -> dict:
    """The keys the client sent (DRF leaves absent optional fields out)."""
    return dict(values or {})


def _shipping(entity: dict) -> tuple[dict | None, str | None]:
    """extension_attributes.shipping_assignments[0].shipping: where OrderRepository::save reads the shipping
    address and method."""
    assignments = (entity.get("extension_attributes") or {}).get("shipping_assignments") or []
    shipping = (assignments[0] or {}).get("shipping") or {} if assignments else {}
    return shipping.get("address"), shipping.get("method")


def save_order(request: Request) -> Response:
    entity = parse(SaveOrderInputSerializer, request.data)["entity"]
    shipping_address, shipping_method = _shipping(entity)
    if entity.get("entity_id"):
        addresses = []
        if entity.get("billing_address") is not None:
            addresses.append({**_given(entity["billing_address"]), "address_type": OrderAddress.Type.BILLING})
        if shipping_address is not None:
            addresses.append({**_given(shipping_address), "address_type": OrderAddress.Type.SHIPPING})
        comments = [
            NewComment(
                comment=entry.get("comment"),
                is_customer_notified=None if entry.get("is_customer_notified") is None
                else bool(entry["is_customer_notified"]),
                is_visible_on_front=bool(entry.get("is_visible_on_front")),
            )
            for entry in entity.get("status_histories") or []
            if not entry.get("entity_id")
        ]  # fmt: skip
        changes = OrderChanges(state=entity.get("state") or None, status=entity.get("status") or None,
                               comments=comments, addresses=addresses)  # fmt: skip
        order = update_order(entity["entity_id"], changes)
    else:
        order = create_order(NewOrder(
            lines=[OrderLine(sku=item.get("sku") or "", qty=item.get("qty_ordered") or Decimal(0))
                   for item in entity.get("items") or []],
            billing_address=entity.get("billing_address"),
            shipping_address=shipping_address,
            shipping_method=shipping_method,
            payment_method=(entity.get("payment") or {}).get("method"),
            customer_email=entity.get("customer_email"),
            customer_id=entity.get("customer_id"),
        ))  # fmt: skip
    return Response(OrderSerializer(Order.objects.with_details().get(pk=order.pk)).data)


@idempotent
class OrderListSaveView(OrderListView):
    """GET /V1/orders?searchCriteria... (OrderListView); POST {"entity"} → the saved order
    (OrderRepositoryInterface::save: see sales/order_saving.py)."""

    acl_by_method = {"GET": ORDER_VIEW, "POST": ORDER_CREATE}

    @extend_schema(request=SaveOrderInputSerializer, responses={200: OrderSerializer})
    def post(self, request: Request, store_code: str) -> Response:
        return save_order(request)


class OrderCreateView(RouteView):
    """PUT /V1/orders/create {"entity"} → the saved order: the same service as POST /V1/orders."""

    acl_by_method = {"PUT": ORDER_CREATE}

    @extend_schema(request=SaveOrderInputSerializer, responses={200: OrderSerializer})
    def put(self, request: Request, store_code: str) -> Response:
        return OrderListSaveView.post(self, request, store_code)  # type: ignore[arg-type]  # with Idempotency-Key


class OrderDetailAddressView(OrderDetailView):
    """GET /V1/orders/{id} (OrderDetailView); PUT /V1/orders/{parent_id} {"entity"} → the saved address
    (OrderAddressRepositoryInterface::save: only an address of that order)."""

    acl_by_method = {"GET": ORDER_VIEW, "PUT": ORDER_CREATE}

    @extend_schema(request=SaveOrderAddressInputSerializer, responses={200: OrderAddressSerializer})
    def put(self, request: Request, store_code: str, order_id: int) -> Response:
        address = save_order_address(order_id, _given(parse(SaveOrderAddressInputSerializer, request.data)["entity"]))
        return Response(OrderAddressSerializer(address).data)
