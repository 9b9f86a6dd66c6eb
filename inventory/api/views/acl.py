"""The MSI ACL resources of the inventory routes (MSI's etc/webapi.xml), each with the Django permission granting it."""

from __future__ import annotations

from backoffice.rest.routes import Acl

# Magento ACL resource -> the Django permission that grants it.
SOURCE: Acl = ("Magento_InventoryApi::source", "inventory.view_source")
SOURCE_EDIT: Acl = ("Magento_InventoryApi::source_edit", "inventory.change_source")
STOCK: Acl = ("Magento_InventoryApi::stock", "inventory.view_stock")
STOCK_EDIT: Acl = ("Magento_InventoryApi::stock_edit", "inventory.change_stock")
STOCK_DELETE: Acl = ("Magento_InventoryApi::stock_delete", "inventory.delete_stock")
STOCK_SOURCE_LINK: Acl = ("Magento_InventoryApi::stock_source_link", "inventory.change_stocksourcelink")
SOURCE_ITEMS: Acl = ("Magento_InventoryApi::source", "inventory.view_sourceitem")
SOURCE_ITEM_ASSIGN: Acl = ("Magento_InventoryApi::stock_source_item_assign", "inventory.change_sourceitem")
SALES_STOCK: Acl = ("Magento_InventorySalesApi::stock", "inventory.view_stock")
SSA_LIST: Acl = ("Magento_InventorySourceSelectionApi::source_selection_algorithm", "inventory.view_sourceitem")
SSA_RUN: Acl = ("Magento_InventorySourceSelectionApi::source_selection_algorithm_post", "inventory.view_sourceitem")
BULK: Acl = ("Magento_Catalog::products", "inventory.change_sourceitem")
LOW_QTY: Acl = ("Magento_InventoryLowQuantityNotificationApi::low_quantity_notification", "inventory.view_sourceitem")
LOW_QTY_SAVE: Acl = (
    "Magento_InventoryLowQuantityNotificationApi::stock_create_low_quantity_notification",
    "inventory.change_sourceitem",
)
LOW_QTY_DELETE: Acl = (
    "Magento_InventoryLowQuantityNotificationApi::stock_delete_low_quantity_notification",
    "inventory.change_sourceitem",
)
