"""Stores > Inventory (sources, stocks, reservations) and the MSI columns of Catalog > Products."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django import forms
from django.contrib import admin, messages
from django.db.models import Prefetch, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from backoffice.admin_grids import CsvColumn, GridAdmin, csv_value, date_column, html_lines
from backoffice.admin_writes import DomainWritesAdmin, describe, log_mass_action
from backoffice.exceptions import DomainError
from backoffice.formats import plain_number, signed_number
from backoffice.grid_search import GridSearch
from catalog.admin import ProductAdmin
from catalog.models import Product
from catalog.search import PRODUCT

from .low_quantity import DEFAULT_NOTIFY_STOCK_QTY
from .models import LOW_STOCK, LowStockItem, Reservation, SalesChannel, Source, SourceItem, Stock, StockSourceLink
from .product_mass_actions import ProductMassActionsMixin
from .products import delete_product_with_stock, save_product_with_stock
from .salable import get_salable_quantities
from .source_items import SourceItemData, delete_source_items, save_source_items
from .sources import SOURCE_DEFAULTS, save_source
from .stock_source_links import StockSourceLinkData, delete_stock_source_links, save_stock_source_links
from .stocks import SalesChannelData, save_stock

PRODUCT_FIELDS = ("name", "type_id", "attribute_set_id", "price", "weight", "status", "visibility")


def kept_rows(formset: BaseInlineFormSet) -> list[dict]:
    """The inline rows the merchant left (filled in and not marked for deletion)."""
    return [row for row in formset.cleaned_data if row and not row.get("DELETE")]


def deleted_rows(formset: BaseInlineFormSet) -> list:
    return [row["id"] for row in formset.cleaned_data if row and row.get("DELETE") and row.get("id")]


def saved_by_domain(formset: BaseInlineFormSet) -> None:
    """What formset.save() would have recorded, for the admin's change message."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


class SourceItemInline(admin.TabularInline):
    """Magento's "Sources" section of the product page."""

    model = SourceItem
    fields = ("source", "quantity", "status")
    extra = 0


admin.site.unregister(Product)


