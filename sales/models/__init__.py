"""Sales documents with Magento's field names (tables sales_order, sales_order_item, sales_invoice, ...).

Amounts are decimal(20,4) like Magento's sales and quote amount columns; quantities, weights and percentages
decimal(12,4) like Magento's (module-sales and module-quote etc/db_schema.xml). Unit prices are decimal(20,4)
too, where Magento keeps sales_order_item.price and sales_invoice_item.price at (12,4): every price the catalog
stores (decimal(20,6)) must fit on the order. Each money amount comes as a pair: ``x`` in the order currency and
``base_x`` in the base currency.

One module per document; the abstract bases they share are in ``bases`` (README "Layout": a new document).
"""

from .bases import (
    CurrencyFields,
    DocumentComment,
    DocumentItem,
    DocumentTotals,
    ItemAmounts,
    SalesDocument,
    TypedAddress,
)
from .creditmemo import Creditmemo, CreditmemoComment, CreditmemoItem, CreditmemoQuerySet, CreditmemoState
from .fields import AMOUNT_DIGITS, EMAIL_DUE_INDEX, QTY_DIGITS, ZERO, money, money_or_null, percent, qty
from .grid_search import CreditmemoGridSearch, GridSearchRow, InvoiceGridSearch, OrderGridSearch, ShipmentGridSearch
from .invoice import Invoice, InvoiceComment, InvoiceItem, InvoiceQuerySet, InvoiceState
from .order import (
    DEFAULT_STATUS,
    NOT_CANCELABLE_STATES,
    NOT_HOLDABLE_STATES,
    NOT_INVOICEABLE_STATES,
    NOT_REFUNDABLE_STATES,
    NOT_SHIPPABLE_STATES,
    Order,
    OrderAddress,
    OrderItem,
    OrderQuerySet,
    OrderState,
    OrderStatus,
    OrderStatusHistory,
    address_id,
    address_name,
)
from .payment import OrderPayment, PaymentTransaction
from .shipment import Shipment, ShipmentComment, ShipmentItem, ShipmentQuerySet, ShipmentTrack
from .statistics import BestsellersRefresh, DailySales, DashboardBestseller

__all__ = [
    "AMOUNT_DIGITS", "DEFAULT_STATUS", "EMAIL_DUE_INDEX", "NOT_CANCELABLE_STATES", "NOT_HOLDABLE_STATES",
    "NOT_INVOICEABLE_STATES", "NOT_REFUNDABLE_STATES", "NOT_SHIPPABLE_STATES", "QTY_DIGITS", "ZERO",
    "BestsellersRefresh", "Creditmemo", "CreditmemoComment", "CreditmemoGridSearch", "CreditmemoItem", "CreditmemoQuerySet", "CreditmemoState", "CurrencyFields",
    "DailySales", "DashboardBestseller", "DocumentComment", "DocumentItem", "DocumentTotals", "GridSearchRow", "Invoice", "InvoiceComment",
    "InvoiceGridSearch", "InvoiceItem",
    "InvoiceQuerySet", "InvoiceState", "ItemAmounts", "Order", "OrderAddress", "OrderGridSearch", "OrderItem", "OrderPayment",
    "OrderQuerySet", "OrderState", "OrderStatus", "OrderStatusHistory", "PaymentTransaction", "SalesDocument",
    "Shipment", "ShipmentComment", "ShipmentGridSearch", "ShipmentItem", "ShipmentQuerySet", "ShipmentTrack", "TypedAddress", "address_id",
    "address_name", "money", "money_or_null", "percent", "qty",
]  # fmt: skip
