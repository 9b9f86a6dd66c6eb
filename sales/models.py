"""Sales documents with Magento's field names (tables sales_order, sales_order_item, sales_invoice, ...).

Amounts are decimal(20,4) like Magento's sales and quote amount columns; quantities, weights and percentages
decimal(12,4) like Magento's (module-sales and module-quote etc/db_schema.xml). Unit prices are decimal(20,4)
too, where Magento keeps sales_order_item.price and sales_invoice_item.price at (12,4): every price the catalog
stores (decimal(20,6)) must fit on the order. Each money amount comes as a pair: ``x`` in the order currency and
``base_x`` in the base currency.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import connection, models
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat

ZERO = Decimal("0")


AMOUNT_DIGITS = 20  # Magento's decimal(20,4) amounts: 16 digits before the point
QTY_DIGITS = 12  # decimal(12,4) quantities, weights, percentages: 8 digits before the point


def money(**kwargs: object) -> models.DecimalField:
    return models.DecimalField(max_digits=AMOUNT_DIGITS, decimal_places=4, default=ZERO, **kwargs)


def money_or_null(**kwargs: object) -> models.DecimalField:
    """An amount Magento leaves null (and so omits on the wire) until an event sets it."""
    return models.DecimalField(max_digits=AMOUNT_DIGITS, decimal_places=4, null=True, blank=True, **kwargs)


def qty(**kwargs: object) -> models.DecimalField:
    return models.DecimalField(max_digits=QTY_DIGITS, decimal_places=4, default=ZERO, **kwargs)


def EMAIL_DUE_INDEX(name: str) -> models.Index:
    """The documents whose customer email is due (send_email = 1, email_sent NULL: Magento's EmailSenderHandler
    filter): a partial index, so the sending job's pick stays an index seek however many documents were sent."""
    return models.Index(fields=["entity_id"], condition=Q(send_email=1, email_sent__isnull=True), name=name)


def percent(**kwargs: object) -> models.DecimalField:
    return models.DecimalField(max_digits=QTY_DIGITS, decimal_places=4, default=ZERO, **kwargs)


class CurrencyFields(models.Model):
    """Magento's currency codes and rates: set on the order, copied onto each of its documents."""

    base_currency_code = models.CharField(max_length=3, default="USD")
    global_currency_code = models.CharField(max_length=3, default="USD")
    order_currency_code = models.CharField(max_length=3, default="USD")
    store_currency_code = models.CharField(max_length=3, default="USD")
    base_to_global_rate = models.DecimalField(max_digits=AMOUNT_DIGITS, decimal_places=4, default=Decimal("1"))
    base_to_order_rate = models.DecimalField(max_digits=AMOUNT_DIGITS, decimal_places=4, default=Decimal("1"))
    store_to_base_rate = models.DecimalField(max_digits=12, decimal_places=4, default=ZERO)
    store_to_order_rate = models.DecimalField(max_digits=12, decimal_places=4, default=ZERO)

    class Meta:
        abstract = True

    def currency_fields(self) -> dict[str, object]:
        return {field.name: getattr(self, field.name) for field in CurrencyFields._meta.fields}


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
# Magento's CanInvoice validator refuses these states.
NOT_INVOICEABLE_STATES = frozenset(
    {OrderState.PAYMENT_REVIEW, OrderState.HOLDED, OrderState.CANCELED, OrderState.COMPLETE, OrderState.CLOSED}
)


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