@admin.register(Product)
class InventoryProductAdmin(ProductMassActionsMixin, DomainWritesAdmin, ProductAdmin):
    """Magento's product grid in multi-source mode: Quantity per Source and Salable Quantity replace Quantity.
    Without Magento's Attribute Set and Websites: one of each here (Default, Main Website), and the grid fits a
    1280-pixel screen without them (tests/browser/test_admin_grids_fit.py)."""

    list_display = (
        "id_column", "name", "type_id", "sku", "price_column", "quantity_per_source", "salable_quantity",
        "visibility", "status", "action",
    )
    inlines = (SourceItemInline,)
    actions = (*ProductAdmin.actions, "delete_products", "assign_inventory_source", "unassign_inventory_source", "transfer_inventory_to_source")

    def get_fields(self, request: HttpRequest, obj: Product | None = None) -> tuple[str, ...]:
        fields = tuple(super().get_fields(request, obj))
        return (*fields, "salable_quantity") if obj and "salable_quantity" not in fields else fields

    def get_readonly_fields(self, request: HttpRequest, obj: Product | None = None) -> tuple[str, ...]:
        return (*super().get_readonly_fields(request, obj), "salable_quantity")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Product]:
        items = SourceItem.objects.select_related("source")
        return super().get_queryset(request).prefetch_related(Prefetch("source_items", items))

    def save_model(self, request: HttpRequest, obj: Product, form: forms.ModelForm, change: bool) -> None:
        """Through inventory.products, as POST/PUT /V1/products do."""
        saved = save_product_with_stock(obj.sku, {field: getattr(obj, field) for field in PRODUCT_FIELDS}, None)
        obj.pk, obj._state.adding, obj._state.db = saved.pk, False, saved._state.db

    def delete_model(self, request: HttpRequest, obj: Product) -> None:
        delete_product_with_stock(obj.sku)

    def save_formset(self, request: HttpRequest, form: forms.ModelForm, formset: BaseInlineFormSet, change: bool) -> None:
        """Magento's "Sources" section saves through SourceItemsSave / SourceItemsDelete."""
        sku = form.instance.sku
        removed = [SourceItemData(sku, item.source_id) for item in deleted_rows(formset)]
        if removed:
            delete_source_items(removed)
        kept = [SourceItemData(sku, row["source"].pk, row["quantity"], row["status"]) for row in kept_rows(formset)]
        if kept:
            save_source_items(kept)
        saved_by_domain(formset)

    def prepare_rows(self, rows: Sequence[Product]) -> None:
        """The salable quantities of all the rows' SKUs in one call, not one per row."""
        salable = get_salable_quantities(product.sku for product in rows)
        for product in rows:
            product.salable_quantities = salable.get(product.sku, [])

    @admin.display(description="Quantity per Source")
    def quantity_per_source(self, obj: Product) -> SafeString:
        items = obj.source_items.all()
        return html_lines("{}: {}", ((item.source.name, plain_number(item.quantity)) for item in items))

    def _quantity_per_source_csv(self) -> list[CsvColumn]:
        """One CSV column a source ("Quantity: Northeast Warehouse"), empty where the product has no item there."""

        def quantity_at(source_code: str) -> Callable[[Product], object]:
            return lambda obj: next((i.quantity for i in obj.source_items.all() if i.source_id == source_code), None)

        sources = Source.objects.order_by("name").values_list("source_code", "name")
        return [CsvColumn(f"Quantity: {name}", quantity_at(code)) for code, name in sources]

    quantity_per_source.csv_columns = _quantity_per_source_csv

    @admin.display(description="Salable Quantity")
    def salable_quantity(self, obj: Product) -> SafeString:
        return html_lines("{}: {}", [(stock.stock_name, plain_number(stock.qty)) for stock in self._per_stock(obj)])

    def _salable_quantity_csv(self) -> list[CsvColumn]:
        """One CSV column a stock ("Salable Quantity: US Stock"), empty where the product is not in the stock."""

        def salable_in(stock_id: int) -> Callable[[Product], object]:
            return lambda obj: next((s.qty for s in self._per_stock(obj) if s.stock_id == stock_id), None)

        stocks = Stock.objects.order_by("stock_id").values_list("stock_id", "name")
        return [CsvColumn(f"Salable Quantity: {name}", salable_in(stock_id)) for stock_id, name in stocks]

    salable_quantity.csv_columns = _salable_quantity_csv

    @staticmethod
    def _per_stock(obj: Product) -> list:
        per_stock = getattr(obj, "salable_quantities", None)
        if per_stock is None:
            per_stock = obj.salable_quantities = get_salable_quantities([obj.sku]).get(obj.sku, [])
        return per_stock


