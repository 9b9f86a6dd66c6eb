"""The order (sales_order) with its addresses, items and status history."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, models
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat

from backoffice.money import CENT

from .bases import CurrencyFields, DocumentComment, DocumentTotals, TypedAddress
from .fields import EMAIL_DUE_INDEX, ZERO, money, money_or_null, percent, qty


class OrderState(models.TextChoices):
    NEW = "new", "New"
    PENDING_PAYMENT = "pending_payment", "Pending Payment"
    PROCESSING = "processing", "Processing"
    COMPLETE = "complete", "Complete"
    CLOSED = "closed", "Closed"
    CANCELED = "canceled", "Canceled"
    HOLDED = "holded", "On Hold"
    PAYMENT_REVIEW = "payment_review", "Payment Review"


class OrderStatus(models.TextChoices):
    """Magento's default statuses with their admin labels."""

    PENDING = "pending", "Pending"
    PENDING_PAYMENT = "pending_payment", "Pending Payment"
    PROCESSING = "processing", "Processing"
    COMPLETE = "complete", "Complete"
    CLOSED = "closed", "Closed"
    CANCELED = "canceled", "Canceled"
    HOLDED = "holded", "On Hold"
    PAYMENT_REVIEW = "payment_review", "Payment Review"
    FRAUD = "fraud", "Suspected Fraud"


DEFAULT_STATUS = {
    OrderState.NEW: OrderStatus.PENDING,
    OrderState.PENDING_PAYMENT: OrderStatus.PENDING_PAYMENT,
    OrderState.PROCESSING: OrderStatus.PROCESSING,
    OrderState.COMPLETE: OrderStatus.COMPLETE,
    OrderState.CLOSED: OrderStatus.CLOSED,
    OrderState.CANCELED: OrderStatus.CANCELED,
    OrderState.HOLDED: OrderStatus.HOLDED,
    OrderState.PAYMENT_REVIEW: OrderStatus.PAYMENT_REVIEW,
}
# The states where Magento's Order::can* (and its CanInvoice, CanShip, CanRefund validators) say no.
NOT_INVOICEABLE_STATES = frozenset(
    {OrderState.PAYMENT_REVIEW, OrderState.HOLDED, OrderState.CANCELED, OrderState.COMPLETE, OrderState.CLOSED}
)
NOT_CANCELABLE_STATES = frozenset(
    {OrderState.PAYMENT_REVIEW, OrderState.HOLDED, OrderState.CANCELED, OrderState.COMPLETE, OrderState.CLOSED}
)
NOT_HOLDABLE_STATES = frozenset(
    {OrderState.PAYMENT_REVIEW, OrderState.HOLDED, OrderState.CANCELED, OrderState.COMPLETE, OrderState.CLOSED}
)
NOT_SHIPPABLE_STATES = frozenset({OrderState.HOLDED, OrderState.CANCELED, OrderState.PAYMENT_REVIEW})
NOT_REFUNDABLE_STATES = frozenset(
    {OrderState.PAYMENT_REVIEW, OrderState.HOLDED, OrderState.CANCELED, OrderState.CLOSED}
)
# Order::canCreditmemo's "additional diapason for 0" (abs(x) < .0001) and PriceCurrency::round's cent.
EPSILON = Decimal("0.0001")


class OrderQuerySet(models.QuerySet["Order"]):
    def with_details(self) -> OrderQuerySet:
        """Everything the REST Order body renders, in a constant number of queries."""
        return self.select_related("payment").prefetch_related("items", "addresses", "status_histories")


def address_name(order_ref: str, address_type: str) -> models.Subquery:
    """ "First Last" of the billing or shipping address of the order at ``order_ref`` ("pk" on an order
    queryset, "order_id" on a document's), as a correlated subquery: the grids' Bill-to / Ship-to Name."""
    addresses = OrderAddress.objects.filter(parent=models.OuterRef(order_ref), address_type=address_type)
    full_name = Concat("firstname", models.Value(" "), "lastname")
    return models.Subquery(addresses.annotate(full_name=full_name).values("full_name")[:1])


