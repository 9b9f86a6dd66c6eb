"""The Magento_Sales ACL resources of the REST routes (webapi.xml), each with the Django permission granting it.

A view declares ``acl_by_method = {"GET": ORDER_VIEW, ...}`` (backoffice/rest/routes.py).
"""

from __future__ import annotations

from backoffice.rest.routes import Acl

ORDER_VIEW: Acl = ("Magento_Sales::actions_view", "sales.view_order")
ORDER_CREATE: Acl = ("Magento_Sales::create", "sales.add_order")
ORDER_COMMENT: Acl = ("Magento_Sales::comment", "sales.comment_order")
ORDER_EMAIL: Acl = ("Magento_Sales::emails", "sales.change_order")
ORDER_CANCEL: Acl = ("Magento_Sales::cancel", "sales.cancel_order")
ORDER_HOLD: Acl = ("Magento_Sales::hold", "sales.hold_order")
ORDER_UNHOLD: Acl = ("Magento_Sales::unhold", "sales.unhold_order")
ORDER_INVOICE: Acl = ("Magento_Sales::invoice", "sales.add_invoice")
ORDER_SHIP: Acl = ("Magento_Sales::ship", "sales.add_shipment")
ORDER_REFUND: Acl = ("Magento_Sales::creditmemo", "sales.add_creditmemo")

SALES_INVOICE = "Magento_Sales::sales_invoice"
INVOICE_VIEW: Acl = (SALES_INVOICE, "sales.view_invoice")
INVOICE_ADD: Acl = (SALES_INVOICE, "sales.add_invoice")
INVOICE_CHANGE: Acl = (SALES_INVOICE, "sales.change_invoice")
INVOICE_COMMENT: Acl = (SALES_INVOICE, "sales.add_invoicecomment")
INVOICE_REFUND: Acl = (SALES_INVOICE, "sales.add_creditmemo")

SHIPMENT = "Magento_Sales::shipment"
SHIPMENT_VIEW: Acl = (SHIPMENT, "sales.view_shipment")
SHIPMENT_ADD: Acl = (SHIPMENT, "sales.add_shipment")
SHIPMENT_CHANGE: Acl = (SHIPMENT, "sales.change_shipment")
SHIPMENT_COMMENT: Acl = (SHIPMENT, "sales.add_shipmentcomment")
TRACK_ADD: Acl = (SHIPMENT, "sales.add_shipmenttrack")
TRACK_DELETE: Acl = (SHIPMENT, "sales.delete_shipmenttrack")

SALES_CREDITMEMO = "Magento_Sales::sales_creditmemo"
CREDITMEMO_VIEW: Acl = (SALES_CREDITMEMO, "sales.view_creditmemo")
CREDITMEMO_ADD: Acl = (SALES_CREDITMEMO, "sales.add_creditmemo")
CREDITMEMO_CHANGE: Acl = (SALES_CREDITMEMO, "sales.change_creditmemo")

TRANSACTIONS_FETCH: Acl = ("Magento_Sales::transactions_fetch", "sales.view_paymenttransaction")
