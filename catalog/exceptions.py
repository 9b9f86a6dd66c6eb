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


class CategoryNotFound(NotFoundError):
    """CategoryRepository::get: NoSuchEntityException::singleField('id', $categoryId)."""

    message = "No such entity with %fieldName = %fieldValue"

    def __init__(self, category_id: object) -> None:
        super().__init__(parameters={"fieldName": "id", "fieldValue": category_id})


class CategoryNotSaved(DomainError):
    """CategoryRepository::save's CouldNotSaveException around the validation's message."""

    message = "Could not save category: %1"

    def __init__(self, reason: str) -> None:
        super().__init__(parameters=[reason])


class CategoryNotDeleted(DomainError):
    """CategoryRepository::delete's StateException (a root category: "Can't delete root category.")."""

    message = "Cannot delete category with id %1"

    def __init__(self, category_id: int) -> None:
        super().__init__(parameters=[category_id])


class CategoryMoveRefused(DomainError):
    """CategoryManagement::move's LocalizedException."""

    message = "Could not move category"


MOVE_UNDER_OWN_CHILD = "Operation do not allow to move a parent category to any of children category"


class CategoryProductNotLinked(InputError):
    """CategoryLinkRepository::deleteByIds."""

    message = "The category doesn't contain the specified product."
# --- the media gallery (Catalog's GalleryManagement, the framework's ImageContentValidator) -----------------


class ProductDoesNotExist(NotFoundError):
    """GalleryManagement::get's wording for an unknown SKU (the other methods use ProductNotFound's)."""

    message = "The product doesn't exist. Verify and try again."


class ImageNotFound(NotFoundError):
    """GalleryManagement::get."""

    message = "The image doesn't exist. Verify and try again."


class ImageIdNotFound(NotFoundError):
    """GalleryManagement::update and ::remove."""

    message = "No image with the provided ID was found. Verify the ID and try again."


class ImageContentInvalid(InputError):
    """GalleryManagement::create without content."""

    message = "The image content is invalid. Verify the content and try again."


class ImageNotBase64(InputError):
    message = "The image content must be valid base64 encoded data."


class ImageMimeTypeInvalid(InputError):
    message = "The image MIME type is not valid or not supported."


class ImageNameForbidden(InputError):
    message = "Provided image name contains forbidden characters."


class ImageTooLarge(InputError):
    """This back-office's limit (Magento's is PHP's post size): MEDIA_IMAGE_MAX_BYTES."""

    message = "The image is larger than the %1 bytes allowed."

    def __init__(self, max_bytes: int) -> None:
        super().__init__(parameters=[max_bytes])


class ImageDimensionsTooLarge(InputError):
    """This back-office's limit: MEDIA_IMAGE_MAX_DIMENSION pixels a side."""

    message = "The image is larger than %1 pixels a side."

    def __init__(self, max_dimension: int) -> None:
        super().__init__(parameters=[max_dimension])


class GalleryFull(InputError):
    """This back-office's limit (MEDIA_GALLERY_MAX_ENTRIES), so that a gallery and a product page stay bounded."""

    message = "A product can have at most %1 images."

    def __init__(self, max_entries: int) -> None:
        super().__init__(parameters=[max_entries])


class ImageTypeUnknown(InputError):
    message = 'Invalid value of "%value" provided for the %fieldName field.'

    def __init__(self, value: str) -> None:
        super().__init__(parameters={"value": value, "fieldName": "types"})
