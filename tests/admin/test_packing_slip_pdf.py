"""Packing slips (Magento_Sales Model/Order/Pdf/Shipment.php) and the store's address on every printed document
(Model/Order/Pdf/AbstractPdf::insertAddress, config sales/identity/address), read back as PDF text."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from sales.invoicing import invoice_order
from sales.models import Creditmemo, Invoice, Order, Shipment
from sales.pdf import (
    creditmemos_for_print,
    invoices_for_print,
    render_creditmemos_pdf,
    render_invoices_pdf,
    render_shipments_pdf,
    shipments_for_print,
)
from sales.refunds import refund_creditmemo
from sales.shipping import ShipmentLine, ship_order
from tests.admin.readers import pdf_pages

pytestmark = pytest.mark.django_db

ORDERS_URL = reverse("admin:sales_order_changelist")
SHIPMENTS_URL = reverse("admin:sales_shipment_changelist")
DEMO_STORE = ["Main Website Store", "6146 Honey Bluff Parkway", "Calder, Michigan, 49628-7978", "United States"]


@pytest.fixture
def shipped(tutorial: None) -> tuple[Shipment, Shipment]:
    """The tutorial's step 12: 20 × 24-WB03 and 35 × 24-WB01 from ne_wh, then 5 × 24-WB01 from west_wh."""
    order = Order.objects.get()
    invoice_order(order, capture=True)
    items = {item.sku: item for item in order.items.all()}
    first = ship_order(order, source_code="ne_wh", items=[
        ShipmentLine(items["24-WB03"].pk, Decimal(20)), ShipmentLine(items["24-WB01"].pk, Decimal(35)),
    ])
    second = ship_order(order, source_code="west_wh", items=[ShipmentLine(items["24-WB01"].pk, Decimal(5))])
    return first, second


def test_a_packing_slip_prints_like_magentos(shipped: tuple[Shipment, Shipment]) -> None:
    """Pdf\\Shipment: "Packing Slip # …", the order, Sold to / Ship to, the methods, then Products, SKU and Qty and
    no totals; plus the MSI source it left from, by name."""
    first, _ = shipped
    order = first.order

    [lines] = pdf_pages(render_shipments_pdf(shipments_for_print(Shipment.objects.filter(pk=first.pk))))

    assert lines[:2] == [f"Packing Slip # {first.increment_id}", f"Order # {order.increment_id}"]
    assert "Source: Northeast Warehouse" in lines[:5]
    assert lines[lines.index("Products"):lines.index("Products") + 9] == [
        "Products", "SKU", "Qty",
        "Driven Backpack", "24-WB03", "20",
        "Voyage Yoga Bag", "24-WB01", "35",
    ]
    assert "Grand Total:" not in lines
    assert lines[-4:] == DEMO_STORE


def test_printing_packing_slips_runs_a_constant_number_of_queries(
    shipped: tuple[Shipment, Shipment], django_assert_num_queries: Callable
) -> None:
    with django_assert_num_queries(3):  # shipments with order, payment and source name; items; addresses
        render_shipments_pdf(shipments_for_print(Shipment.objects.all()))


def test_the_shipment_page_prints_its_packing_slip(admin_client: Client, shipped: tuple[Shipment, Shipment]) -> None:
    _, second = shipped
    print_url = reverse("admin:sales_shipment_print", args=[second.pk])

    page = admin_client.get(reverse("admin:sales_shipment_change", args=[second.pk])).content.decode()
    response = admin_client.get(print_url)

    assert f'<a href="{print_url}">Print</a>' in page
    assert response["Content-Type"] == "application/pdf"
    # Magento's Pdfshipments / PrintAction name: packingslip2025-11-25_14-37-05.pdf
    assert response["Content-Disposition"].startswith('attachment; filename="packingslip')
    [lines] = pdf_pages(response.content)
    assert lines[0] == f"Packing Slip # {second.increment_id}"
    assert "Source: West Warehouse" in lines
    assert lines[lines.index("Qty") + 1:lines.index("Qty") + 4] == ["Voyage Yoga Bag", "24-WB01", "5"]
    assert lines[-4:] == DEMO_STORE


def test_pdf_shipments_mass_action_prints_the_selected_packing_slips(
    admin_client: Client, shipped: tuple[Shipment, Shipment]
) -> None:
    """sales_order_shipment_grid's "PDF Shipments" (sales/shipment/pdfshipments): a page per selected shipment."""
    first, second = shipped

    response = admin_client.post(SHIPMENTS_URL, {"action": "pdf_shipments", "_selected_action": [first.pk, second.pk]})

    assert response["Content-Type"] == "application/pdf"
    pages = pdf_pages(response.content)
    assert [page[0] for page in pages] == [
        f"Packing Slip # {first.increment_id}", f"Packing Slip # {second.increment_id}",
    ]
    assert "Source: Northeast Warehouse" in pages[0]
    assert "Source: West Warehouse" in pages[1]


def test_printing_a_packing_slip_needs_the_view_shipment_permission(
    client: Client, staff_without: Callable, shipped: tuple[Shipment, Shipment]
) -> None:
    client.force_login(staff_without("sales.view_shipment", "sales.change_shipment"))  # every other permission is held

    response = client.get(reverse("admin:sales_shipment_print", args=[shipped[0].pk]))

    assert response.status_code == 403


def test_every_document_carries_the_store_name_and_address_from_settings(
    settings: Settings, shipped: tuple[Shipment, Shipment]
) -> None:
    settings.STORE_NAME = "Luma Outlet"
    settings.STORE_ADDRESS = ["1 Harbor Way", "Boston, Massachusetts, 02110", "United States"]
    order = Order.objects.get()
    refund_creditmemo(order.pk)
    store = ["Luma Outlet", "1 Harbor Way", "Boston, Massachusetts, 02110", "United States"]

    documents = [
        render_invoices_pdf(invoices_for_print(Invoice.objects.all())),
        render_shipments_pdf(shipments_for_print(Shipment.objects.all())),
        render_creditmemos_pdf(creditmemos_for_print(Creditmemo.objects.all())),
    ]

    for document in documents:
        for lines in pdf_pages(document):
            assert lines[-4:] == store


def test_the_store_address_may_be_empty(settings: Settings, shipped: tuple[Shipment, Shipment]) -> None:
    settings.STORE_NAME = ""
    settings.STORE_ADDRESS = []

    [lines] = pdf_pages(render_invoices_pdf(invoices_for_print(Invoice.objects.all())))

    assert lines[-1] == "$1,917.60"


def test_print_packing_slips_on_the_orders_grid_prints_the_selected_orders_shipments(
    admin_client: Client, shipped: tuple[Shipment, Shipment]
) -> None:
    """sales_order_grid's "Print Packing Slips" (Controller/Adminhtml/Order/Pdfshipments)."""
    first, second = shipped

    response = admin_client.post(ORDERS_URL, {"action": "print_packing_slips", "_selected_action": [first.order_id]})

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="packingslip')
    assert [page[0] for page in pdf_pages(response.content)] == [
        f"Packing Slip # {first.increment_id}",
        f"Packing Slip # {second.increment_id}",
    ]


def test_print_packing_slips_of_orders_without_shipments_is_an_error_message(
    admin_client: Client, order_factory: Callable
) -> None:
    order = order_factory()

    response = admin_client.post(ORDERS_URL, {"action": "print_packing_slips", "_selected_action": [order.pk]})

    assert response.status_code == 302
    assert [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)] == [
        ("error", "There are no printable documents related to selected orders."),
    ]
