"""Column helpers with Magento's types: amounts decimal(20,4), quantities, weights and percentages decimal(12,4)
(module-sales and module-quote etc/db_schema.xml)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from backoffice.money import ZERO

AMOUNT_DIGITS = 20  # Magento's decimal(20,4) amounts: 16 digits before the point
QTY_DIGITS = 12  # decimal(12,4) quantities, weights, percentages: 8 digits before the point


def money(**kwargs: object) -> models.DecimalField:
    return models.DecimalField(max_digits=AMOUNT_DIGITS, decimal_places=4, default=ZERO, **kwargs)


def money_or_null(**kwargs: object) -> models.DecimalField:
    """An amount Magento leaves null (and so omits on the wire) until an event sets it."""
    return models.DecimalField(max_digits=AMOUNT_DIGITS, decimal_places=4, null=True, blank=True, **kwargs)


def qty(**kwargs: object) -> models.DecimalField:
    return models.DecimalField(max_digits=QTY_DIGITS, decimal_places=4, default=ZERO, **kwargs)


def EMAIL_DUE_INDEX(name: str) -> models.Index:
    """The documents whose customer email is due (send_email = 1, email_sent NULL: Magento's EmailSenderHandler
    filter): a partial index, so the sending job's pick stays an index seek however many documents were sent."""
    return models.Index(fields=["entity_id"], condition=Q(send_email=1, email_sent__isnull=True), name=name)


def percent(**kwargs: object) -> models.DecimalField:
    return models.DecimalField(max_digits=QTY_DIGITS, decimal_places=4, default=ZERO, **kwargs)
