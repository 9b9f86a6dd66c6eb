"""Sales > Shipments: Magento's sales_order_shipment_grid columns plus the MSI source, its "PDF Shipments" mass
action (packing slips), and the shipment page (items, tracks, comments) with its Print (Magento's
Adminhtml/Order/Shipment/PrintAction)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse

from backoffice.admin_grids import DateRangeFilter, action_column, titled
from inventory.models import Source

from ..models import OrderAddress, Shipment, ShipmentComment, ShipmentItem, ShipmentTrack, address_name
from ..pdf import render_shipments_pdf, shipments_for_print
from ..search import SHIPMENT_SEARCH
from .columns import (
    PurchasedFromFilter,
    ReadOnlyAdmin,
    ReadOnlyInline,
    date_column,
    field_column,
    flag_column,
    order_date_column,
    order_link_column,
    pdf_response,
    qty_column,
)
from .shipment_tracking import ShipmentTrackingMixin


class ShipmentItemInline(ReadOnlyInline):
    model = ShipmentItem
    verbose_name = "item shipped"
    verbose_name_plural = "items shipped"
    fields = readonly_fields = ("sku_column", "product", "quantity")
    sku_column = field_column("sku", "SKU")
    product = field_column("name", "Product")
    quantity = qty_column("qty", "Qty Shipped")


class ShipmentTrackInline(ReadOnlyInline):
    model = ShipmentTrack
    fields = readonly_fields = ("carrier_code", "title", "track_number")


class ShipmentCommentInline(ReadOnlyInline):
    model = ShipmentComment
    fields = readonly_fields = ("comment", "notified", "visible_on_front", "created")
    notified = flag_column("is_customer_notified", "Customer Notified")
    visible_on_front = flag_column("is_visible_on_front", "Visible on Storefront")
    created = date_column("created_at", "Date")


class ShipmentSourceFilter(admin.SimpleListFilter):
    """The source a shipment left from, by name; choices from the Source table (a DISTINCT over every shipment
    would cost each page)."""

    title = "Source"
    parameter_name = "source_code"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return list(Source.objects.order_by("name").values_list("source_code", "name"))

    def queryset(self, request: HttpRequest, queryset: QuerySet[Shipment]) -> QuerySet[Shipment]:
        return queryset.filter(source_code=self.value()) if self.value() else queryset


@admin.register(Shipment)
class ShipmentAdmin(ShipmentTrackingMixin, ReadOnlyAdmin):
    """Sales > Shipments, Magento's sales_order_shipment_grid columns plus the MSI source."""

    list_display = ("increment_id", "ship_date", "order_link", "order_date", "ship_to_name", "total_quantity",
                    "source", "action")
    list_filter = (ShipmentSourceFilter, ("created_at", DateRangeFilter),
                   ("order__created_at", titled(DateRangeFilter, "Order Date")), PurchasedFromFilter)
    grid_search = SHIPMENT_SEARCH
    # no ordering: the model's, newest first as on every grid (Magento's shipment grid: oldest first)
    fields = readonly_fields = ("increment_id", "ship_date", "order_link", "order_date", "ship_to_name",
                                "total_quantity", "source_name")
    inlines = (ShipmentItemInline, ShipmentTrackInline, ShipmentCommentInline)
    actions = ("pdf_shipments",)

    ship_date = date_column("created_at", "Ship Date")
    total_quantity = qty_column("total_qty", "Total Quantity")
    action = action_column("View")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Shipment]:
        source_name = Subquery(Source.objects.filter(source_code=OuterRef("source_code")).values("name")[:1])
        return (
            super().get_queryset(request)
            .select_related("order")
            .annotate(ship_to_name=address_name("order_id", OrderAddress.Type.SHIPPING), source_name=source_name)
        )

    def get_urls(self) -> list[URLPattern]:
        print_view = self.admin_site.admin_view(self.print_view)
        return [path("<path:object_id>/print/", print_view, name="sales_shipment_print"), *super().get_urls()]

    def render_change_form(
        self, request: HttpRequest, context: dict, add: bool = False, change: bool = False,
        form_url: str = "", obj: Shipment | None = None,
    ) -> HttpResponse:
        if obj is not None:
            context["print_url"] = reverse("admin:sales_shipment_print", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def print_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The shipment page's "Print": its packing slip (Magento's Pdf\\Shipment), named packingslip….pdf."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        shipments = list(shipments_for_print(Shipment.objects.filter(pk=unquote(object_id))))
        if not shipments:
            raise Http404
        return pdf_response(render_shipments_pdf(shipments), "packingslip")

    @admin.action(description="PDF Shipments", permissions=["view"])
    def pdf_shipments(self, request: HttpRequest, queryset: QuerySet[Shipment]) -> HttpResponse:
        """Magento's sales_order_shipment_grid "PDF Shipments" (sales/shipment/pdfshipments): the selected
        shipments' packing slips, one page each."""
        return pdf_response(render_shipments_pdf(shipments_for_print(queryset)), "packingslip")

    @admin.display(description="Source", ordering="source_name")
    def source(self, obj: Shipment) -> str:
        """The source's name (Northeast Warehouse), its code when the source is gone."""
        return getattr(obj, "source_name", None) or obj.source_code

    order_link = order_link_column("Order")
    order_date = order_date_column

    @admin.display(description="Source")
    def source_name(self, obj: Shipment) -> str:
        """The shipment page names its source ("Northeast Warehouse"), not its code."""
        name = Source.objects.filter(pk=obj.source_code).values_list("name", flat=True).first()
        return name or obj.source_code or ""

    @admin.display(description="Ship-to Name", ordering="ship_to_name")
    def ship_to_name(self, obj: Shipment) -> str:
        return obj.ship_to_name or ""

