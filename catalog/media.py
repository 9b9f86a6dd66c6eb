"""The product media gallery: Magento_Catalog's GalleryManagement (create, update, remove) and the framework's
ImageContentValidator, with the image bytes kept in Django's default storage (``catalog/product`` + the entry's
file, as Magento keeps them under pub/media/catalog/product).

Content is validated before anything is looked up or written (Magento's order): base64, a real image read by
Pillow, its MIME type the declared one, this back-office's size and dimension limits, a name without forbidden
characters. A refusal stores nothing. Roles (image, small_image, thumbnail, swatch_image) are product
attributes in Magento, so each is held by one entry at most: giving it to one entry takes it from the others.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from .exceptions import (
    GalleryFull,
    ImageContentInvalid,
    ImageDimensionsTooLarge,
    ImageIdNotFound,
    ImageMimeTypeInvalid,
    ImageNameForbidden,
    ImageNotBase64,
    ImageTooLarge,
    ImageTypeUnknown,
    ProductNotFound,
)
from .locks import lock_product
from .models import MEDIA_ROLES, ProductMediaGalleryEntry

# ImageContentValidator's default MIME types, as getimagesizefromstring names them, and the extension stored.
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif"}
_PILLOW_MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif"}
_FORBIDDEN_NAME = re.compile(r'[\\/?*:";<>()|{}]')  # ImageContentValidator::isNameValid
_UNSAFE_FILE_CHARACTERS = re.compile(r"[^a-z0-9_.-]+", re.IGNORECASE)  # Uploader::getCorrectFileName
_WHITESPACE = re.compile(rb"\s+")
MAX_BASENAME = 90  # Uploader::getCorrectFileName's longest file name
ENTRY_FIELDS = frozenset({"media_type", "label", "position", "disabled", "types"})


@dataclass(frozen=True)
class ImageContent:
    """ImageContentInterface once validated: the decoded bytes, their MIME type and the file name to store."""

    data: bytes
    mime_type: str
    name: str


def validate_image_content(content: Mapping[str, object] | None) -> ImageContent:
    """ImageContentValidator::isValid with this back-office's limits; raises an InputError with Magento's text."""
    if not content or not isinstance(content.get("base64_encoded_data"), str):
        raise ImageContentInvalid()
    encoded = str(content["base64_encoded_data"]).encode("ascii", "replace")
    max_bytes: int = settings.MEDIA_IMAGE_MAX_BYTES
    if len(encoded) > 2 * max_bytes + 16:  # refused before decoding (base64 is 4/3 of the bytes, plus line breaks)
        raise ImageTooLarge(max_bytes)
    try:
        data = base64.b64decode(_WHITESPACE.sub(b"", encoded), validate=True)
    except (binascii.Error, ValueError):
        raise ImageNotBase64() from None
    if not data:
        raise ImageNotBase64()
    if len(data) > max_bytes:
        raise ImageTooLarge(max_bytes)
    mime_type = _image_mime_type(data)
    if mime_type != content.get("type") or mime_type not in EXTENSIONS:
        raise ImageMimeTypeInvalid()
    name = content.get("name")
    if not isinstance(name, str) or not name or _FORBIDDEN_NAME.search(name):
        raise ImageNameForbidden()
    return ImageContent(data, mime_type, name)


def _image_mime_type(data: bytes) -> str:
    """The image's MIME type as Pillow reads it, within the dimension limit. Image.verify checks what it can
    without decoding the pixels (a PNG's chunk checksums, a GIF's frames): a forged or cut header is refused."""
    from PIL import Image

    limit: int = settings.MEDIA_IMAGE_MAX_DIMENSION
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if max(image.size) > limit:
                    raise ImageDimensionsTooLarge(limit)
                image_format = image.format or ""
                image.verify()
    except ImageDimensionsTooLarge:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):  # too many pixels to even open
        raise ImageDimensionsTooLarge(limit) from None
    except Exception:  # Pillow raises anything on a forged file: UnidentifiedImageError, OSError, SyntaxError...
        raise ImageNotBase64() from None
    return _PILLOW_MIME.get(image_format, f"image/{image_format.lower()}")


def gallery_file_name(content: ImageContent) -> str:
    """Magento's file value: the corrected name with its type's extension, dispersed by its first two letters."""
    stem = content.name.rsplit(".", 1)[0] if "." in content.name else content.name
    stem = _UNSAFE_FILE_CHARACTERS.sub("_", stem).strip("_") or "file"
    name = f"{stem[: MAX_BASENAME - 4]}.{EXTENSIONS[content.mime_type]}".lower()
    first, second = (name[:2] + "__")[:2].replace(".", "_")
    return f"/{first}/{second}/{name}"


def _store(content: ImageContent) -> str:
    """Save the bytes in the default storage; the entry's file (storage may rename to keep names unique)."""
    stored = default_storage.save("catalog/product" + gallery_file_name(content), ContentFile(content.data))
    return "/" + stored.removeprefix("catalog/product").lstrip("/")


