"""Stores > Inventory (sources, stocks, reservations) and the MSI columns of Catalog > Products."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib import admin
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.safestring import SafeString

from backoffice.admin_grids import html_lines
from backoffice.formats import plain_number
from catalog.admin import ProductAdmin
from catalog.models import Product

from .models import Reservation, SalesChannel, Source, SourceItem, Stock, StockSourceLink
from .salable import get_salable_quantities


class SourceItemInline(admin.TabularInline):
    """Magento's "Sources" section of the product page."""

    model = SourceItem
    fields = ("source", "quantity", "status")
    extra = 0


admin.site.unregister(Product)


@admin.register(Product)
class InventoryProductAdmin(ProductAdmin):
    """Magento's product grid in multi-source mode: Quantity per Source and Salable Quantity replace Quantity."""

    list_display = (
        "id_column", "name", "type_id", "attribute_set", "sku", "price_column",
        "quantity_per_source", "salable_quantity", "visibility", "status", "websites", "action",
    )
    inlines = (SourceItemInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Product]:
        items = SourceItem.objects.select_related("source")
        return super().get_queryset(request).prefetch_related(Prefetch("source_items", items))

    def prepare_rows(self, rows: Sequence[Product]) -> None:
        """The salable quantities of all the rows' SKUs in one call, not one per row."""
        salable = get_salable_quantities(product.sku for product in rows)
        for product in rows:
            product.salable_quantities = salable.get(product.sku, [])

    @admin.display(description="Quantity per Source")
    def quantity_per_source(self, obj: Product) -> SafeString:
        items = obj.source_items.all()
        return html_lines("{}: {}", ((item.source.name, plain_number(item.quantity)) for item in items))

    @admin.display(description="Salable Quantity")
    def salable_quantity(self, obj: Product) -> SafeString:
        per_stock = getattr(obj, "salable_quantities", None)
        if per_stock is None:
            per_stock = get_salable_quantities([obj.sku]).get(obj.sku, [])
        return html_lines("{}: {}", [(stock.stock_name, plain_number(stock.qty)) for stock in per_stock])


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("source_code", "name", "enabled")
    list_filter = ("enabled",)
    search_fields = ("source_code", "name")
    fieldsets = (
        ("General", {"fields": ("source_code", "name", "enabled", "description", "latitude", "longitude")}),
        ("Contact Info", {"fields": ("contact_name", "email", "phone", "fax")}),
        ("Address Data", {"fields": ("country_id", "region_id", "region", "city", "street", "postcode")}),
        ("Carriers", {"fields": ("use_default_carrier_config",)}),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Source | None = None) -> tuple[str, ...]:
        return ("source_code",) if obj else ()  # the code is the source's identity, as in Magento


class StockSourceLinkInline(admin.TabularInline):
    model = StockSourceLink
    fields = ("source", "priority")
    extra = 0
    verbose_name = "assigned source"


class SalesChannelInline(admin.TabularInline):
    model = SalesChannel
    fields = ("type", "code")
    extra = 0


@admin.register(Stock)
class StockAdmin(admin.ModelAdmin):
    list_display = ("stock_id", "name", "sales_channels_column", "assigned_sources")
    search_fields = ("name",)
    inlines = (SalesChannelInline, StockSourceLinkInline)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Stock]:
        links = StockSourceLink.objects.select_related("source").order_by("priority", "pk")
        return super().get_queryset(request).prefetch_related("sales_channels", Prefetch("source_links", links))

    @admin.display(description="Sales Channels")
    def sales_channels_column(self, obj: Stock) -> SafeString:
        return html_lines("{}: {}", [(channel.type, channel.code) for channel in obj.sales_channels.all()])

    @admin.display(description="Assigned Sources")
    def assigned_sources(self, obj: Stock) -> SafeString:
        return html_lines("{}", ((link.source.name,) for link in obj.source_links.all()))


@admin.register(Reservation)
class ReservationAdmin(admin.ModelAdmin):
    """Reservations are insert-only (written by domain functions), so the admin only lists them."""

    list_display = ("reservation_id", "stock_id", "sku", "quantity", "event_type", "object_increment_id", "created_at")
    list_filter = ("event_type", "stock_id")
    search_fields = ("sku", "object_increment_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Reservation | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Reservation | None = None) -> bool:
        return False