class Order(CurrencyFields):
    entity_id = models.BigAutoField(primary_key=True)
    increment_id = models.CharField("ID", max_length=32, unique=True, null=True, blank=True)
    state = models.CharField(max_length=32, choices=OrderState.choices, default=OrderState.NEW)
    status = models.CharField(max_length=32, choices=OrderStatus.choices, default=OrderStatus.PENDING)
    store_id = models.PositiveIntegerField(default=1)
    store_name = models.CharField(
        "Purchase Point", max_length=255, default="Main Website\nMain Website Store\nDefault Store View"
    )
    customer = models.ForeignKey("customers.Customer", null=True, blank=True, on_delete=models.SET_NULL, related_name="orders")
    customer_email = models.CharField(max_length=255)
    customer_firstname = models.CharField(max_length=255, blank=True, default="")
    customer_lastname = models.CharField(max_length=255, blank=True, default="")
    customer_group_id = models.PositiveIntegerField(default=0)
    customer_is_guest = models.PositiveSmallIntegerField(default=0)
    quote_id = models.PositiveIntegerField(null=True, blank=True)
    remote_ip = models.CharField(max_length=45, null=True, blank=True)

    subtotal = money()
    base_subtotal = money()
    subtotal_incl_tax = money()
    base_subtotal_incl_tax = money()
    discount_amount = money()  # negative, as Magento stores it
    base_discount_amount = money()
    discount_description = models.CharField(max_length=255, null=True, blank=True)
    applied_rule_ids = models.CharField(max_length=255, null=True, blank=True)
    coupon_code = models.CharField(max_length=255, null=True, blank=True)
    shipping_amount = money()
    base_shipping_amount = money()
    shipping_incl_tax = money()
    base_shipping_incl_tax = money()
    shipping_tax_amount = money()
    base_shipping_tax_amount = money()
    shipping_discount_amount = money()
    base_shipping_discount_amount = money()
    shipping_discount_tax_compensation_amount = money()
    base_shipping_discount_tax_compensation_amnt = money()
    tax_amount = money()
    base_tax_amount = money()
    discount_tax_compensation_amount = money()
    base_discount_tax_compensation_amount = money()
    grand_total = money()
    base_grand_total = money()

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
        # The grids' filters (Magento's sales_order indexes): status, and the store list read by index seeks.
        indexes = [
            models.Index(fields=["status"], name="sales_order_status"),
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

    def can_invoice(self, items: list[OrderItem]) -> bool:
        """Magento's Order::canInvoice: a state that allows it and some quantity left to invoice."""
        return self.state not in NOT_INVOICEABLE_STATES and any(item.qty_to_invoice > 0 for item in items)

    @property
    def total_due(self) -> Decimal:
        return self.grand_total - (self.total_paid or ZERO)

    @property
    def base_total_due(self) -> Decimal:
        return self.base_grand_total - (self.base_total_paid or ZERO)

    def address(self, address_type: str) -> OrderAddress | None:
        """The billing or shipping address (uses prefetched addresses when present)."""
        return next((a for a in self.addresses.all() if a.address_type == address_type), None)


class OrderAddress(models.Model):
    class Type(models.TextChoices):
        BILLING = "billing", "Billing"
        SHIPPING = "shipping", "Shipping"

    entity_id = models.BigAutoField(primary_key=True)
    parent = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="addresses")
    address_type = models.CharField(max_length=16, choices=Type.choices)
    customer_address_id = models.PositiveIntegerField(null=True, blank=True)
    customer_id = models.PositiveIntegerField(null=True, blank=True)
    firstname = models.CharField(max_length=255)
    lastname = models.CharField(max_length=255)
    company = models.CharField(max_length=255, null=True, blank=True)
    street = models.TextField(help_text="One line per street line, as Magento stores it.")
    city = models.CharField(max_length=255)
    region = models.CharField(max_length=255, null=True, blank=True)
    region_id = models.PositiveIntegerField(null=True, blank=True)
    region_code = models.CharField(max_length=32, null=True, blank=True)
    postcode = models.CharField(max_length=255)
    country_id = models.CharField(max_length=2)
    telephone = models.CharField(max_length=255)
    email = models.CharField(max_length=255, null=True, blank=True)

    class Meta:
        ordering = ["entity_id"]
        constraints = [models.UniqueConstraint(fields=["parent", "address_type"], name="order_address_type_unique")]

    def __str__(self) -> str:
        return f"{self.firstname} {self.lastname}, {self.city}"

    @property
    def name(self) -> str:
        return f"{self.firstname} {self.lastname}"


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
            models.CheckConstraint(condition=Q(qty_invoiced__lte=F("qty_ordered")), name="item_qty_invoiced_lte_ordered"),
            models.CheckConstraint(condition=Q(qty_shipped__lte=F("qty_ordered")), name="item_qty_shipped_lte_ordered"),
            models.CheckConstraint(condition=Q(qty_invoiced__gte=0) & Q(qty_shipped__gte=0), name="item_qty_not_negative"),
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


