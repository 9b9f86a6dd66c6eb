"""Carts (Magento_Quote: quote, quote_item, quote_address, quote_id_mask) and the cart price rule checkout applies.

The first four tables keep the names they had when carts lived in the sales app (``sales_quote``, ...): checkout
became an app of its own without moving a row.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from sales.models import QTY_DIGITS, TypedAddress, money, qty


class CartPriceRule(models.Model):
    """A minimal cart price rule (Magento_SalesRule): a percentage off every item row once the cart
    subtotal reaches ``min_subtotal``; shipping is not discounted. The tutorial's rule 3 is
    "20% OFF Every $200-plus purchase!"."""

    rule_id = models.BigAutoField(primary_key=True)
    name = models.CharField(max_length=255)
    store_label = models.CharField(max_length=255, blank=True, default="", help_text="Shown to customers.")
    is_active = models.BooleanField(default=True)
    discount_percent = models.DecimalField(max_digits=QTY_DIGITS, decimal_places=4)
    min_subtotal = money(help_text="The rule applies when the cart subtotal is at least this amount.")
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "sales_cartpricerule"
        ordering = ["sort_order", "rule_id"]

    def __str__(self) -> str:
        return self.name


class Quote(models.Model):
    """A shopping cart (Magento_Quote's CartInterface; table quote). A customer has at most one active cart."""

    entity_id = models.BigAutoField(primary_key=True)
    customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.CASCADE, related_name="quotes"
    )
    store_id = models.PositiveIntegerField(default=1)
    is_active = models.BooleanField(default=True)
    customer_is_guest = models.BooleanField(default=False)
    payment_method = models.CharField(max_length=32, null=True, blank=True)
    reserved_order_id = models.CharField(max_length=32, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "sales_quote"
        ordering = ["entity_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer"], condition=Q(is_active=True), name="quote_one_active_per_customer"
            )
        ]

    def __str__(self) -> str:
        return f"Cart #{self.pk}"


class QuoteItem(models.Model):
    """A cart line (CartItemInterface). Name, type and price are read from the product when totals are collected."""

    item_id = models.BigAutoField(primary_key=True)
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    qty = qty()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "sales_quoteitem"
        ordering = ["item_id"]
        constraints = [models.UniqueConstraint(fields=["quote", "product"], name="quote_item_product_unique")]

    def __str__(self) -> str:
        return f"{self.product_id} × {self.qty}"


class QuoteAddress(TypedAddress):
    """The cart's billing or shipping address (Magento_Quote's AddressInterface; table quote_address)."""

    address_id = models.BigAutoField(primary_key=True)
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="addresses")
    # A cart's address fills in step by step: what AbstractAddress requires may be blank here.
    firstname = models.CharField(max_length=255, blank=True, default="")
    lastname = models.CharField(max_length=255, blank=True, default="")
    street = models.TextField(blank=True, default="")
    city = models.CharField(max_length=255, blank=True, default="")
    country_id = models.CharField(max_length=2, blank=True, default="")
    telephone = models.CharField(max_length=255, blank=True, default="")
    same_as_billing = models.PositiveSmallIntegerField(default=0)
    save_in_address_book = models.PositiveSmallIntegerField(default=0)
    shipping_method = models.CharField(max_length=120, null=True, blank=True, help_text="carrier_method")

    class Meta:
        db_table = "sales_quoteaddress"
        ordering = ["address_id"]
        constraints = [models.UniqueConstraint(fields=["quote", "address_type"], name="quote_address_type_unique")]


class QuoteIdMask(models.Model):
    """A guest cart's public id (Magento_Quote's quote_id_mask): 32 random characters standing for the cart's
    integer id on the /V1/guest-carts routes, so a guest cart cannot be found by counting."""

    quote = models.OneToOneField(Quote, on_delete=models.CASCADE, related_name="id_mask")
    masked_id = models.CharField(max_length=32, unique=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.masked_id
