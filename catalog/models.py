"""Products (Magento_Catalog's ProductInterface, the fields integrators use)."""

from __future__ import annotations

from django.db import models


class ProductType(models.TextChoices):
    SIMPLE = "simple", "Simple Product"
    VIRTUAL = "virtual", "Virtual Product"
    DOWNLOADABLE = "downloadable", "Downloadable Product"

    @classmethod
    def virtual_types(cls) -> frozenset[str]:
        """Types that never ship: Magento deducts their sources at invoice time."""
        return frozenset({cls.VIRTUAL, cls.DOWNLOADABLE})


class ProductStatus(models.IntegerChoices):
    ENABLED = 1, "Enabled"
    DISABLED = 2, "Disabled"


class ProductVisibility(models.IntegerChoices):
    NOT_VISIBLE = 1, "Not Visible Individually"
    CATALOG = 2, "Catalog"
    SEARCH = 3, "Search"
    BOTH = 4, "Catalog, Search"


class Product(models.Model):
    sku = models.CharField("SKU", max_length=64, unique=True)
    name = models.CharField(max_length=255)
    attribute_set_id = models.PositiveIntegerField(default=4)  # Magento's "Default" attribute set
    type_id = models.CharField("Type", max_length=32, choices=ProductType.choices, default=ProductType.SIMPLE)
    price = models.DecimalField(max_digits=20, decimal_places=6, default=0)
    weight = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    status = models.PositiveSmallIntegerField(choices=ProductStatus.choices, default=ProductStatus.ENABLED)
    visibility = models.PositiveSmallIntegerField(choices=ProductVisibility.choices, default=ProductVisibility.BOTH)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.sku} ({self.name})"

    @property
    def is_virtual(self) -> bool:
        return self.type_id in ProductType.virtual_types()


class MediaType(models.TextChoices):
    IMAGE = "image", "Image"


# The product's media_image attributes (Magento's Default attribute set): each role is held by one entry at most.
MEDIA_ROLES = ("image", "small_image", "thumbnail", "swatch_image")
MEDIA_ROLE_LABELS = {"image": "Base", "small_image": "Small", "thumbnail": "Thumbnail", "swatch_image": "Swatch"}


class ProductMediaGalleryEntry(models.Model):
    """ProductAttributeMediaGalleryEntryInterface: one image of a product's gallery.

    ``file`` is Magento's path under catalog/product, dispersed by the name's first two letters
    ("/m/b/mb01-blue-0.jpg"); the file itself lives in Django's default storage at ``catalog/product`` + file.
    """

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="media_gallery_entries")
    media_type = models.CharField(max_length=32, choices=MediaType.choices, default=MediaType.IMAGE)
    label = models.CharField(max_length=255, blank=True, default="")
    position = models.PositiveIntegerField(default=0)
    disabled = models.BooleanField(default=False)
    types = models.JSONField(default=list, blank=True)  # the roles: a subset of MEDIA_ROLES
    file = models.CharField(max_length=255)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "media gallery entry"
        verbose_name_plural = "media gallery entries"

    def __str__(self) -> str:
        return self.file

    @property
    def storage_name(self) -> str:
        return "catalog/product" + self.file
