"""The two Decimal constants money and quantities are computed with (Magento's amounts are decimal(20,4), qty (12,4);
prices round to the cent as Magento's PriceCurrency::round)."""

from __future__ import annotations

from decimal import Decimal

ZERO = Decimal("0")
CENT = Decimal("0.01")
# Quantities are decimal(12,4): the step a quantity is rounded to and compared at (Magento's bccomp(..., 4)).
QTY_PRECISION = Decimal("0.0001")
