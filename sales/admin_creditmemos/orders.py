"""The order and invoice pages registered by sales/admin.py, registered again with the Credit Memo buttons
(Block/Adminhtml/Order/View and Order/Invoice/View), the New Memo page, the order's Credit Memos tab,
Total Refunded and "Print Credit Memos" (Controller/Adminhtml/Order/Pdfcreditmemos)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse

from .. import admin as sales_admin
from ..admin import NO_PRINTABLE_DOCUMENTS, ReadOnlyInline, date_column, link_column, money_column, pdf_response
from ..models import Creditmemo, Invoice, InvoiceState, Order
from ..pdf import creditmemos_for_print, render_creditmemos_pdf
from .new_memo import REFUND_PERMISSION, CreditmemoFormPages, can_creditmemo, refundable_items


class OrderCreditmemoInline(ReadOnlyInline):
    """The order page's Credit Memos tab (sales_order_view_creditmemo_grid)."""

    model = Creditmemo
    fk_name = "order"
    verbose_name_plural = "credit memos"
    fields = readonly_fields = ("creditmemo_link", "created", "state", "refunded")
    created = date_column("created_at", "Created")
    refunded = money_column("base_grand_total", "Refunded", "base_currency_code")
    creditmemo_link = link_column("Credit Memo", "admin:sales_creditmemo_change", "pk", "increment_id")


admin.site.unregister(Order)


@admin.register(Order)
class OrderAdmin(CreditmemoFormPages, sales_admin.OrderAdmin):
    """Sales > Orders with the Credit Memo button (Block\\Adminhtml\\Order\\View: Magento_Sales::creditmemo and
    Order::canCreditmemo), the New Memo page and the Credit Memos list; "Print Credit Memos" for selected orders."""

    inlines = (*sales_admin.OrderAdmin.inlines[:-1], OrderCreditmemoInline, sales_admin.OrderAdmin.inlines[-1])
    # Magento's order totals: Total Refunded after Total Paid (Block/Adminhtml/Order/Totals).
    fieldsets = tuple(
        (name, {"fields": tuple(
            shown for field in options["fields"]
            for shown in ((field, "total_refunded_column") if field == "total_paid_column" else (field,))
        )})
        for name, options in sales_admin.OrderAdmin.fieldsets
    )
    readonly_fields = (*sales_admin.OrderAdmin.readonly_fields, "total_refunded_column")
    total_refunded_column = money_column("total_refunded", "Total Refunded")
    actions = (*sales_admin.OrderAdmin.actions, "print_creditmemos")

    def has_creditmemo_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(REFUND_PERMISSION)

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.creditmemo_view)
        return [path("<path:object_id>/creditmemo/", view, name="sales_order_creditmemo"), *super().get_urls()]

    def render_change_form(
        self, request: HttpRequest, context: dict, add: bool = False, change: bool = False,
        form_url: str = "", obj: Order | None = None,
    ) -> HttpResponse:
        context["show_creditmemo_button"] = (
            obj is not None and self.has_creditmemo_permission(request) and can_creditmemo(obj)
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def creditmemo_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Magento's Sales > Orders > Credit Memo (offline): the New Memo page and its Refund Offline."""
        order = self._order_for(request, object_id, self.has_creditmemo_permission(request))
        return self.creditmemo_page(request, order, None)

    @admin.action(description="Print Credit Memos", permissions=["creditmemo"])
    def print_creditmemos(self, request: HttpRequest, queryset: QuerySet[Order]) -> HttpResponse | None:
        """Magento's Order\\Pdfcreditmemos (Magento_Sales::creditmemo): one PDF with the credit memos of every
        selected order."""
        creditmemos = list(creditmemos_for_print(Creditmemo.objects.filter(order__in=queryset.values("pk"))))
        if not creditmemos:
            self.message_user(request, NO_PRINTABLE_DOCUMENTS, messages.ERROR)
            return None
        return pdf_response(render_creditmemos_pdf(creditmemos), "creditmemo")


admin.site.unregister(Invoice)


@admin.register(Invoice)
class InvoiceAdmin(CreditmemoFormPages, sales_admin.InvoiceAdmin):
    """Sales > Invoices with the invoice page's own Credit Memo button: a credit memo of this invoice
    (refund_creditmemo with the invoice, offline)."""

    def has_creditmemo_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(REFUND_PERMISSION)

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.creditmemo_view)
        return [path("<path:object_id>/creditmemo/", view, name="sales_invoice_creditmemo"), *super().get_urls()]

    def render_change_form(
        self, request: HttpRequest, context: dict, add: bool = False, change: bool = False,
        form_url: str = "", obj: Invoice | None = None,
    ) -> HttpResponse:
        if obj is not None and self.has_creditmemo_permission(request) and can_refund_invoice(obj):
            context["creditmemo_url"] = reverse("admin:sales_invoice_creditmemo", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def creditmemo_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if not self.has_creditmemo_permission(request):
            raise PermissionDenied
        invoice = self.get_object(request, unquote(object_id))
        if invoice is None:
            raise Http404
        return self.creditmemo_page(request, invoice.order, invoice)


def can_refund_invoice(invoice: Invoice) -> bool:
    """The invoice page's Credit Memo button: the order allows a credit memo (Order::canCreditmemo) and this Paid
    invoice still has something to refund (Invoice::canRefund). Magento also asks the payment method
    (Payment::canRefund, false for check / money order, bank transfer and cash on delivery) because its
    invoice button offers an online refund; here every refund is offline, through the admin's path
    (refund_creditmemo, CreditmemoService::refund), which accepts an offline invoice."""
    return (
        invoice.state == InvoiceState.PAID and can_creditmemo(invoice.order)
        and bool(refundable_items(invoice.order, invoice))
    )


