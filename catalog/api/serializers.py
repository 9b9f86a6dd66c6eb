"""Wire formats named after Magento_Catalog's data interfaces (ProductInterface, the fields this back-office keeps)."""

from __future__ import annotations

from django.db.models import Prefetch, prefetch_related_objects
from rest_framework import serializers

from backoffice.rest.serializers import MagentoInputSerializer, MagentoModelSerializer

from ..models import CategoryProduct, Product, ProductMediaGalleryEntry

WEBSITE_IDS = [1]  # the one website ("base") every product is assigned to


def category_links(product: Product) -> list[dict]:
    """ProductExtensionInterface's category_links (CategoryLinkInterface: position, category_id as a string)."""
    links = getattr(product, "prefetched_category_links", None)
    if links is None:
        links = CategoryProduct.objects.filter(product=product).order_by("category_id")
    return [{"position": link.position, "category_id": str(link.category_id)} for link in links]


class ProductListSerializer(serializers.ListSerializer):
    """A page of products with their category links in one query, not one per row."""

    def to_representation(self, data: object) -> list:
        rows = list(data.all() if hasattr(data, "all") else data)
        links = CategoryProduct.objects.order_by("category_id")
        prefetch_related_objects(rows, Prefetch("category_links", links, to_attr="prefetched_category_links"))
        return super().to_representation(rows)
class MediaGalleryEntrySerializer(serializers.ModelSerializer):
    """ProductAttributeMediaGalleryEntryInterface in Magento's key order (content is write-only)."""

    class Meta:
        model = ProductMediaGalleryEntry
        fields = ["id", "media_type", "label", "position", "disabled", "types", "file"]


class ProductSerializer(MagentoModelSerializer):
    """ProductInterface in Magento's key order; the lists this back-office does not model render empty."""

    id = serializers.IntegerField(source="pk")
    extension_attributes = serializers.SerializerMethodField()
    product_links = serializers.SerializerMethodField()
    options = serializers.SerializerMethodField()
    media_gallery_entries = serializers.SerializerMethodField()
    tier_prices = serializers.SerializerMethodField()
    custom_attributes = serializers.SerializerMethodField()

    class Meta:
        model = Product
        list_serializer_class = ProductListSerializer
        fields = [
            "id", "sku", "name", "attribute_set_id", "price", "status", "visibility", "type_id", "created_at",
            "updated_at", "weight", "extension_attributes", "product_links", "options", "media_gallery_entries",
            "tier_prices", "custom_attributes",
        ]

    def get_extension_attributes(self, product: Product) -> dict:
        links = category_links(product)  # left out when the product is in no category, as Magento's ReadHandler
        return {"website_ids": WEBSITE_IDS, **({"category_links": links} if links else {})}

    def get_product_links(self, product: Product) -> list:
        return []

    def get_media_gallery_entries(self, product: Product) -> list:
        """The gallery (prefetch ``media_gallery_entries`` for a list: one query per page)."""
        return MediaGalleryEntrySerializer(product.media_gallery_entries.all(), many=True).data

    get_options = get_tier_prices = get_custom_attributes = get_product_links


class CategoryLinkInputSerializer(MagentoInputSerializer):
    interface = "Magento\\Catalog\\Api\\Data\\CategoryLinkInterface"
    position = serializers.IntegerField(required=False, allow_null=True)
    category_id = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    extension_attributes = serializers.JSONField(required=False)


class ProductExtensionInputSerializer(MagentoInputSerializer):
    """ProductExtensionInterface: website ids are accepted and not stored (one website); category links are."""

    interface = "Magento\\Catalog\\Api\\Data\\ProductExtensionInterface"
    website_ids = serializers.ListField(child=serializers.IntegerField(), required=False)
    category_links = serializers.ListField(child=CategoryLinkInputSerializer(), required=False, allow_null=True)


class ProductInputSerializer(MagentoInputSerializer):
    """ProductInterface as a client sends it. Attributes this back-office does not keep (custom attributes,
    options, media, links, tier prices) are accepted and ignored, as a store without them would."""

    interface = "Magento\\Catalog\\Api\\Data\\ProductInterface"
    model = Product
    id = serializers.IntegerField(required=False, allow_null=True)
    sku = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)
    name = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=255)
    attribute_set_id = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    price = serializers.DecimalField(max_digits=20, decimal_places=6, required=False, allow_null=True)
    status = serializers.IntegerField(required=False, allow_null=True)
    visibility = serializers.IntegerField(required=False, allow_null=True)
    type_id = serializers.CharField(required=False, allow_null=True)
    created_at = serializers.CharField(required=False, allow_null=True)
    updated_at = serializers.CharField(required=False, allow_null=True)
    weight = serializers.DecimalField(max_digits=12, decimal_places=4, required=False, allow_null=True)
    extension_attributes = ProductExtensionInputSerializer(required=False)
    product_links = serializers.ListField(required=False)
    options = serializers.ListField(required=False)
    media_gallery_entries = serializers.ListField(required=False)
    tier_prices = serializers.ListField(required=False)
    custom_attributes = serializers.ListField(required=False)

    STORED = ("name", "attribute_set_id", "price", "status", "visibility", "type_id", "weight")

    @classmethod
    def changes(cls, data: dict) -> dict:
        """The catalog fields the client sent, for catalog.products.save_product; category links sent (even [])
        become the product's links, left out they stay."""
        changes = {field: data[field] for field in cls.STORED if field in data}
        links = (data.get("extension_attributes") or {}).get("category_links")
        if links is not None:
            changes["category_links"] = [(link.get("category_id"), link.get("position")) for link in links]
        return changes
