"""What a decimal column can hold: Django checks max_digits on forms and serializers, not on values the code
computes (a row total, a transferred quantity), which PostgreSQL then refuses and SQLite stores unreadably."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import models


def fits_column(field: models.DecimalField, value: Decimal | None) -> bool:
    """Whether ``value`` can be stored in ``field``'s column once rounded to its decimal places."""
    if value is None:
        return True
    limit = Decimal(10) ** (field.max_digits - field.decimal_places)
    step = Decimal(1).scaleb(-field.decimal_places)
    return abs(value) < limit and abs(Decimal(value).quantize(step, rounding=ROUND_HALF_UP)) < limit
