"""The credit memo (sales_creditmemo, CreditmemoInterface) with its items and comments."""

from __future__ import annotations

from django.db import models

from .bases import DocumentComment, DocumentItem, ItemAmounts, PaymentDocument, SalesDocument
from .fields import money, money_or_null
from .invoice import Invoice
from .order import Order, OrderItem


class CreditmemoState(models.IntegerChoices):
    """Magento's Creditmemo::STATE_* with their labels (Creditmemo::getStates)."""

    OPEN = 1, "Pending"
    REFUNDED = 2, "Refunded"
    CANCELED = 3, "Canceled"


class CreditmemoQuerySet(models.QuerySet["Creditmemo"]):
    def with_details(self) -> CreditmemoQuerySet:
        return self.prefetch_related("items", "comments")


class Creditmemo(SalesDocument, PaymentDocument):
    """A credit memo: money (and maybe goods) given back on an order (sales_creditmemo, CreditmemoInterface)."""

    State = CreditmemoState

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="creditmemos")
    # Set when the credit memo refunds one invoice (POST /V1/invoice/{id}/refund); null for an order refund.
    invoice = models.ForeignKey(Invoice, null=True, blank=True, on_delete=models.PROTECT, related_name="creditmemos")
    increment_id = models.CharField("Credit Memo", max_length=50, unique=True, null=True, blank=True)
    state = models.PositiveSmallIntegerField("Status", choices=CreditmemoState.choices, default=CreditmemoState.OPEN)
    creditmemo_status = models.IntegerField(null=True, blank=True)
    shipping_discount_tax_compensation_amount = money_or_null()  # no credit memo collector sets them
    base_shipping_discount_tax_compensation_amnt = money_or_null()
    adjustment_positive = money_or_null()  # null unless the refund names one (CreditmemoFactory::initData)
    base_adjustment_positive = money_or_null()
    adjustment_negative = money_or_null()
    base_adjustment_negative = money_or_null()
    adjustment = money()  # adjustment_positive - adjustment_negative (the Grand collector)
    base_adjustment = money()
    created_at = models.DateTimeField("Created", auto_now_add=True, db_index=True)

    objects = CreditmemoQuerySet.as_manager()

    class Meta(SalesDocument.Meta):
        verbose_name = "credit memo"  # Magento's words: Sales > Credit Memos

    def __str__(self) -> str:
        return f"Credit Memo #{self.increment_id}"


class CreditmemoItem(DocumentItem, ItemAmounts):
    """A credit memo line (sales_creditmemo_item, CreditmemoItemInterface)."""

    parent = models.ForeignKey(Creditmemo, on_delete=models.CASCADE, related_name="items")
    order_item = models.ForeignKey(OrderItem, on_delete=models.PROTECT, related_name="creditmemo_items")
    name = models.CharField(max_length=255, null=True, blank=True)
    description = models.TextField(null=True, blank=True)
    additional_data = models.TextField(null=True, blank=True)
    base_cost = money_or_null()
    tax_ratio = models.TextField(null=True, blank=True)


class CreditmemoComment(DocumentComment):
    """sales_creditmemo_comment, CreditmemoCommentInterface."""

    parent = models.ForeignKey(Creditmemo, on_delete=models.CASCADE, related_name="comments")
