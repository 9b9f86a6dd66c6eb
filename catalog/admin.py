"""Catalog > Products, the columns Magento_Catalog owns; inventory.admin adds the MSI columns and sources."""

from __future__ import annotations

from django.contrib import admin
from django.core.files.storage import default_storage
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from backoffice.admin_grids import GridAdmin, action_column, csv_value, titled
from backoffice.formats import format_money, raw_money

from .models import MEDIA_ROLE_LABELS, Product

BASE_CURRENCY = "USD"
ATTRIBUTE_SETS = {4: "Default"}  # Magento's stock attribute set; the only one this back-office knows
WEBSITES = "Main Website"


@admin.register(Product)
class ProductAdmin(GridAdmin):
    """Magento's product_listing columns (without Thumbnail: there are no images here)."""

    list_display = ("id_column", "name", "type_id", "attribute_set", "sku", "price_column", "visibility", "status",
                    "websites", "action")
    list_display_links = ("id_column", "name")
    list_filter = ("type_id", ("status", titled(admin.ChoicesFieldListFilter, "Status")),
                   ("visibility", titled(admin.ChoicesFieldListFilter, "Visibility")))
    search_fields = ("sku", "name")
    fields = ("sku", "name", "type_id", "attribute_set_id", "price", "weight", "status", "visibility")
    action = action_column("Edit")

    @admin.display(description="ID", ordering="pk")
    def id_column(self, obj: Product) -> int:
        return obj.pk

    @admin.display(description="Attribute Set", ordering="attribute_set_id")
    def attribute_set(self, obj: Product) -> str:
        return ATTRIBUTE_SETS.get(obj.attribute_set_id, str(obj.attribute_set_id))

    @csv_value(lambda admin, obj: raw_money(obj.price))
    @admin.display(description="Price", ordering="price")
    def price_column(self, obj: Product) -> str:
        return format_money(obj.price, BASE_CURRENCY)

    @admin.display(description="Websites")
    def websites(self, obj: Product) -> str:
        return WEBSITES

    def get_fields(self, request: HttpRequest, obj: Product | None = None) -> tuple[str, ...]:
        fields = tuple(super().get_fields(request, obj))
        return (*fields, "images") if obj and "images" not in fields else fields

    def get_readonly_fields(self, request: HttpRequest, obj: Product | None = None) -> tuple[str, ...]:
        # Source items and reservations refer to the SKU itself, so it is set once, on creation.
        return ("sku", "images") if obj else ()

    @admin.display(description="Images")
    def images(self, obj: Product) -> SafeString | str:
        """Magento's "Images And Videos" section, read-only (images are added through
        POST /V1/products/{sku}/media): one thumbnail an entry, served from the storage, with its label and roles."""
        entries = list(obj.media_gallery_entries.all())
        if not entries:
            return "No images"
        return format_html(
            '<div class="product-images">{}</div>',
            format_html_join(
                "",
                '<figure class="product-image"><a href="{0}"><img src="{0}" alt="{1}" width="120" loading="lazy">'
                "</a><figcaption>{1}<br>{2}{3}</figcaption></figure>",
                (
                    (
                        default_storage.url(entry.storage_name),
                        entry.label or entry.file,
                        ", ".join(MEDIA_ROLE_LABELS[role] for role in entry.types if role in MEDIA_ROLE_LABELS) or "No role",
                        " (hidden)" if entry.disabled else "",
                    )
                    for entry in entries
                ),
            ),
        )
