"""The abstract bases the sales documents are built from, so each document declares only what differs.

Magento's documents share their columns the same way (module-sales etc/db_schema.xml: sales_invoice,
sales_shipment and sales_creditmemo repeat the order's keys, addresses and email flags; sales_invoice and
sales_creditmemo repeat the order's totals). A new document (README "Layout": "A new sales document") is
``SalesDocument`` + whatever else it carries: ``PaymentDocument`` for money (``DocumentTotals``, ``CurrencyFields``
and the payment's ``transaction_id``), ``CountedDocument`` for a ``total_qty``, its lines on ``DocumentItem``
(+ ``ItemAmounts`` for priced lines) and its comments on ``DocumentComment`` (which the order's status history
also takes, with its own nullable ``comment`` and ``is_customer_notified``).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from customers.models import AbstractAddress

from .fields import AMOUNT_DIGITS, EMAIL_DUE_INDEX, ZERO, money, money_or_null, qty


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


class TypedAddress(AbstractAddress):
    """A cart's or an order's billing or shipping address: every address's fields, and the type, the address-book
    entry it came from and its email (Magento copies quote_address onto sales_order_address field by field)."""

    class Type(models.TextChoices):
        BILLING = "billing", "Billing"
        SHIPPING = "shipping", "Shipping"

    address_type = models.CharField(max_length=16, choices=Type.choices)
    customer_address_id = models.PositiveIntegerField(null=True, blank=True)
    email = models.CharField(max_length=255, null=True, blank=True)

    class Meta:
        abstract = True


class DocumentTotals(models.Model):
    """The totals the order, its invoices and its credit memos carry, each as ``x`` (order currency) and
    ``base_x`` (base currency). A document where Magento leaves one null until it applies overrides it with
    ``money_or_null``."""

    subtotal = money()
    base_subtotal = money()
    subtotal_incl_tax = money()
    base_subtotal_incl_tax = money()
    discount_amount = money()  # negative, as Magento stores it
    base_discount_amount = money()
    discount_description = models.CharField(max_length=255, null=True, blank=True)
    shipping_amount = money()
    base_shipping_amount = money()
    shipping_incl_tax = money()
    base_shipping_incl_tax = money()
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

    class Meta:
        abstract = True


class PaymentDocument(DocumentTotals, CurrencyFields):
    """A document that moves money (the invoice takes it, the credit memo gives it back): the order's totals and
    currencies, and the payment transaction that did it (``transaction_id``: sales_invoice and sales_creditmemo
    both have the column, sales_shipment does not)."""

    transaction_id = models.CharField(max_length=255, null=True, blank=True)

    class Meta:
        abstract = True


class CountedDocument(models.Model):
    """A document that counts the quantity it covers: ``total_qty`` (sales_invoice and sales_shipment; the credit
    memo has no such column)."""

    total_qty = qty()

    class Meta:
        abstract = True


class SalesDocument(models.Model):
    """What every document of an order carries: the order's store and addresses, and the customer email flags
    the sending job reads (sales/email_sending.py).

    Each document declares its own ``order`` (its reverse name: a related_name of "%(class)ss" would be kept as
    written in the migration state, a state-only migration for nothing), ``increment_id`` and ``created_at``
    (their admin labels differ)."""

    entity_id = models.BigAutoField(primary_key=True)
    store_id = models.PositiveIntegerField(default=1)
    billing_address_id = models.PositiveIntegerField(null=True, blank=True)
    shipping_address_id = models.PositiveIntegerField(null=True, blank=True)
    email_sent = models.PositiveSmallIntegerField(null=True, blank=True)
    send_email = models.PositiveSmallIntegerField(null=True, blank=True)
    customer_note = models.TextField(null=True, blank=True)  # the comment the email carries
    customer_note_notify = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-entity_id"]
        indexes = [EMAIL_DUE_INDEX("%(app_label)s_%(class)s_email_due")]


class DocumentItem(models.Model):
    """A document line: what every item of an invoice, shipment or credit memo carries. Each declares its
    ``parent`` and its ``order_item`` (their reverse names differ)."""

    entity_id = models.BigAutoField(primary_key=True)
    product_id = models.PositiveIntegerField(null=True, blank=True)
    sku = models.CharField(max_length=64)
    name = models.CharField(max_length=255)
    qty = qty()
    price = money()

    class Meta:
        abstract = True
        ordering = ["entity_id"]

    def __str__(self) -> str:
        return f"{self.sku} × {self.qty}"


class ItemAmounts(models.Model):
    """The amounts of a priced line (invoice and credit memo items), besides ``DocumentItem.price``."""

    base_price = money()
    price_incl_tax = money()
    base_price_incl_tax = money()
    row_total = money()
    base_row_total = money()
    row_total_incl_tax = money()
    base_row_total_incl_tax = money()
    discount_amount = money_or_null()  # present only when the order item's discount applies to the line
    base_discount_amount = money_or_null()
    tax_amount = money()
    base_tax_amount = money()
    discount_tax_compensation_amount = money()
    base_discount_tax_compensation_amount = money()

    class Meta:
        abstract = True


class DocumentComment(models.Model):
    """A comment on a document (Magento's InvoiceCommentInterface, ShipmentCommentInterface and
    CreditmemoCommentInterface are one shape). Each declares its ``parent``."""

    entity_id = models.BigAutoField(primary_key=True)
    comment = models.TextField()
    is_customer_notified = models.PositiveSmallIntegerField(default=0)
    is_visible_on_front = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["entity_id"]

    def __str__(self) -> str:
        return self.comment
