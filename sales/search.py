"""The sales grids' search documents (Magento's FULLTEXT indexes of sales_order_grid, sales_invoice_grid,
sales_shipment_grid and sales_creditmemo_grid in Magento/Sales/etc/db_schema.xml: increment ids, names,
addresses, email), indexed by migrations/0015_grid_fulltext_search.py; searched by backoffice.grid_search."""

from __future__ import annotations

from backoffice.grid_search import GridSearch, SearchDocument

from .models import Creditmemo, Invoice, Order, OrderAddress, Shipment

ORDER = SearchDocument(Order, ("increment_id", "customer_email", "customer_firstname", "customer_lastname"))
# billing_name, shipping_name, billing_address, shipping_address: the order's addresses, found by their order
ORDER_ADDRESS = SearchDocument(OrderAddress, ("firstname", "lastname", "street", "city", "postcode"), key="parent")


def document_search(document: SearchDocument) -> GridSearch:
    """An invoice, shipment or credit memo grid: its increment id, its order's (order_increment_id,
    customer_name, customer_email) and its order's addresses."""
    return GridSearch(("pk", document), ("order", ORDER), ("order", ORDER_ADDRESS))


ORDER_SEARCH = GridSearch(("pk", ORDER), ("pk", ORDER_ADDRESS))
INVOICE_SEARCH = document_search(SearchDocument(Invoice, ("increment_id",)))
SHIPMENT_SEARCH = document_search(SearchDocument(Shipment, ("increment_id",)))
CREDITMEMO_SEARCH = document_search(SearchDocument(Creditmemo, ("increment_id",)))
