"""The order page (Magento's sales_order_view): its tabs (Information, Invoices, Credit Memos, Shipments, Comments
History), the buttons the order's state allows (Order::canInvoice, canShip, canCreditmemo, canCancel, canHold,
canUnhold), the Comments History form (Controller/Adminhtml/Order/AddComment) and Send Email
(Controller/Adminhtml/Order/Email). Names, not codes: customer group, country, product type, status labels.

The tabs' tables and history lines are in order_tabs.py. Writes go through the domain functions the REST API
calls: sales.orders.add_order_comment, notify_order, cancel_order, hold_order, unhold_order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.safestring import SafeString

from backoffice.admin_grids import html_lines
from backoffice.exceptions import DomainError
from backoffice.formats import format_money
from customers.models import CustomerGroup

from ..exceptions import CannotCancel
from ..models import ZERO, Order, OrderAddress, OrderItem, OrderState, OrderStatus
from ..orders import (
    STATE_STATUSES,
    add_order_comment,
    cancel_order,
    hold_order,
    notify_order,
    unhold_order,
)
from ..pdf import payment_title
from .audit import audited, log_comment
from .columns import address_html, date_column, money_column
from .order_tabs import (
    OrderCreditmemoInline,
    OrderInvoiceInline,
    OrderItemInline,
    OrderShipmentInline,
    history_rows,
    status_label,
)
from .page_tabs import COMMENT_MISSING, HISTORY_TEMPLATE, PageAction, PageTab, TabbedPage

# The order page's buttons (Magento's Adminhtml\Order\Cancel, Hold, Unhold controllers).
ORDER_CANCELED = "You canceled the order."
ORDER_NOT_CANCELED = CannotCancel.message  # "You have not canceled the item."
ORDER_HELD = "You put the order on hold."
ORDER_UNHELD = "You released the order from holding status."


@dataclass(frozen=True)
class OrderAction:
    """A button of the order page that runs a domain function on the order (Controller/Adminhtml/Order/*)."""

    label: str
    permission: str
    perform: Callable[[Order], object]
    done: str  # Magento's success message
    allowed: Callable[[Order, list[OrderItem]], bool]  # Order::canCancel, canHold, canUnhold


ORDER_ACTIONS = {  # by url name
    "cancel": OrderAction(
        "Cancel", "sales.cancel_order", cancel_order, ORDER_CANCELED, lambda order, items: order.can_cancel(items)
    ),
    "hold": OrderAction("Hold", "sales.hold_order", hold_order, ORDER_HELD, lambda order, items: order.can_hold()),
    "unhold": OrderAction(
        "Unhold", "sales.unhold_order", unhold_order, ORDER_UNHELD, lambda order, items: order.can_unhold()
    ),
}
# Controller/Adminhtml/Order/AddComment and Email; Block/Adminhtml/Order/View (the Send Email question).
COMMENT_ADDED = "The comment has been added to the order's history."
EMAIL_SENT = "You sent the order email."
EMAIL_NOT_SENT = "We can't send the email order right now."
EMAIL_QUESTION = "Are you sure you want to send an order email to customer?"
CANCEL_QUESTION = "Are you sure you want to cancel this order?"
EMAIL_PERMISSION = "sales.change_order"  # Magento_Sales::email; the REST route's permission (sales/api/management.py)


class OrderCommentForm(forms.Form):
    """Magento's Comments History form (order/view/history.phtml): status of the order's state, comment, flags.
    Its inputs sit in the order page's tab, outside their <form> (HTML's form attribute ties them to it)."""

    FORM_ID = "order_history_form"

    status = forms.ChoiceField(label="Status")
    comment = forms.CharField(label="Comment", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    is_customer_notified = forms.BooleanField(label="Notify Customer by Email", required=False)
    is_visible_on_front = forms.BooleanField(label="Visible on Storefront", required=False)

    def __init__(self, order: Order, *args: object, may_notify: bool = True, **kwargs: object) -> None:
        """Without ``may_notify`` (Magento_Sales::email) there is no notify box, and the comment is not emailed
        (AddComment: `if ($notify && !isAllowed(ADMIN_SALES_EMAIL_RESOURCE)) $notify = false`)."""
        super().__init__(*args, initial={"status": order.status}, label_suffix="", **kwargs)
        self.order = order
        if not may_notify:
            del self.fields["is_customer_notified"]
        statuses = STATE_STATUSES.get(order.state, frozenset({order.status}))
        self.fields["status"].choices = [(s.value, s.label) for s in OrderStatus if s in statuses]
        for field in self.fields.values():
            field.widget.attrs["form"] = self.FORM_ID

    def clean(self) -> dict:
        data = super().clean()
        if not (data.get("comment") or "").strip() and data.get("status") == self.order.status:
            raise forms.ValidationError(COMMENT_MISSING)
        return data


class OrderPageAdmin(TabbedPage):
    """The order page of OrderAdmin (a mixin before the ModelAdmin in its bases)."""

    page_tabs = (
        PageTab(
            "information",
            "Information",
            boxes=(
                "Order Information",
                "Account Information",
                "Billing Address",
                "Shipping Address",
                "Payment Information",
                "Shipping & Handling Information",
            ),
            tables=("items",),
            totals="Order Totals",
        ),
        PageTab("invoices", "Invoices", tables=("invoices",), count="invoices"),
        PageTab("creditmemos", "Credit Memos", tables=("creditmemos",), count="creditmemos"),
        PageTab("shipments", "Shipments", tables=("shipments",), count="shipments"),
        PageTab("history", "Comments History", include=HISTORY_TEMPLATE),
    )
    fieldsets = (
        ("Order Information", {"fields": ("purchase_date", "order_status", "store_name_lines")}),
        ("Account Information", {"fields": ("customer_name", "email", "customer_group")}),
        ("Billing Address", {"fields": ("billing_address",)}),
        ("Shipping Address", {"fields": ("shipping_address",)}),
        ("Payment Information", {"fields": ("payment_method",)}),
        ("Shipping & Handling Information", {"fields": ("shipping_information",)}),
        (
            "Order Totals",
            {
                "fields": (
                    "subtotal_column",
                    "discount_column",
                    "shipping_column",
                    "tax_column",
                    "order_grand_total",
                    "total_paid_column",
                    "total_refunded_column",
                    "total_due_column",
                )
            },
        ),
    )
    readonly_fields = (
        "purchase_date",
        "order_status",
        "store_name_lines",
        "customer_name",
        "email",
        "customer_group",
        "billing_address",
        "shipping_address",
        "payment_method",
        "shipping_information",
        "subtotal_column",
        "discount_column",
        "shipping_column",
        "tax_column",
        "order_grand_total",
        "total_paid_column",
        "total_refunded_column",
        "total_due_column",
        "total_canceled_column",
    )
    inlines = (OrderItemInline, OrderInvoiceInline, OrderCreditmemoInline, OrderShipmentInline)

    purchase_date = date_column("created_at", "Order Date")
    subtotal_column = money_column("subtotal", "Subtotal")
    discount_column = money_column("discount_amount", "Discount")
    shipping_column = money_column("shipping_amount", "Shipping & Handling")
    tax_column = money_column("tax_amount", "Tax")

    def get_fieldsets(self, request: HttpRequest, obj: Order | None = None) -> list:
        """Block/Adminhtml/Order/Totals: "Total Canceled" takes the place of "Total Due" on a canceled order."""
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and obj.state == OrderState.CANCELED:
            name, options = fieldsets[-1]
            fields = tuple("total_canceled_column" if f == "total_due_column" else f for f in options["fields"])
            fieldsets[-1] = (name, {**options, "fields": fields})
        return fieldsets

    @admin.display(description="Order Status")
    def order_status(self, obj: Order) -> str:
        return status_label(obj.status)

    @admin.display(description="Purchased From")
    def store_name_lines(self, obj: Order) -> SafeString:
        return html_lines("{}", ((line,) for line in obj.store_name.splitlines()))

    @admin.display(description="Customer Name")
    def customer_name(self, obj: Order) -> str:
        return f"{obj.customer_firstname} {obj.customer_lastname}".strip()

    @admin.display(description="Email")
    def email(self, obj: Order) -> str:
        return obj.customer_email

    @admin.display(description="Customer Group")
    def customer_group(self, obj: Order) -> str:
        code = CustomerGroup.objects.filter(pk=obj.customer_group_id).values_list("customer_group_code", flat=True)
        return code.first() or str(obj.customer_group_id)

    @admin.display(description="Billing Address")
    def billing_address(self, obj: Order) -> SafeString:
        return address_html(obj.address(OrderAddress.Type.BILLING))

    @admin.display(description="Shipping Address")
    def shipping_address(self, obj: Order) -> SafeString:
        return address_html(obj.address(OrderAddress.Type.SHIPPING))

    @admin.display(description="Payment Method")
    def payment_method(self, obj: Order) -> str:
        return payment_title(obj)

    @admin.display(description="Shipping Method")
    def shipping_information(self, obj: Order) -> str:
        return obj.shipping_description or ""

    @admin.display(description="Grand Total")
    def order_grand_total(self, obj: Order) -> str:
        return format_money(obj.grand_total, obj.order_currency_code)

    @admin.display(description="Total Paid")
    def total_paid_column(self, obj: Order) -> str:
        return format_money(obj.total_paid or ZERO, obj.order_currency_code)

    @admin.display(description="Total Refunded")
    def total_refunded_column(self, obj: Order) -> str:
        return format_money(obj.total_refunded or ZERO, obj.order_currency_code)

    @admin.display(description="Total Due")
    def total_due_column(self, obj: Order) -> str:
        return format_money(max(obj.total_due, ZERO), obj.order_currency_code)

    @admin.display(description="Total Canceled")
    def total_canceled_column(self, obj: Order) -> str:
        """Order::registerCancellation's total_canceled: grand total − total paid."""
        return format_money(max(obj.total_due, ZERO), obj.order_currency_code)

    # --- buttons --------------------------------------------------------------------------------------------------

    def order_page_urls(self) -> list[URLPattern]:
        order_actions = [
            path(
                f"<path:object_id>/{name}/",
                self.admin_site.admin_view(partial(self.order_action_view, name)),
                name=f"sales_order_{name}",
            )
            for name in ORDER_ACTIONS
        ]
        return [
            path(
                "<path:object_id>/comment/", self.admin_site.admin_view(self.comment_view), name="sales_order_comment"
            ),
            path("<path:object_id>/email/", self.admin_site.admin_view(self.email_view), name="sales_order_email"),
            *order_actions,
        ]

    def page_context(self, request: HttpRequest, order: Order) -> dict[str, object]:
        """The buttons the order's state allows and the user may (Magento's order: Send Email, Cancel, Hold,
        Unhold, Invoice, Credit Memo, Ship), the comment form, the history lines."""
        items = list(order.items.all())
        may_comment, may_email = request.user.has_perm("sales.comment_order"), request.user.has_perm(EMAIL_PERMISSION)
        email = PageAction("Send Email", reverse("admin:sales_order_email", args=[order.pk]), True, EMAIL_QUESTION)
        actions = [email] if may_email else []
        for name, label in self.available_order_actions(request, order, items):
            confirm = CANCEL_QUESTION if name == "cancel" else ""
            actions.append(PageAction(label, reverse(f"admin:sales_order_{name}", args=[order.pk]), True, confirm))
        links = {
            "invoice": ("Invoice", order.can_invoice(items) and self.has_invoice_permission(request)),
            "creditmemo": ("Credit Memo", self.has_creditmemo_permission(request) and order.can_creditmemo()),
            "ship": ("Ship", order.can_ship(items) and self.has_ship_permission(request)),
        }
        actions += [
            PageAction(label, reverse(f"admin:sales_order_{name}", args=[order.pk]))
            for name, (label, shown) in links.items()
            if shown
        ]
        return {
            "page_actions": actions,
            "comment_form": OrderCommentForm(order, may_notify=may_email) if may_comment else None,
            "comment_url": reverse("admin:sales_order_comment", args=[order.pk]),
            "history": history_rows(order),
        }

    def available_order_actions(
        self, request: HttpRequest, order: Order, items: list[OrderItem]
    ) -> list[tuple[str, str]]:
        """Cancel, Hold, Unhold when the order allows them (Order::canCancel, canHold, canUnhold) and the user may:
        (url name, label)."""
        return [
            (name, action.label)
            for name, action in ORDER_ACTIONS.items()
            if action.allowed(order, items) and request.user.has_perm(action.permission)
        ]

    def order_action_view(self, name: str, request: HttpRequest, object_id: str) -> HttpResponse:
        """POST only (the buttons are forms): run the domain function, come back to the order with Magento's
        message; a refusal changes nothing."""
        action = ORDER_ACTIONS[name]
        order = self._order_for(request, object_id, request.user.has_perm(action.permission))
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            audited(request, name, action.perform)(order)
        except DomainError as error:  # cancel_order's CannotCancel says ORDER_NOT_CANCELED
            return self._back_to_order(request, order, str(error), messages.ERROR)
        return self._back_to_order(request, order, action.done, messages.SUCCESS)

    def comment_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Comments History's Submit Comment (Order/AddComment) through add_order_comment; back on the tab."""
        order = self._order_for(request, object_id, request.user.has_perm("sales.comment_order"))
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        form = OrderCommentForm(order, request.POST, may_notify=request.user.has_perm(EMAIL_PERMISSION))
        if not form.is_valid():
            for error in form.non_field_errors() or [
                f"{form[name].label}: {' '.join(errs)}" for name, errs in form.errors.items()
            ]:
                self.message_user(request, error, messages.ERROR)
            return self._to_history(order)
        data = form.cleaned_data
        try:
            add_order_comment(
                order,
                data["comment"].strip() or None,
                status=data["status"],
                is_customer_notified=data.get("is_customer_notified", False),
                is_visible_on_front=data["is_visible_on_front"],
            )
        except DomainError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            log_comment(request, order)
            self.message_user(request, COMMENT_ADDED, messages.SUCCESS)
        return self._to_history(order)

    def email_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Send Email (Order/Email → OrderManagementInterface::notify): the order confirmation again."""
        order = self._order_for(request, object_id, request.user.has_perm(EMAIL_PERMISSION))
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if notify_order(order.pk):
            return self._back_to_order(request, order, EMAIL_SENT, messages.SUCCESS)
        return self._back_to_order(request, order, EMAIL_NOT_SENT, messages.ERROR)

    @staticmethod
    def _to_history(order: Order) -> HttpResponse:
        return HttpResponseRedirect(reverse("admin:sales_order_change", args=[order.pk]) + "#history")
