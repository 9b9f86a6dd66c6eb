"""The order page's New Invoice and New Shipment pages (Controller/Adminhtml/Order/Invoice/NewAction and Save,
Order/Shipment/NewAction and Save under MSI): their forms and the views the order page links to. Writes go
through sales.invoicing.invoice_order and sales.shipping.ship_order."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from backoffice.exceptions import DomainError
from backoffice.formats import format_money, plain_number
from inventory.models import StockSourceLink
from inventory.source_selection import ItemRequest, select_sources_by_priority
from inventory.stocks import resolve_stock_id

from ..exceptions import ORDER_DOES_NOT_ALLOW_INVOICE, ORDER_DOES_NOT_ALLOW_SHIPMENT
from ..invoicing import InvoiceLine, invoice_order
from ..models import Order, OrderItem
from ..shipping import ShipmentLine, ship_order
from .audit import log_created

INVOICE_CREATED = "The invoice has been created."
SHIPMENT_CREATED = "The shipment has been created."


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


class DocumentFormPages:
    """The order's New Invoice and New Shipment pages, and what the order page's views share: the order
    they act on (permission first, then the row) and the way back to it with Magento's message."""

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
                log_created(request, create())
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
