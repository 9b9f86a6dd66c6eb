"""Sales > Orders: Magento's sales_order_grid columns, filters and mass actions, and the order page with its
buttons (Invoice, Ship, Credit Memo, Cancel, Hold, Unhold), its tabs (items, addresses, invoices, shipments,
credit memos, comments history) and its totals.

Writes go through the domain functions the REST API calls (sales.orders, sales.invoicing, sales.shipping,
sales.refunds); printing through sales.pdf. The New Invoice / New Shipment pages are in new_documents.py, the
New Memo page in new_memo.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from django.contrib import admin, messages
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, path
from django.utils.safestring import SafeString

from backoffice.admin_grids import DateRangeFilter, action_column, csv_value, html_lines, status_label, titled
from backoffice.exceptions import DomainError
from inventory.models import Source

from ..invoicing import invoice_order
from ..models import (
    Creditmemo,
    Invoice,
    Order,
    OrderAddress,
    OrderItem,
    OrderState,
    OrderStatus,
    OrderStatusHistory,
    Shipment,
    address_name,
)
from ..orders import NOT_HOLDABLE_STATES, can_cancel, cancel_order, hold_order, unhold_order
from ..pdf import creditmemos_for_print, invoices_for_print, payment_title, render_creditmemos_pdf, render_invoices_pdf
from ..refunds import can_creditmemo
from .columns import (
    ReadOnlyAdmin,
    ReadOnlyInline,
    StoreFilter,
    address_html,
    date_column,
    field_column,
    flag_column,
    link_column,
    money_column,
    pdf_response,
    qty_column,
)
from .new_documents import INVOICE_CREATED, DocumentFormPages
from .new_memo import REFUND_PERMISSION, CreditmemoFormPages

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
# The order page's buttons (Magento's Adminhtml\Order\Cancel, Hold, Unhold controllers).
ORDER_CANCELED = "You canceled the order."
ORDER_NOT_CANCELED = "You have not canceled the item."
ORDER_HELD = "You put the order on hold."
ORDER_UNHELD = "You released the order from holding status."
ORDER_ACTIONS: dict[str, tuple[str, str, Callable[[Order], object], str]] = {
    # url name: (button label, permission, domain function, success message)
    "cancel": ("Cancel", "sales.cancel_order", cancel_order, ORDER_CANCELED),
    "hold": ("Hold", "sales.hold_order", hold_order, ORDER_HELD),
    "unhold": ("Unhold", "sales.unhold_order", unhold_order, ORDER_UNHELD),
}


class OrderItemInline(ReadOnlyInline):
    model = OrderItem
    verbose_name = "item ordered"
    verbose_name_plural = "items ordered"
    fields = readonly_fields = (
        "sku_column", "product", "product_type_column", "price_column", "ordered", "invoiced", "shipped", "refunded",
        "canceled", "row_total_column", "discount_column",
    )
    sku_column = field_column("sku", "SKU")
    product = field_column("name", "Product")
    product_type_column = field_column("product_type", "Product Type")
    price_column = money_column("price", "Price", "order.order_currency_code")
    ordered = qty_column("qty_ordered", "Ordered")
    invoiced = qty_column("qty_invoiced", "Invoiced")
    shipped = qty_column("qty_shipped", "Shipped")
    refunded = qty_column("qty_refunded", "Refunded")
    canceled = qty_column("qty_canceled", "Canceled")
    row_total_column = money_column("row_total", "Row Total", "order.order_currency_code")
    discount_column = money_column("discount_amount", "Discount Amount", "order.order_currency_code")


class OrderAddressInline(ReadOnlyInline):
    model = OrderAddress
    verbose_name = "address"
    verbose_name_plural = "addresses"
    fields = readonly_fields = ("address_type", "address")

    @admin.display(description="Address")
    def address(self, obj: OrderAddress) -> SafeString:
        return address_html(obj)


class OrderInvoiceInline(ReadOnlyInline):
    model = Invoice
    fields = readonly_fields = ("invoice_link", "invoice_date", "state", "grand_total_column")
    invoice_date = date_column("created_at", "Invoice Date")
    grand_total_column = money_column("grand_total", "Grand Total")

    invoice_link = link_column("Invoice", "admin:sales_invoice_change", "pk", "increment_id")


class OrderShipmentInline(ReadOnlyInline):
    model = Shipment
    fields = readonly_fields = ("shipment_link", "ship_date", "source_code", "total_quantity")
    ship_date = date_column("created_at", "Ship Date")
    total_quantity = qty_column("total_qty", "Total Quantity")

    shipment_link = link_column("Shipment", "admin:sales_shipment_change", "pk", "increment_id")


class OrderStatusHistoryInline(ReadOnlyInline):
    model = OrderStatusHistory
    verbose_name = "comment"
    verbose_name_plural = "comments history"
    fields = readonly_fields = ("comment", "status_label", "notified", "visible_on_front", "created")
    notified = flag_column("is_customer_notified", "Customer Notified")
    visible_on_front = flag_column("is_visible_on_front", "Visible on Storefront")
    created = date_column("created_at", "Date")

    @admin.display(description="Status")
    def status_label(self, obj: OrderStatusHistory) -> str:
        return OrderStatus(obj.status).label if obj.status in OrderStatus.values else obj.status or ""


class OrderCreditmemoInline(ReadOnlyInline):
    """The order page's Credit Memos tab (sales_order_view_creditmemo_grid)."""

    model = Creditmemo
    fk_name = "order"
    verbose_name_plural = "credit memos"
    fields = readonly_fields = ("creditmemo_link", "created", "state", "refunded")
    created = date_column("created_at", "Created")
    refunded = money_column("base_grand_total", "Refunded", "base_currency_code")
    creditmemo_link = link_column("Credit Memo", "admin:sales_creditmemo_change", "pk", "increment_id")


