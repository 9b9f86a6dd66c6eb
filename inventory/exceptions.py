"""Inventory refusals with Magento's (MSI's) message templates.

Validation refusals carry their parts in ``errors`` (Magento's ValidationException), so the REST body is
``{"message": "Validation Failed", "errors": [{"message": "\\"%field\\" can not be empty.", "parameters": {...}}]}``.
"""

from __future__ import annotations

from backoffice.exceptions import DomainError, InputError, NotFoundError
from catalog.exceptions import ProductNotFound

__all__ = ["ProductNotFound"]  # re-exported: salable quantity refuses unknown SKUs with the catalog's message

# Inventory/Model/Validators/*, Inventory/Model/{Source,SourceItem,StockSourceLink}/Validator/*
FIELD_EMPTY = '"%field" can not be empty.'
FIELD_HAS_WHITESPACE = '"%field" can not contain whitespaces.'
PICKUP_FIELD_EMPTY = '"%field" can not be empty for Pickup Location.'  # InventoryInStorePickup Source/Validator
DEFAULT_SOURCE_NOT_PICKUP = "The Default Source can not be used for In-Store Pickup Delivery."
FIELD_HAS_OUTER_SPACES = '"%field" can not contain leading or trailing spaces.'
FIELD_NOT_NUMERIC = '"%field" should be numeric.'
FIELD_UNKNOWN_STATUS = '"%field" should a known status.'  # sic
FIELD_NOT_POSITIVE = '"%field" should be greater then 0.'  # sic
VALIDATION_FAILED = "Validation Failed"
DEFAULT_SOURCE_DISABLED = "Default source can not be disabled."
WEBSITE_NOT_FOUND = 'The website with code "%code" does not exist.'
DEFAULT_LINK_SAVE = "Can not save link related to Default Source or Default Stock"
SOURCE_NOT_FOUND_FOR_BULK = "Source %sourceCode does not exist"
ORIGIN_NOT_FOUND = "Origin source %sourceCode does not exist"
DESTINATION_NOT_FOUND = "Destination source %sourceCode does not exist"
TRANSFER_ON_ITSELF = "Cannot transfer a source on itself"
TRANSFER_AMOUNT_NOT_AVAILABLE = "Requested transfer amount for sku %sku is not available"
TRANSFER_ITEM_NOT_FOUND = "Source item for %sku and %sourceCode does not exist"


def field_error(template: str, field: str) -> DomainError:
    """One part of a validation refusal, e.g. ``"name" can not be empty.``."""
    return DomainError(template, parameters={"field": field})


class ValidationFailed(DomainError):
    """Magento's ValidationException: the parts are listed under ``errors``."""

    message = VALIDATION_FAILED


class SourceItemsValidationFailed(ValidationFailed):
    """SourceItemsSaveHandler names the first failure in the message itself (already filled in)."""

    def __init__(self, errors: list[DomainError]) -> None:
        super().__init__(f"{VALIDATION_FAILED}: {errors[0].rendered()}", errors=errors)


class InputDataEmpty(InputError):
    message = "Input data is empty"


class SourceNotFound(NotFoundError):
    message = 'Source with code "%value" does not exist.'

    def __init__(self, source_code: str) -> None:
        super().__init__(parameters={"value": source_code})


class CouldNotSaveSource(DomainError):
    message = "Could not save Source"


class StockNotFound(NotFoundError):
    message = 'Stock with id "%value" does not exist.'

    def __init__(self, stock_id: int) -> None:
        super().__init__(parameters={"value": stock_id})


class StockToDeleteNotFound(NotFoundError):
    """Stock\\Command\\DeleteById words its 404 differently from Get."""

    message = 'There is no stock with "%fieldValue" for "%fieldName". Verify and try again.'

    def __init__(self, stock_id: int) -> None:
        super().__init__(parameters={"fieldName": "stock_id", "fieldValue": stock_id})


class DefaultStockNotDeletable(DomainError):
    message = "Default Stock could not be deleted."


class StockHasSalesChannels(DomainError):
    message = "Stock has at least one sale channel and could not be deleted."


class CouldNotDeleteStock(DomainError):
    message = "Could not delete Stock"


class CouldNotSaveLinks(DomainError):
    message = "Could not save StockSourceLinks"


class DefaultLinkNotDeletable(DomainError):
    message = "Can not delete link related to Default Source or Default Stock"


class CouldNotSaveSourceItem(DomainError):
    message = "Could not save Source Item"


class ProductsNotFound(InputError):
    """InventoryCatalog's GetProductTypesBySkus, used by bulk actions and the requested-qty check."""

    message = "Following products with requested skus were not found: %1"

    def __init__(self, skus: list[str]) -> None:
        super().__init__(parameters=[", ".join(skus)])


class BulkTransferValidationFailed(ValidationFailed):
    message = "Validation Error: Select different sources for origin and destination."


class PartialTransferValidationFailed(ValidationFailed):
    message = "Transfer validation failed"


class WrongInputData(InputError):
    message = "Wrong input data"


class CouldNotSaveSourceItemConfiguration(DomainError):
    message = "Could not save Source Item Configuration"


class UnknownSourceSelectionAlgorithm(DomainError):
    message = "There is no such Source Selection Algorithm implemented: %1"


class NoLinkedStock(NotFoundError):
    message = "No linked stock found"


class NotEnoughQuantity(DomainError):
    message = "Not all of your products are available in the requested quantity."


class NotEnoughItemsForSale(DomainError):
    message = "Not enough items for sale"


class SourceItemNotFound(DomainError):
    message = "Source item not found by source code: %1 and sku: %2."


class UnknownReservationOrder(DomainError):
    """create-compensations names an order increment id that no reservation carries (a CLI message)."""

    message = "No reservations found for order %1"
