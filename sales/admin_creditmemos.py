"""Sales > Credit Memos, the credit memo page and PDF, and the Credit Memo buttons of the order and invoice pages.

Magento_Sales adminhtml: Order\\Creditmemo\\NewAction / Save (the New Memo form, "Refund Offline"),
Creditmemo\\View, Creditmemo\\Pdfcreditmemos, Order\\Pdfcreditmemos ("Print Credit Memos"), the order view's
Credit Memos tab. Writes go through sales.refunds.refund_creditmemo, Magento's admin path
(CreditmemoManagementInterface::refund, the function behind POST /V1/creditmemo/refund), offline.

Imported once, at the end of sales/admin.py: the order and invoice pages registered there are registered
again here as subclasses with the Credit Memo buttons, the New Memo page and the credit memo list.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.safestring import SafeString

from backoffice.admin_grids import DateRangeFilter, action_column, titled
from backoffice.admin_writes import describe
from backoffice.exceptions import DomainError
from backoffice.formats import format_money, plain_number

from . import admin as sales_admin
from .admin import (
    NO_PRINTABLE_DOCUMENTS,
    PurchasedFromFilter,
    ReadOnlyAdmin,
    ReadOnlyInline,
    address_html,
    date_column,
    field_column,
    flag_column,
    link_column,
    money_column,
    order_date_column,
    order_link_column,
    pdf_response,
    qty_column,
)
from .exceptions import DocumentValidationError
from .models import (
    AMOUNT_DIGITS,
    QTY_DIGITS,
    Creditmemo,
    CreditmemoComment,
    CreditmemoItem,
    CreditmemoState,
    Invoice,
    InvoiceState,
    Order,
    OrderAddress,
    OrderItem,
    OrderState,
    address_name,
)
from .pdf import creditmemos_for_print, payment_title, render_creditmemos_pdf
from .refunds import RefundArguments, RefundComment, RefundItem, notify_creditmemo, refund_creditmemo

# Magento_Sales Controller/Adminhtml/Order/Creditmemo/Save and CreditmemoLoader.
CREDITMEMO_CREATED = "You created the credit memo."
CANNOT_CREDITMEMO = "We can't create credit memo for the order."
REFUND_PERMISSION = "sales.add_creditmemo"  # Magento_Sales::creditmemo, the order page's Credit Memo action
EMAIL_PERMISSION = "sales.change_creditmemo"  # the credit memo's comments and emails (sales 0009)
EMAIL_SENT = "You sent the message."  # Creditmemo/AbstractCreditmemo/Email
EMAIL_QUESTION = "Are you sure you want to send a credit memo email to customer?"  # Creditmemo/View's button


# Amounts and quantities as their columns hold them (decimal(20,4), decimal(12,4)), never negative.
AMOUNT = {"min_value": 0, "max_digits": AMOUNT_DIGITS, "decimal_places": 4}


class CreditmemoForm(forms.Form):
    """Magento's New Memo form (order/creditmemo/create/items.phtml, totals/adjustments.phtml): per item Qty to
    Refund (what can still be refunded) and Return to Stock (unchecked: cataloginventory/item_options/auto_return
    is 0 by default); Refund Shipping (what is still refundable), Adjustment Refund, Adjustment Fee; the comment,
    Append Comments and Email Copy of Credit Memo."""

    shipping_amount = forms.DecimalField(label="Refund Shipping", **AMOUNT)
    adjustment_positive = forms.DecimalField(label="Adjustment Refund", initial="0", **AMOUNT)
    adjustment_negative = forms.DecimalField(label="Adjustment Fee", initial="0", **AMOUNT)
    comment = forms.CharField(label="Comment Text", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    append_comment = forms.BooleanField(label="Append Comments", required=False)
    notify = forms.BooleanField(label="Email Copy of Credit Memo", required=False)

    def __init__(
        self, items: list[tuple[OrderItem, Decimal]], shipping: Decimal, *args: object, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        self.fields["shipping_amount"].initial = plain_number(shipping)
        for item, refundable in items:
            self.fields[self.qty_field(item)] = forms.DecimalField(
                label="Qty to Refund", initial=plain_number(refundable), min_value=0, max_digits=QTY_DIGITS,
                decimal_places=4,
            )
            self.fields[self.back_to_stock_field(item)] = forms.BooleanField(label="Return to Stock", required=False)

    @staticmethod
    def qty_field(item: OrderItem) -> str:
        return f"qty_{item.pk}"

    @staticmethod
    def back_to_stock_field(item: OrderItem) -> str:
        return f"back_to_stock_{item.pk}"

    def rows(self) -> list[tuple[OrderItem, str, list[tuple[str, str]], forms.BoundField, forms.BoundField]]:
        """Per item: the item, its price, its quantities as Magento's Qty column lists them, Return to Stock and
        Qty to Refund."""
        rows = []
        for item, _ in self.items:
            quantities = [(label, plain_number(value)) for label, value in (
                ("Ordered", item.qty_ordered), ("Invoiced", item.qty_invoiced), ("Shipped", item.qty_shipped),
                ("Refunded", item.qty_refunded), ("Canceled", item.qty_canceled),
            ) if value]
            rows.append((
                item, format_money(item.price, item.order.order_currency_code), quantities,
                self[self.back_to_stock_field(item)], self[self.qty_field(item)],
            ))
        return rows

    def refund_totals(self) -> list[forms.BoundField]:
        return [self["shipping_amount"], self["adjustment_positive"], self["adjustment_negative"]]

    def refund(self) -> dict[str, object]:
        """The keyword arguments of refund_creditmemo: the items, Email Copy (notify), Append Comments, the
        comment and the arguments (shipping, adjustments, return_to_stock_items)."""
        data = self.cleaned_data
        return {
            "items": [RefundItem(item.pk, data[self.qty_field(item)]) for item, _ in self.items],
            "notify": data["notify"],
            "append_comment": data["append_comment"],
            "comment": RefundComment(data["comment"]) if data["comment"] else None,
            "arguments": RefundArguments(
                shipping_amount=data["shipping_amount"],
                adjustment_positive=data["adjustment_positive"],
                adjustment_negative=data["adjustment_negative"],
                return_to_stock_items=[item.pk for item, _ in self.items if data[self.back_to_stock_field(item)]],
            ),
        }


ZERO = Decimal(0)
TOLERANCE = Decimal("0.0001")
CENT = Decimal("0.01")


def can_creditmemo(order: Order) -> bool:
    """Magento's Order::canCreditmemo: not on hold, in payment review, canceled or closed, and some of what was
    paid not yet refunded (nor kept back as the first credit memo's Adjustment Fee); a zero-total order, once
    invoiced, until its first credit memo (canCreditmemoForZeroTotal). The domain function decides; this says
    whether to offer the button."""
    if order.state in (OrderState.HOLDED, OrderState.PAYMENT_REVIEW, OrderState.CANCELED, OrderState.CLOSED):
        return False
    paid, refunded = order.total_paid or ZERO, order.total_refunded or ZERO
    left = paid.quantize(CENT, ROUND_HALF_UP) - refunded
    kept_as_fee = abs(left - (order.adjustment_negative or ZERO)) < TOLERANCE
    if abs(order.grand_total) >= TOLERANCE:
        return abs(left) >= TOLERANCE and not kept_as_fee
    paid_at_most_total = paid <= order.grand_total
    due = paid_at_most_total and order.can_invoice(list(order.items.all()))
    all_refunded = refunded == paid and order.creditmemos.exists()
    return not (due or all_refunded or (not paid_at_most_total and kept_as_fee))


def refundable_shipping(order: Order, invoice: Invoice | None = None) -> Decimal:
    """The Refund Shipping default (Creditmemo\\Total\\Shipping, CreditmemoFactory::getShippingAmount): the
    order's shipping not yet refunded, at most the invoice's."""
    amount = order.base_shipping_amount - (order.base_shipping_refunded or ZERO)
    return max(min(amount, invoice.base_shipping_amount) if invoice is not None else amount, ZERO)


def refundable_items(order: Order, invoice: Invoice | None = None) -> list[tuple[OrderItem, Decimal]]:
    """The items the form lists with their Qty to Refund defaults (CreditmemoFactory::createByOrder /
    createByInvoice): what was invoiced and not refunded; for an invoice, at most its quantity less what its
    earlier credit memos refunded."""
    items = list(order.items.all())
    if invoice is None:
        return [(item, item.qty_to_refund) for item in items if item.qty_to_refund > 0]
    invoiced = {line.order_item_id: line.qty for line in invoice.items.all()}
    refunded: dict[int, Decimal] = {}
    for line in CreditmemoItem.objects.filter(parent__invoice=invoice).exclude(parent__state=CreditmemoState.CANCELED):
        refunded[line.order_item_id] = refunded.get(line.order_item_id, ZERO) + line.qty
    rows = [
        (item, min(item.qty_to_refund, invoiced[item.pk] - refunded.get(item.pk, ZERO)))
        for item in items if item.pk in invoiced
    ]
    return [(item, qty) for item, qty in rows if qty > 0]


class OrderCreditmemoInline(ReadOnlyInline):
    """The order page's Credit Memos tab (sales_order_view_creditmemo_grid)."""

    model = Creditmemo
    fk_name = "order"
    verbose_name_plural = "credit memos"
    fields = readonly_fields = ("creditmemo_link", "created", "state", "refunded")
    created = date_column("created_at", "Created")
    refunded = money_column("base_grand_total", "Refunded", "base_currency_code")
    creditmemo_link = link_column("Credit Memo", "admin:sales_creditmemo_change", "pk", "increment_id")


class CreditmemoFormPages:
    """The New Memo page for an order (``invoice`` None) or one invoice: Magento's NewAction and Save."""

    def creditmemo_page(self, request: HttpRequest, order: Order, invoice: Invoice | None) -> HttpResponse:
        if not can_creditmemo(order):
            self.message_user(request, CANNOT_CREDITMEMO, messages.ERROR)
            return HttpResponseRedirect(back_url(order, invoice))
        items = refundable_items(order, invoice)
        form = CreditmemoForm(items, refundable_shipping(order, invoice), request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                refund_creditmemo(
                    order.pk, invoice_id=invoice.pk if invoice else None, offline_requested=True, **form.refund()
                )
            except DocumentValidationError as error:
                # Magento's admin shows the validator's sentence (CreditmemoService::refund), without the REST
                # "Creditmemo Document Validation Error(s):" heading.
                for reason in error.reasons:
                    self.message_user(request, reason, messages.ERROR)
            except DomainError as error:
                self.message_user(request, describe(error), messages.ERROR)
            else:
                self.message_user(request, CREDITMEMO_CREATED, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:sales_order_change", args=[order.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": "New Memo" if invoice is None else f"New Memo for #{invoice.increment_id}",
            "subtitle": f"#{order.increment_id}",
            "opts": Order._meta,
            "original": order,
            "order_url": reverse("admin:sales_order_change", args=[order.pk]),
            "back_url": back_url(order, invoice),
            "form": form,
            "totalbar": order_totalbar(order),
        }
        return TemplateResponse(request, "admin/sales/order/creditmemo_form.html", context)


def back_url(order: Order, invoice: Invoice | None) -> str:
    if invoice is None:
        return reverse("admin:sales_order_change", args=[order.pk])
    return reverse("admin:sales_invoice_change", args=[invoice.pk])


def order_totalbar(order: Order) -> list[tuple[str, str]]:
    """The New Memo page's order total bar (Creditmemo\\Create\\Items::getOrderTotalbarData)."""
    currency = order.order_currency_code
    return [(label, format_money(value or ZERO, currency)) for label, value in (
        ("Paid Amount", order.total_invoiced), ("Refund Amount", order.total_refunded),
        ("Shipping Amount", order.shipping_invoiced), ("Shipping Refund", order.shipping_refunded),
        ("Order Grand Total", order.grand_total),
    )]


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


class CreditmemoItemInline(ReadOnlyInline):
    model = CreditmemoItem
    verbose_name = "item refunded"
    verbose_name_plural = "items refunded"
    fields = readonly_fields = ("sku_column", "product", "price_column", "quantity", "subtotal_column",
                                "tax_column", "discount_column", "row_total_column")
    sku_column = field_column("sku", "SKU")
    product = field_column("name", "Product")
    price_column = money_column("price", "Price", "parent.order_currency_code")
    quantity = qty_column("qty", "Qty")
    subtotal_column = money_column("row_total", "Subtotal", "parent.order_currency_code")
    tax_column = money_column("tax_amount", "Tax Amount", "parent.order_currency_code")
    discount_column = money_column("discount_amount", "Discount Amount", "parent.order_currency_code")

    @admin.display(description="Row Total")
    def row_total_column(self, obj: CreditmemoItem) -> str:
        total = obj.row_total + obj.tax_amount + obj.discount_tax_compensation_amount - (obj.discount_amount or ZERO)
        return format_money(total, obj.parent.order_currency_code)


class CreditmemoCommentInline(ReadOnlyInline):
    model = CreditmemoComment
    verbose_name_plural = "credit memo history"
    fields = readonly_fields = ("comment", "notified", "visible_on_front", "created")
    notified = flag_column("is_customer_notified", "Customer Notified")
    visible_on_front = flag_column("is_visible_on_front", "Visible on Storefront")
    created = date_column("created_at", "Date")


@admin.register(Creditmemo)
class CreditmemoAdmin(ReadOnlyAdmin):
    """Sales > Credit Memos: Magento's sales_order_creditmemo_grid (Credit Memo, Created, Order #, Order Date,
    Bill-to Name, Status, Refunded), its "PDF Credit Memos" mass action and the credit memo page."""

    list_display = ("increment_id", "created", "order_link", "order_date", "bill_to_name", "state", "refunded",
                    "action")
    list_filter = ("state", ("created_at", DateRangeFilter),
                   ("order__created_at", titled(DateRangeFilter, "Order Date")), PurchasedFromFilter)
    search_fields = ("increment_id", "order__increment_id", "order__customer_email")
    ordering = ("increment_id",)
    actions = ("pdf_creditmemos",)
    fieldsets = (
        ("Order & Account Information", {"fields": (
            "increment_id", "created", "state", "order_link", "order_date", "order_status", "customer_name",
            "email",
        )}),
        ("Address Information", {"fields": ("billing_address", "shipping_address")}),
        ("Payment & Shipping Method", {"fields": ("payment_method", "shipping_information")}),
        ("Credit Memo Totals", {"fields": (
            "subtotal_column", "discount_column", "shipping_column", "adjustment_positive_column",
            "adjustment_negative_column", "tax_column", "grand_total_column",
        )}),
    )
    readonly_fields = ("created", "order_link", "order_date", "order_status", "customer_name", "email",
                       "billing_address", "shipping_address", "payment_method", "shipping_information",
                       "subtotal_column", "discount_column", "shipping_column", "adjustment_positive_column",
                       "adjustment_negative_column", "tax_column", "grand_total_column")
    inlines = (CreditmemoItemInline, CreditmemoCommentInline)

    created = date_column("created_at", "Created")
    refunded = money_column("base_grand_total", "Refunded", "base_currency_code")
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
            super().get_queryset(request)
            .select_related("order", "order__payment")
            .annotate(bill_to_name=address_name("order_id", OrderAddress.Type.BILLING))
        )

    def get_urls(self) -> list[URLPattern]:
        print_view = self.admin_site.admin_view(self.print_view)
        email_view = self.admin_site.admin_view(self.email_view)
        return [
            path("<path:object_id>/print/", print_view, name="sales_creditmemo_print"),
            path("<path:object_id>/email/", email_view, name="sales_creditmemo_email"),
            *super().get_urls(),
        ]

    def has_email_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(EMAIL_PERMISSION)

    def render_change_form(
        self, request: HttpRequest, context: dict, add: bool = False, change: bool = False,
        form_url: str = "", obj: Creditmemo | None = None,
    ) -> HttpResponse:
        if obj is not None:
            context["print_url"] = reverse("admin:sales_creditmemo_print", args=[obj.pk])
            if self.has_email_permission(request):
                context["email_url"] = reverse("admin:sales_creditmemo_email", args=[obj.pk])
                context["email_question"] = EMAIL_QUESTION
        return super().render_change_form(request, context, add, change, form_url, obj)

    def email_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The credit memo page's "Send Email" (Creditmemo/AbstractCreditmemo/Email): POST only, after Magento's
        question; the email leaves after commit."""
        if not self.has_email_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        creditmemo = self.get_object(request, unquote(object_id))
        if creditmemo is None:
            raise Http404
        notify_creditmemo(creditmemo.pk)
        self.message_user(request, EMAIL_SENT, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:sales_creditmemo_change", args=[creditmemo.pk]))

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

    @admin.display(description="Bill-to Name", ordering="bill_to_name")
    def bill_to_name(self, obj: Creditmemo) -> str:
        return obj.bill_to_name or ""

    @admin.display(description="Order Status")
    def order_status(self, obj: Creditmemo) -> str:
        return obj.order.get_status_display()

    @admin.display(description="Customer Name")
    def customer_name(self, obj: Creditmemo) -> str:
        return f"{obj.order.customer_firstname} {obj.order.customer_lastname}".strip()

    @admin.display(description="Email")
    def email(self, obj: Creditmemo) -> str:
        return obj.order.customer_email

    @admin.display(description="Billing Address")
    def billing_address(self, obj: Creditmemo) -> SafeString:
        return address_html(obj.order.address(OrderAddress.Type.BILLING))

    @admin.display(description="Shipping Address")
    def shipping_address(self, obj: Creditmemo) -> SafeString:
        return address_html(obj.order.address(OrderAddress.Type.SHIPPING))

    @admin.display(description="Payment Method")
    def payment_method(self, obj: Creditmemo) -> str:
        return payment_title(obj.order)

    @admin.display(description="Shipping Information")
    def shipping_information(self, obj: Creditmemo) -> str:
        return obj.order.shipping_description or ""
