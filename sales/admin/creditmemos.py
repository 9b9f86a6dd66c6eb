"""Sales > Credit Memos (ui_component/sales_order_creditmemo_grid.xml), the credit memo page
(order/creditmemo/view) in the order page's tabs (Information, Items Refunded with the totals, Comments History)
with Send Email and Print, and the grid's "PDF Credit Memos"."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from backoffice.admin_grids import action_column
from backoffice.formats import format_money

from ..models import ZERO, Creditmemo, CreditmemoItem, OrderAddress, address_name
from ..pdf import creditmemos_for_print, render_creditmemos_pdf
from ..refunds import add_creditmemo_comment, notify_creditmemo
from ..search import CREDITMEMO_SEARCH
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
from .page_tabs import HISTORY_TEMPLATE, DocumentPage, PageTab

EMAIL_PERMISSION = "sales.change_creditmemo"  # the credit memo's comments and emails (sales 0009)
COMMENT_PERMISSION = EMAIL_PERMISSION  # POST /V1/creditmemo/{id}/comments's (sales/api/creditmemos.py)
EMAIL_SENT = "You sent the message."  # Creditmemo/AbstractCreditmemo/Email
EMAIL_QUESTION = "Are you sure you want to send a credit memo email to customer?"  # Creditmemo/View's button


class CreditmemoItemInline(ReadOnlyInline):
    model = CreditmemoItem
    verbose_name = "item refunded"
    verbose_name_plural = "items refunded"
    fields = readonly_fields = (
        "sku_column",
        "product",
        "price_column",
        "quantity",
        "subtotal_column",
        "tax_column",
        "discount_column",
        "row_total_column",
    )
    sku_column = field_column("sku", "SKU")
    product = field_column("name", "Product")
    price_column = money_column("price", "Price", "parent.order_currency_code")
    quantity = qty_column("qty", "Qty")
    subtotal_column = money_column("row_total", "Subtotal", "parent.order_currency_code")
    tax_column = money_column("tax_amount", "Tax Amount", "parent.order_currency_code")
    discount_column = money_column("discount_amount", "Discount Amount", "parent.order_currency_code")

    def get_queryset(self, request: HttpRequest) -> QuerySet[CreditmemoItem]:
        return super().get_queryset(request).select_related("parent")  # each row's currency, not a query a row

    @admin.display(description="Row Total")
    def row_total_column(self, obj: CreditmemoItem) -> str:
        total = obj.row_total + obj.tax_amount + obj.discount_tax_compensation_amount - (obj.discount_amount or ZERO)
        return format_money(total, obj.parent.order_currency_code)


@admin.register(Creditmemo)
class CreditmemoAdmin(DocumentPage, OrderDocumentColumns, ReadOnlyAdmin):
    """Sales > Credit Memos: Magento's sales_order_creditmemo_grid (Credit Memo, Created, Order #, Order Date,
    Bill-to Name, Status, Refunded), its "PDF Credit Memos" mass action and the credit memo page."""

    list_display = (
        "increment_id",
        "created",
        "order_link",
        "order_date",
        "bill_to_name",
        "status_column",
        "refunded",
        "action",
    )
    actions = ("pdf_creditmemos",)
    grid_search = CREDITMEMO_SEARCH
    fieldsets = (
        (
            "Order & Account Information",
            {
                "fields": (
                    "increment_id",
                    "created",
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
            "Credit Memo Totals",
            {
                "fields": (
                    "subtotal_column",
                    "discount_column",
                    "shipping_column",
                    "adjustment_positive_column",
                    "adjustment_negative_column",
                    "tax_column",
                    "grand_total_column",
                )
            },
        ),
    )
    readonly_fields = (
        "created",
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
        "adjustment_positive_column",
        "adjustment_negative_column",
        "tax_column",
        "grand_total_column",
    )
    inlines = (CreditmemoItemInline,)
    page_tabs = (
        PageTab(
            "information",
            "Information",
            boxes=("Order & Account Information", "Address Information", "Payment & Shipping Method"),
        ),
        PageTab("items", "Items Refunded", tables=("items",), totals="Credit Memo Totals"),
        PageTab("history", "Comments History", include=HISTORY_TEMPLATE, count="history"),
    )

    created = date_column("created_at", "Created")
    refunded = money_column("base_grand_total", "Refunded", "base_currency_code")
    status_column = state_column()
    subtotal_column = money_column("subtotal", "Subtotal")
    discount_column = money_column("discount_amount", "Discount")
    shipping_column = money_column("shipping_amount", "Shipping & Handling")
    adjustment_positive_column = money_column("adjustment_positive", "Adjustment Refund")
    adjustment_negative_column = money_column("adjustment_negative", "Adjustment Fee")
    tax_column = money_column("tax_amount", "Tax")
    grand_total_column = money_column("grand_total", "Grand Total")
    order_link = order_link_column("Order #")
    order_date = order_date_column
    action = action_column("View")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Creditmemo]:
        return (
            super()
            .get_queryset(request)
            .select_related("order", "order__payment")
            .annotate(bill_to_name=address_name("order_id", OrderAddress.Type.BILLING))
        )

    # DocumentPage: Send Email (Creditmemo/AbstractCreditmemo/Email, after Magento's question), Print; the comments
    # and their form.
    url_prefix = "sales_creditmemo"
    email_question = EMAIL_QUESTION
    email_sent = EMAIL_SENT
    email_permission = EMAIL_PERMISSION
    comment_permission = COMMENT_PERMISSION
    history_title = "Notes for this Credit Memo"

    def notify(self, creditmemo_id: int) -> object:
        return notify_creditmemo(creditmemo_id)

    def add_comment(self, creditmemo_id: int, comment: str, notify: bool, visible: bool) -> object:
        """Submit Comment (Order/Creditmemo/AddComment) through add_creditmemo_comment."""
        return add_creditmemo_comment(creditmemo_id, comment, is_customer_notified=notify, is_visible_on_front=visible)

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        """Titled "Credit Memos", as Magento's grid (Creditmemo/AbstractCreditmemo/Index)."""
        return super().changelist_view(request, {"title": "Credit Memos", **(extra_context or {})})

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict | None = None
    ) -> HttpResponse:
        """Magento's credit memo page, titled "View Memo" (Controller/Adminhtml/Creditmemo/AbstractCreditmemo/View)."""
        return super().change_view(request, object_id, form_url, {"title": "View Memo", **(extra_context or {})})

    def print_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The credit memo page's "Print" (Creditmemo\\PrintAction)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        creditmemos = list(creditmemos_for_print(Creditmemo.objects.filter(pk=unquote(object_id))))
        if not creditmemos:
            raise Http404
        return pdf_response(render_creditmemos_pdf(creditmemos), "creditmemo")

    @admin.action(description="PDF Credit Memos", permissions=["view"])
    def pdf_creditmemos(self, request: HttpRequest, queryset: QuerySet[Creditmemo]) -> HttpResponse:
        return pdf_response(render_creditmemos_pdf(creditmemos_for_print(queryset)), "creditmemo")
