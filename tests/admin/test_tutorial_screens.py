"""The admin screens the tutorial checks (spec section 10), driven through the admin itself."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sales.models import Order

pytestmark = pytest.mark.django_db


def cell(html: str, row_marker: str, field: str) -> str:
    """The text of the ``field`` cell in the changelist row containing ``row_marker``."""
    start = html.index(row_marker)
    row = html[html.rindex("<tr", 0, start):html.index("</tr>", start)]
    opening = f'<td class="field-{field}">'
    begin = row.index(opening) + len(opening)
    return row[begin:row.index("</td>", begin)]


def label(code: str, text: str) -> str:
    """A status as the grids show it: a coloured label."""
    return f'<span class="grid-status grid-status-{code}">{text}</span>'


def test_tutorial_screens_before_and_after_invoicing(admin_client: Client, tutorial: None) -> None:
    order = Order.objects.get()
    orders_url = reverse("admin:sales_order_changelist")
    order_row = f">{order.increment_id}</a></th>"

    before = admin_client.get(orders_url).content.decode()
    items = {item.sku: item for item in order.items.all()}
    form = {f"qty_{item.pk}": str(item.qty_ordered) for item in items.values()}
    response = admin_client.post(reverse("admin:sales_order_invoice", args=[order.pk]), form)
    after = admin_client.get(orders_url).content.decode()
    invoices = admin_client.get(reverse("admin:sales_invoice_changelist")).content.decode()
    products = admin_client.get(reverse("admin:catalog_product_changelist")).content.decode()

    assert cell(before, order_row, "status_column") == label("pending", "Pending")
    assert cell(before, order_row, "grand_total_column") == "$1,917.60"
    assert cell(before, order_row, "bill_to_name") == "Jane Doe"
    assert response.status_code == 302
    assert cell(after, order_row, "status_column") == label("processing", "Processing")
    invoice_row = f">{order.increment_id}</a></td>"
    assert cell(invoices, invoice_row, "status_column") == label("paid", "Paid")
    assert cell(invoices, invoice_row, "grand_total_column") == "$1,917.60"
    lv06_row = '<td class="field-sku">240-LV06</td>'
    assert cell(products, lv06_row, "quantity_per_source") == "HQ: 9998"
    assert cell(products, lv06_row, "salable_quantity") == "US Stock: 9998"
