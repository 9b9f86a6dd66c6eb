"""How Magento's admin prints numbers, money and dates; shared by the admin grids, their CSV and the PDFs."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.dateformat import format as format_date

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
ADMIN_DATETIME_FORMAT = "M j, Y H:i"  # Nov 25, 2025 14:37: every admin page's dates (see backoffice/date_formats)


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
    """The admin's one date format, short enough for a grid cell on one line: Nov 25, 2025 14:37 (Magento's
    grids print Nov 25, 2025, 2:37:05 PM, a third wider)."""
    return format_date(timezone.localtime(value), ADMIN_DATETIME_FORMAT) if value else ""


def iso_datetime(value: datetime | None) -> str:
    """A date for a spreadsheet: ISO 8601 to the second, with its offset (2025-11-25T14:37:05+00:00)."""
    return timezone.localtime(value).replace(microsecond=0).isoformat() if value else ""


def raw_money(amount: Decimal | None) -> str:
    """An amount for a spreadsheet: digits and a point, two decimals, no symbol or grouping (1917.60, -5.00)."""
    return "" if amount is None else f"{amount:.2f}"


def signed_number(value: Decimal) -> str:
    """A quantity change: +20, -20, 4.5 (0 unsigned)."""
    shown = plain_number(value)
    return f"+{shown}" if value > 0 else shown


def format_day(value: datetime | None) -> str:
    """Magento's medium date, as on printed documents: Nov 25, 2025."""
    return format_date(timezone.localtime(value), "M j, Y") if value else ""