def address_id(address_type: str) -> RawSQL:
    """The id of the order's billing or shipping address, as a correlated subquery on an order queryset
    (Magento keeps it in sales_order.billing_address_id / shipping_address_id). Written as SQL: the invoice
    and shipment writers read it with every order lock, and the ORM's Subquery costs ~0.5 ms to build each time."""
    qn = connection.ops.quote_name
    order, address = Order._meta, OrderAddress._meta
    parent = address.get_field("parent").column
    return RawSQL(
        f"SELECT {qn(address.pk.column)} FROM {qn(address.db_table)} WHERE {qn(parent)} = "
        f"{qn(order.db_table)}.{qn(order.pk.column)} AND {qn(address.get_field('address_type').column)} = %s "
        f"ORDER BY {qn(address.pk.column)} LIMIT 1",
        (address_type,),
        output_field=models.BigIntegerField(),
    )


class Order(DocumentTotals, CurrencyFields):
    entity_id = models.BigAutoField(primary_key=True)
    increment_id = models.CharField("ID", max_length=32, unique=True, null=True, blank=True)
    state = models.CharField(max_length=32, choices=OrderState.choices, default=OrderState.NEW)
    status = models.CharField(max_length=32, choices=OrderStatus.choices, default=OrderStatus.PENDING)
    store_id = models.PositiveIntegerField(default=1)
    store_name = models.CharField(
        "Purchase Point", max_length=255, default="Main Website\nMain Website Store\nDefault Store View"
    )
    customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.SET_NULL, related_name="orders"
    )
    customer_email = models.CharField(max_length=255)
    customer_firstname = models.CharField(max_length=255, blank=True, default="")
    customer_lastname = models.CharField(max_length=255, blank=True, default="")
    customer_group_id = models.PositiveIntegerField(default=0)
    customer_is_guest = models.PositiveSmallIntegerField(default=0)
    quote_id = models.PositiveIntegerField(null=True, blank=True)
    remote_ip = models.CharField(max_length=45, null=True, blank=True)

    # The totals (subtotal ... grand_total) come from DocumentTotals.
    applied_rule_ids = models.CharField(max_length=255, null=True, blank=True)
    coupon_code = models.CharField(max_length=255, null=True, blank=True)
    shipping_discount_amount = money()
    base_shipping_discount_amount = money()

    subtotal_invoiced = money_or_null()
    base_subtotal_invoiced = money_or_null()
    discount_invoiced = money_or_null()
    base_discount_invoiced = money_or_null()
    shipping_invoiced = money_or_null()
    base_shipping_invoiced = money_or_null()
    tax_invoiced = money_or_null()
    base_tax_invoiced = money_or_null()
    discount_tax_compensation_invoiced = money_or_null()
    base_discount_tax_compensation_invoiced = money_or_null()
    total_invoiced = money_or_null()
    base_total_invoiced = money_or_null()
    total_paid = money_or_null()
    base_total_paid = money_or_null()
    # What credit memos gave back (Creditmemo::refund / Order\Payment::refund); null until the first refund.
    subtotal_refunded = money_or_null()
    base_subtotal_refunded = money_or_null()
    discount_refunded = money_or_null()
    base_discount_refunded = money_or_null()
    shipping_refunded = money_or_null()
    base_shipping_refunded = money_or_null()
    shipping_tax_refunded = money_or_null()
    base_shipping_tax_refunded = money_or_null()
    tax_refunded = money_or_null()
    base_tax_refunded = money_or_null()
    discount_tax_compensation_refunded = money_or_null()
    base_discount_tax_compensation_refunded = money_or_null()
    shipping_discount_tax_compensation_refunded = money_or_null()
    base_shipping_discount_tax_compensation_refunded = money_or_null()
    adjustment_positive = money_or_null()
    base_adjustment_positive = money_or_null()
    adjustment_negative = money_or_null()
    base_adjustment_negative = money_or_null()
    total_refunded = money_or_null()
    base_total_refunded = money_or_null()
    total_offline_refunded = money_or_null()
    base_total_offline_refunded = money_or_null()
    total_online_refunded = money_or_null()
    base_total_online_refunded = money_or_null()

    total_qty_ordered = qty()
    total_item_count = models.PositiveIntegerField(default=0)
    weight = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    is_virtual = models.PositiveSmallIntegerField(default=0)
    shipping_method = models.CharField(max_length=120, null=True, blank=True)
    shipping_description = models.CharField(max_length=255, null=True, blank=True)
    email_sent = models.PositiveSmallIntegerField(null=True, blank=True)
    send_email = models.PositiveSmallIntegerField(null=True, blank=True)  # 1: an email is due (sales/email_sending)
    hold_before_state = models.CharField(max_length=32, null=True, blank=True)
    hold_before_status = models.CharField(max_length=32, null=True, blank=True)
    created_at = models.DateTimeField("Purchase Date", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        ordering = ["-entity_id"]
        # The grids' filters (Magento's sales_order indexes): status, and the store list read by index seeks. The
        # status index also holds created_at and the id: an integration's "status X, created in this window" (GET
        # /V1/orders) counts and pages on it alone (backoffice/rest/search_criteria.py SearchResultsPagination).
        indexes = [
            models.Index(fields=["status", "created_at", "entity_id"], name="sales_order_status_created"),
            models.Index(fields=["store_id", "store_name"], name="sales_order_store"),
            EMAIL_DUE_INDEX("sales_order_email_due"),
        ]
        # Magento_Sales ACL resources of the order actions (webapi.xml), as Django permissions.
        permissions = [
            ("cancel_order", "Cancel"),
            ("hold_order", "Hold"),
            ("unhold_order", "Unhold"),
            ("comment_order", "Comment"),
        ]

    def __str__(self) -> str:
        return f"#{self.increment_id}"

    # The order's row questions (Magento\\Sales\\Model\\Order::canInvoice, canShip, canCancel, canHold, canUnhold,
    # canCreditmemo), asked by the domain functions, the REST views and the admin's buttons. Those that read the
    # items take them when the caller holds them (locked, or already read); otherwise they read order.items.

    def _items(self, items: Sequence[OrderItem] | None) -> Sequence[OrderItem]:
        return list(self.items.all()) if items is None else items

    def can_invoice(self, items: Sequence[OrderItem] | None = None) -> bool:
        """Order::canInvoice: not on hold, in payment review, canceled, complete or closed, and some quantity left
        to invoice."""
        return self.state not in NOT_INVOICEABLE_STATES and any(item.qty_to_invoice > 0 for item in self._items(items))

    def can_ship(self, items: Sequence[OrderItem] | None = None) -> bool:
        """Order::canShip: not on hold, in payment review or canceled, not virtual, and some item with a quantity
        left to ship. Magento's "not a virtual item" and isRefunded (qty_refunded == qty_ordered) are in
        OrderItem.qty_to_ship, which is zero for both."""
        if self.state in NOT_SHIPPABLE_STATES or self.is_virtual:
            return False
        return any(item.qty_to_ship > 0 for item in self._items(items))

    def can_cancel(self, items: Sequence[OrderItem] | None = None) -> bool:
        """Order::canCancel: _canVoidOrder (not canceled, on hold or in payment review), not complete or closed,
        and some item not yet wholly invoiced."""
        return self.state not in NOT_CANCELABLE_STATES and any(item.qty_to_invoice > 0 for item in self._items(items))

    def can_hold(self) -> bool:
        """Order::canHold: not canceled, in payment review, complete, closed or already on hold."""
        return self.state not in NOT_HOLDABLE_STATES

    def can_unhold(self) -> bool:
        """Order::canUnhold: on hold (a payment review is never on hold)."""
        return self.state == OrderState.HOLDED

    def can_creditmemo(self) -> bool:
        """Order::canCreditmemo: not on hold, in payment review, canceled or closed, and some of what was paid not
        yet refunded (nor kept back as the first credit memo's Adjustment Fee: canCreditmemoForZeroTotalRefunded);
        a zero-total order once invoiced, until its first credit memo (canCreditmemoForZeroTotal)."""
        if self.state in NOT_REFUNDABLE_STATES:
            return False
        paid, refunded = self.total_paid or ZERO, self.total_refunded or ZERO
        left = paid.quantize(CENT, rounding=ROUND_HALF_UP) - refunded
        kept_as_fee = abs(left - (self.adjustment_negative or ZERO)) < EPSILON
        if abs(self.grand_total) >= EPSILON:
            return abs(left) >= EPSILON and not kept_as_fee
        paid_at_most_total = paid <= self.grand_total
        due = paid_at_most_total and self.can_invoice()
        all_refunded = refunded == paid and self.creditmemos.exists()
        return not (due or all_refunded or (not paid_at_most_total and kept_as_fee))

    @property
    def total_due(self) -> Decimal:
        return self.grand_total - (self.total_paid or ZERO)

    @property
    def base_total_due(self) -> Decimal:
        return self.base_grand_total - (self.base_total_paid or ZERO)

    def address(self, address_type: str) -> OrderAddress | None:
        """The billing or shipping address (uses prefetched addresses when present)."""
        return next((a for a in self.addresses.all() if a.address_type == address_type), None)


class OrderAddress(TypedAddress):
    """An order's billing or shipping address (sales_order_address, OrderAddressInterface): a cart's address
    fields (TypedAddress) and the order's own."""

    entity_id = models.BigAutoField(primary_key=True)
    parent = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="addresses")
    customer_id = models.PositiveIntegerField(null=True, blank=True)
    postcode = models.CharField(max_length=255)  # required on an order (Order\\Address\\Validator)

    class Meta:
        ordering = ["entity_id"]
        constraints = [models.UniqueConstraint(fields=["parent", "address_type"], name="order_address_type_unique")]


