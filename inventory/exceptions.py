"""Inventory refusals with Magento's (MSI's) message templates."""

from backoffice.exceptions import DomainError, NotFoundError


class NoLinkedStock(NotFoundError):
    message = "No linked stock found"


class ProductNotFound(NotFoundError):
    message = "The product that was requested doesn't exist. Verify the product and try again."


class NotEnoughQuantity(DomainError):
    message = "Not all of your products are available in the requested quantity."


class NotEnoughItemsForSale(DomainError):
    message = "Not enough items for sale"


class SourceItemNotFound(DomainError):
    message = "Source item not found by source code: %1 and sku: %2."
