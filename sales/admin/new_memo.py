"""Magento's New Memo page (Controller/Adminhtml/Order/Creditmemo/NewAction and Save): the form, its defaults
and the view shared by the order's and the invoice's Credit Memo buttons. Writes go through
sales.refunds.refund_creditmemo, Magento's admin path (CreditmemoManagementInterface::refund, the function
behind POST /V1/creditmemo/refund), offline."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from backoffice.admin_writes import describe
from backoffice.exceptions import DomainError
from backoffice.formats import format_money, plain_number

from ..exceptions import DocumentValidationError
from ..models import AMOUNT_DIGITS, QTY_DIGITS, ZERO, CreditmemoItem, CreditmemoState, Invoice, Order, OrderItem
from ..refunds import RefundArguments, RefundComment, RefundItem, refund_creditmemo
from .audit import log_created

# Magento_Sales Controller/Adminhtml/Order/Creditmemo/Save and CreditmemoLoader.
CREDITMEMO_CREATED = "You created the credit memo."
CANNOT_CREDITMEMO = "We can't create credit memo for the order."
REFUND_PERMISSION = "sales.add_creditmemo"  # Magento_Sales::creditmemo, the order page's Credit Memo action
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


class CreditmemoFormPages:
    """The New Memo page for an order (``invoice`` None) or one invoice: Magento's NewAction and Save."""

    def creditmemo_page(self, request: HttpRequest, order: Order, invoice: Invoice | None) -> HttpResponse:
        if not order.can_creditmemo():
            self.message_user(request, CANNOT_CREDITMEMO, messages.ERROR)
            return HttpResponseRedirect(back_url(order, invoice))
        items = refundable_items(order, invoice)
        form = CreditmemoForm(items, refundable_shipping(order, invoice), request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                log_created(request, refund_creditmemo(
                    order.pk, invoice_id=invoice.pk if invoice else None, offline_requested=True, **form.refund()
                ))
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


