"""Sales refusals with Magento's message templates (Magento_Sales)."""

from __future__ import annotations

from backoffice.exceptions import DomainError, NotFoundError

INVOICE_VALIDATION_PREFIX = "Invoice Document Validation Error(s):"
CANNOT_INVOICE_IN_STATUS = "An invoice cannot be created when an order has a status of %1"
ORDER_DOES_NOT_ALLOW_INVOICE = "The order does not allow an invoice to be created."
INVOICE_WITHOUT_PRODUCTS = "You can't create an invoice without products."
ITEMS_NOT_IN_ORDER = "The invoice contains one or more items that are not part of the original order."


class OrderNotFound(NotFoundError):
    pass


class InvoiceNotFound(NotFoundError):
    pass


class DocumentValidationError(DomainError):
    """Magento's DocumentValidationException: the reasons are pre-rendered and joined under a prefix."""

    prefix = ""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("\n".join([self.prefix, *reasons]))


class InvoiceDocumentValidationError(DocumentValidationError):
    prefix = INVOICE_VALIDATION_PREFIX


class InvalidInvoiceQty(DomainError):
    """Raised by Magento's InvoiceService before the validators run."""

    message = 'We found an invalid quantity to invoice item "%1".'


class PaymentMethodNotAvailable(DomainError):
    message = "The requested Payment Method is not available."


class ShippingMethodNotAvailable(DomainError):
    message = "Carrier with such method not found: %1, %2"


SHIPMENT_VALIDATION_PREFIX = "Shipment Document Validation Error(s):"
CANNOT_SHIP_IN_STATUS = "A shipment cannot be created when an order has a status of %1"
ORDER_DOES_NOT_ALLOW_SHIPMENT = "The order does not allow a shipment to be created."
SHIPMENT_WITHOUT_PRODUCTS = "You can't create a shipment without products."
SHIPMENT_ITEM_NOT_IN_ORDER = 'We can not found item "%1" in order.'  # sic, Magento's text
INVALID_QTY_TO_SHIP = 'We found an invalid quantity to ship for item "%1".'


class ShipmentNotFound(NotFoundError):
    pass


class ShipmentTrackNotFound(NotFoundError):
    pass


class ShipmentDocumentValidationError(DocumentValidationError):
    prefix = SHIPMENT_VALIDATION_PREFIX


class SourceSelectionSplit(DomainError):
    message = (
        "The items are available only from several sources (%1). "
        "Ship them from one source at a time with arguments.extension_attributes.source_code."
    )
