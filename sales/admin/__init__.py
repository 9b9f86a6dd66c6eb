"""Sales in the admin (Magento_Sales adminhtml), one module per document: orders.py (Sales > Orders; the order
page in order_page.py and order_tabs.py), invoices.py, shipments.py, creditmemos.py; the order's New Invoice /
New Shipment pages (new_documents.py) and New Memo page (new_memo.py); what they share (columns.py); the site's names (site.py); the customer page's orders (customers.py).
Each model is registered once, by its own module."""

from . import creditmemos, customers, invoices, orders, shipments, site

__all__ = ["creditmemos", "customers", "invoices", "orders", "shipments", "site"]