class OrderPayment(models.Model):
    class Method(models.TextChoices):
        """Offline payment methods with their Magento codes and titles."""

        CHECKMO = "checkmo", "Check / Money order"
        BANKTRANSFER = "banktransfer", "Bank Transfer Payment"
        CASHONDELIVERY = "cashondelivery", "Cash On Delivery"
        FREE = "free", "No Payment Information Required"

    entity_id = models.BigAutoField(primary_key=True)
    parent = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="payment")
    method = models.CharField(max_length=32, choices=Method.choices)
    po_number = models.CharField(max_length=32, null=True, blank=True)
    additional_information = models.JSONField(default=list, blank=True)
    amount_ordered = money()
    base_amount_ordered = money()
    amount_paid = money_or_null()
    base_amount_paid = money_or_null()
    shipping_amount = money()
    base_shipping_amount = money()
    shipping_captured = money_or_null()
    base_shipping_captured = money_or_null()
    amount_refunded = money_or_null()
    base_amount_refunded = money_or_null()
    base_amount_refunded_online = money_or_null()
    shipping_refunded = money_or_null()
    base_shipping_refunded = money_or_null()

    def __str__(self) -> str:
        return self.get_method_display()


class OrderStatusHistory(models.Model):
    entity_id = models.BigAutoField(primary_key=True)
    parent = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="status_histories")
    comment = models.TextField(null=True, blank=True)
    status = models.CharField(max_length=32, null=True, blank=True)
    entity_name = models.CharField(max_length=32, default="order")
    is_customer_notified = models.PositiveSmallIntegerField(null=True, blank=True)
    is_visible_on_front = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-entity_id"]
        verbose_name_plural = "order status history"

    def __str__(self) -> str:
        return self.comment or self.status or ""


class InvoiceState(models.IntegerChoices):
    OPEN = 1, "Pending"
    PAID = 2, "Paid"
    CANCELED = 3, "Canceled"


class InvoiceQuerySet(models.QuerySet["Invoice"]):
    def with_details(self) -> InvoiceQuerySet:
        return self.prefetch_related("items", "comments")


