"""Sales > Invoices: Magento's sales_order_invoice_grid, its "PDF Invoices" mass action, and the invoice page
(Block/Adminhtml/Order/Invoice/View) in the order page's tabs (Information, Items Invoiced with the totals,
Comments History with its comment form) with Send Email, Print and its own Credit Memo button: a credit memo of this invoice
(refund_creditmemo with the invoice, offline)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse

from backoffice.admin_grids import action_column

from ..invoices import InvoiceCommentData, add_invoice_comment
from ..models import Invoice, InvoiceItem, InvoiceState, OrderAddress, address_name
from ..orders import notify_invoice
from ..pdf import invoices_for_print, render_invoices_pdf
from ..search import INVOICE_SEARCH
from .columns import (
    OrderDocumentColumns,
    ReadOnlyAdmin,
    ReadOnlyInline,
    date_column,
    field_column,
    money_column,
    order_date_column,
    order_link_column,
    pdf_response,
    qty_column,
    state_column,
)
from .new_memo import REFUND_PERMISSION, CreditmemoFormPages, refundable_items
from .page_tabs import HISTORY_TEMPLATE, DocumentPage, PageAction, PageTab

EMAIL_PERMISSION = "sales.change_invoice"  # POST /V1/invoice/{id}/emails's (sales/api/management.py)
EMAIL_QUESTION = "Are you sure you want to send an invoice email to customer?"  # Invoice/View's Send Email
EMAIL_SENT = "You sent the message."  # Invoice/AbstractInvoice/Email
COMMENT_PERMISSION = "sales.add_invoicecomment"  # POST /V1/invoices/comments's (sales/api/invoice_actions.py)


class InvoiceItemInline(ReadOnlyInline):
    model = InvoiceItem
    verbose_name = "item invoiced"
    verbose_name_plural = "items invoiced"
    fields = readonly_fields = (
        "sku_column",
        "product",
        "price_column",
        "quantity",
        "row_total_column",
        "tax_column",
        "discount_column",
    )
    sku_column = field_column("sku", "SKU")
    product = field_column("name", "Product")
    price_column = money_column("price", "Price", "parent.order_currency_code")
    quantity = qty_column("qty", "Qty")
    row_total_column = money_column("row_total", "Row Total", "parent.order_currency_code")
    tax_column = money_column("tax_amount", "Tax Amount", "parent.order_currency_code")
    discount_column = money_column("discount_amount", "Discount Amount", "parent.order_currency_code")

    def get_queryset(self, request: HttpRequest) -> QuerySet[InvoiceItem]:
        return super().get_queryset(request).select_related("parent")  # each row's currency, not a query a row


@admin.register(Invoice)
class InvoiceAdmin(DocumentPage, CreditmemoFormPages, OrderDocumentColumns, ReadOnlyAdmin):
    """Sales > Invoices: Magento's sales_order_invoice_grid, its "PDF Invoices" mass action and the invoice page."""

    list_display = (  # one Grand Total, the order's currency (Magento: Base and Purchased)
        "increment_id",
        "invoice_date",
        "order_link",
        "order_date",
        "bill_to_name",
        "status_column",
        "grand_total_column",
        "action",
    )
    actions = ("pdf_invoices",)
    grid_search = INVOICE_SEARCH
    fieldsets = (
        (
            "Order & Account Information",
            {
                "fields": (
                    "increment_id",
                    "invoice_date",
                    "state",
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
        (
            "Invoice Totals",
            {
                "fields": (
                    "subtotal_column",
                    "discount_column",
                    "shipping_column",
                    "tax_column",
                    "grand_total_column",
                )
            },
        ),
    )
    readonly_fields = (
        "invoice_date",
        "order_link",
        "order_date",
        "order_status",
        "customer_name",
        "email",
        "billing_address",
        "shipping_address",
        "payment_method",
        "shipping_information",
        "subtotal_column",
        "discount_column",
        "shipping_column",
        "tax_column",
        "grand_total_column",
    )
    inlines = (InvoiceItemInline,)
    page_tabs = (
        PageTab(
            "information",
            "Information",
            boxes=("Order & Account Information", "Address Information", "Payment & Shipping Method"),
        ),
        PageTab("items", "Items Invoiced", tables=("items",), totals="Invoice Totals"),
        PageTab("history", "Comments History", include=HISTORY_TEMPLATE, count="history"),
    )

    invoice_date = date_column("created_at", "Invoice Date")
    grand_total_column = money_column("grand_total", "Grand Total")
    status_column = state_column()
    subtotal_column = money_column("subtotal", "Subtotal")
    discount_column = money_column("discount_amount", "Discount")
    shipping_column = money_column("shipping_amount", "Shipping & Handling")
    tax_column = money_column("tax_amount", "Tax")
    action = action_column("View")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Invoice]:
        return (
            super()
            .get_queryset(request)
            .select_related("order", "order__payment")
            .annotate(bill_to_name=address_name("order_id", OrderAddress.Type.BILLING))
        )

    def has_creditmemo_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(REFUND_PERMISSION)

    # DocumentPage: Send Email, Credit Memo while something is left to refund, Print; the comments and their form.
    url_prefix = "sales_invoice"
    email_question = EMAIL_QUESTION
    email_sent = EMAIL_SENT
    email_permission = EMAIL_PERMISSION
    comment_permission = COMMENT_PERMISSION
    history_title = "Notes for this Invoice"

    def notify(self, invoice_id: int) -> object:
        return notify_invoice(invoice_id)

    def add_comment(self, invoice_id: int, comment: str, notify: bool, visible: bool) -> object:
        """Submit Comment (Order/Invoice/AddComment) through add_invoice_comment."""
        return add_invoice_comment(invoice_id, InvoiceCommentData(comment, notify, visible))

    def own_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.creditmemo_view)
        return [path("<path:object_id>/creditmemo/", view, name="sales_invoice_creditmemo")]

    def own_actions(self, request: HttpRequest, invoice: Invoice) -> list[PageAction]:
        if self.has_creditmemo_permission(request) and can_refund_invoice(invoice):
            return [PageAction("Credit Memo", reverse("admin:sales_invoice_creditmemo", args=[invoice.pk]))]
        return []

    def print_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The invoice page's "Print": this invoice as Magento's PDF."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        invoices = list(invoices_for_print(Invoice.objects.filter(pk=unquote(object_id))))
        if not invoices:
            raise Http404
        return pdf_response(render_invoices_pdf(invoices), "invoice")

    def creditmemo_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The invoice page's Credit Memo: the New Memo page for this invoice and its Refund Offline."""
        if not self.has_creditmemo_permission(request):
            raise PermissionDenied
        invoice = self.get_object(request, unquote(object_id))
        if invoice is None:
            raise Http404
        return self.creditmemo_page(request, invoice.order, invoice)

    @admin.action(description="PDF Invoices", permissions=["view"])
    def pdf_invoices(self, request: HttpRequest, queryset: QuerySet[Invoice]) -> HttpResponse:
        return pdf_response(render_invoices_pdf(invoices_for_print(queryset)), "invoice")

    order_link = order_link_column("Order #")
    order_date = order_date_column


def can_refund_invoice(invoice: Invoice) -> bool:
    """The invoice page's Credit Memo button: the order allows a credit memo (Order::canCreditmemo) and this Paid
    invoice still has something to refund (Invoice::canRefund). Magento also asks the payment method
    (Payment::canRefund, false for check / money order, bank transfer and cash on delivery) because its
    invoice button offers an online refund; here every refund is offline, through the admin's path
    (refund_creditmemo, CreditmemoService::refund), which accepts an offline invoice."""
    return (
        invoice.state == InvoiceState.PAID
        and invoice.order.can_creditmemo()
        and bool(refundable_items(invoice.order, invoice))
    )
