"""Sales > Shipments: Magento's sales_order_shipment_grid columns plus the MSI source, its "PDF Shipments" mass
action (packing slips), and the shipment page (Magento_Shipping's Block/Adminhtml/View) in the order page's tabs
(Information, Items Shipped, Tracking, Comments History with its comment form) with Send Tracking Information and
Print (Magento's Adminhtml/Order/Shipment/Email, PrintAction and AddComment)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse

from backoffice.admin_grids import DateRangeFilter, action_column, titled
from inventory.models import Source

from ..models import OrderAddress, Shipment, ShipmentItem, address_name
from ..orders import notify_shipment
from ..pdf import render_shipments_pdf, shipments_for_print
from ..search import SHIPMENT_SEARCH
from ..shipments import ShipmentCommentData, add_shipment_comment
from .columns import (
    OrderDocumentColumns,
    PurchasedFromFilter,
    ReadOnlyAdmin,
    ReadOnlyInline,
    date_column,
    field_column,
    order_date_column,
    order_link_column,
    pdf_response,
    qty_column,
)
from .page_tabs import HISTORY_TEMPLATE, DocumentPage, PageTab
from .shipment_tracking import ShipmentTrackingMixin

EMAIL_PERMISSION = "sales.change_shipment"  # POST /V1/shipment/{id}/emails's (sales/api/management.py)
EMAIL_QUESTION = "Are you sure you want to send a Shipment email to customer?"  # Shipping's Block/Adminhtml/View
EMAIL_SENT = "You sent the shipment."  # Shipping's Controller/Adminhtml/Order/Shipment/Email
COMMENT_PERMISSION = "sales.add_shipmentcomment"  # POST /V1/shipment/{id}/comments's (sales/api/shipment_actions.py)


class ShipmentItemInline(ReadOnlyInline):
    model = ShipmentItem
    verbose_name = "item shipped"
    verbose_name_plural = "items shipped"
    fields = readonly_fields = ("sku_column", "product", "quantity")
    sku_column = field_column("sku", "SKU")
    product = field_column("name", "Product")
    quantity = qty_column("qty", "Qty Shipped")


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
class ShipmentAdmin(ShipmentTrackingMixin, DocumentPage, OrderDocumentColumns, ReadOnlyAdmin):
    """Sales > Shipments, Magento's sales_order_shipment_grid columns plus the MSI source."""

    list_display = (
        "increment_id",
        "ship_date",
        "order_link",
        "order_date",
        "ship_to_name",
        "total_quantity",
        "source",
        "action",
    )
    list_filter = (
        ShipmentSourceFilter,
        ("created_at", DateRangeFilter),
        ("order__created_at", titled(DateRangeFilter, "Order Date")),
        PurchasedFromFilter,
    )
    grid_search = SHIPMENT_SEARCH
    # no ordering: the model's, newest first as on every grid (Magento's shipment grid: oldest first)
    fieldsets = (
        (
            "Order & Account Information",
            {
                "fields": (
                    "increment_id",
                    "ship_date",
                    "source_name",
                    "total_quantity",
                    "order_link",
                    "order_date",
                    "order_status",
                    "customer_name",
                    "email",
                )
            },
        ),
        ("Address Information", {"fields": ("billing_address", "shipping_address")}),
        ("Payment & Shipping Method", {"fields": ("payment_method", "shipping_information")}),
    )
    readonly_fields = (
        "increment_id",
        "ship_date",
        "source_name",
        "total_quantity",
        "order_link",
        "order_date",
        "order_status",
        "customer_name",
        "email",
        "billing_address",
        "shipping_address",
        "payment_method",
        "shipping_information",
    )
    inlines = (ShipmentItemInline,)
    change_form_template = "admin/sales/shipment/change_form.html"  # tabbed_page.html and the tracking forms
    page_tabs = (
        PageTab(
            "information",
            "Information",
            boxes=("Order & Account Information", "Address Information", "Payment & Shipping Method"),
        ),
        PageTab("items", "Items Shipped", tables=("items",)),
        PageTab("tracking", "Tracking", include="admin/sales/shipment/tracking.html", count="tracks"),
        PageTab("history", "Comments History", include=HISTORY_TEMPLATE, count="history"),
    )
    actions = ("pdf_shipments",)

    ship_date = date_column("created_at", "Ship Date")
    total_quantity = qty_column("total_qty", "Total Quantity")
    action = action_column("View")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Shipment]:
        source_name = Subquery(Source.objects.filter(source_code=OuterRef("source_code")).values("name")[:1])
        return (
            super()
            .get_queryset(request)
            .select_related("order")
            .annotate(ship_to_name=address_name("order_id", OrderAddress.Type.SHIPPING), source_name=source_name)
        )

    # DocumentPage: Send Tracking Information (Magento's label for the shipment email), Print; the tracking numbers
    # and their forms (shipment_tracking.py); the comments and their form.
    url_prefix = "sales_shipment"
    email_label = "Send Tracking Information"
    email_question = EMAIL_QUESTION
    email_sent = EMAIL_SENT
    email_permission = EMAIL_PERMISSION
    comment_permission = COMMENT_PERMISSION
    history_title = "Notes for this Shipment"

    def notify(self, shipment_id: int) -> object:
        return notify_shipment(shipment_id)

    def add_comment(self, shipment_id: int, comment: str, notify: bool, visible: bool) -> object:
        """Submit Comment (Shipping's Order/Shipment/AddComment) through add_shipment_comment."""
        return add_shipment_comment(shipment_id, ShipmentCommentData(comment, notify, visible))

    def own_context(self, request: HttpRequest, shipment: Shipment) -> dict[str, object]:
        return self.tracking_context(request, shipment)

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
