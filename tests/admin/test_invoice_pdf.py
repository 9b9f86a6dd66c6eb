"""Printed invoices (sales.pdf) read back as text: what Magento's PDF invoice shows."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from sales.invoicing import InvoiceLine, invoice_order
from sales.models import Invoice, Order
from sales.pdf import invoices_for_print, render_invoices_pdf
from tests.admin.readers import pdf_pages

pytestmark = pytest.mark.django_db

ORDERS_URL = reverse("admin:sales_order_changelist")
INVOICES_URL = reverse("admin:sales_invoice_changelist")


def test_the_tutorial_invoice_prints_like_magentos(tutorial: None) -> None:
    order = Order.objects.get()
    invoice = invoice_order(order, capture=True)

    [lines] = pdf_pages(render_invoices_pdf(invoices_for_print(Invoice.objects.all())))

    assert lines[:3] == [
        f"Invoice # {invoice.increment_id}", f"Order # {order.increment_id}", f"Order Date: {order_date(order)}",
    ]
    assert lines[lines.index("Sold to:"):lines.index("Payment Method:")] == [
        "Sold to:", "Ship to:",
        # the country by name, as Magento's Address\Renderer gives it to the pdf address template
        *["Jane Doe", "160 1st St.", "Mineola, New York, 11501", "United States", "T: 516-555-1111"] * 2,
    ]
    assert lines[lines.index("Payment Method:"):lines.index("Products")] == [
        "Payment Method:", "Shipping Method:", "Bank Transfer Payment", "Flat Rate - Fixed",
        "(Total Shipping Charges $300.00)",
    ]
    assert lines[lines.index("Products"):lines.index("Subtotal:")] == [
        "Products", "SKU", "Price", "Qty", "Tax", "Subtotal",
        "Driven Backpack", "24-WB03", "$36.00", "20", "$0.00", "$720.00",
        "Voyage Yoga Bag", "24-WB01", "$32.00", "40", "$0.00", "$1,280.00",
        "Yoga Adventure", "240-LV06", "$22.00", "1", "$0.00", "$22.00",
    ]
    assert lines[lines.index("Subtotal:"):] == [
        "Subtotal:", "$2,022.00", "Discount:", "-$404.40", "Shipping & Handling:", "$300.00",
        "Grand Total:", "$1,917.60",
        # the store's name and address (settings.STORE_NAME, STORE_ADDRESS: Magento's sales/identity/address),
        # printed at the top right of the page by AbstractPdf::insertAddress; drawn last, so read last
        "Main Website Store", "6146 Honey Bluff Parkway", "Calder, Michigan, 49628-7978", "United States",
    ]


def test_each_invoice_gets_its_own_page(order_factory: Callable) -> None:
    order = order_factory(item_qtys=(Decimal("1"), Decimal("2")))
    first_item, second_item = order.items.order_by("pk")
    first = invoice_order(order, items=[InvoiceLine(first_item.pk, Decimal("1"))], capture=True)
    second = invoice_order(order, items=[InvoiceLine(second_item.pk, Decimal("2"))], capture=True)

    pages = pdf_pages(render_invoices_pdf(invoices_for_print(Invoice.objects.all())))

    assert [page[0] for page in pages] == [f"Invoice # {first.increment_id}", f"Invoice # {second.increment_id}"]
    assert first_item.sku in pages[0]
    assert second_item.sku not in pages[0]
    assert second_item.sku in pages[1]


def test_printing_runs_a_constant_number_of_queries(
    order_factory: Callable, django_assert_num_queries: Callable
) -> None:
    for _ in range(3):
        invoice_order(order_factory(), capture=True)

    with django_assert_num_queries(3):  # invoices with order and payment, their items, the orders' addresses
        render_invoices_pdf(invoices_for_print(Invoice.objects.all()))


def test_the_invoice_page_prints_the_invoice(admin_client: Client, order_factory: Callable) -> None:
    invoice = invoice_order(order_factory(), capture=True)
    print_url = reverse("admin:sales_invoice_print", args=[invoice.pk])

    page = admin_client.get(reverse("admin:sales_invoice_change", args=[invoice.pk])).content.decode()
    response = admin_client.get(print_url)

    assert f'<a href="{print_url}">Print</a>' in page
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="invoice')
    assert pdf_pages(response.content)[0][0] == f"Invoice # {invoice.increment_id}"


def test_pdf_invoices_mass_action_prints_the_selected_invoices(admin_client: Client, order_factory: Callable) -> None:
    first, _unselected, third = (invoice_order(order_factory(), capture=True) for _ in range(3))

    response = admin_client.post(INVOICES_URL, {"action": "pdf_invoices", "_selected_action": [first.pk, third.pk]})

    assert response["Content-Type"] == "application/pdf"
    assert [page[0] for page in pdf_pages(response.content)] == [
        f"Invoice # {first.increment_id}", f"Invoice # {third.increment_id}",
    ]


def test_print_invoices_mass_action_prints_the_selected_orders_invoices(
    admin_client: Client, order_factory: Callable
) -> None:
    order = order_factory(item_qtys=(Decimal("1"), Decimal("1")))
    for item in order.items.order_by("pk"):
        invoice_order(order, items=[InvoiceLine(item.pk, Decimal("1"))], capture=True)
    other = order_factory()
    invoice_order(other, capture=True)

    response = admin_client.post(ORDERS_URL, {"action": "print_invoices", "_selected_action": [order.pk]})

    assert response["Content-Type"] == "application/pdf"
    pages = pdf_pages(response.content)
    assert [page[1] for page in pages] == [f"Order # {order.increment_id}"] * 2


def test_print_invoices_of_orders_without_invoices_is_an_error_message(
    admin_client: Client, order_factory: Callable
) -> None:
    order = order_factory()

    response = admin_client.post(ORDERS_URL, {"action": "print_invoices", "_selected_action": [order.pk]})

    assert response.status_code == 302
    assert [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)] == [
        ("error", "There are no printable documents related to selected orders."),
    ]


def test_printing_needs_the_view_invoice_permission(client: Client, staff_without: Callable, order_factory: Callable):
    invoice = invoice_order(order_factory(), capture=True)
    client.force_login(staff_without("sales.view_invoice", "sales.change_invoice"))  # every other permission is held

    response = client.get(reverse("admin:sales_invoice_print", args=[invoice.pk]))

    assert response.status_code == 403


def order_date(order: Order) -> str:
    return format_date(timezone.localtime(order.created_at), "M j, Y")
