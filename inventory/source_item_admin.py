"""Stores > Inventory > Source Items: every SKU's quantity at every source, as one grid (Magento shows them per
product, in the product page's "Sources" section and the grid's Quantity per Source).

Filters by source (its name) and status, SKU or product name search, newest first; the quantity is edited in the
grid and saved through inventory.source_items.save_source_items, the function POST /V1/inventory/source-items
calls (Magento's SourceItemsSave): a refusal becomes a message and nothing of the page is written.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.safestring import SafeString

from backoffice.admin_grids import GridAdmin, csv_value, status_label, titled
from backoffice.admin_writes import DomainWritesAdmin, describe
from backoffice.exceptions import DomainError
from backoffice.formats import plain_number
from backoffice.grid_search import GridSearch
from backoffice.row_counts import RowCountedPaginator
from catalog.search import PRODUCT

from .models import SourceItem
from .source_items import SourceItemData, delete_source_items, save_source_items

STATUS_CODES = {SourceItem.Status.IN_STOCK: "in_stock", SourceItem.Status.OUT_OF_STOCK: "out_of_stock"}


class PlainNumberInput(forms.NumberInput):
    """A quantity as the grids print it: 98, not 98.0000."""

    def format_value(self, value: object) -> str | None:
        if isinstance(value, Decimal):
            return plain_number(value)
        return super().format_value(value)


class SourceItemRowForm(forms.ModelForm):
    """The grid's editable quantity. Left blank it is not refused here: the domain's validator refuses it with
    Magento's message ("quantity" should be numeric), as the REST route would."""

    quantity = forms.DecimalField(
        required=False, max_digits=12, decimal_places=4, widget=PlainNumberInput(attrs={"step": "any", "size": 8})
    )

    class Meta:
        model = SourceItem
        fields = ("quantity",)


@admin.register(SourceItem)
class SourceItemAdmin(DomainWritesAdmin, GridAdmin):
    list_display = ("sku_column", "product_name", "source_name", "quantity", "status_column")
    list_display_links = None
    list_editable = ("quantity",)
    # No bulk delete: a source is unassigned on the product page. (Delete permission stays: deleting a product
    # deletes its source items, and Django's delete page asks for it.)
    actions = None
    list_filter = (
        ("source", titled(admin.RelatedFieldListFilter, "Source")),
        ("status", titled(admin.ChoicesFieldListFilter, "Status")),
    )
    grid_search = GridSearch(("product", PRODUCT))
    search_count_limit = 1_000  # a keyword search: its keys read once, "1,000+" past that (README "Admin grids")
    paginator = RowCountedPaginator  # unfiltered: the counter, not COUNT(*) of 1,500,000 rows
    search_help_text = "SKU or product name"
    list_select_related = ("product", "source")
    ordering = ("-pk",)
    fields = ("product", "source", "quantity", "status")

    def get_changelist_form(self, request: HttpRequest, **kwargs: object) -> type[forms.ModelForm]:
        return SourceItemRowForm

    def get_readonly_fields(self, request: HttpRequest, obj: SourceItem | None = None) -> tuple[str, ...]:
        return ("product", "source") if obj else ()  # a source item is its (SKU, source) pair

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        """The grid's saves run in one transaction: a refusal rolls every row of the page back."""
        try:
            return super().changelist_view(request, extra_context)
        except DomainError as error:
            self.message_user(request, describe(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request: HttpRequest, obj: SourceItem, form: forms.ModelForm, change: bool) -> None:
        """Through SourceItemsSave, as POST /V1/inventory/source-items: Magento's validators, locks, upsert."""
        save_source_items([SourceItemData(obj.product_id, obj.source_id, obj.quantity, obj.status)])
        saved = SourceItem.objects.get(product_id=obj.product_id, source_id=obj.source_id)
        obj.pk, obj._state.adding, obj._state.db = saved.pk, False, saved._state.db

    def delete_model(self, request: HttpRequest, obj: SourceItem) -> None:
        """Through SourceItemsDelete, as POST /V1/inventory/source-items-delete."""
        delete_source_items([SourceItemData(obj.product_id, obj.source_id)])

    @admin.display(description="SKU", ordering="product_id")
    def sku_column(self, obj: SourceItem) -> str:
        return obj.product_id

    @admin.display(description="Product", ordering="product__name")
    def product_name(self, obj: SourceItem) -> str:
        return obj.product.name

    @admin.display(description="Source", ordering="source__name")
    def source_name(self, obj: SourceItem) -> str:
        return obj.source.name

    @csv_value(lambda admin, obj: obj.get_status_display())
    @admin.display(description="Status", ordering="status")
    def status_column(self, obj: SourceItem) -> SafeString:
        return status_label(STATUS_CODES.get(obj.status, str(obj.status)), obj.get_status_display())
