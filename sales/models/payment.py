"""The order's payment (sales_order_payment) and the gateway transactions recorded on it."""

from __future__ import annotations

from django.db import models

from .fields import money, money_or_null
from .order import Order


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
