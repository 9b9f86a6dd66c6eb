"""Sales > Orders, Invoices and Shipments with Magento's grid columns, filters and mass actions.

Writes go through the domain functions the REST API calls (sales.invoicing, sales.shipping); printing through
sales.pdf.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from operator import attrgetter

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from backoffice.admin_grids import DateRangeFilter, GridAdmin, action_column, html_lines, titled
from backoffice.exceptions import DomainError
from backoffice.formats import format_datetime, format_money, plain_number
from inventory.models import Source, StockSourceLink
from inventory.source_selection import ItemRequest, select_sources_by_priority
from inventory.stocks import resolve_stock_id

from .exceptions import ORDER_DOES_NOT_ALLOW_INVOICE, ORDER_DOES_NOT_ALLOW_SHIPMENT
from .invoicing import InvoiceLine, invoice_order
from .models import (
    Creditmemo,
    Invoice,
    InvoiceComment,
    InvoiceItem,
    Order,
    OrderAddress,
    OrderItem,
    OrderState,
    OrderStatus,
    OrderStatusHistory,
    Shipment,
    ShipmentComment,
    ShipmentItem,
    ShipmentTrack,
    address_name,
)
from .orders import NOT_HOLDABLE_STATES, can_cancel, cancel_order, hold_order, unhold_order
from .pdf import address_lines, invoices_for_print, payment_title, render_invoices_pdf
from .shipping import ShipmentLine, ship_order

admin.site.site_header = "Backoffice"
admin.site.site_title = "Backoffice"
admin.site.index_title = "Dashboard"

INVOICE_CREATED = "The invoice has been created."
SHIPMENT_CREATED = "The shipment has been created."
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


def money_column(name: str, description: str, currency: str = "order_currency_code") -> Callable:
    """A list or read-only column: the money field ``name`` in the currency found at the dotted path ``currency``."""
    currency_of = attrgetter(currency)

    @admin.display(description=description, ordering=name)
    def column(self: admin.ModelAdmin, obj: object) -> str:
        return format_money(getattr(obj, name), currency_of(obj))

    return column


def qty_column(name: str, description: str) -> Callable:
    @admin.display(description=description)
    def column(self: admin.ModelAdmin, obj: object) -> str:
        return plain_number(getattr(obj, name))

    return column


def field_column(name: str, description: str) -> Callable:
    """A model field under Magento's label."""

    @admin.display(description=description, ordering=name)
    def column(self: admin.ModelAdmin, obj: object) -> object:
        return getattr(obj, name)

    return column


def date_column(name: str, description: str) -> Callable:
    @admin.display(description=description, ordering=name)
    def column(self: admin.ModelAdmin, obj: object) -> str:
        return format_datetime(getattr(obj, name))

    return column


def flag_column(name: str, description: str) -> Callable:
    """A 0/1 column (null: not applicable) shown as the admin's yes/no/unknown icon."""

    @admin.display(description=description, boolean=True)
    def column(self: admin.ModelAdmin, obj: object) -> bool | None:
        value = getattr(obj, name)
        return None if value is None else bool(value)

    return column


def address_html(address: OrderAddress | None) -> SafeString:
    """Magento's address block: name, company, street lines, "City, Region, Postcode", country, T: phone."""
    return html_lines("{}", ((line,) for line in address_lines(address)))


def pdf_response(content: bytes, prefix: str) -> HttpResponse:
    """A PDF download named like Magento's, for example invoice2025-11-25_14-37-05.pdf."""
    response = HttpResponse(content, content_type="application/pdf")
    stamp = timezone.localtime().strftime("%Y-%m-%d_%H-%M-%S")
    response["Content-Disposition"] = f'attachment; filename="{prefix}{stamp}.pdf"'
    return response


class StoreFilter(admin.SimpleListFilter):
    """Magento's store view filter ("Purchase Point" on orders, "Purchased From" on invoices and shipments)."""

    title = "Purchase Point"
    parameter_name = "store_id"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        """The stores orders were placed in: one seek on the sales_order_store index per store, not a DISTINCT
        that reads every order."""
        stores, orders = [], Order.objects.order_by("store_id").values_list("store_id", "store_name")
        while store := orders.filter(store_id__gt=stores[-1][0] if stores else -1).first():
            stores.append(store)
        return [(str(store_id), name.splitlines()[-1] if name else str(store_id)) for store_id, name in stores]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(store_id=self.value()) if self.value() else queryset