class Invoice(CurrencyFields):
    State = InvoiceState

    entity_id = models.BigAutoField(primary_key=True)
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="invoices")
    increment_id = models.CharField("Invoice", max_length=32, unique=True, null=True, blank=True)
    state = models.PositiveSmallIntegerField("Status", choices=InvoiceState.choices, default=InvoiceState.OPEN)
    store_id = models.PositiveIntegerField(default=1)
    billing_address_id = models.PositiveIntegerField(null=True, blank=True)
    shipping_address_id = models.PositiveIntegerField(null=True, blank=True)

    subtotal = money()
    base_subtotal = money()
    subtotal_incl_tax = money()
    base_subtotal_incl_tax = money()
    discount_amount = money()
    base_discount_amount = money()
    discount_description = models.CharField(max_length=255, null=True, blank=True)
    shipping_amount = money()
    base_shipping_amount = money()
    shipping_incl_tax = money_or_null()  # only on the invoice that carries the shipping
    base_shipping_incl_tax = money_or_null()
    shipping_tax_amount = money()
    base_shipping_tax_amount = money()
    shipping_discount_tax_compensation_amount = money()
    base_shipping_discount_tax_compensation_amnt = money()
    tax_amount = money()
    base_tax_amount = money()
    discount_tax_compensation_amount = money()
    base_discount_tax_compensation_amount = money()
    grand_total = money()
    base_grand_total = money()
    total_qty = qty()

    can_void_flag = models.PositiveSmallIntegerField(default=0)
    # Set by offline refunds of this invoice (RefundInvoice): what its credit memos gave back.
    is_used_for_refund = models.PositiveSmallIntegerField(null=True, blank=True)
    base_total_refunded = money_or_null()
    email_sent = models.PositiveSmallIntegerField(null=True, blank=True)
    send_email = models.PositiveSmallIntegerField(null=True, blank=True)
    customer_note = models.TextField(null=True, blank=True)  # the comment the email carries
    customer_note_notify = models.PositiveSmallIntegerField(null=True, blank=True)
    transaction_id = models.CharField(max_length=255, null=True, blank=True)
    created_at = models.DateTimeField("Invoice Date", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        ordering = ["-entity_id"]
        indexes = [EMAIL_DUE_INDEX("sales_invoice_email_due")]

    def __str__(self) -> str:
        return f"Invoice #{self.increment_id}"


class InvoiceItem(models.Model):
    entity_id = models.BigAutoField(primary_key=True)
    parent = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="items")
    order_item = models.ForeignKey(OrderItem, on_delete=models.PROTECT, related_name="invoice_items")
    product_id = models.PositiveIntegerField(null=True, blank=True)
    sku = models.CharField(max_length=64)
    name = models.CharField(max_length=255)
    qty = qty()
    price = money()
    base_price = money()
    price_incl_tax = money()
    base_price_incl_tax = money()
    row_total = money()
    base_row_total = money()
    row_total_incl_tax = money()
    base_row_total_incl_tax = money()
    discount_amount = money_or_null()  # present only when the order item had a discount
    base_discount_amount = money_or_null()
    tax_amount = money()
    base_tax_amount = money()
    discount_tax_compensation_amount = money()
    base_discount_tax_compensation_amount = money()

    class Meta:
        ordering = ["entity_id"]

    def __str__(self) -> str:
        return f"{self.sku} × {self.qty}"


class InvoiceComment(models.Model):
    entity_id = models.BigAutoField(primary_key=True)
    parent = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="comments")
    comment = models.TextField()
    is_customer_notified = models.PositiveSmallIntegerField(default=0)
    is_visible_on_front = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entity_id"]

    def __str__(self) -> str:
        return self.comment


class CreditmemoState(models.IntegerChoices):
    """Magento's Creditmemo::STATE_* with their labels (Creditmemo::getStates)."""

    OPEN = 1, "Pending"
    REFUNDED = 2, "Refunded"
    CANCELED = 3, "Canceled"


class CreditmemoQuerySet(models.QuerySet["Creditmemo"]):
    def with_details(self) -> CreditmemoQuerySet:
        return self.prefetch_related("items", "comments")


