"""Printable invoices, laid out like Magento's PDF invoice (Magento\\Sales\\Model\\Order\\Pdf\\Invoice).

One page per invoice: "Invoice # …", "Order # …" and the order date; Sold to and Ship to; Payment Method and
Shipping Method; the items (Products, SKU, Price, Qty, Tax, Subtotal); the totals.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.db.models import QuerySet
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import KeepTogether

from backoffice.formats import format_day, format_money, plain_number

from .models import Invoice, Order, OrderAddress, OrderPayment

STYLES = getSampleStyleSheet()
RIGHT = ParagraphStyle("Right", parent=STYLES["Normal"], alignment=TA_RIGHT)
HEADER_GREY = colors.HexColor("#e6e6e6")


def invoices_for_print(invoices: QuerySet[Invoice]) -> QuerySet[Invoice]:
    """What a printed invoice shows, in a constant number of queries."""
    return (
        invoices.select_related("order", "order__payment")
        .prefetch_related("items", "order__addresses")
        .order_by("order__increment_id", "increment_id")
    )


def render_invoices_pdf(invoices: Iterable[Invoice]) -> bytes:
    """One PDF with a page per invoice (pass ``invoices_for_print(...)`` to avoid a query per invoice)."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title="Invoices", leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
        bottomMargin=15 * mm,
    )
    story: list[Flowable] = []
    for invoice in invoices:
        if story:
            story.append(PageBreak())
        story += _invoice_page(invoice, document.width)
    document.build(story or [Paragraph("No invoices.", STYLES["Normal"])])
    return buffer.getvalue()


def _invoice_page(invoice: Invoice, width: float) -> list[Flowable]:
    order = invoice.order
    currency = invoice.order_currency_code
    addresses = {address.address_type: address for address in order.addresses.all()}
    shipping_lines = [order.shipping_description or ""]
    if order.shipping_description:
        shipping_lines.append(f"(Total Shipping Charges {format_money(order.shipping_amount, currency)})")
    half = width / 2
    return [
        _boxed(
            [[_text(f"Invoice # {invoice.increment_id}", bold=True)],
             [_text(f"Order # {order.increment_id}")],
             [_text(f"Order Date: {format_day(order.created_at)}")]],
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
                [_text("Products", bold=True), _text("SKU", bold=True),
                 *(_text(label, bold=True, style=RIGHT) for label in ("Price", "Qty", "Tax", "Subtotal"))],
                *(
                    [_text(item.name), _text(item.sku),
                     *(_text(value, style=RIGHT) for value in (
                         format_money(item.price, currency), plain_number(item.qty),
                         format_money(item.tax_amount, currency), format_money(item.row_total, currency),
                     ))]
                    for item in invoice.items.all()
                ),
            ],
            [width * share for share in (0.34, 0.18, 0.13, 0.09, 0.12, 0.14)],
        ),
        Spacer(0, 4 * mm),
        KeepTogether(_totals(invoice, width)),
    ]


def _totals(invoice: Invoice, width: float) -> list[Flowable]:
    currency = invoice.order_currency_code
    rows = [
        ("Subtotal:", invoice.subtotal),
        ("Discount:", invoice.discount_amount),
        ("Shipping & Handling:", invoice.shipping_amount),
        *([("Tax:", invoice.tax_amount)] if invoice.tax_amount else []),
        ("Grand Total:", invoice.grand_total),
    ]
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
    locality = ", ".join(part for part in (address.city, address.region, address.postcode) if part)
    parts = (address.name, address.company, *address.street.splitlines(), locality, address.country_id,
             f"T: {address.telephone}" if address.telephone else "")
    return [part for part in parts if part]


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
