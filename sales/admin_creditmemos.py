"""Sales > Credit Memos, the credit memo page and PDF, and the Credit Memo buttons of the order and invoice pages.

Magento_Sales adminhtml: Order\\Creditmemo\\NewAction / Save (the New Memo form, "Refund Offline"),
Creditmemo\\View, Creditmemo\\Pdfcreditmemos, Order\\Pdfcreditmemos ("Print Credit Memos"), the order view's
Credit Memos tab. Writes go through sales.refunds (refund_order, refund_invoice), the functions the REST
routes call. Imported once, at the end of sales/admin.py: the order and invoice pages are the ones registered
there, extended here.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

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
from .models import Creditmemo, CreditmemoComment, CreditmemoItem, Invoice, Order, OrderAddress, OrderItem, address_name
from .pdf import creditmemos_for_print, payment_title, render_creditmemos_pdf
from .refunds import RefundLine, refund_invoice, refund_order

# Magento_Sales Controller/Adminhtml/Order/Creditmemo/Save and CreditmemoLoader.
CREDITMEMO_CREATED = "You created the credit memo."
CANNOT_CREDITMEMO = "We can't create credit memo for the order."
REFUND_PERMISSION = "sales.add_creditmemo"  # Magento_Sales::creditmemo, the order page's Credit Memo action


class CreditmemoForm(forms.Form):
    """Magento's New Memo form (order/creditmemo/create/items.phtml, totals/adjustments.phtml): per item Qty to
    Refund (what can still be refunded) and Return to Stock (unchecked: cataloginventory/item_options/auto_return
    is 0 by default); Refund Shipping (what is still refundable), Adjustment Refund, Adjustment Fee; the comment,
    Append Comments and Email Copy of Credit Memo."""

    shipping_amount = forms.DecimalField(label="Refund Shipping", min_value=0, decimal_places=4)
    adjustment_positive = forms.DecimalField(label="Adjustment Refund", min_value=0, decimal_places=4, initial="0")
    adjustment_negative = forms.DecimalField(label="Adjustment Fee", min_value=0, decimal_places=4, initial="0")
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
                label="Qty to Refund", initial=plain_number(refundable), min_value=0, decimal_places=4
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

    def lines(self) -> list[RefundLine]:
        return [RefundLine(item.pk, self.cleaned_data[self.qty_field(item)]) for item, _ in self.items]

    def return_to_stock_items(self) -> list[int]:
        return [item.pk for item, _ in self.items if self.cleaned_data[self.back_to_stock_field(item)]]

    def refund_arguments(self) -> dict[str, object]:
        """The keyword arguments refund_order / refund_invoice take, as the REST body's root keys and
        ``arguments`` carry them."""
        data = self.cleaned_data
        return {
            "items": self.lines(),
            "notify": data["notify"],
            "append_comment": data["append_comment"],
            "comment": data["comment"] or None,
            "shipping_amount": data["shipping_amount"],
            "adjustment_positive": data["adjustment_positive"],
            "adjustment_negative": data["adjustment_negative"],
            "return_to_stock_items": self.return_to_stock_items(),
        }