class PurchasedFromFilter(StoreFilter):
    title = "Purchased From"


def link_column(description: str, url_name: str, pk: str, label: str, ordering: str | None = None) -> Callable:
    """A column showing ``label`` (a dotted path) linked to the admin page ``url_name`` of ``pk``."""
    pk_of, label_of = attrgetter(pk), attrgetter(label)

    @admin.display(description=description, ordering=ordering)
    def column(self: admin.ModelAdmin, obj: object) -> SafeString:
        return format_html('<a href="{}">{}</a>', reverse(url_name, args=[pk_of(obj)]), label_of(obj))

    return column


def order_link_column(description: str) -> Callable:
    """A document's order number, linked to the order page."""
    return link_column(description, "admin:sales_order_change", "order_id", "order.increment_id",
                       ordering="order__increment_id")


@admin.display(description="Order Date", ordering="order__created_at")
def order_date_column(self: admin.ModelAdmin, obj: Invoice | Shipment) -> str:
    return format_datetime(obj.order.created_at)


class ReadOnlyInline(admin.TabularInline):
    """Documents change only through domain functions; their inlines are for reading."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ReadOnlyAdmin(GridAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


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


class InvoiceForm(forms.Form):
    """Magento's New Invoice form: a quantity per item still to invoice, a comment and the email flag."""

    comment = forms.CharField(label="Comment", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    notify = forms.BooleanField(label="Email Copy of Invoice", required=False)

    def __init__(self, items: list[OrderItem], *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[self.qty_field(item)] = forms.DecimalField(
                label="Qty to Invoice", initial=plain_number(item.qty_to_invoice), min_value=0, decimal_places=4
            )

    @staticmethod
    def qty_field(item: OrderItem) -> str:
        return f"qty_{item.pk}"

    def rows(self) -> list[tuple[OrderItem, str, str, str, forms.BoundField]]:
        """Per item: the item, its price, qty ordered and invoiced as displayed, and its Qty to Invoice input."""
        return [
            (
                item,
                format_money(item.price, item.order.order_currency_code),
                plain_number(item.qty_ordered),
                plain_number(item.qty_invoiced),
                self[self.qty_field(item)],
            )
            for item in self.items
        ]

    def lines(self) -> list[InvoiceLine]:
        return [InvoiceLine(item.pk, self.cleaned_data[self.qty_field(item)]) for item in self.items]


class ShipmentForm(forms.Form):
    """Magento's New Shipment form under MSI: the source to ship from, a quantity per item, comment, email."""

    source_code = forms.ChoiceField(label="Source")
    comment = forms.CharField(label="Comment", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    notify = forms.BooleanField(label="Email Copy of Shipment", required=False)

    def __init__(self, items: list[OrderItem], sources: list[tuple[str, str]], *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        self.fields["source_code"].choices = sources
        for item in items:
            self.fields[self.qty_field(item)] = forms.DecimalField(
                label="Qty to Ship", initial=plain_number(item.qty_to_ship), min_value=0, decimal_places=4
            )

    @staticmethod
    def qty_field(item: OrderItem) -> str:
        return f"qty_{item.pk}"

    def rows(self) -> list[tuple[OrderItem, str, str, forms.BoundField]]:
        return [
            (item, plain_number(item.qty_ordered), plain_number(item.qty_shipped), self[self.qty_field(item)])
            for item in self.items
        ]

    def lines(self) -> list[ShipmentLine]:
        return [ShipmentLine(item.pk, self.cleaned_data[self.qty_field(item)]) for item in self.items]


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    """Sales > Orders: Magento's sales_order_grid columns, filters and mass actions."""

    list_display = (
        "increment_id", "store_name_column", "purchase_date", "bill_to_name", "ship_to_name",
        "base_grand_total_column", "grand_total_column", "status_column", "allocated_sources", "action",
    )
    list_filter = (("status", titled(admin.ChoicesFieldListFilter, "Status")), ("created_at", DateRangeFilter),
                   StoreFilter)
    search_fields = ("increment_id", "customer_email", "customer_lastname")
    actions = ("cancel_orders", "hold_orders", "unhold_orders", "invoice_remaining", "print_invoices")
    fieldsets = (
        ("Order & Account Information", {"fields": (
            "increment_id", "purchase_date", "status", "store_name_column", "customer_name", "email",
            "customer_group",
        )}),
        ("Payment & Shipping Method", {"fields": ("payment_method", "shipping_information")}),
        ("Order Totals", {"fields": (
            "subtotal_column", "discount_column", "shipping_column", "tax_column", "grand_total_column",
            "total_paid_column", "total_due_column",
        )}),
    )
    readonly_fields = ("purchase_date", "store_name_column", "customer_name", "email", "customer_group",
                       "payment_method", "shipping_information", "subtotal_column", "discount_column",
                       "shipping_column", "tax_column", "grand_total_column", "total_paid_column", "total_due_column")
    inlines = (OrderItemInline, OrderAddressInline, OrderInvoiceInline, OrderShipmentInline, OrderStatusHistoryInline)

    base_grand_total_column = money_column("base_grand_total", "Grand Total (Base)", "base_currency_code")
    grand_total_column = money_column("grand_total", "Grand Total (Purchased)")
    subtotal_column = money_column("subtotal", "Subtotal")
    discount_column = money_column("discount_amount", "Discount")
    shipping_column = money_column("shipping_amount", "Shipping & Handling")
    tax_column = money_column("tax_amount", "Tax")
    total_paid_column = money_column("total_paid", "Total Paid")
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

    @admin.display(description="Allocated sources")
    def allocated_sources(self, obj: Order) -> SafeString:
        return html_lines("{}", ((name,) for name in getattr(obj, "allocated_source_names", [])))

    @admin.display(description="Purchase Point", ordering="store_name")
    def store_name_column(self, obj: Order) -> SafeString:
        return html_lines("{}", ((line,) for line in obj.store_name.splitlines()))

    @admin.display(description="Bill-to Name", ordering="bill_to_name")
    def bill_to_name(self, obj: Order) -> str:
        return obj.bill_to_name or ""

    @admin.display(description="Ship-to Name", ordering="ship_to_name")
    def ship_to_name(self, obj: Order) -> str:
        return obj.ship_to_name or ""

    @admin.display(description="Status", ordering="status")
    def status_column(self, obj: Order) -> str:
        return obj.get_status_display()

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

    def get_urls(self) -> list[URLPattern]:
        invoice_view = self.admin_site.admin_view(self.invoice_view)
        ship_view = self.admin_site.admin_view(self.ship_view)
        order_actions = [
            path(f"<path:object_id>/{name}/", self.admin_site.admin_view(partial(self.order_action_view, name)),
                 name=f"sales_order_{name}")
            for name in ORDER_ACTIONS
        ]
        return [
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

    def invoice_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Magento's Sales > Orders > Invoice: the New Invoice page and its Submit Invoice."""
        order = self._order_for(request, object_id, self.has_invoice_permission(request))
        items = list(order.items.all())
        if not order.can_invoice(items):
            return self._back_to_order(request, order, ORDER_DOES_NOT_ALLOW_INVOICE, messages.ERROR)
        form = InvoiceForm([item for item in items if item.qty_to_invoice > 0], request.POST or None)
        return self._document_page(
            request, order, form, "New Invoice", "admin/sales/order/invoice_form.html", INVOICE_CREATED,
            lambda: invoice_order(
                order, items=form.lines(), capture=True, notify=form.cleaned_data["notify"],
                comment=form.cleaned_data["comment"] or None,
            ),
        )

    def ship_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Magento's Sales > Orders > Ship under MSI: the source pre-selected by the priority algorithm."""
        order = self._order_for(request, object_id, self.has_ship_permission(request))
        items = [item for item in order.items.all() if item.qty_to_ship > 0]
        if not items:
            return self._back_to_order(request, order, ORDER_DOES_NOT_ALLOW_SHIPMENT, messages.ERROR)
        stock_id = resolve_stock_id()
        sources = [
            (link.source_id, f"{link.source.name} ({link.source_id})")
            for link in StockSourceLink.objects.filter(stock_id=stock_id, source__enabled=True).select_related("source")
        ]
        selection = select_sources_by_priority(stock_id, [ItemRequest(i.sku, i.qty_to_ship) for i in items])
        recommended = [s for s in selection.source_selection_items if s.qty_to_deduct > 0]
        initial = {"source_code": recommended[0].source_code if recommended else None}
        form = ShipmentForm(items, sources, request.POST or None, initial=initial)
        return self._document_page(
            request, order, form, "New Shipment", "admin/sales/order/ship_form.html", SHIPMENT_CREATED,
            lambda: ship_order(
                order, items=form.lines(), source_code=form.cleaned_data["source_code"],
                notify=form.cleaned_data["notify"], comment=form.cleaned_data["comment"] or None,
            ),
            selection=recommended,
        )

    def _order_for(self, request: HttpRequest, object_id: str, allowed: bool) -> Order:
        if not allowed:
            raise PermissionDenied
        order = self.get_object(request, unquote(object_id))
        if order is None:
            raise Http404
        return order

    def _back_to_order(self, request: HttpRequest, order: Order, message: str, level: int) -> HttpResponse:
        self.message_user(request, message, level)
        return HttpResponseRedirect(reverse("admin:sales_order_change", args=[order.pk]))

    def _document_page(
        self, request: HttpRequest, order: Order, form: forms.Form, title: str, template: str, done: str,
        create: Callable[[], object], **extra_context: object,
    ) -> HttpResponse:
        """A New Invoice / New Shipment page: on a valid POST, ``create`` (the domain function) runs; its
        refusal is shown on the page again, with nothing written."""
        if request.method == "POST" and form.is_valid():
            try:
                create()
            except DomainError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                return self._back_to_order(request, order, done, messages.SUCCESS)
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": f"#{order.increment_id}",
            "opts": self.opts,
            "original": order,
            "order_url": reverse("admin:sales_order_change", args=[order.pk]),
            "form": form,
            **extra_context,
        }
        return TemplateResponse(request, template, context)


class InvoiceItemInline(ReadOnlyInline):
    model = InvoiceItem
    verbose_name = "item invoiced"
    verbose_name_plural = "items invoiced"
    fields = readonly_fields = ("sku_column", "product", "price_column", "quantity", "row_total_column", "tax_column",
                                "discount_column")
    sku_column = field_column("sku", "SKU")
    product = field_column("name", "Product")
    price_column = money_column("price", "Price", "parent.order_currency_code")
    quantity = qty_column("qty", "Qty")
    row_total_column = money_column("row_total", "Row Total", "parent.order_currency_code")
    tax_column = money_column("tax_amount", "Tax Amount", "parent.order_currency_code")
    discount_column = money_column("discount_amount", "Discount Amount", "parent.order_currency_code")


class InvoiceCommentInline(ReadOnlyInline):
    model = InvoiceComment
    fields = readonly_fields = ("comment", "notified", "visible_on_front", "created")
    notified = flag_column("is_customer_notified", "Customer Notified")
    visible_on_front = flag_column("is_visible_on_front", "Visible on Storefront")
    created = date_column("created_at", "Date")


class OrderDocumentColumns:
    """What an invoice and a credit memo grid share (Magento's filters and keyword search), and the columns they
    show of their order on the grid and the document page."""

    list_filter = ("state", ("created_at", DateRangeFilter),
                   ("order__created_at", titled(DateRangeFilter, "Order Date")), PurchasedFromFilter)
    search_fields = ("increment_id", "order__increment_id", "order__customer_email")
    ordering = ("increment_id",)

    @admin.display(description="Bill-to Name", ordering="bill_to_name")
    def bill_to_name(self, obj: Invoice | Creditmemo) -> str:
        return obj.bill_to_name or ""

    @admin.display(description="Order Status")
    def order_status(self, obj: Invoice | Creditmemo) -> str:
        return obj.order.get_status_display()

    @admin.display(description="Customer Name")
    def customer_name(self, obj: Invoice | Creditmemo) -> str:
        return f"{obj.order.customer_firstname} {obj.order.customer_lastname}".strip()

    @admin.display(description="Email")
    def email(self, obj: Invoice | Creditmemo) -> str:
        return obj.order.customer_email

    @admin.display(description="Billing Address")
    def billing_address(self, obj: Invoice | Creditmemo) -> SafeString:
        return address_html(obj.order.address(OrderAddress.Type.BILLING))

    @admin.display(description="Shipping Address")
    def shipping_address(self, obj: Invoice | Creditmemo) -> SafeString:
        return address_html(obj.order.address(OrderAddress.Type.SHIPPING))

    @admin.display(description="Payment Method")
    def payment_method(self, obj: Invoice | Creditmemo) -> str:
        return payment_title(obj.order)

    @admin.display(description="Shipping Information")
    def shipping_information(self, obj: Invoice | Creditmemo) -> str:
        return obj.order.shipping_description or ""


@admin.register(Invoice)
class InvoiceAdmin(OrderDocumentColumns, ReadOnlyAdmin):
    """Sales > Invoices: Magento's sales_order_invoice_grid, its "PDF Invoices" mass action and the invoice page."""

    list_display = (
        "increment_id", "invoice_date", "order_link", "order_date", "bill_to_name", "state",
        "base_grand_total_column", "grand_total_column", "action",
    )
    actions = ("pdf_invoices",)
    fieldsets = (
        ("Order & Account Information", {"fields": (
            "increment_id", "invoice_date", "state", "order_link", "order_date", "order_status", "customer_name",
            "email",
        )}),
        ("Address Information", {"fields": ("billing_address", "shipping_address")}),
        ("Payment & Shipping Method", {"fields": ("payment_method", "shipping_information")}),
        ("Invoice Totals", {"fields": (
            "subtotal_column", "discount_column", "shipping_column", "tax_column", "grand_total_column",
        )}),
    )
    readonly_fields = ("invoice_date", "order_link", "order_date", "order_status", "customer_name", "email",
                       "billing_address", "shipping_address", "payment_method", "shipping_information",
                       "subtotal_column", "discount_column", "shipping_column", "tax_column", "grand_total_column")
    inlines = (InvoiceItemInline, InvoiceCommentInline)

    invoice_date = date_column("created_at", "Invoice Date")
    base_grand_total_column = money_column("base_grand_total", "Grand Total (Base)", "base_currency_code")
    grand_total_column = money_column("grand_total", "Grand Total (Purchased)")
    subtotal_column = money_column("subtotal", "Subtotal")
    discount_column = money_column("discount_amount", "Discount")
    shipping_column = money_column("shipping_amount", "Shipping & Handling")
    tax_column = money_column("tax_amount", "Tax")
    action = action_column("View")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Invoice]:
        return (
            super().get_queryset(request)
            .select_related("order", "order__payment")
            .annotate(bill_to_name=address_name("order_id", OrderAddress.Type.BILLING))
        )

    def get_urls(self) -> list[URLPattern]:
        print_view = self.admin_site.admin_view(self.print_view)
        return [path("<path:object_id>/print/", print_view, name="sales_invoice_print"), *super().get_urls()]

    def render_change_form(
        self, request: HttpRequest, context: dict, add: bool = False, change: bool = False,
        form_url: str = "", obj: Invoice | None = None,
    ) -> HttpResponse:
        if obj is not None:
            context["print_url"] = reverse("admin:sales_invoice_print", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def print_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The invoice page's "Print": this invoice as Magento's PDF."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        invoices = list(invoices_for_print(Invoice.objects.filter(pk=unquote(object_id))))
        if not invoices:
            raise Http404
        return pdf_response(render_invoices_pdf(invoices), "invoice")

    @admin.action(description="PDF Invoices", permissions=["view"])
    def pdf_invoices(self, request: HttpRequest, queryset: QuerySet[Invoice]) -> HttpResponse:
        return pdf_response(render_invoices_pdf(invoices_for_print(queryset)), "invoice")

    order_link = order_link_column("Order #")
    order_date = order_date_column


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


@admin.register(Shipment)
class ShipmentAdmin(ReadOnlyAdmin):
    """Sales > Shipments, Magento's sales_order_shipment_grid columns plus the MSI source."""

    list_display = ("increment_id", "ship_date", "order_link", "order_date", "ship_to_name", "total_quantity",
                    "source", "action")
    list_filter = (("source_code", titled(admin.AllValuesFieldListFilter, "Source")), ("created_at", DateRangeFilter),
                   ("order__created_at", titled(DateRangeFilter, "Order Date")), PurchasedFromFilter)
    search_fields = ("increment_id", "order__increment_id", "order__customer_email")
    ordering = ("increment_id",)
    fields = readonly_fields = ("increment_id", "ship_date", "order_link", "order_date", "ship_to_name",
                                "total_quantity", "source")
    inlines = (ShipmentItemInline, ShipmentTrackInline, ShipmentCommentInline)

    ship_date = date_column("created_at", "Ship Date")
    total_quantity = qty_column("total_qty", "Total Quantity")
    source = field_column("source_code", "Source")
    action = action_column("View")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Shipment]:
        return (
            super().get_queryset(request)
            .select_related("order")
            .annotate(ship_to_name=address_name("order_id", OrderAddress.Type.SHIPPING))
        )

    order_link = order_link_column("Order")
    order_date = order_date_column

    @admin.display(description="Ship-to Name", ordering="ship_to_name")
    def ship_to_name(self, obj: Shipment) -> str:
        return obj.ship_to_name or ""


from . import admin_creditmemos  # noqa: E402, F401  Sales > Credit Memos; the Credit Memo buttons