@admin.register(Source)
class SourceAdmin(DomainWritesAdmin):
    list_display = ("source_code", "name", "enabled", "pickup_location")
    actions = ("enable_sources", "disable_sources")
    list_filter = ("enabled", "is_pickup_location_active")
    search_fields = ("source_code", "name")
    fieldsets = (
        ("General", {"fields": (
            "source_code", "name", "enabled", "description", "latitude", "longitude", "is_pickup_location_active",
        )}),
        ("Contact Info", {"fields": ("contact_name", "email", "phone", "fax")}),
        ("Address Data", {"fields": ("country_id", "region_id", "region", "city", "street", "postcode")}),
        ("Carriers", {"fields": ("use_default_carrier_config",)}),
        # InventoryInStorePickupAdminUi's inventory_source_form.xml: "Use as Pickup Location" in General, and
        # the "Pickup Location" fieldset (what a shopper sees of the source).
        ("Pickup Location", {"fields": ("frontend_name", "frontend_description")}),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Source | None = None) -> tuple[str, ...]:
        return ("source_code",) if obj else ()  # the code is the source's identity, as in Magento

    @admin.display(description="Pickup Location", ordering="is_pickup_location_active")
    def pickup_location(self, obj: Source) -> str:
        """InventoryInStorePickupAdminUi inventory_source_listing.xml's column: Active or Disabled."""
        return "Active" if obj.is_pickup_location_active else "Disabled"

    def save_model(self, request: HttpRequest, obj: Source, form: forms.ModelForm, change: bool) -> None:
        """Through inventory.sources.save_source, with Magento's validator chain."""
        fields = {name: value for name, value in form.cleaned_data.items() if name in SOURCE_DEFAULTS}
        saved = save_source({"source_code": obj.source_code, **fields})
        obj._state.adding, obj._state.db = False, saved._state.db

    def has_delete_permission(self, request: HttpRequest, obj: Source | None = None) -> bool:
        return False  # Magento deletes no source: disable it instead

    @admin.action(description="Enable", permissions=["change"])
    def enable_sources(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        self._set_enabled(request, queryset, True)

    @admin.action(description="Disable", permissions=["change"])
    def disable_sources(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        self._set_enabled(request, queryset, False)

    def _set_enabled(self, request: HttpRequest, queryset: QuerySet[Source], enabled: bool) -> None:
        done = []
        for source in queryset.order_by("pk").only("pk", "name"):
            try:
                save_source({"source_code": source.pk, "enabled": enabled})
            except DomainError as error:
                self.message_user(request, f"{source.pk}: {describe(error)}", messages.ERROR)
            else:
                done.append(source)
        log_mass_action(request, done, "Enable" if enabled else "Disable")
        if done:
            state = "enabled" if enabled else "disabled"
            self.message_user(request, f"{len(done)} source(s) {state}.", messages.SUCCESS)


class StockSourceLinkInline(admin.TabularInline):
    model = StockSourceLink
    fields = ("source", "priority")
    extra = 0
    verbose_name = "assigned source"


class SalesChannelForm(forms.ModelForm):
    def validate_constraints(self) -> None:
        """A website served by another stock moves here (save_stock): not a duplicate to refuse."""


class SalesChannelInline(admin.TabularInline):
    model = SalesChannel
    form = SalesChannelForm
    fields = ("type", "code")
    extra = 0


@admin.register(Stock)
class StockAdmin(DomainWritesAdmin):
    list_display = ("stock_id", "name", "sales_channels_column", "assigned_sources")
    search_fields = ("name",)
    inlines = (SalesChannelInline, StockSourceLinkInline)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Stock]:
        links = StockSourceLink.objects.select_related("source").order_by("priority", "pk")
        return super().get_queryset(request).prefetch_related("sales_channels", Prefetch("source_links", links))

    def save_model(self, request: HttpRequest, obj: Stock, form: forms.ModelForm, change: bool) -> None:
        """Through inventory.stocks.save_stock; the channels are set with the inline, in save_formset."""
        channels = [SalesChannelData(c.type, c.code) for c in obj.sales_channels.all()] if change else []
        saved = save_stock(obj.pk if change else None, obj.name, channels)
        obj.pk, obj._state.adding, obj._state.db = saved.pk, False, saved._state.db

    def save_formset(self, request: HttpRequest, form: forms.ModelForm, formset: BaseInlineFormSet, change: bool) -> None:
        stock = form.instance
        if formset.model is SalesChannel:
            channels = [SalesChannelData(row["type"], row["code"]) for row in kept_rows(formset)]
            save_stock(stock.pk, stock.name, channels)
        elif formset.model is StockSourceLink:
            removed = [StockSourceLinkData(stock.pk, link.source_id) for link in deleted_rows(formset)]
            if removed:
                delete_stock_source_links(removed)
            kept = [StockSourceLinkData(stock.pk, row["source"].pk, row["priority"]) for row in kept_rows(formset)]
            if kept:
                save_stock_source_links(kept)
        saved_by_domain(formset)

    def has_delete_permission(self, request: HttpRequest, obj: Stock | None = None) -> bool:
        return False  # DELETE /V1/inventory/stocks/{id} has Magento's refusals; the admin does not delete

    @admin.display(description="Sales Channels")
    def sales_channels_column(self, obj: Stock) -> SafeString:
        return html_lines("{}: {}", [(channel.type, channel.code) for channel in obj.sales_channels.all()])

    @admin.display(description="Assigned Sources")
    def assigned_sources(self, obj: Stock) -> SafeString:
        return html_lines("{}", ((link.source.name,) for link in obj.source_links.all()))


class ReservationStockFilter(admin.SimpleListFilter):
    """Choices from the Stock table: a DISTINCT over a million reservations would cost every page."""

    title = "stock"
    parameter_name = "stock_id"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[int, str]]:
        return [(stock.pk, stock.name) for stock in Stock.objects.all()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Reservation]) -> QuerySet[Reservation]:
        return queryset.filter(stock_id=self.value()) if self.value() else queryset


