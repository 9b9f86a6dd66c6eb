"""Catalog > Categories: the category tree as an indented, paged list, with each category's products.

Writes go through catalog.categories (save_category, delete_category), as the REST routes do.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from backoffice.admin_grids import GridAdmin, action_column
from backoffice.admin_writes import DomainWritesAdmin

from .categories import delete_category, product_counts, save_category
from .models import DEFAULT_CATEGORY_ID, TREE_ROOT_ID, Category, CategoryProduct

PRODUCTS_SHOWN = 50  # the change page lists this many of the category's products, then says how many are left


@admin.register(Category)
class CategoryAdmin(DomainWritesAdmin, GridAdmin):
    """Magento's category tree, flattened: every category under its parent (by path), indented by level."""

    list_display = (
        "tree_name",
        "id_column",
        "is_active",
        "include_in_menu",
        "product_count",
        "children_count",
        "action",
    )
    list_display_links = ("tree_name",)
    list_filter = ("is_active", "include_in_menu")
    search_fields = ("name",)
    ordering = ("path",)
    raw_id_fields = ("parent",)
    actions = None  # a bulk delete would bypass delete_category's tree bookkeeping
    action = action_column("Edit")

    def get_fields(self, request: HttpRequest, obj: Category | None = None) -> tuple[str, ...]:
        if obj is None:
            return ("parent", "name", "is_active", "include_in_menu", "position")
        return (
            "name",
            "is_active",
            "include_in_menu",
            "position",
            "parent",
            "path",
            "level",
            "children_count",
            "products",
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Category | None = None) -> tuple[str, ...]:
        # A category moves with PUT /V1/categories/{id}/move, never by editing its parent or path.
        return ("parent", "path", "level", "children_count", "products") if obj else ()

    def get_form(
        self, request: HttpRequest, obj: Category | None = None, change: bool = False, **kwargs: object
    ) -> type[forms.ModelForm]:
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None:
            form.base_fields["parent"].required = True
            form.base_fields[
                "parent"
            ].initial = DEFAULT_CATEGORY_ID  # Default Category, as POST /V1/categories without parent_id
            form.base_fields["position"].required = False
        return form

    def has_delete_permission(self, request: HttpRequest, obj: Category | None = None) -> bool:
        return super().has_delete_permission(request, obj) and (
            obj is None or obj.pk not in (TREE_ROOT_ID, DEFAULT_CATEGORY_ID)
        )

    def save_model(self, request: HttpRequest, obj: Category, form: forms.ModelForm, change: bool) -> None:
        changes = {name: form.cleaned_data.get(name) for name in ("name", "is_active", "include_in_menu", "position")}
        if not change:
            changes["parent_id"] = obj.parent_id
            changes["position"] = None if "position" not in form.changed_data else changes["position"]
        saved = save_category(obj.pk if change else None, changes)
        obj.pk, obj._state.adding, obj._state.db = saved.pk, False, saved._state.db

    def delete_model(self, request: HttpRequest, obj: Category) -> None:
        delete_category(obj.pk)

    def prepare_rows(self, rows: Sequence[Category]) -> None:
        counts = product_counts(rows)
        for category in rows:
            category.product_count_value = counts[category.pk]

    @admin.display(description="Name", ordering="path")
    def tree_name(self, obj: Category) -> SafeString:
        return format_html('<span style="margin-left: {}em">{}</span>', 1.5 * max(obj.level - 1, 0), obj.name)

    @admin.display(description="ID", ordering="pk")
    def id_column(self, obj: Category) -> int:
        return obj.pk

    @admin.display(description="Products")
    def product_count(self, obj: Category) -> int:
        value = getattr(obj, "product_count_value", None)
        return product_counts([obj])[obj.pk] if value is None else value

    @admin.display(description="Products in Category")
    def products(self, obj: Category) -> SafeString:
        """The products directly in the category (SKU, name, position), the first PRODUCTS_SHOWN of them."""
        links = CategoryProduct.objects.filter(category=obj).select_related("product").order_by("position", "pk")
        total = links.count()
        rows = format_html_join(
            "",
            '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td></tr>',
            (
                (
                    reverse("admin:catalog_product_change", args=[link.product_id]),
                    link.product.sku,
                    link.product.name,
                    link.position,
                )
                for link in links[:PRODUCTS_SHOWN]
            ),
        )
        more = f"{total - PRODUCTS_SHOWN} more not shown" if total > PRODUCTS_SHOWN else ""
        if not total:
            return format_html("{}", "No products in this category.")
        return format_html(
            "<table><thead><tr><th>SKU</th><th>Name</th><th>Position</th></tr></thead><tbody>{}</tbody></table>"
            '<p><a href="{}?category_links__category__id__exact={}">{} product(s) in the Products grid</a> {}</p>',
            rows,
            reverse("admin:catalog_product_changelist"),
            obj.pk,
            total,
            more,
        )
