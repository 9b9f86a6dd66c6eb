"""How Magento's admin prints numbers, money and dates; shared by the admin grids, their CSV and the PDFs."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.dateformat import format as format_date

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


def plain_number(value: Decimal) -> str:
    """A quantity as Magento's grids print it: 98 rather than 98.0000, 4.5 stays 4.5."""
    return f"{value.normalize():f}"


def format_money(amount: Decimal | None, currency_code: str) -> str:
    """Magento's price format: $1,917.60 and -$5.00."""
    if amount is None:
        return ""
    symbol = CURRENCY_SYMBOLS.get(currency_code, f"{currency_code} ")
    return f"{'-' if amount < 0 else ''}{symbol}{abs(amount):,.2f}"


def format_datetime(value: datetime | None) -> str:
    """Magento's grid date format, MMM dd, YYYY, H:mm:ss A (for example Nov 25, 2025, 2:37:05 PM)."""
    return format_date(timezone.localtime(value), "M d, Y, g:i:s A") if value else ""


def format_day(value: datetime | None) -> str:
    """Magento's medium date, as on printed documents: Nov 25, 2025."""
    return format_date(timezone.localtime(value), "M j, Y") if value else ""
