"""Catalog > Products mass actions of Magento's MSI grid: Assign Inventory Source, Unassign Inventory Source, Transfer
Inventory To Source (magento/inventory InventoryCatalogAdminUi: product_listing.xml, Controller/Adminhtml/Source/
BulkAssign(Post), BulkUnassign(Post), Inventory/BulkTransfer(Post), Bulk/BulkPageProcessor).

Each is an intermediate page (the sources by name), then one call of the domain function behind the bulk REST route
(``bulk_assign_sources``, ``bulk_unassign_sources``, ``bulk_transfer``), which owns its transaction: a refusal is an
error message naming why, and nothing is written. Magento runs these synchronously unless its bulk operations are
set to asynchronous; here they always are synchronous.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.models import DELETION
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from backoffice.admin_writes import describe, log_mass_action
from backoffice.exceptions import DomainError
from catalog.models import Product

from .bulk import bulk_assign_sources, bulk_transfer, bulk_unassign_sources
from .models import Source
from .products import delete_product_with_stock

PERMISSION = "inventory.change_sourceitem"  # Magento_Catalog::products, as the bulk REST routes map it
NOT_ASSIGNED = "Selected products are not assigned to any source."
SELECT_SOURCES = "Select one or more sources"
ASSIGN_NOTICE = "Products will be added to new sources with 0 quantity."
UNASSIGN_WARNING = "Products quantity will be permanently removed from selected sources."
TRANSFER_HELP = (
    "Select the origin and destination sources to transfer product inventory quantities and additional settings. "
    "This transfers all existing quantities, setting a 0 quantity on the origin source. You have an option to "
    "unassign the origin source from the products you selected."
)


# Magento_Catalog's product_listing.xml (the delete action's confirm) and Controller/Adminhtml/Product/MassDelete.
DELETE_QUESTION = "Are you sure you want to delete selected items?"
DELETED = "A total of {} record(s) have been deleted."
NOT_DELETED = "A total of {} record(s) haven't been deleted."


class SourcesForm(forms.Form):
    """source_selection.phtml: a checkbox per source, by name."""

    sources = forms.MultipleChoiceField(label=SELECT_SOURCES, widget=forms.CheckboxSelectMultiple)

    def __init__(self, choices: list[tuple[str, str]], *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sources"].choices = choices


class TransferForm(forms.Form):
    """inventory_transfer.phtml: origin among the products' sources, destination among all."""

    origin_source = forms.ChoiceField(label="Transfer from the origin source")
    destination_source = forms.ChoiceField(label="to the destination source")
    unassign_origin_source = forms.BooleanField(
        label="Unassign the origin source from selected products after transfer.", required=False
    )

    def __init__(
        self, origins: list[tuple[str, str]], destinations: list[tuple[str, str]], *args: object, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["origin_source"].choices = origins
        self.fields["destination_source"].choices = destinations


def all_sources() -> list[tuple[str, str]]:
    return list(Source.objects.order_by("name").values_list("source_code", "name"))


def assigned_sources(products: QuerySet[Product]) -> list[tuple[str, str]]:
    """The sources holding any of the products (SourcesSelection::getAssignedSources), in one query."""
    rows = Source.objects.filter(source_items__product__in=products.values("sku")).distinct()
    return list(rows.order_by("name").values_list("source_code", "name"))


def chosen_names(form: SourcesForm) -> str:
    """The sources the merchant ticked, by name."""
    names = dict(form.fields["sources"].choices)
    return ", ".join(names.get(code, code) for code in form.cleaned_data["sources"])


def reason(error: DomainError) -> str:
    """The refusal with its parts: "Validation Failed: Source gone_wh does not exist"; after a sentence
    ("Validation Error: Select different sources for origin and destination.") the parts follow as sentences.
    (Magento shows "Something went wrong during the operation." for a refused assignment or unassignment.)"""
    text = error.rendered()
    if text.endswith(".") and error.errors:
        return " ".join([text, *(f"{part.rendered()}." for part in error.errors)])
    return describe(error)


class ProductMassActionsMixin:
    """For the product ModelAdmin: the three actions and their pages."""

    admin_site: admin.AdminSite
    model: type[Product]
    message_user: Callable[..., None]

    def has_source_items_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(PERMISSION)

    def get_actions(
        self, request: HttpRequest, action_location: admin.ActionLocation = admin.ActionLocation.CHANGE_LIST
    ) -> dict:
        """Django's "Delete selected" deletes rows without the domain's checks: Magento's Delete replaces it."""
        actions = super().get_actions(request, action_location)  # type: ignore[misc]
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description="Delete", permissions=["delete"])
    def delete_products(self, request: HttpRequest, queryset: QuerySet[Product]) -> TemplateResponse | None:
        """MassDelete: each product through delete_product_with_stock (the function behind DELETE
        /V1/products/{sku}); one refused ("an open order waits for it") does not stop the others, and the
        message names it (Magento: "Please see server logs for more details.")."""
        if "apply" not in request.POST:
            return self._bulk_page(request, queryset, forms.Form(), "Delete items", "Delete", DELETE_QUESTION)
        deleted, refused = [], []
        for product in self._products(queryset):
            try:
                delete_product_with_stock(product.sku)
            except DomainError as error:
                refused.append(str(error))
            else:
                deleted.append(product)
        log_mass_action(request, deleted, "Delete", DELETION)
        if deleted:
            self.message_user(request, DELETED.format(len(deleted)), messages.SUCCESS)
        if refused:
            self.message_user(request, f"{NOT_DELETED.format(len(refused))} {' '.join(refused)}", messages.ERROR)
        return None

    @admin.action(description="Assign Inventory Source", permissions=["source_items"])
    def assign_inventory_source(self, request: HttpRequest, queryset: QuerySet[Product]) -> TemplateResponse | None:
        form = SourcesForm(all_sources(), request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self._bulk_page(request, queryset, form, "Bulk source assignment", "Assign sources", ASSIGN_NOTICE)
        products = self._products(queryset)
        return self._run(
            request,
            lambda: bulk_assign_sources([p.sku for p in products], form.cleaned_data["sources"]),
            "Bulk operation was successful: {} assignments.",
            products,
            f"Assign Inventory Source ({chosen_names(form)})",
        )

    @admin.action(description="Unassign Inventory Source", permissions=["source_items"])
    def unassign_inventory_source(self, request: HttpRequest, queryset: QuerySet[Product]) -> TemplateResponse | None:
        if "apply" in request.POST:
            form = SourcesForm(all_sources(), request.POST)  # any source: one may have gone meanwhile
        else:
            form = SourcesForm(assigned_sources(queryset))
        if not form.is_valid():
            form.fields["sources"].choices = assigned_sources(queryset)
            return self._bulk_page(
                request, queryset, form, "Bulk source unassignment", "Unassign sources", UNASSIGN_WARNING
            )
        products = self._products(queryset)
        return self._run(
            request,
            lambda: bulk_unassign_sources([p.sku for p in products], form.cleaned_data["sources"]),
            "Bulk operation was successful: {} unassignments.",
            products,
            f"Unassign Inventory Source ({chosen_names(form)})",
        )

    @admin.action(description="Transfer Inventory To Source", permissions=["source_items"])
    def transfer_inventory_to_source(
        self, request: HttpRequest, queryset: QuerySet[Product]
    ) -> TemplateResponse | None:
        origins = assigned_sources(queryset)
        if not origins:  # BulkPageProcessor's check before the page
            self.message_user(request, NOT_ASSIGNED, messages.ERROR)
            return None
        form = TransferForm(origins, all_sources(), request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self._bulk_page(request, queryset, form, "Bulk Inventory Transfer", "Transfer Inventory", None)
        data = form.cleaned_data
        products = self._products(queryset)
        skus = [product.sku for product in products]

        def transfer() -> int:
            bulk_transfer(
                skus,
                data["origin_source"],
                data["destination_source"],
                unassign_from_origin=data["unassign_origin_source"],
            )
            return len(skus)  # Magento counts execute()'s boolean answer ("1 inventory transfers")

        names = dict(form.fields["destination_source"].choices)
        origin, destination = names[data["origin_source"]], names[data["destination_source"]]
        return self._run(
            request,
            transfer,
            "Bulk operation was successful: {} inventory transfers.",
            products,
            f"Transfer Inventory To Source ({origin} to {destination})",
        )

    @staticmethod
    def _products(queryset: QuerySet[Product]) -> list[Product]:
        """The selection in id order, with what the admin log names them by (sku, name): one query."""
        return list(queryset.order_by("pk").only("pk", "sku", "name"))

    def _run(
        self, request: HttpRequest, action: Callable[[], int], done: str, products: list[Product], logged: str
    ) -> None:
        """The domain call; once it succeeded, "Mass action: <logged>" in each product's admin log."""
        try:
            count = action()
        except DomainError as error:
            self.message_user(request, reason(error), messages.ERROR)
        else:
            log_mass_action(request, products, logged)
            self.message_user(request, done.format(count), messages.SUCCESS)

    def _bulk_page(
        self,
        request: HttpRequest,
        queryset: QuerySet[Product],
        form: forms.Form,
        title: str,
        button: str,
        notice: str | None,
    ) -> TemplateResponse:
        """The intermediate page: posts back to the grid (same filters) with the action, the selection and the
        form's fields, as Django's own delete confirmation does."""
        select_across = request.POST.get("select_across") == "1"
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "form": form,
            "action": request.POST.get("action", ""),
            "selected": selected,
            "select_across": select_across,
            "count": queryset.count() if select_across else len(selected),
            "button": button,
            "notice": notice,
            "warning": notice in (UNASSIGN_WARNING, DELETE_QUESTION),
            "transfer_help": TRANSFER_HELP if isinstance(form, TransferForm) else None,
            "grid_url": request.get_full_path(),
        }
        return TemplateResponse(request, "admin/inventory/bulk_operation.html", context)