def _check_types(types: object) -> list[str]:
    for role in types or []:
        if role not in MEDIA_ROLES:
            raise ImageTypeUnknown(str(role))
    return list(dict.fromkeys(types or []))


def _take_roles(product_id: int, roles: list[str], keep: int | None) -> None:
    """Remove ``roles`` from the product's other entries (one entry per role)."""
    if not roles:
        return
    for other in ProductMediaGalleryEntry.objects.filter(product_id=product_id).exclude(pk=keep):
        remaining = [role for role in other.types if role not in roles]
        if remaining != other.types:
            other.types = remaining
            other.save(update_fields=["types"])


def create_entry(sku: str, entry: Mapping[str, object]) -> ProductMediaGalleryEntry:
    """GalleryManagement::create: validate the content, store it, add the entry. The product's first entry
    takes every role when it names none."""
    content = validate_image_content(entry.get("content"))  # type: ignore[arg-type]
    types = _check_types(entry.get("types"))
    file = _store(content)
    try:
        with transaction.atomic():
            product = lock_product(sku)
            if product is None:
                raise ProductNotFound()
            count = ProductMediaGalleryEntry.objects.filter(product=product).count()
            if count >= settings.MEDIA_GALLERY_MAX_ENTRIES:
                raise GalleryFull(settings.MEDIA_GALLERY_MAX_ENTRIES)
            first = count == 0
            if first and not types:  # GalleryManagement::create's `getTypes() == null`, true for [] in PHP
                types = list(MEDIA_ROLES)
            created = ProductMediaGalleryEntry.objects.create(
                product=product, file=file, types=types, **_fields(entry, exclude={"types"})
            )
            _take_roles(product.pk, types, keep=created.pk)
    except BaseException:
        default_storage.delete("catalog/product" + file)
        raise
    return created


def update_entry(sku: str, entry_id: int, entry: Mapping[str, object]) -> ProductMediaGalleryEntry:
    """GalleryManagement::update: the fields sent replace the entry's (new content replaces its file, the old
    one deleted once committed); its roles are taken from the other entries."""
    content = validate_image_content(entry["content"]) if entry.get("content") else None  # type: ignore[arg-type]
    types = _check_types(entry.get("types")) if "types" in entry else None
    file = _store(content) if content else None
    try:
        with transaction.atomic():
            product = lock_product(sku)
            if product is None:
                raise ProductNotFound()
            existing = ProductMediaGalleryEntry.objects.filter(product=product, pk=entry_id).first()
            if existing is None:
                raise ImageIdNotFound()
            for field, value in _fields(entry, exclude={"types"}).items():
                setattr(existing, field, value)
            if types is not None:
                existing.types = types
                _take_roles(product.pk, types, keep=existing.pk)
            if file is not None:
                old = existing.storage_name
                existing.file = file
                transaction.on_commit(lambda: default_storage.delete(old))
            existing.save()
    except BaseException:
        if file is not None:
            default_storage.delete("catalog/product" + file)
        raise
    return existing


def remove_entry(sku: str, entry_id: int) -> None:
    """GalleryManagement::remove: the entry goes, and its file once the removal is committed."""
    with transaction.atomic():
        product = lock_product(sku)
        if product is None:
            raise ProductNotFound()
        existing = ProductMediaGalleryEntry.objects.filter(product=product, pk=entry_id).first()
        if existing is None:
            raise ImageIdNotFound()
        name = existing.storage_name
        existing.delete()
        transaction.on_commit(lambda: default_storage.delete(name))


def delete_files(names: list[str]) -> None:
    """Remove stored images (after a commit: a rolled-back deletion keeps its files)."""
    for name in names:
        default_storage.delete(name)


def _fields(entry: Mapping[str, object], exclude: set[str]) -> dict[str, object]:
    fields = {field: entry[field] for field in ENTRY_FIELDS - exclude if field in entry and entry[field] is not None}
    if "label" in entry and entry["label"] is None:
        fields["label"] = ""
    return fields