class Creditmemo(CurrencyFields):
    """A credit memo: money (and maybe goods) given back on an order (sales_creditmemo, CreditmemoInterface)."""

    State = CreditmemoState

    entity_id = models.BigAutoField(primary_key=True)
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="creditmemos")
    # Set when the credit memo refunds one invoice (POST /V1/invoice/{id}/refund); null for an order refund.
    invoice = models.ForeignKey(
        Invoice, null=True, blank=True, on_delete=models.PROTECT, related_name="creditmemos"
    )
    increment_id = models.CharField("Credit Memo", max_length=50, unique=True, null=True, blank=True)
    state = models.PositiveSmallIntegerField("Status", choices=CreditmemoState.choices, default=CreditmemoState.OPEN)
    creditmemo_status = models.IntegerField(null=True, blank=True)
    store_id = models.PositiveIntegerField(default=1)
    billing_address_id = models.PositiveIntegerField(null=True, blank=True)
    shipping_address_id = models.PositiveIntegerField(null=True, blank=True)

    subtotal = money()
    base_subtotal = money()
    subtotal_incl_tax = money()
    base_subtotal_incl_tax = money()
    discount_amount = money()  # negative, as on the order and the invoice
    base_discount_amount = money()
    discount_description = models.CharField(max_length=255, null=True, blank=True)
    shipping_amount = money()
    base_shipping_amount = money()
    shipping_incl_tax = money()
    base_shipping_incl_tax = money()
    shipping_tax_amount = money()
    base_shipping_tax_amount = money()
    shipping_discount_tax_compensation_amount = money_or_null()  # no credit memo collector sets them
    base_shipping_discount_tax_compensation_amnt = money_or_null()
    tax_amount = money()
    base_tax_amount = money()
    discount_tax_compensation_amount = money()
    base_discount_tax_compensation_amount = money()
    adjustment_positive = money_or_null()  # null unless the refund names one (CreditmemoFactory::initData)
    base_adjustment_positive = money_or_null()
    adjustment_negative = money_or_null()
    base_adjustment_negative = money_or_null()
    adjustment = money()  # adjustment_positive - adjustment_negative (the Grand collector)
    base_adjustment = money()
    grand_total = money()
    base_grand_total = money()

    email_sent = models.PositiveSmallIntegerField(null=True, blank=True)
    send_email = models.PositiveSmallIntegerField(null=True, blank=True)
    transaction_id = models.CharField(max_length=255, null=True, blank=True)
    customer_note = models.TextField(null=True, blank=True)
    customer_note_notify = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField("Created", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CreditmemoQuerySet.as_manager()

    class Meta:
        ordering = ["-entity_id"]
        indexes = [EMAIL_DUE_INDEX("sales_creditmemo_email_due")]
        verbose_name = "credit memo"  # Magento's words: Sales > Credit Memos

    def __str__(self) -> str:
        return f"Credit Memo #{self.increment_id}"


class CreditmemoItem(models.Model):
    """A credit memo line (sales_creditmemo_item, CreditmemoItemInterface)."""

    entity_id = models.BigAutoField(primary_key=True)
    parent = models.ForeignKey(Creditmemo, on_delete=models.CASCADE, related_name="items")
    order_item = models.ForeignKey(OrderItem, on_delete=models.PROTECT, related_name="creditmemo_items")
    product_id = models.PositiveIntegerField(null=True, blank=True)
    sku = models.CharField(max_length=64)
    name = models.CharField(max_length=255, null=True, blank=True)
    description = models.TextField(null=True, blank=True)
    additional_data = models.TextField(null=True, blank=True)
    qty = qty()
    price = money()
    base_price = money()
    price_incl_tax = money()
    base_price_incl_tax = money()
    base_cost = money_or_null()
    row_total = money()
    base_row_total = money()
    row_total_incl_tax = money()
    base_row_total_incl_tax = money()
    discount_amount = money_or_null()  # set only when the order item's invoiced discount is refunded
    base_discount_amount = money_or_null()
    tax_amount = money()
    base_tax_amount = money()
    discount_tax_compensation_amount = money()
    base_discount_tax_compensation_amount = money()
    tax_ratio = models.TextField(null=True, blank=True)

    class Meta:
        ordering = ["entity_id"]

    def __str__(self) -> str:
        return f"{self.sku} × {self.qty}"


class CreditmemoComment(models.Model):
    """sales_creditmemo_comment, CreditmemoCommentInterface."""

    entity_id = models.BigAutoField(primary_key=True)
    parent = models.ForeignKey(Creditmemo, on_delete=models.CASCADE, related_name="comments")
    comment = models.TextField()
    is_customer_notified = models.PositiveSmallIntegerField(default=0)
    is_visible_on_front = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entity_id"]

    def __str__(self) -> str:
        return self.comment


class PaymentTransaction(models.Model):
    """A payment gateway transaction (Magento's sales_payment_transaction, TransactionInterface).

    Gateways record them (authorization, capture, void, refund); the offline methods this back-office offers
    record none, as Magento's offline methods record none. A transaction's children are those whose parent it is.
    """

    class Type(models.TextChoices):
        """TransactionInterface::TYPE_*."""

        PAYMENT = "payment", "Payment"
        ORDER = "order", "Order"
        AUTHORIZATION = "authorization", "Authorization"
        CAPTURE = "capture", "Capture"
        VOID = "void", "Void"
        REFUND = "refund", "Refund"

    transaction_id = models.BigAutoField(primary_key=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="child_transactions"
    )
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="payment_transactions")
    payment = models.ForeignKey(OrderPayment, on_delete=models.CASCADE, related_name="transactions")
    txn_id = models.CharField(max_length=100, null=True, blank=True)
    parent_txn_id = models.CharField(max_length=100, null=True, blank=True)
    txn_type = models.CharField(max_length=15, choices=Type.choices, null=True, blank=True)
    is_closed = models.PositiveSmallIntegerField(default=1)
    additional_information = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["transaction_id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "payment", "txn_id"], name="payment_transaction_txn_unique")
        ]

    def __str__(self) -> str:
        return f"{self.txn_type} {self.txn_id}"


