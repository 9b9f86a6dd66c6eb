"""Catalog > Products, the columns Magento_Catalog owns; inventory.admin adds the MSI columns and sources."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from backoffice.admin_grids import GridAdmin, action_column, csv_value, titled
from backoffice.admin_writes import log_mass_action
from backoffice.exceptions import DomainError
from backoffice.formats import format_money, raw_money
from backoffice.grid_search import GridSearch
from backoffice.row_counts import RowCountedPaginator

from . import category_admin  # noqa: F401 (registers Catalog > Categories)
from .models import MEDIA_ROLE_LABELS, Product, ProductStatus, ProductType, ProductVisibility
from .products import update_attributes
from .search import PRODUCT

BASE_CURRENCY = "USD"
ATTRIBUTE_SETS = {4: "Default"}  # Magento's stock attribute set; the only one this back-office knows
WEBSITES = "Main Website"
WEIGHED_TYPES = (ProductType.SIMPLE, ProductType.VIRTUAL)  # weight's apply_to (Setup/CategorySetup.php)
UPDATED = "A total of {} record(s) have been updated."  # MassStatus; Update attributes' Save, when synchronous


class UpdateAttributesForm(forms.Form):
    """Magento's catalog_product_action_attribute_edit, Attributes tab: the attributes stored here, in the Default
    set's order (a blank field is left as it is). Weight applies to simple and virtual products only (its
    apply_to): a selection holding another type is offered no weight, as Magento removes it."""

    status = forms.TypedChoiceField(
        label="Enable Product",
        choices=[("", "-- Do not change --"), *ProductStatus.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    name = forms.CharField(label="Product Name", max_length=255, required=False, empty_value=None)
    price = forms.DecimalField(min_value=0, max_digits=20, decimal_places=6, required=False)
    weight = forms.DecimalField(min_value=0, max_digits=12, decimal_places=4, required=False)
    visibility = forms.TypedChoiceField(
        choices=[("", "-- Do not change --"), *ProductVisibility.choices], coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: object, weight: bool = True, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not weight:
            del self.fields["weight"]


@admin.register(Product)
class ProductAdmin(GridAdmin):
    """Magento's product_listing columns (without Thumbnail: there are no images here)."""

    list_display = ("id_column", "name", "type_id", "attribute_set", "sku", "price_column", "visibility", "status",
                    "websites", "action")
    list_display_links = ("id_column", "name")
    list_filter = ("type_id", ("status", titled(admin.ChoicesFieldListFilter, "Status")),
                   ("visibility", titled(admin.ChoicesFieldListFilter, "Visibility")),
                   ("category_links__category", titled(admin.RelatedFieldListFilter, "Category")))
    grid_search = GridSearch(("pk", PRODUCT))
    search_count_limit = 1_000  # a keyword search: its keys read once, "1,000+" past that (README "Admin grids")
    paginator = RowCountedPaginator  # unfiltered: the counter, not COUNT(*) of 600,000 rows
    fields = ("sku", "name", "type_id", "attribute_set_id", "price", "weight", "status", "visibility")
    action = action_column("Edit")
    actions = ("enable_products", "disable_products", "update_product_attributes")

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

    # --- mass actions: Change status (Enable, Disable) and Update attributes, through update_attributes ---------

    @admin.action(description="Change status: Enable", permissions=["change"])
    def enable_products(self, request: HttpRequest, queryset: QuerySet[Product]) -> None:
        self._update(request, queryset, {"status": ProductStatus.ENABLED}, "Change status: Enable")

    @admin.action(description="Change status: Disable", permissions=["change"])
    def disable_products(self, request: HttpRequest, queryset: QuerySet[Product]) -> None:
        self._update(request, queryset, {"status": ProductStatus.DISABLED}, "Change status: Disable")

    @admin.action(description="Update attributes", permissions=["change"])
    def update_product_attributes(self, request: HttpRequest, queryset: QuerySet[Product]) -> TemplateResponse | None:
        """An intermediate page (the attributes stored here), posted back to the grid with the selection."""
        weighed = not queryset.exclude(type_id__in=WEIGHED_TYPES).exists()
        form = UpdateAttributesForm(request.POST if "apply" in request.POST else None, weight=weighed)
        if form.is_valid():
            changes = {name: value for name, value in form.cleaned_data.items() if value is not None}
            if changes:
                labels = ", ".join(str(form[name].label) for name in changes)
                self._update(request, queryset, changes, f"Update attributes ({labels})")
                return None
            form.add_error(None, "Choose at least one attribute to change.")
        select_across = request.POST.get("select_across") == "1"
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        context = {
            **self.admin_site.each_context(request),
            "title": "Update Attributes",
            "opts": self.model._meta,
            "form": form,
            "action": request.POST.get("action", ""),
            "selected": selected,
            "select_across": select_across,
            "count": queryset.count() if select_across else len(selected),
            "grid_url": request.get_full_path(),
        }
        return TemplateResponse(request, "admin/catalog/update_attributes.html", context)

    def _update(
        self, request: HttpRequest, queryset: QuerySet[Product], changes: dict[str, object], action: str
    ) -> None:
        """update_attributes on the selection, then "Mass action: <action>" in each product's admin log."""
        products = list(queryset.only("pk", "sku", "name"))
        try:
            count = update_attributes([product.pk for product in products], changes)
        except DomainError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            log_mass_action(request, products, action)
            self.message_user(request, UPDATED.format(count), messages.SUCCESS)

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
