"""Sales > Orders: Magento's sales_order_grid columns, filters and mass actions. The order page (its tabs, buttons,
comment form and Send Email) is in order_page.py.

Writes go through the domain functions the REST API calls (sales.orders, sales.invoicing, sales.shipping,
sales.refunds); printing through sales.pdf. The New Invoice / New Shipment pages are in new_documents.py, the
New Memo page in new_memo.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, CHANGE
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils.safestring import SafeString

from backoffice.admin_grids import DateRangeFilter, action_column, csv_value, html_lines, status_label, titled
from backoffice.admin_writes import log_entries
from backoffice.exceptions import DomainError
from backoffice.phrases import phrase
from inventory.models import Source

from ..invoicing import invoice_order
from ..models import (
    Creditmemo,
    Invoice,
    Order,
    OrderAddress,
    Shipment,
    address_name,
)
from ..orders import cancel_order, hold_order, unhold_order
from ..pdf import (
    creditmemos_for_print,
    invoices_for_print,
    render_creditmemos_pdf,
    render_invoices_pdf,
    render_shipments_pdf,
    shipments_for_print,
)
from ..search import ORDER_SEARCH
from .audit import CREATED, DOCUMENT_CREATED, ORDER_ACTIONS
from .columns import (
    ReadOnlyAdmin,
    StoreFilter,
    date_column,
    money_column,
    pdf_response,
)
from .new_documents import INVOICE_CREATED, DocumentFormPages
from .new_memo import REFUND_PERMISSION, CreditmemoFormPages
from .order_page import OrderPageAdmin

NO_PRINTABLE_DOCUMENTS = "There are no printable documents related to selected orders."
# Magento_Sales' mass actions (Controller/Adminhtml/Order/MassCancel, MassHold, MassUnhold).
CANCELED = "We canceled %1 order(s)."
SOME_NOT_CANCELED = "%1 order(s) cannot be canceled."
NONE_CANCELED = "You cannot cancel the order(s)."
HELD = "You have put %1 order(s) on hold."
SOME_NOT_HELD = "%1 order(s) were not put on hold."
NONE_HELD = "No order(s) were put on hold."
RELEASED = "%1 order(s) have been released from on hold status."
SOME_NOT_RELEASED = "%1 order(s) were not released from on hold status."
NONE_RELEASED = "No order(s) were released from on hold status."


@admin.register(Order)
class OrderAdmin(OrderPageAdmin, CreditmemoFormPages, DocumentFormPages, ReadOnlyAdmin):
    """Sales > Orders: Magento's sales_order_grid columns, filters and mass actions ("Print Credit Memos" too,
    Controller/Adminhtml/Order/Pdfcreditmemos), and the order page with the Credit Memo button
    (Block\\Adminhtml\\Order\\View: Magento_Sales::creditmemo and Order::canCreditmemo) and the Credit Memos tab."""

    # One Grand Total (the order's currency) rather than Magento's Base / Purchased pair, the store view's name
    # rather than its three lines: the columns fit a 1280-pixel screen (tests/browser/test_admin_grids_fit.py).
    list_display = (
        "increment_id", "store_view", "purchase_date", "bill_to_name", "ship_to_name", "grand_total_column",
        "status_column", "allocated_sources", "action",
    )
    list_filter = (("status", titled(admin.ChoicesFieldListFilter, "Status")), ("created_at", DateRangeFilter),
                   StoreFilter)
    grid_search = ORDER_SEARCH
    actions = ("cancel_orders", "hold_orders", "unhold_orders", "invoice_remaining", "print_invoices",
               "print_packing_slips", "print_creditmemos")
    grand_total_column = money_column("grand_total", "Grand Total")
    purchase_date = date_column("created_at", "Purchase Date")
    action = action_column("View")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Order]:
        return (
            super().get_queryset(request)
            .select_related("payment")
            .annotate(
                bill_to_name=address_name("pk", OrderAddress.Type.BILLING),
                ship_to_name=address_name("pk", OrderAddress.Type.SHIPPING),
            )
        )

    def prepare_rows(self, rows: Sequence[Order]) -> None:
        """MSI's "Allocated sources": the names of the sources the order's shipments left from, in one query."""
        source_name = Source.objects.filter(source_code=OuterRef("source_code")).values("name")[:1]
        shipped_from = (
            Shipment.objects.filter(order__in=[order.pk for order in rows])
            .annotate(source_name=Subquery(source_name))
            .order_by("source_name")
            .values_list("order_id", "source_name")
            .distinct()
        )
        names: dict[int, list[str]] = {}
        for order_id, name in shipped_from:
            names.setdefault(order_id, []).append(name)
        for order in rows:
            order.allocated_source_names = names.get(order.pk, [])

    @csv_value(lambda admin, obj: "; ".join(getattr(obj, "allocated_source_names", [])))
    @admin.display(description="Allocated sources")
    def allocated_sources(self, obj: Order) -> SafeString:
        return html_lines("{}", ((name,) for name in getattr(obj, "allocated_source_names", [])))

    @admin.display(description="Purchase Point", ordering="store_name")
    def store_name_column(self, obj: Order) -> SafeString:
        return html_lines("{}", ((line,) for line in obj.store_name.splitlines()))

    @admin.display(description="Purchase Point", ordering="store_name")
    def store_view(self, obj: Order) -> str:
        """The store view's name, the last of Magento's three lines (website, store, store view)."""
        return obj.store_name.splitlines()[-1] if obj.store_name else ""

    @admin.display(description="Bill-to Name", ordering="bill_to_name")
    def bill_to_name(self, obj: Order) -> str:
        return obj.bill_to_name or ""

    @admin.display(description="Ship-to Name", ordering="ship_to_name")
    def ship_to_name(self, obj: Order) -> str:
        return obj.ship_to_name or ""

    @csv_value(lambda admin, obj: obj.get_status_display())
    @admin.display(description="Status", ordering="status")
    def status_column(self, obj: Order) -> SafeString:
        return status_label(obj.status, obj.get_status_display())

    def has_cancel_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("sales.cancel_order")

    def has_hold_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("sales.hold_order")

    def has_unhold_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("sales.unhold_order")

    @admin.action(description="Cancel", permissions=["cancel"])
    def cancel_orders(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        done = self.orders_done(request, cancel_order, queryset, "cancel")
        self.report_mass_action(
            request, len(queryset) - len(done), len(done), (CANCELED, SOME_NOT_CANCELED, NONE_CANCELED)
        )

    @admin.action(description="Hold", permissions=["hold"])
    def hold_orders(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        done = self.orders_done(request, hold_order, queryset, "hold")
        self.report_mass_action(request, len(queryset) - len(done), len(done), (HELD, SOME_NOT_HELD, NONE_HELD))

    @admin.action(description="Unhold", permissions=["unhold"])
    def unhold_orders(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        done = self.orders_done(request, unhold_order, queryset, "unhold")
        self.report_mass_action(
            request, len(queryset) - len(done), len(done), (RELEASED, SOME_NOT_RELEASED, NONE_RELEASED)
        )

    @staticmethod
    def orders_done(
        request: HttpRequest, action: Callable[[Order], object], queryset: QuerySet[Order], name: str
    ) -> list[Order]:
        """Apply ``action`` to each order; the ones it refuses (a DomainError, or cancel_order's False) are counted
        out, as in Magento. The others get the action's line in their admin log ("Put on hold"), in one insert."""
        done = []
        for order in queryset.order_by("pk"):
            try:
                if action(order) is False:
                    continue
            except DomainError:
                continue
            done.append(order)
        log_entries(request, ((order, CHANGE, ORDER_ACTIONS[name]) for order in done))
        return done

    def report_mass_action(
        self, request: HttpRequest, refused: int, done: int, templates: tuple[str, str, str]
    ) -> None:
        """Magento's mass-action messages: an error for the refused orders, a success for the others."""
        success, some_refused, all_refused = templates
        if refused:
            text = phrase(some_refused, str(refused)) if done else all_refused
            self.message_user(request, text, messages.ERROR)
        if done:
            self.message_user(request, phrase(success, str(done)), messages.SUCCESS)

    @admin.action(description="Print Invoices", permissions=["view"])
    def print_invoices(self, request: HttpRequest, queryset: QuerySet[Order]) -> HttpResponse | None:
        """Magento's "Print Invoices": one PDF with the invoices of every selected order."""
        invoices = list(invoices_for_print(Invoice.objects.filter(order__in=queryset.values("pk"))))
        if not invoices:
            self.message_user(request, NO_PRINTABLE_DOCUMENTS, messages.ERROR)
            return None
        return pdf_response(render_invoices_pdf(invoices), "invoice")

    def has_invoice_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("sales.add_invoice")

    @admin.action(description="Invoice all remaining items", permissions=["invoice"])
    def invoice_remaining(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        """Each order through invoice_order; the admin log of every invoice made, in one insert: "Invoiced #..."
        on the order, "Created for order #..." on the invoice (as the New Invoice page logs them)."""
        logged = []
        for order in queryset.order_by("pk"):
            try:
                invoice = invoice_order(order, capture=True)
            except DomainError as error:
                self.message_user(request, f"#{order.increment_id}: {error}", messages.ERROR)
            else:
                invoiced = CREATED[Invoice].format(invoice.increment_id)
                logged += [(order, CHANGE, invoiced), (invoice, ADDITION, DOCUMENT_CREATED.format(order.increment_id))]
                self.message_user(request, f"#{order.increment_id}: {INVOICE_CREATED}", messages.SUCCESS)
        log_entries(request, logged)

    def has_ship_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("sales.add_shipment")

    @admin.action(description="Print Packing Slips", permissions=["ship"])
    def print_packing_slips(self, request: HttpRequest, queryset: QuerySet[Order]) -> HttpResponse | None:
        """Magento's Order\\Pdfshipments (Magento_Sales::ship): one PDF with the packing slips of every selected
        order."""
        shipments = list(shipments_for_print(Shipment.objects.filter(order__in=queryset.values("pk"))))
        if not shipments:
            self.message_user(request, NO_PRINTABLE_DOCUMENTS, messages.ERROR)
            return None
        return pdf_response(render_shipments_pdf(shipments), "packingslip")

    def has_creditmemo_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(REFUND_PERMISSION)

    @admin.action(description="Print Credit Memos", permissions=["creditmemo"])
    def print_creditmemos(self, request: HttpRequest, queryset: QuerySet[Order]) -> HttpResponse | None:
        """Magento's Order\\Pdfcreditmemos (Magento_Sales::creditmemo): one PDF with the credit memos of every
        selected order."""
        creditmemos = list(creditmemos_for_print(Creditmemo.objects.filter(order__in=queryset.values("pk"))))
        if not creditmemos:
            self.message_user(request, NO_PRINTABLE_DOCUMENTS, messages.ERROR)
            return None
        return pdf_response(render_creditmemos_pdf(creditmemos), "creditmemo")

    def get_urls(self) -> list[URLPattern]:
        creditmemo_view = self.admin_site.admin_view(self.creditmemo_view)
        invoice_view = self.admin_site.admin_view(self.invoice_view)
        ship_view = self.admin_site.admin_view(self.ship_view)
        return [
            path("<path:object_id>/creditmemo/", creditmemo_view, name="sales_order_creditmemo"),
            path("<path:object_id>/invoice/", invoice_view, name="sales_order_invoice"),
            path("<path:object_id>/ship/", ship_view, name="sales_order_ship"),
            *self.order_page_urls(),
            *super().get_urls(),
        ]

    def creditmemo_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Magento's Sales > Orders > Credit Memo (offline): the New Memo page and its Refund Offline."""
        order = self._order_for(request, object_id, self.has_creditmemo_permission(request))
        return self.creditmemo_page(request, order, None)
