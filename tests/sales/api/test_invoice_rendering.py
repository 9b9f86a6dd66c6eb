"""GET /V1/invoices/{id} and /V1/invoices render with plain functions (sales/api/rendering.py row_renderer): the
bytes the nested DRF serializers print (Magento: module-sales/etc/webapi.xml, InvoiceRepositoryInterface get and
getList; the keys and their order are Magento's InvoiceInterface getters, as DataObjectProcessor prints them)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from backoffice.rest.serializers import MagentoModelSerializer
from sales.api import rendering
from sales.api import serializers as sales_serializers
from sales.invoicing import InvoiceLine, invoice_order
from sales.models import Invoice, InvoiceComment
from tests.factories import make_order

pytestmark = pytest.mark.django_db


def forget_printed_numbers() -> None:
    """rendering remembers each decimal's JSON number: a test that patches json_decimal must not leave its
    numbers for the next test (nor find the ones printed before the patch)."""
    for remembered in rendering._JSON_DECIMALS.values():
        remembered.clear()
INVOICE_SERIALIZERS = ("InvoiceSerializer", "InvoiceItemSerializer", "InvoiceCommentSerializer")


def drf_rendering(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every invoice serializer back to DRF's own to_representation (the code before the plain functions)."""
    for name in INVOICE_SERIALIZERS:
        monkeypatch.setattr(
            getattr(sales_serializers, name), "to_representation", MagentoModelSerializer.to_representation
        )


def varied_invoices() -> list[Invoice]:
    """A whole invoice with a comment, a partial one with a discount (fractions, negative amounts), the rest of
    that order (no shipping on it), and an invoice with an empty and a quoted comment."""
    whole = invoice_order(make_order(item_qtys=[Decimal("1"), Decimal("2")]), comment="Paid by check", notify=True)
    discounted = make_order(item_qtys=[Decimal("3"), Decimal("1.5")], discount_percent=Decimal("17.5"))
    first_item = discounted.items.order_by("pk").first()
    partial = invoice_order(discounted, items=[InvoiceLine(first_item.pk, Decimal("1"))])
    rest = invoice_order(discounted)
    InvoiceComment.objects.create(parent=rest, comment="", is_customer_notified=0, is_visible_on_front=1)
    InvoiceComment.objects.create(parent=rest, comment='Ünïcode / "quoted"', is_customer_notified=1)
    return [whole, partial, rest]


def test_each_invoice_and_the_list_are_the_bytes_drf_printed(rest_client, monkeypatch):
    invoices = varied_invoices()
    paths = [
        *(f"/rest/V1/invoices/{invoice.pk}" for invoice in invoices),
        "/rest/V1/invoices?searchCriteria[pageSize]=20",
        *(f"/rest/V1/invoices/{invoice.pk}/comments" for invoice in invoices),
    ]

    fast = [rest_client.get(path) for path in paths]
    drf_rendering(monkeypatch)
    drf = [rest_client.get(path) for path in paths]

    assert [response.status_code for response in fast] == [200] * len(paths)
    assert fast[3].json()["total_count"] == 3
    assert len(fast[2].json()["comments"]) == 2
    for fast_response, drf_response in zip(fast, drf, strict=True):
        assert fast_response.content == drf_response.content


def test_the_drf_reference_differs_when_a_field_does(rest_client, monkeypatch):
    """The comparison above can fail: a number printed 15.0 instead of 15 shows."""
    invoice = invoice_order(make_order())
    drf_rendering(monkeypatch)
    drf = rest_client.get(f"/rest/V1/invoices/{invoice.pk}").content
    monkeypatch.undo()
    monkeypatch.setattr(rendering, "json_decimal", float)
    forget_printed_numbers()  # printed before the patch; and after it (below), before other tests print

    try:
        assert rest_client.get(f"/rest/V1/invoices/{invoice.pk}").content != drf
    finally:
        forget_printed_numbers()
