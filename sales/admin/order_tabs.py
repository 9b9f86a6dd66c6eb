"""The order page's tabs (Magento's Block/Adminhtml/Order/View/Tab): Items Ordered on Information, Invoices, Credit
Memos, Shipments (with their source's name) and the Comments History lines; names, not codes."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import admin
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from django.utils.safestring import SafeString

from backoffice.admin_grids import html_lines
from backoffice.formats import format_datetime, format_money, plain_number
from catalog.models import ProductType
from inventory.models import Source

from ..models import Creditmemo, Invoice, Order, OrderItem, OrderStatus, Shipment
from .columns import ReadOnlyInline, date_column, link_column, money_column, qty_column

HISTORY_ROWS = 200  # the Comments History tab shows the latest rows


def status_label(status: str | None) -> str:
    return OrderStatus(status).label if status in OrderStatus.values else status or ""


def product_type_label(type_id: str) -> str:
    """Magento's product type labels ("Simple Product"), not the type codes."""
    return ProductType(type_id).label if type_id in ProductType.values else type_id


class OrderItemInline(ReadOnlyInline):
    """Items Ordered (Block/Adminhtml/Order/View/Items/Renderer/DefaultRenderer): Row Total is after discount
    (row total + tax − discount), the quantities one cell."""

    model = OrderItem
    verbose_name = "item ordered"
    verbose_name_plural = "Items Ordered"
    fields = readonly_fields = (
        "product_column",
        "product_type_column",
        "original_price_column",
        "price_column",
        "qty_column",
        "subtotal_column",
        "tax_column",
        "discount_column",
        "row_total_column",
    )
    original_price_column = money_column("original_price", "Original Price", "order.order_currency_code")
    price_column = money_column("price", "Price", "order.order_currency_code")
    subtotal_column = money_column("row_total", "Subtotal", "order.order_currency_code")
    tax_column = money_column("tax_amount", "Tax Amount", "order.order_currency_code")
    discount_column = money_column("discount_amount", "Discount Amount", "order.order_currency_code")

    def get_queryset(self, request: HttpRequest) -> QuerySet[OrderItem]:
        return super().get_queryset(request).select_related("order")  # each row's currency

    @admin.display(description="Product")
    def product_column(self, obj: OrderItem) -> SafeString:
        return html_lines("{}", [(obj.name,), (f"SKU: {obj.sku}",)])

    @admin.display(description="Product Type")
    def product_type_column(self, obj: OrderItem) -> str:
        return product_type_label(obj.product_type)

    @admin.display(description="Qty")
    def qty_column(self, obj: OrderItem) -> SafeString:
        quantities = [
            ("Ordered", obj.qty_ordered),
            ("Invoiced", obj.qty_invoiced),
            ("Shipped", obj.qty_shipped),
            ("Refunded", obj.qty_refunded),
            ("Canceled", obj.qty_canceled),
        ]
        shown = [(label, plain_number(qty)) for label, qty in quantities if label == "Ordered" or qty > 0]
        return html_lines("{} {}", shown)

    @admin.display(description="Row Total")
    def row_total_column(self, obj: OrderItem) -> str:
        total = obj.row_total + obj.tax_amount + obj.discount_tax_compensation_amount - obj.discount_amount
        return format_money(total, obj.order.order_currency_code)


class OrderInvoiceInline(ReadOnlyInline):
    model = Invoice
    verbose_name_plural = "Invoices"
    fields = readonly_fields = ("invoice_link", "invoice_date", "state", "grand_total_column")
    invoice_date = date_column("created_at", "Invoice Date")
    grand_total_column = money_column("grand_total", "Amount")
    invoice_link = link_column("Invoice", "admin:sales_invoice_change", "pk", "increment_id")


class OrderShipmentInline(ReadOnlyInline):
    model = Shipment
    verbose_name_plural = "Shipments"
    fields = readonly_fields = ("shipment_link", "ship_date", "source_name", "total_quantity")
    ship_date = date_column("created_at", "Ship Date")
    total_quantity = qty_column("total_qty", "Total Quantity")
    shipment_link = link_column("Shipment", "admin:sales_shipment_change", "pk", "increment_id")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Shipment]:
        name = Source.objects.filter(source_code=OuterRef("source_code")).values("name")[:1]
        return super().get_queryset(request).annotate(source_name_value=Subquery(name))

    @admin.display(description="Source")
    def source_name(self, obj: Shipment) -> str:
        return getattr(obj, "source_name_value", None) or obj.source_code or ""


class OrderCreditmemoInline(ReadOnlyInline):
    """The order page's Credit Memos tab (sales_order_view_creditmemo_grid)."""

    model = Creditmemo
    fk_name = "order"
    verbose_name_plural = "Credit Memos"
    fields = readonly_fields = ("creditmemo_link", "created", "state", "refunded")
    created = date_column("created_at", "Created")
    refunded = money_column("base_grand_total", "Refunded", "base_currency_code")
    creditmemo_link = link_column("Credit Memo", "admin:sales_creditmemo_change", "pk", "increment_id")


@dataclass(frozen=True)
class HistoryRow:
    """A Comments History line: never a bare "-", the status label when there is no comment."""

    date: str
    status: str
    notified: str
    visible: bool
    comment: str


NOTIFIED = {None: "Notification Not Applicable", 0: "Customer Not Notified", 1: "Customer Notified"}


def history_rows(order: Order) -> list[HistoryRow]:
    return [
        HistoryRow(
            format_datetime(h.created_at),
            status_label(h.status),
            NOTIFIED.get(h.is_customer_notified, ""),
            bool(h.is_visible_on_front),
            (h.comment or "").strip(),
        )
        for h in order.status_histories.all()[:HISTORY_ROWS]
    ]


def comment_rows(comments: QuerySet) -> list[HistoryRow]:
    """An invoice's, shipment's or credit memo's comments as Comments History lines, newest first."""
    return [
        HistoryRow(
            format_datetime(c.created_at),
            "",
            NOTIFIED.get(c.is_customer_notified, ""),
            bool(c.is_visible_on_front),
            (c.comment or "").strip(),
        )
        for c in comments.order_by("-created_at", "-pk")[:HISTORY_ROWS]
    ]
