"""What a refund asks for: Magento's CreditmemoItemCreationInterface, CreditmemoCommentCreationInterface and
CreditmemoCreationArgumentsInterface (with MSI's return_to_stock_items)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal


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