class ShipmentQuerySet(models.QuerySet["Shipment"]):
    def with_details(self) -> ShipmentQuerySet:
        return self.prefetch_related("items", "tracks", "comments")


class Shipment(models.Model):
    """A shipment of order items from one inventory source (Magento's ShipmentInterface + MSI source_code)."""

    entity_id = models.BigAutoField(primary_key=True)
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="shipments")
    increment_id = models.CharField("Shipment", max_length=32, unique=True, null=True, blank=True)
    store_id = models.PositiveIntegerField(default=1)
    customer_id = models.PositiveIntegerField(null=True, blank=True)
    billing_address_id = models.PositiveIntegerField(null=True, blank=True)
    shipping_address_id = models.PositiveIntegerField(null=True, blank=True)
    shipment_status = models.PositiveIntegerField(null=True, blank=True)
    total_qty = qty()
    total_weight = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    packages = models.JSONField(default=list, blank=True)
    email_sent = models.PositiveSmallIntegerField(null=True, blank=True)
    send_email = models.PositiveSmallIntegerField(null=True, blank=True)
    customer_note = models.TextField(null=True, blank=True)
    customer_note_notify = models.PositiveSmallIntegerField(null=True, blank=True)
    # MSI's extension attribute: the source the items left from (a plain value, like inventory_shipment_source).
    source_code = models.CharField(max_length=255)
    created_at = models.DateTimeField("Ship Date", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ShipmentQuerySet.as_manager()

    class Meta:
        ordering = ["-entity_id"]
        indexes = [EMAIL_DUE_INDEX("sales_shipment_email_due")]

    def __str__(self) -> str:
        return f"Shipment #{self.increment_id}"


class ShipmentItem(models.Model):
    entity_id = models.BigAutoField(primary_key=True)
    parent = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="items")
    order_item = models.ForeignKey(OrderItem, on_delete=models.PROTECT, related_name="shipment_items")
    product_id = models.PositiveIntegerField(null=True, blank=True)
    sku = models.CharField(max_length=64)
    name = models.CharField(max_length=255)
    price = money()
    weight = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    qty = qty()

    class Meta:
        ordering = ["entity_id"]

    def __str__(self) -> str:
        return f"{self.sku} × {self.qty}"


class ShipmentTrack(models.Model):
    entity_id = models.BigAutoField(primary_key=True)
    parent = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="tracks")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="shipment_tracks")
    track_number = models.TextField()
    title = models.CharField(max_length=255)
    carrier_code = models.CharField(max_length=32)
    description = models.TextField(null=True, blank=True)
    weight = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    qty = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["entity_id"]

    def __str__(self) -> str:
        return f"{self.title} {self.track_number}"


class ShipmentComment(models.Model):
    entity_id = models.BigAutoField(primary_key=True)
    parent = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="comments")
    comment = models.TextField()
    is_customer_notified = models.PositiveSmallIntegerField(default=0)
    is_visible_on_front = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entity_id"]

    def __str__(self) -> str:
        return self.comment
