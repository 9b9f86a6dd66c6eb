"""The order page's New Invoice and New Shipment pages (Controller/Adminhtml/Order/Invoice/NewAction and Save,
Order/Shipment/NewAction and Save under MSI): their forms and the views the order page links to. Writes go
through sales.invoicing.invoice_order and sales.shipping.ship_order."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from backoffice.exceptions import DomainError
from backoffice.formats import format_money, plain_number
from inventory.distance import Address
from inventory.models import StockSourceLink
from inventory.source_selection import (
    ALGORITHMS,
    PRIORITY,
    ItemRequest,
    get_source_selection_algorithms,
    select_sources,
)
from inventory.stocks import resolve_stock_id

from ..exceptions import ORDER_DOES_NOT_ALLOW_INVOICE
from ..invoicing import InvoiceLine, invoice_order
from ..models import NOT_INVOICEABLE_STATES, ZERO, Order, OrderItem, Shipment
from ..shipping import NOT_SHIPPABLE_STATES, ShipmentLine, ship_order_from_sources
from .audit import log_created

INVOICE_CREATED = "The invoice has been created."
SHIPMENT_CREATED = "The shipment has been created."
CANNOT_SHIP = "Cannot do shipment for the order."  # Magento_Shipping Controller/Adminhtml/Order/ShipmentLoader


def log_shipments(request: HttpRequest, shipments: list[Shipment]) -> None:
    """The admin log of a split shipment: one log_created per shipment (None: the page logs nothing more)."""
    for shipment in shipments:
        log_created(request, shipment)


def refusal(message: str, order: Order, blocking_states: frozenset[str]) -> str:
    """Magento's refusal (ShipmentLoader's "Cannot do shipment for the order.", Invoice/NewAction's "The order does
    not allow an invoice to be created."), then the reason in the merchant's words when the state is the reason:
    the status label, never the code ("On Hold", not "holded")."""
    if order.state in blocking_states:
        return f"{message} The order is {order.get_status_display()}."
    return message


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
    """Magento's New Shipment form under MSI, with the source selection step folded in: per item, one row per
    source the algorithm recommends (Source and Qty to Ship), pre-filled with its split. Each source becomes one
    shipment (ship_order_from_sources)."""

    comment = forms.CharField(label="Comment", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    notify = forms.BooleanField(label="Email Copy of Shipment", required=False)

    def __init__(
        self, items: list[OrderItem], sources: list[tuple[str, str]], split: dict[int, list[tuple[str, Decimal]]],
        *args: object, **kwargs: object,
    ) -> None:
        """``split``: per order item id, the recommended (source code, qty) rows; an item without any gets one
        row with the first source. On a POST the rows are the ones posted (the recommendation may have moved)."""
        super().__init__(*args, **kwargs)
        self.items = items
        self.row_keys: list[tuple[OrderItem, int]] = []
        for item in items:
            rows = split.get(item.pk) or [(sources[0][0] if sources else "", item.qty_to_ship)]
            count = self._posted_rows(item, len(sources)) if self.is_bound else len(rows)
            for n in range(count):
                source, qty = rows[n] if n < len(rows) else ("", ZERO)
                self.fields[f"source_{item.pk}_{n}"] = forms.ChoiceField(label="Source", choices=sources,
                                                                         initial=source)
                self.fields[f"qty_{item.pk}_{n}"] = forms.DecimalField(
                    label="Qty to Ship", initial=plain_number(qty), min_value=0, decimal_places=4
                )
                self.row_keys.append((item, n))

    def _posted_rows(self, item: OrderItem, most: int) -> int:
        count = 0
        while count < max(most, 1) and f"qty_{item.pk}_{count}" in self.data:
            count += 1
        return max(count, 1)

    def rows(self) -> list[tuple[OrderItem, str, str, forms.BoundField, forms.BoundField, bool]]:
        """Per row: the item, qty ordered and shipped as displayed, its Source and Qty to Ship inputs, and whether
        it is the item's first row."""
        return [
            (item, plain_number(item.qty_ordered), plain_number(item.qty_shipped), self[f"source_{item.pk}_{n}"],
             self[f"qty_{item.pk}_{n}"], n == 0)
            for item, n in self.row_keys
        ]

    def lines_by_source(self) -> dict[str, list[ShipmentLine]]:
        """The rows with a quantity, grouped by source (sources in the form's order)."""
        grouped: dict[str, dict[int, Decimal]] = {}
        for item, n in self.row_keys:
            qty = self.cleaned_data[f"qty_{item.pk}_{n}"]
            if qty > 0:
                lines = grouped.setdefault(self.cleaned_data[f"source_{item.pk}_{n}"], {})
                lines[item.pk] = lines.get(item.pk, ZERO) + qty
        return {source: [ShipmentLine(pk, qty) for pk, qty in lines.items()] for source, lines in grouped.items()}


