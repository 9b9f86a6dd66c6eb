"""The sales grids' search rows: Magento's sales_order_grid, sales_invoice_grid, sales_shipment_grid and
sales_creditmemo_grid narrowed to what their FULLTEXT index covers (vendor/magento/module-sales/etc/db_schema.xml):
one row a grid document, its one search text (``keywords``), kept in step with the sales tables by triggers and
rebuilt in one statement a table (sales/search.py), as Magento\\Sales\\Model\\ResourceModel\\Grid refreshes its
grid tables on save (``dev/grid/async_indexing`` = 0)."""

from __future__ import annotations

from django.db import models


class GridSearchRow(models.Model):
    """A grid document's search text: ``entity_id`` is the document's (no foreign key: the triggers write it,
    inside the document's own statement)."""

    entity_id = models.BigIntegerField(primary_key=True)
    keywords = models.TextField()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.entity_id}: {self.keywords}"


class OrderGridSearch(GridSearchRow):
    """sales_order_grid's FULLTEXT columns: increment_id, customer_email, customer_name, and billing_name,
    billing_address, shipping_name, shipping_address (the order's addresses: names, street, city, postcode)."""

    class Meta:
        db_table = "sales_order_grid_search"


class InvoiceGridSearch(GridSearchRow):
    """sales_invoice_grid's: the invoice's increment_id, then its order's search text (order_increment_id,
    customer_name, customer_email, billing and shipping names and addresses)."""

    class Meta:
        db_table = "sales_invoice_grid_search"


class ShipmentGridSearch(GridSearchRow):
    """sales_shipment_grid's: the shipment's increment_id, then its order's search text."""

    class Meta:
        db_table = "sales_shipment_grid_search"


class CreditmemoGridSearch(GridSearchRow):
    """sales_creditmemo_grid's: the credit memo's increment_id, then its order's search text."""

    class Meta:
        db_table = "sales_creditmemo_grid_search"
