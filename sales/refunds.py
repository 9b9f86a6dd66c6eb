"""Credit memos: the Django twins of Magento's RefundOrderInterface (POST /V1/order/{orderId}/refund) and
RefundInvoiceInterface (POST /V1/invoice/{invoiceId}/refund), with MSI's returns to stock."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .models import Creditmemo


@dataclass(frozen=True)
class RefundItem:
    """Magento's CreditmemoItemCreationInterface: how much of one order item to refund."""

    order_item_id: int
    qty: Decimal


@dataclass(frozen=True)
class RefundComment:
    """Magento's CreditmemoCommentCreationInterface."""

    comment: str
    is_visible_on_front: bool = False


@dataclass(frozen=True)
class RefundArguments:
    """Magento's CreditmemoCreationArgumentsInterface with its extension attribute return_to_stock_items
    (the order item ids whose refunded quantities go back to stock; MSI)."""

    shipping_amount: Decimal | None = None
    adjustment_positive: Decimal | None = None
    adjustment_negative: Decimal | None = None
    return_to_stock_items: Sequence[int] = field(default_factory=tuple)


def refund_order(
    order_id: int,
    items: Sequence[RefundItem] | None = None,
    notify: bool = False,
    append_comment: bool = False,
    comment: RefundComment | None = None,
    arguments: RefundArguments | None = None,
) -> Creditmemo:
    """Refund ``order_id`` offline (Magento's RefundOrder::execute); return the new, Refunded credit memo."""
    raise NotImplementedError


def refund_invoice(
    invoice_id: int,
    items: Sequence[RefundItem] | None = None,
    is_online: bool = False,
    notify: bool = False,
    append_comment: bool = False,
    comment: RefundComment | None = None,
    arguments: RefundArguments | None = None,
) -> Creditmemo:
    """Refund (part of) one invoice (Magento's RefundInvoice::execute); return the new credit memo."""
    raise NotImplementedError