@admin.register(Order)
class OrderAdmin(CreditmemoFormPages, DocumentFormPages, ReadOnlyAdmin):
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
    search_fields = ("increment_id", "customer_email", "customer_lastname")
    actions = ("cancel_orders", "hold_orders", "unhold_orders", "invoice_remaining", "print_invoices",
               "print_creditmemos")
    fieldsets = (
        ("Order & Account Information", {"fields": (
            "increment_id", "purchase_date", "status", "store_name_column", "customer_name", "email",
            "customer_group",
        )}),
        ("Payment & Shipping Method", {"fields": ("payment_method", "shipping_information")}),
        ("Order Totals", {"fields": (
            "subtotal_column", "discount_column", "shipping_column", "tax_column", "grand_total_column",
            "total_paid_column", "total_refunded_column", "total_due_column",
        )}),
    )
    readonly_fields = ("purchase_date", "store_name_column", "customer_name", "email", "customer_group",
                       "payment_method", "shipping_information", "subtotal_column", "discount_column",
                       "shipping_column", "tax_column", "grand_total_column", "total_paid_column", "total_due_column",
                       "total_refunded_column")
    inlines = (OrderItemInline, OrderAddressInline, OrderInvoiceInline, OrderShipmentInline, OrderCreditmemoInline,
               OrderStatusHistoryInline)

    grand_total_column = money_column("grand_total", "Grand Total")
    subtotal_column = money_column("subtotal", "Subtotal")
    discount_column = money_column("discount_amount", "Discount")
    shipping_column = money_column("shipping_amount", "Shipping & Handling")
    tax_column = money_column("tax_amount", "Tax")
    total_paid_column = money_column("total_paid", "Total Paid")
    # Magento's order totals: Total Refunded after Total Paid (Block/Adminhtml/Order/Totals).
    total_refunded_column = money_column("total_refunded", "Total Refunded")
    total_due_column = money_column("total_due", "Total Due")
    email = field_column("customer_email", "Email")
    customer_group = field_column("customer_group_id", "Customer Group")
    shipping_information = field_column("shipping_description", "Shipping Information")
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

    @admin.display(description="Customer Name")
    def customer_name(self, obj: Order) -> str:
        return f"{obj.customer_firstname} {obj.customer_lastname}".strip()

    @admin.display(description="Payment Method")
    def payment_method(self, obj: Order) -> str:
        return payment_title(obj)

    def has_cancel_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("sales.cancel_order")

    def has_hold_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("sales.hold_order")

    def has_unhold_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("sales.unhold_order")

    @admin.action(description="Cancel", permissions=["cancel"])
    def cancel_orders(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        done = sum(cancel_order(order) for order in queryset.order_by("pk"))
        self.report_mass_action(request, len(queryset) - done, done, (CANCELED, SOME_NOT_CANCELED, NONE_CANCELED))

    @admin.action(description="Hold", permissions=["hold"])
    def hold_orders(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        done = self.count_done(hold_order, queryset)
        self.report_mass_action(request, len(queryset) - done, done, (HELD, SOME_NOT_HELD, NONE_HELD))

    @admin.action(description="Unhold", permissions=["unhold"])
    def unhold_orders(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        done = self.count_done(unhold_order, queryset)
        self.report_mass_action(request, len(queryset) - done, done, (RELEASED, SOME_NOT_RELEASED, NONE_RELEASED))

    @staticmethod
    def count_done(action: Callable[[Order], object], queryset: QuerySet[Order]) -> int:
        """Apply ``action`` to each order; the ones it refuses (a DomainError) are counted out, as in Magento."""
        done = 0
        for order in queryset.order_by("pk"):
            try:
                action(order)
            except DomainError:
                continue
            done += 1
        return done

    def report_mass_action(
        self, request: HttpRequest, refused: int, done: int, templates: tuple[str, str, str]
    ) -> None:
        """Magento's mass-action messages: an error for the refused orders, a success for the others."""
        success, some_refused, all_refused = templates
        if refused:
            text = some_refused.replace("%1", str(refused)) if done else all_refused
            self.message_user(request, text, messages.ERROR)
        if done:
            self.message_user(request, success.replace("%1", str(done)), messages.SUCCESS)

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
        for order in queryset.order_by("pk"):
            try:
                invoice_order(order, capture=True)
            except DomainError as error:
                self.message_user(request, f"#{order.increment_id}: {error}", messages.ERROR)
            else:
                self.message_user(request, f"#{order.increment_id}: {INVOICE_CREATED}", messages.SUCCESS)

    def has_ship_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("sales.add_shipment")

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
        order_actions = [
            path(f"<path:object_id>/{name}/", self.admin_site.admin_view(partial(self.order_action_view, name)),
                 name=f"sales_order_{name}")
            for name in ORDER_ACTIONS
        ]
        return [
            path("<path:object_id>/creditmemo/", creditmemo_view, name="sales_order_creditmemo"),
            path("<path:object_id>/invoice/", invoice_view, name="sales_order_invoice"),
            path("<path:object_id>/ship/", ship_view, name="sales_order_ship"),
            *order_actions,
            *super().get_urls(),
        ]

    def render_change_form(
        self, request: HttpRequest, context: dict, add: bool = False, change: bool = False,
        form_url: str = "", obj: Order | None = None,
    ) -> HttpResponse:
        can_invoice = obj is not None and obj.can_invoice(list(obj.items.all()))
        context["show_invoice_button"] = can_invoice and self.has_invoice_permission(request)
        can_ship = obj is not None and not obj.is_virtual and any(i.qty_to_ship > 0 for i in obj.items.all())
        context["show_ship_button"] = can_ship and self.has_ship_permission(request)
        context["order_actions"] = self.available_order_actions(request, obj) if obj is not None else []
        context["show_creditmemo_button"] = (
            obj is not None and self.has_creditmemo_permission(request) and can_creditmemo(obj)
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def available_order_actions(self, request: HttpRequest, order: Order) -> list[tuple[str, str]]:
        """The buttons Magento's order view shows: (url name, label) for Cancel, Hold, Unhold when the order
        allows them (Order::canCancel, canHold, canUnhold) and the user may."""
        allowed = {
            "cancel": can_cancel(order, list(order.items.all())) and self.has_cancel_permission(request),
            "hold": order.state not in NOT_HOLDABLE_STATES and self.has_hold_permission(request),
            "unhold": order.state == OrderState.HOLDED and self.has_unhold_permission(request),
        }
        return [(name, ORDER_ACTIONS[name][0]) for name, ok in allowed.items() if ok]

    def order_action_view(self, name: str, request: HttpRequest, object_id: str) -> HttpResponse:
        """POST only (the buttons are forms): run the domain function, come back to the order with Magento's
        message; a refusal changes nothing."""
        _, permission, action, done = ORDER_ACTIONS[name]
        order = self._order_for(request, object_id, request.user.has_perm(permission))
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            changed = action(order)
        except DomainError as error:
            return self._back_to_order(request, order, str(error), messages.ERROR)
        if changed is False:  # cancel_order answers False when the order cannot be canceled
            return self._back_to_order(request, order, ORDER_NOT_CANCELED, messages.ERROR)
        return self._back_to_order(request, order, done, messages.SUCCESS)

    def creditmemo_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Magento's Sales > Orders > Credit Memo (offline): the New Memo page and its Refund Offline."""
        order = self._order_for(request, object_id, self.has_creditmemo_permission(request))
        return self.creditmemo_page(request, order, None)
