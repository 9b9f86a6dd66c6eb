"""What the sales pages share: column builders (money, quantity, date, yes/no, links), the store filters, the
read-only bases (documents change only through domain functions), the PDF download, and OrderDocumentColumns,
the order columns of the invoice and credit memo pages."""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from backoffice.admin_grids import (  # noqa: F401 (date_column: the sales pages import it from here)
    DateRangeFilter,
    GridAdmin,
    csv_value,
    date_column,
    html_lines,
    status_label,
    titled,
)
from backoffice.formats import format_datetime, format_money, plain_number, raw_money

from ..models import Creditmemo, Invoice, Order, OrderAddress, Shipment
from ..pdf import address_lines, payment_title


def money_column(name: str, description: str, currency: str = "order_currency_code") -> Callable:
    """A list or read-only column: the money field ``name`` in the currency found at the dotted path ``currency``."""
    currency_of = attrgetter(currency)

    @csv_value(lambda admin, obj: raw_money(getattr(obj, name)))
    @admin.display(description=description, ordering=name)
    def column(self: admin.ModelAdmin, obj: object) -> str:
        return format_money(getattr(obj, name), currency_of(obj))

    return column


def qty_column(name: str, description: str) -> Callable:
    @csv_value(lambda admin, obj: getattr(obj, name))
    @admin.display(description=description)
    def column(self: admin.ModelAdmin, obj: object) -> str:
        return plain_number(getattr(obj, name))

    return column


def state_column(description: str = "Status") -> Callable:
    """A document's state (Pending, Paid, Refunded, Canceled) as a coloured label; the label in the CSV."""

    @csv_value(lambda admin, obj: obj.get_state_display())
    @admin.display(description=description, ordering="state")
    def column(self: admin.ModelAdmin, obj: Invoice | Creditmemo) -> SafeString:
        label = obj.get_state_display()
        return status_label(label.lower(), label)

    return column


def field_column(name: str, description: str) -> Callable:
    """A model field under Magento's label."""

    @admin.display(description=description, ordering=name)
    def column(self: admin.ModelAdmin, obj: object) -> object:
        return getattr(obj, name)

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


@csv_value(lambda admin, obj: obj.order.created_at)
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
    """The sales grids (orders, invoices, shipments, credit memos): no add, change or delete rows; counts stop at
    10,000 ("10,000+ records found"), a keyword search's at 1,000 (README "Admin grids"): an exact count of a
    million rows reads them all, and each match of a search a page of its search rows."""

    count_limit = 10_000
    search_count_limit = 1_000

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class OrderDocumentColumns:
    """What an invoice and a credit memo grid share (Magento's filters; their keyword search: sales/search.py), and the columns they
    show of their order on the grid and the document page."""

    list_filter = ("state", ("created_at", DateRangeFilter),
                   ("order__created_at", titled(DateRangeFilter, "Order Date")), PurchasedFromFilter)
    # no ordering: the model's, newest first as on every grid (Magento sorts its document grids oldest first)

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

