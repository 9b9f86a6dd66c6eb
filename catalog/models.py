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
        # The product grid's Type and Status filters: its count and its page's keys (newest first) in one index
        # range instead of a scan of the catalogue (SQLite at 600,000 products: the count 119 ms).
        indexes = [models.Index(fields=["type_id", "status", "id"], name="product_type_status")]

    def __str__(self) -> str:
        return f"{self.sku} ({self.name})"

    @property
    def is_virtual(self) -> bool:
        return self.type_id in ProductType.virtual_types()


TREE_ROOT_ID = 1  # Magento's Category::TREE_ROOT_ID, "Root Catalog", level 0: never shown in a store
DEFAULT_CATEGORY_ID = 2  # "Default Category", the root category of the default store group (catalog/category/root_id)


class Category(models.Model):
    """Magento's catalog_category_entity: a node of one tree, placed by ``path`` ("1/2/3": the ids from the tree
    root to itself), ``level`` (the tree root is 0) and ``position`` among its siblings. ``children_count``
    counts every descendant, as Magento's resource model keeps it."""

    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    path = models.CharField(max_length=255, db_index=True)
    position = models.IntegerField(default=0)
    level = models.IntegerField(default=0)
    children_count = models.IntegerField(default=0)
    name = models.CharField(max_length=255)
    is_active = models.BooleanField(null=True, blank=True, verbose_name="Enable Category")
    include_in_menu = models.BooleanField(null=True, blank=True, default=True, verbose_name="Include in Menu")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["path"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    @property
    def path_ids(self) -> list[int]:
        return [int(part) for part in self.path.split("/") if part]


class CategoryProduct(models.Model):
    """Magento's catalog_category_product: a product in a category, at a position."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="product_links")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="category_links")
    position = models.IntegerField(default=0)

    class Meta:
        ordering = ["category_id", "product_id"]
        constraints = [models.UniqueConstraint(fields=["category", "product"], name="catalog_category_product_unique")]

    def __str__(self) -> str:
        return f"{self.product_id} in {self.category_id}"
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
