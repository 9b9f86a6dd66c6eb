"""Checkout factories: carts (Magento's quotes)."""

from __future__ import annotations

import secrets

from checkout.models import Quote, QuoteIdMask


def make_guest_cart() -> tuple[Quote, str]:
    """A guest's cart and its masked id (Magento's quote_id_mask: 32 random characters)."""
    cart = Quote.objects.create(customer_is_guest=True)
    masked_id = secrets.token_hex(16)
    QuoteIdMask.objects.create(quote=cart, masked_id=masked_id)
    return cart, masked_id