@admin.register(Reservation)
class ReservationAdmin(GridAdmin):
    """Reservations are insert-only (written by domain functions), so the admin only lists them: newest first,
    the stock's name, the quantity signed (-20, +20) and the order's number linked to its page. Their count stops
    at 10,000 as the sales grids' ("10,000+ records found"): a count of 5.57 million reservations read them all
    (352 ms on PostgreSQL)."""

    count_limit = 10_000
    list_display = ("id_column", "created", "stock", "sku_column", "quantity_column", "event", "order_link")
    list_display_links = ("id_column",)
    list_filter = ("event_type", ReservationStockFilter)
    search_fields = ("sku", "object_increment_id")
    ordering = ("-reservation_id",)
    fields = readonly_fields = ("id_column", "created", "stock", "sku_column", "quantity_column", "event", "order_link")

    created = date_column("created_at", "Created")

    def prepare_rows(self, rows: Sequence[Reservation]) -> None:
        """The stocks' names, in one query for the page (reservations hold the stock's id, not a foreign key)."""
        names = dict(Stock.objects.filter(pk__in={row.stock_id for row in rows}).values_list("pk", "name"))
        for row in rows:
            row.stock_name = names.get(row.stock_id)

    @admin.display(description="ID", ordering="reservation_id")
    def id_column(self, obj: Reservation) -> int:
        return obj.pk

    @admin.display(description="SKU", ordering="sku")
    def sku_column(self, obj: Reservation) -> str:
        return obj.sku

    @admin.display(description="Event", ordering="event_type")
    def event(self, obj: Reservation) -> str:
        return obj.get_event_type_display()

    @admin.display(description="Stock", ordering="stock_id")
    def stock(self, obj: Reservation) -> str:
        if not hasattr(obj, "stock_name"):  # the reservation's own page: one row, one query
            obj.stock_name = Stock.objects.filter(pk=obj.stock_id).values_list("name", flat=True).first()
        return obj.stock_name or f"Stock {obj.stock_id}"

    @csv_value(lambda admin, obj: obj.quantity)
    @admin.display(description="Quantity", ordering="quantity")
    def quantity_column(self, obj: Reservation) -> str:
        return signed_number(obj.quantity)

    @csv_value(lambda admin, obj: obj.object_increment_id)
    @admin.display(description="Order", ordering="object_increment_id")
    def order_link(self, obj: Reservation) -> SafeString | str:
        """The order's number, linked to the order page by the id the reservation's metadata carries (by URL name:
        inventory imports nothing from sales)."""
        if obj.object_type != "order" or not obj.object_id.isdigit():
            return obj.object_increment_id
        try:
            url = reverse("admin:sales_order_change", args=[obj.object_id])
        except NoReverseMatch:
            return obj.object_increment_id
        return format_html('<a href="{}">{}</a>', url, obj.object_increment_id or obj.object_id)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Reservation | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Reservation | None = None) -> bool:
        return False


@admin.register(LowStockItem)
class LowStockAdmin(GridAdmin):
    """Magento's Reports > Products > Low Stock, per source: quantity below the item's Notify Quantity; a grid with
    its Export CSV, as Magento's report has."""

    list_display = ("product_name", "sku_column", "source", "quantity_column", "notify_quantity")
    list_filter = ("source",)
    grid_search = GridSearch(("product", PRODUCT))
    search_count_limit = 1_000  # a keyword search: its keys read once, "1,000+" past that (README "Admin grids")
    list_select_related = ("product", "source")

    def get_queryset(self, request: HttpRequest) -> QuerySet[LowStockItem]:
        return super().get_queryset(request).filter(LOW_STOCK).order_by("quantity", "pk")

    @admin.display(description="Product", ordering="product__name")
    def product_name(self, obj: LowStockItem) -> str:
        return obj.product.name

    @admin.display(description="SKU", ordering="product_id")
    def sku_column(self, obj: LowStockItem) -> str:
        return obj.product_id

    @admin.display(description="Quantity", ordering="quantity")
    def quantity_column(self, obj: LowStockItem) -> str:
        return plain_number(obj.quantity)

    @admin.display(description="Notify Quantity")
    def notify_quantity(self, obj: LowStockItem) -> str:
        return plain_number(obj.notify_stock_qty if obj.notify_stock_qty is not None else DEFAULT_NOTIFY_STOCK_QTY)

    def has_view_permission(self, request: HttpRequest, obj: LowStockItem | None = None) -> bool:
        return request.user.has_perm("inventory.view_sourceitem")  # whoever sees source items sees the report

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: LowStockItem | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: LowStockItem | None = None) -> bool:
        return False


from . import source_item_admin  # noqa: E402  Inventory > Source Items, in its own module (admin.py is near 400 lines)

__all__ = ["source_item_admin"]
