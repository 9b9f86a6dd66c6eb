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


class NotEnoughAtSource(DomainError):
    """The admin's shipment split: one source cannot cover one item (not a Magento message: MSI only says "Not
    all of your products are available in the requested quantity.")."""

    message = 'Source "%2" cannot ship %3 of SKU "%1": it holds %4.'


# Order actions (OrderManagementInterface).
class HoldNotAvailable(DomainError):
    message = "A hold action is not available."


class CannotCancel(DomainError):
    """Order::canCancel said no. OrderManagement::cancel answers false (the REST route does too); the admin's
    Cancel (Controller/Adminhtml/Order/Cancel) shows this message."""

    message = "You have not canceled the item."


class CannotUnhold(DomainError):
    message = "You cannot remove the hold."


class CommentStatusNotAllowed(DomainError):
    message = 'Unable to add comment: The status "%1" is not part of the order status history.'


class OrderItemNotFound(NotFoundError):
    pass


# Credit memos (RefundOrder / RefundInvoice validators, CreditmemoFactory, CreditmemoService; Magento_SalesInventory).
CREDITMEMO_VALIDATION_PREFIX = "Creditmemo Document Validation Error(s):"
CANNOT_REFUND_IN_STATUS = "A creditmemo can not be created when an order has a status of %1"
ORDER_DOES_NOT_ALLOW_CREDITMEMO = "The order does not allow a creditmemo to be created."
CREDITMEMO_SKU_NOT_IN_ORDER = 'The creditmemo contains product SKU "%1" that is not part of the original order.'
INVALID_QTY_TO_REFUND_SKU = 'We found an invalid quantity to refund item "%1".'
QTY_TO_REFUND_TOO_BIG = (
    'The quantity to creditmemo must not be greater than the unrefunded quantity for product SKU "%1".'
)
CREDITMEMO_TOTAL_NOT_POSITIVE = "The credit memo's total must be positive."
CREDITMEMO_WITHOUT_PRODUCTS = "You can't create a creditmemo without products."
MOST_MONEY_AVAILABLE = "The most money available to refund is %1."
ITEM_NOT_IN_ORDER = "The creditmemo contains product item that is not part of the original order."
CREATION_QTY_TOO_BIG = "The quantity to refund must not be greater than the unrefunded quantity."
CANNOT_REFUND_INVOICE = "We can't create creditmemo for the invoice."
RETURN_ITEM_NOT_IN_CREDITMEMO = 'The "%1" product is not part of the current creditmemo.'
RETURN_ITEM_NOT_IN_ORDER = "The return to stock argument contains product item that is not part of the original order."


class CreditmemoDocumentValidationError(DocumentValidationError):
    prefix = CREDITMEMO_VALIDATION_PREFIX


class CreditmemoNotFound(NotFoundError):
    pass


class InvalidRefundQty(DomainError):
    """Creditmemo\\Item::processQty, raised while the totals are collected, before the validators run."""

    message = 'We found an invalid quantity to refund item "%1".'


class ShippingRefundTooBig(DomainError):
    """The Shipping total collector."""

    message = "Maximum shipping amount allowed to refund is: %1"


class NoShippingToRefund(DomainError):
    """The Discount total collector."""

    message = "You can not refund shipping if there is no shipping amount."


class CannotCancelCreditmemo(DomainError):
    """CreditmemoService::cancel: Magento cancels no credit memo."""

    message = "You can not cancel Credit Memo"


class CannotRegisterExistingCreditmemo(DomainError):
    message = "We cannot register an existing credit memo."


class InvalidOrderToRefund(NotFoundError):
    message = "We found an invalid order to refund."


class CouldNotRefund(DomainError):
    """RefundOrder / RefundInvoice: a failure while the credit memo was being saved (everything rolled back)."""

    message = "Could not save a Creditmemo, see error log for details"


class CouldNotSaveCreditmemoComment(DomainError):
    message = "Could not save the creditmemo comment."


class MostMoneyAvailable(DomainError):
    """CreditmemoService::validateForRefund (the amount formatted in the base currency)."""

    message = "The most money available to refund is %1."


class CreditmemoNotSaved(DomainError):
    """CreditmemoRepository::save's CouldNotSaveException."""

    message = "The credit memo couldn't be saved."


# After an invoice is created (InvoiceManagementInterface, InvoiceCommentRepositoryInterface) and transactions.
class CaptureNotAvailable(DomainError):
    """Payment\\Model\\Method\\AbstractMethod::capture, for a method whose $_canCapture is false (every offline one)."""

    message = "The capture action is not available."


class VoidNotAvailable(DomainError):
    """Payment\\Model\\Method\\AbstractMethod::void, for a method whose $_canVoid is false (every offline one)."""

    message = "The void action is not available."


class CouldNotSaveInvoiceComment(DomainError):
    """Sales\\Model\\Order\\Invoice\\CommentRepository::save wraps every failure of the save in this."""

    message = "Could not save the invoice comment."


class CannotSaveComment(DomainError):
    """Sales\\Model\\ResourceModel\\Order\\Invoice\\Comment::_beforeSave: its validator's errors, one a line."""

    message = "Cannot save comment:\n%1"


class TransactionNotFound(NotFoundError):
    pass


# Saving orders and their addresses (OrderRepositoryInterface::save, OrderAddressRepositoryInterface::save).
class OrderAddressNotSaved(DomainError):
    """Sales\\Model\\Order\\AddressRepository::save wraps every failure of the save (its validator's too) in this."""

    message = "The order address couldn't be saved."


class OrderAddressInvalid(DomainError):
    """Sales\\Model\\ResourceModel\\Order\\Address::_beforeSave: the Order\\Address\\Validator's warnings, one a line
    (what OrderRepository::save answers for a bad address)."""

    message = "We can't save the address:\n%1"


# After a shipment is created (ShipmentRepositoryInterface::save, ShipmentCommentRepositoryInterface::save).
class ShipmentNotSaved(DomainError):
    """Sales\\Model\\Order\\ShipmentRepository::save wraps every failure of the save (the resource model's "We
    cannot create an empty shipment.", its relations' validators, the database's refusals) in this."""

    message = "The shipment couldn't be saved."


class CouldNotSaveShipmentComment(DomainError):
    """Sales\\Model\\Order\\Shipment\\CommentRepository::save wraps every failure of the save in this."""

    message = "Could not save the shipment comment."
