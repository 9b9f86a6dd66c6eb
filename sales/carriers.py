"""The offline carriers this back-office rates (Magento_OfflineShipping's flatrate and freeshipping, their
etc/config.xml titles), and the carrier list a tracking number may name (Magento's Shipment/Tracking form)."""

from __future__ import annotations

from decimal import Decimal

from backoffice.money import ZERO

# OfflineShipping/etc/config.xml carriers/flatrate: price 5.00 per item (type "I").
FLAT_RATE_PER_ITEM = Decimal("5")
# code -> (carrier title, method code, method title); ShippingMethodInterface's carrier_title/method_title.
CARRIERS = {
    "flatrate": ("Flat Rate", "flatrate", "Fixed"),
    "freeshipping": ("Free Shipping", "freeshipping", "Free"),
}
# carrier_method codes with the shipping description an order shows ("Flat Rate - Fixed").
SHIPPING_METHODS = {
    f"{code}_{method_code}": f"{carrier_title} - {method_title}"
    for code, (carrier_title, method_code, method_title) in CARRIERS.items()
}
# What a tracking number may name: Magento's "Custom Value" and every offline carrier (tablerate is "Best Way").
TRACKING_CARRIERS = {
    "custom": "Custom Value",
    "flatrate": "Flat Rate",
    "tablerate": "Best Way",
    "freeshipping": "Free Shipping",
}


def shipping_amount(carrier_code: str, physical_qty: Decimal) -> Decimal:
    """The carrier's price for ``physical_qty`` items that ship (virtual ones do not count)."""
    return physical_qty * FLAT_RATE_PER_ITEM if carrier_code == "flatrate" else ZERO
