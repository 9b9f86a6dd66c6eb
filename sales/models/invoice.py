"""The invoice (sales_invoice, InvoiceInterface) with its items and comments."""

from __future__ import annotations

from django.db import models

from .bases import CountedDocument, DocumentComment, DocumentItem, ItemAmounts, PaymentDocument, SalesDocument
from .fields import money_or_null
from .order import Order, OrderItem


class InvoiceState(models.IntegerChoices):
    OPEN = 1, "Pending"
    PAID = 2, "Paid"
    CANCELED = 3, "Canceled"


class InvoiceQuerySet(models.QuerySet["Invoice"]):
    def with_details(self) -> InvoiceQuerySet:
        return self.prefetch_related("items", "comments")


class Invoice(SalesDocument, PaymentDocument, CountedDocument):
    State = InvoiceState

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="invoices")
    increment_id = models.CharField("Invoice", max_length=32, unique=True, null=True, blank=True)
    state = models.PositiveSmallIntegerField("Status", choices=InvoiceState.choices, default=InvoiceState.OPEN)
    shipping_incl_tax = money_or_null()  # only on the invoice that carries the shipping
    base_shipping_incl_tax = money_or_null()
    can_void_flag = models.PositiveSmallIntegerField(default=0)
    # Set by offline refunds of this invoice (RefundInvoice): what its credit memos gave back.
    is_used_for_refund = models.PositiveSmallIntegerField(null=True, blank=True)
    base_total_refunded = money_or_null()
    created_at = models.DateTimeField("Invoice Date", auto_now_add=True, db_index=True)

    objects = InvoiceQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Invoice #{self.increment_id}"


class InvoiceItem(DocumentItem, ItemAmounts):
    parent = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="items")
    order_item = models.ForeignKey(OrderItem, on_delete=models.PROTECT, related_name="invoice_items")


class InvoiceComment(DocumentComment):
    parent = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="comments")
