"""Which stock serves a sales channel (Magento's StockResolverInterface)."""

from __future__ import annotations

from .exceptions import NoLinkedStock
from .models import SalesChannel

BASE_WEBSITE = "base"


def resolve_stock_id(channel_type: str = SalesChannel.Type.WEBSITE, channel_code: str = BASE_WEBSITE) -> int:
    stock_id = SalesChannel.objects.filter(type=channel_type, code=channel_code).values_list("stock_id", flat=True).first()
    if stock_id is None:
        raise NoLinkedStock()
    return stock_id
