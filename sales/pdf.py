"""Printable invoices, packing slips and credit memos, laid out like Magento's PDFs (Magento\\Sales\\Model\\Order\\Pdf\\
Invoice, ...\\Pdf\\Shipment and ...\\Pdf\\Creditmemo).

One page per document: "Invoice # …", "Packing Slip # …" or "Credit Memo # …", "Order # …" and the order date
(a packing slip adds its MSI source); Sold to and Ship to; Payment Method and Shipping Method; the items (invoice:
Products, SKU, Price, Qty, Tax, Subtotal; packing slip: Products, SKU, Qty; credit memo: Products, SKU, Total (ex),
Discount, Qty, Tax, Total (inc)); the totals (not on a packing slip). Every page carries the store's name and
address at its top right (settings.STORE_NAME and STORE_ADDRESS, Magento's sales/identity/address printed by
AbstractPdf::insertAddress).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import KeepTogether

from backoffice.directory import address_lines as directory_address_lines
from backoffice.formats import format_day, format_money, plain_number
from backoffice.money import ZERO
from inventory.models import Source

from .models import Creditmemo, Invoice, Order, OrderAddress, OrderPayment, Shipment

type Document = Invoice | Shipment | Creditmemo

STYLES = getSampleStyleSheet()
RIGHT = ParagraphStyle("Right", parent=STYLES["Normal"], alignment=TA_RIGHT)
HEADER_GREY = colors.HexColor("#e6e6e6")


def invoices_for_print(invoices: QuerySet[Invoice]) -> QuerySet[Invoice]:
    """What a printed invoice shows, in a constant number of queries."""
    return _for_print(invoices)


def creditmemos_for_print(creditmemos: QuerySet[Creditmemo]) -> QuerySet[Creditmemo]:
    """What a printed credit memo shows, in a constant number of queries."""
    return _for_print(creditmemos)


def shipments_for_print(shipments: QuerySet[Shipment]) -> QuerySet[Shipment]:
    """What a printed packing slip shows (with its source's name), in a constant number of queries."""
    source_name = Subquery(Source.objects.filter(source_code=OuterRef("source_code")).values("name")[:1])
    return _for_print(shipments).annotate(source_name=source_name)


def _for_print(documents: QuerySet) -> QuerySet:
    return (
        documents.select_related("order", "order__payment")
        .prefetch_related("items", "order__addresses")
        .order_by("order__increment_id", "increment_id")
    )


def render_invoices_pdf(invoices: Iterable[Invoice]) -> bytes:
    """One PDF with a page per invoice (pass ``invoices_for_print(...)`` to avoid a query per invoice)."""
    return _render(invoices, "Invoices", _invoice_page)


def render_creditmemos_pdf(creditmemos: Iterable[Creditmemo]) -> bytes:
    """One PDF with a page per credit memo (pass ``creditmemos_for_print(...)``), as Magento's Pdf\\Creditmemo."""
    return _render(creditmemos, "Credit Memos", _creditmemo_page)


def render_shipments_pdf(shipments: Iterable[Shipment]) -> bytes:
    """One PDF with a packing slip per shipment (pass ``shipments_for_print(...)``), as Magento's Pdf\\Shipment."""
    return _render(shipments, "Packing Slips", _packing_slip_page)


def store_identity() -> list[str]:
    """The store's name, then its address lines, from settings (Magento's general/store_information/name and
    sales/identity/address)."""
    return [line for line in (settings.STORE_NAME, *settings.STORE_ADDRESS) if line]


class _StoreDocument(SimpleDocTemplate):
    """A document whose every page carries the store's name and address at its top right, above the content
    (drawn when the page ends, so a text reader finds the document's number first)."""

    LINE = 4.2 * mm

    def __init__(self, buffer: io.BytesIO, **kwargs: object) -> None:
        self.identity = store_identity()
        top = 15 * mm + (len(self.identity) * self.LINE + 4 * mm if self.identity else 0)
        super().__init__(buffer, topMargin=top, **kwargs)

    def afterPage(self) -> None:
        canvas: Canvas = self.canv
        canvas.saveState()
        right = self.pagesize[0] - self.rightMargin
        y = self.pagesize[1] - 15 * mm - 3 * mm
        for n, line in enumerate(self.identity):
            canvas.setFont("Helvetica-Bold" if n == 0 else "Helvetica", 9)
            canvas.drawRightString(right, y, line)
            y -= self.LINE
        canvas.restoreState()


def _render(documents: Iterable[Document], title: str, page: Callable[[Document, float], list[Flowable]]) -> bytes:
    buffer = io.BytesIO()
    document = _StoreDocument(
        buffer, pagesize=A4, title=title, leftMargin=15 * mm, rightMargin=15 * mm, bottomMargin=15 * mm,
    )
    story: list[Flowable] = []
    for each in documents:
        if story:
            story.append(PageBreak())
        story += page(each, document.width)
    document.build(story or [Paragraph(f"No {title.lower()}.", STYLES["Normal"])])
    return buffer.getvalue()


def _invoice_page(invoice: Invoice, width: float) -> list[Flowable]:
    currency = invoice.order_currency_code
    return _page(
        f"Invoice # {invoice.increment_id}", invoice, width,
        columns=(("Products", 0.34), ("SKU", 0.18), ("Price", 0.13), ("Qty", 0.09), ("Tax", 0.12),
                 ("Subtotal", 0.14)),
        rows=(
            (item.name, item.sku, format_money(item.price, currency), plain_number(item.qty),
             format_money(item.tax_amount, currency), format_money(item.row_total, currency))
            for item in invoice.items.all()
        ),
        totals=[
            ("Subtotal:", invoice.subtotal),
            ("Discount:", invoice.discount_amount),
            ("Shipping & Handling:", invoice.shipping_amount),
            *([("Tax:", invoice.tax_amount)] if invoice.tax_amount else []),
            ("Grand Total:", invoice.grand_total),
        ],
    )


def _packing_slip_page(shipment: Shipment, width: float) -> list[Flowable]:
    """Magento's Pdf\\Shipment: "Packing Slip # …", the items' Products, SKU and Qty, no totals; plus the MSI
    source the shipment left from."""
    source = getattr(shipment, "source_name", None) or shipment.source_code
    return _page(
        f"Packing Slip # {shipment.increment_id}", shipment, width,
        columns=(("Products", 0.6), ("SKU", 0.28), ("Qty", 0.12)),
        rows=((item.name, item.sku, plain_number(item.qty)) for item in shipment.items.all()),
        totals=[],
        extra_heading=[f"Source: {source}"] if source else [],
    )


def _creditmemo_page(creditmemo: Creditmemo, width: float) -> list[Flowable]:
    """Magento's Pdf\\Items\\Creditmemo\\DefaultCreditmemo columns; the totals of etc/pdf.xml (zero ones left out,
    but for Subtotal and Grand Total)."""
    currency = creditmemo.order_currency_code
    optional = (("Discount:", creditmemo.discount_amount), ("Shipping & Handling:", creditmemo.shipping_amount),
                ("Adjustment Refund:", creditmemo.adjustment_positive),
                ("Adjustment Fee:", creditmemo.adjustment_negative), ("Tax:", creditmemo.tax_amount))
    return _page(
        f"Credit Memo # {creditmemo.increment_id}", creditmemo, width,
        columns=(("Products", 0.29), ("SKU", 0.16), ("Total (ex)", 0.12), ("Discount", 0.11), ("Qty", 0.07),
                 ("Tax", 0.11), ("Total (inc)", 0.14)),
        rows=(
            (item.name, item.sku, format_money(item.row_total, currency),
             format_money(-(item.discount_amount or ZERO), currency), plain_number(item.qty),
             format_money(item.tax_amount, currency),
             format_money(
                 (item.row_total or ZERO) + (item.tax_amount or ZERO)
                 + (item.discount_tax_compensation_amount or ZERO) - (item.discount_amount or ZERO),
                 currency,
             ))
            for item in creditmemo.items.all()
        ),
        totals=[
            ("Subtotal:", creditmemo.subtotal),
            *((label, amount) for label, amount in optional if amount),
            ("Grand Total:", creditmemo.grand_total),
        ],
    )


def _page(
    number: str, document: Document, width: float, *, columns: Sequence[tuple[str, float]],
    rows: Iterable[Sequence[str]], totals: list[tuple[str, Decimal | None]], extra_heading: Sequence[str] = (),
) -> list[Flowable]:
    """A document's page: its number, the order's number and date, addresses, methods, items and totals."""
    order = document.order
    currency = order.order_currency_code
    addresses = {address.address_type: address for address in order.addresses.all()}
    shipping_lines = [order.shipping_description or ""]
    if order.shipping_description:
        shipping_lines.append(f"(Total Shipping Charges {format_money(order.shipping_amount, currency)})")
    half = width / 2
    return [
        _boxed(
            [[_text(number, bold=True)],
             [_text(f"Order # {order.increment_id}")],
             [_text(f"Order Date: {format_day(order.created_at)}")],
             *([_text(line)] for line in extra_heading)],
            [width],
        ),
        Spacer(0, 4 * mm),
        _boxed(
            [[_text("Sold to:", bold=True), _text("Ship to:", bold=True)],
             [_lines(address_lines(addresses.get(OrderAddress.Type.BILLING))),
              _lines(address_lines(addresses.get(OrderAddress.Type.SHIPPING)))]],
            [half, half],
        ),
        Spacer(0, 4 * mm),
        _boxed(
            [[_text("Payment Method:", bold=True), _text("Shipping Method:", bold=True)],
             [_text(payment_title(order)), _lines(shipping_lines)]],
            [half, half],
        ),
        Spacer(0, 4 * mm),
        _boxed(
            [
                [_text(label, bold=True, style=STYLES["Normal"] if n < 2 else RIGHT)
                 for n, (label, _) in enumerate(columns)],
                *([_text(value, style=STYLES["Normal"] if n < 2 else RIGHT) for n, value in enumerate(row)]
                  for row in rows),
            ],
            [width * share for _, share in columns],
        ),
        *([Spacer(0, 4 * mm), KeepTogether(_totals(totals, currency, width))] if totals else []),
    ]


def _totals(rows: list[tuple[str, Decimal | None]], currency: str, width: float) -> list[Flowable]:
    table = Table(
        [[_text(label, bold=label == "Grand Total:", style=RIGHT),
          _text(format_money(amount, currency), bold=label == "Grand Total:", style=RIGHT)]
         for label, amount in rows],
        colWidths=[width * 0.8, width * 0.2],
    )
    return [table]


def payment_title(order: Order) -> str:
    """The order's payment method title, as Magento prints it ("Check / Money order")."""
    try:
        return order.payment.get_method_display()
    except OrderPayment.DoesNotExist:
        return ""


def address_lines(address: OrderAddress | None) -> list[str]:
    """Magento's address template: name, company, street lines, "City, Region, Postcode", country, T: phone."""
    if address is None:
        return []
    return directory_address_lines(
        name=address.name, company=address.company, street=address.street, city=address.city, region=address.region,
        postcode=address.postcode, country_id=address.country_id, telephone=address.telephone,
    )


def _text(value: str, *, bold: bool = False, style: ParagraphStyle = STYLES["Normal"]) -> Paragraph:
    return Paragraph(f"<b>{_escape(value)}</b>" if bold else _escape(value), style)


def _lines(values: list[str]) -> Paragraph:
    return Paragraph("<br/>".join(_escape(value) for value in values), STYLES["Normal"])


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _boxed(rows: list[list[Flowable]], col_widths: list[float]) -> Table:
    table = Table(rows, colWidths=col_widths)
    table.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_GREY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table