class OrderItem(models.Model):
    item_id = models.BigAutoField(primary_key=True)
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    quote_item_id = models.PositiveIntegerField(null=True, blank=True)
    store_id = models.PositiveIntegerField(default=1)
    product_id = models.PositiveIntegerField(null=True, blank=True)  # a snapshot: the product may go away
    product_type = models.CharField(max_length=32, default="simple")
    sku = models.CharField(max_length=64)
    name = models.CharField(max_length=255)
    is_virtual = models.PositiveSmallIntegerField(default=0)
    is_qty_decimal = models.PositiveSmallIntegerField(default=0)
    no_discount = models.PositiveSmallIntegerField(default=0)
    weight = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    row_weight = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)

    qty_ordered = qty()
    qty_invoiced = qty()
    qty_shipped = qty()
    qty_refunded = qty()
    qty_canceled = qty()

    price = money()
    base_price = money()
    original_price = money()
    base_original_price = money()
    price_incl_tax = money()
    base_price_incl_tax = money()
    row_total = money()
    base_row_total = money()
    row_total_incl_tax = money()
    base_row_total_incl_tax = money()
    discount_percent = percent()
    discount_amount = money()  # positive on items, as in Magento
    base_discount_amount = money()
    tax_percent = percent()
    tax_amount = money()
    base_tax_amount = money()
    discount_tax_compensation_amount = money()
    base_discount_tax_compensation_amount = money()

    row_invoiced = money()
    base_row_invoiced = money()
    discount_invoiced = money()
    base_discount_invoiced = money()
    tax_invoiced = money()
    base_tax_invoiced = money()
    discount_tax_compensation_invoiced = money()
    base_discount_tax_compensation_invoiced = money()

    amount_refunded = money()
    base_amount_refunded = money()
    discount_refunded = money()
    base_discount_refunded = money()
    tax_refunded = money()
    base_tax_refunded = money()
    discount_tax_compensation_refunded = money()
    base_discount_tax_compensation_refunded = money()

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["item_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(qty_invoiced__lte=F("qty_ordered")), name="item_qty_invoiced_lte_ordered"
            ),
            models.CheckConstraint(condition=Q(qty_shipped__lte=F("qty_ordered")), name="item_qty_shipped_lte_ordered"),
            models.CheckConstraint(
                condition=Q(qty_invoiced__gte=0) & Q(qty_shipped__gte=0), name="item_qty_not_negative"
            ),
            # A credit memo gives back at most what was invoiced (Magento's Creditmemo QuantityValidator).
            models.CheckConstraint(
                condition=Q(qty_refunded__gte=0) & Q(qty_refunded__lte=F("qty_invoiced")),
                name="item_qty_refunded_lte_invoiced",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sku} × {self.qty_ordered}"

    @property
    def qty_to_invoice(self) -> Decimal:
        return max(self.qty_ordered - self.qty_invoiced - self.qty_canceled, ZERO)

    @property
    def qty_to_refund(self) -> Decimal:
        """Magento's Order\\Item::getQtyToRefund: invoiced and not yet refunded."""
        return max(self.qty_invoiced - self.qty_refunded, ZERO)

    @property
    def qty_to_ship(self) -> Decimal:
        if self.is_virtual:
            return ZERO
        return max(self.qty_ordered - self.qty_shipped - self.qty_refunded - self.qty_canceled, ZERO)


class OrderStatusHistory(DocumentComment):
    """A row of the order's history (sales_order_status_history, OrderStatusHistoryInterface): a comment as on a
    document, which may carry none (a status change alone) and whose customer notice may be unknown (null)."""

    parent = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="status_histories")
    comment = models.TextField(null=True, blank=True)
    status = models.CharField(max_length=32, null=True, blank=True)
    entity_name = models.CharField(max_length=32, default="order")
    is_customer_notified = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-entity_id"]
        verbose_name_plural = "order status history"

    def __str__(self) -> str:
        return self.comment or self.status or ""
