"""Catalog > Products, the columns Magento_Catalog owns; inventory.admin adds the MSI columns and sources."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from .models import Product


def plain_number(value: Decimal) -> str:
    """A quantity as Magento's grids print it: 98 rather than 98.0000, 4.5 stays 4.5."""
    return f"{value.normalize():f}"


def html_lines(format_string: str, args: Iterable[tuple]) -> SafeString:
    """One grid cell line per args tuple, separated by <br> (values escaped)."""
    return format_html_join(mark_safe("<br>"), format_string, args)


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("id_column", "name", "type_id", "sku", "price_column", "visibility", "status")
    list_display_links = ("id_column", "name")
    list_filter = ("type_id", "status")
    search_fields = ("sku", "name")
    fields = ("sku", "name", "type_id", "attribute_set_id", "price", "weight", "status", "visibility")

    @admin.display(description="ID", ordering="pk")
    def id_column(self, obj: Product) -> int:
        return obj.pk

    @admin.display(description="Price", ordering="price")
    def price_column(self, obj: Product) -> str:
        return f"{obj.price:,.2f}"

    def get_readonly_fields(self, request: HttpRequest, obj: Product | None = None) -> tuple[str, ...]:
        # Source items and reservations refer to the SKU itself, so it is set once, on creation.
        return ("sku",) if obj else ()
