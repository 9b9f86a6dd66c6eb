"""Credit memos in the admin (Magento_Sales adminhtml): Sales > Credit Memos and the credit memo page
(creditmemos.py), the New Memo form (new_memo.py), the Credit Memo buttons of the order and invoice pages
(orders.py). Imported once, at the end of sales/admin.py: the order and invoice pages registered there are
registered again here as subclasses."""

from . import creditmemos, orders

__all__ = ["creditmemos", "orders"]