def destination_address(order: Order) -> Address | None:
    """GetInventoryRequestFromOrder::getAddressFromOrder: the order's shipping address, if any."""
    address = next((a for a in order.addresses.all() if a.address_type == "shipping"), None)
    if address is None:
        return None
    return Address(address.country_id, address.postcode or "", address.street, address.region or
                   address.region_code or "", address.city or "")


class DocumentFormPages:
    """The order's New Invoice and New Shipment pages, and what the order page's views share: the order
    they act on (permission first, then the row) and the way back to it with Magento's message."""

    def invoice_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Magento's Sales > Orders > Invoice: the New Invoice page and its Submit Invoice."""
        order = self._order_for(request, object_id, self.has_invoice_permission(request))
        items = list(order.items.all())
        if not order.can_invoice(items):
            return self._back_to_order(
                request, order, refusal(ORDER_DOES_NOT_ALLOW_INVOICE, order, NOT_INVOICEABLE_STATES), messages.ERROR
            )
        form = InvoiceForm([item for item in items if item.qty_to_invoice > 0], request.POST or None)
        return self._document_page(
            request, order, form, "New Invoice", "admin/sales/order/invoice_form.html", INVOICE_CREATED,
            lambda: invoice_order(
                order, items=form.lines(), capture=True, notify=form.cleaned_data["notify"],
                comment=form.cleaned_data["comment"] or None,
            ),
        )

    def ship_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Magento's Sales > Orders > Ship under MSI (ShipmentLoader, then the Source Selection step): each item
        pre-filled with the sources the chosen algorithm (``?algorithmCode=``, priority by default) recommends,
        the order's shipping address as the destination; one shipment per source on submit."""
        order = self._order_for(request, object_id, self.has_ship_permission(request))
        all_items = list(order.items.all())
        if not order.can_ship(all_items):
            return self._back_to_order(request, order, refusal(CANNOT_SHIP, order, NOT_SHIPPABLE_STATES),
                                       messages.ERROR)
        items = [item for item in all_items if item.qty_to_ship > 0]
        stock_id = resolve_stock_id()
        links = StockSourceLink.objects.filter(stock_id=stock_id, source__enabled=True).select_related("source")
        names = {link.source_id: link.source.name for link in links}
        algorithm = ALGORITHMS.get(request.GET.get("algorithmCode", ""), (PRIORITY,))[0]
        destination = destination_address(order)
        if destination is None:
            algorithm = PRIORITY  # "distance" needs a destination (DistanceBasedAlgorithm's refusal)
        items_requested = [ItemRequest(i.sku, i.qty_to_ship) for i in items]
        selection = select_sources(algorithm.code, stock_id, items_requested, destination)
        recommended = [s for s in selection.source_selection_items if s.qty_to_deduct > 0]
        split: dict[int, list[tuple[str, Decimal]]] = {}
        by_sku = {item.sku.lower(): item for item in items}
        for line in recommended:
            split.setdefault(by_sku[line.sku.lower()].pk, []).append((line.source_code, line.qty_to_deduct))
        form = ShipmentForm(items, list(names.items()), split, request.POST or None)
        return self._document_page(
            request, order, form, "New Shipment", "admin/sales/order/ship_form.html", SHIPMENT_CREATED,
            lambda: log_shipments(request, ship_order_from_sources(
                order, form.lines_by_source(), notify=form.cleaned_data["notify"],
                comment=form.cleaned_data["comment"] or None,
            )),
            selection=[(names.get(line.source_code, line.source_code), line) for line in recommended],
            algorithm=algorithm, algorithms=get_source_selection_algorithms(),
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
