"""Catalog refusals with Magento_Catalog's message templates (ProductRepository, the SKU attribute backend)."""

from __future__ import annotations

from backoffice.exceptions import DomainError, InputError, NotFoundError


class ProductNotFound(NotFoundError):
    message = "The product that was requested doesn't exist. Verify the product and try again."


class AttributeValueEmpty(InputError):
    """Eav AbstractBackend::validate and Catalog's Sku backend: a required attribute was left empty."""

    message = 'The "%1" attribute value is empty. Set the attribute and try again.'

    def __init__(self, attribute: str) -> None:
        super().__init__(parameters=[attribute])


class SkuTooLong(InputError):
    message = "SKU length should be %1 characters maximum."

    def __init__(self, max_length: int) -> None:
        super().__init__(parameters=[max_length])


class InvalidFieldValue(InputError):
    """Magento's InputException::invalidFieldValue."""

    message = 'Invalid value of "%value" provided for the %fieldName field.'

    def __init__(self, field_name: str, value: object) -> None:
        super().__init__(parameters={"value": value, "fieldName": field_name})


class ProductNotRemoved(DomainError):
    """ProductRepository::delete's StateException."""

    message = 'The "%1" product couldn\'t be removed.'

    def __init__(self, sku: str) -> None:
        super().__init__(parameters=[sku])


class ProductNotSaved(DomainError):
    """ProductRepository::save's CouldNotSaveException for an unexpected storage failure."""

    message = "The product was unable to be saved. Please try again."
