"""Sales > Orders > Ship and Sales > Shipments: the tutorial's step 12 through the admin."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inventory.models import SourceItem
from sales.invoicing import invoice_order
from sales.models import Order, Shipment
from sales.shipping import ShipmentLine, ship_order
from tests.admin.test_tutorial_screens import cell, label

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoiced_order(tutorial: None) -> Order:
    order = Order.objects.get()
    invoice_order(order)
    return order


def ship_form(order: Order, source_code: str, **qtys: int) -> dict[str, str]:
    """One row per item, every row from ``source_code``."""
    items = {item.sku: item for item in order.items.all() if not item.is_virtual}
    return {
        key: value
        for sku, item in items.items()
        for key, value in ((f"source_{item.pk}_0", source_code), (f"qty_{item.pk}_0", str(qtys.get(sku, 0))))
    }


def form_rows(html: str) -> list[tuple[str, str, str]]:
    """The New Shipment rows as (field suffix, selected source, qty) read from the page's inputs."""
    rows = re.findall(r'name="source_(\d+_\d+)"[^>]*>(.*?)</select>', html, re.S)
    selected = {suffix: re.search(r'<option value="(\w+)" selected>', options).group(1) for suffix, options in rows}
    qtys = dict(re.findall(r'name="qty_(\d+_\d+)" value="([\d.]+)"', html))
    return [(suffix, selected[suffix], qtys[suffix]) for suffix, _ in rows]


def test_the_ship_page_is_prefilled_with_the_recommended_split(admin_client: Client, invoiced_order: Order):
    """MSI's Source Selection step (InventoryShippingAdminUi): the priority algorithm takes 24-WB03 from ne_wh and
    24-WB01 35 from ne_wh, 5 from west_wh; the form offers exactly that, one row per item and source."""
    items = {item.sku: item.pk for item in invoiced_order.items.all()}
    order_page = admin_client.get(reverse("admin:sales_order_change", args=[invoiced_order.pk])).content.decode()
    page = admin_client.get(reverse("admin:sales_order_ship", args=[invoiced_order.pk])).content.decode()

    assert "/ship/" in order_page
    assert form_rows(page) == [
        (f"{items['24-WB03']}_0", "ne_wh", "20"),
        (f"{items['24-WB01']}_0", "ne_wh", "35"),
        (f"{items['24-WB01']}_1", "west_wh", "5"),
    ]
    assert '<option value="ne_wh" selected>Northeast Warehouse</option>' in page  # names, not codes
    assert "Northeast Warehouse: 35 × 24-WB01" in page
    assert "West Warehouse: 5 × 24-WB01" in page
    assert "240-LV06" not in page  # a downloadable item never ships


def test_submitting_the_prefilled_split_ships_once_per_source(admin_client: Client, invoiced_order: Order):
    url = reverse("admin:sales_order_ship", args=[invoiced_order.pk])
    page = admin_client.get(url).content.decode()
    data = {f"source_{suffix}": source for suffix, source, _ in form_rows(page)}
    data |= {f"qty_{suffix}": qty for suffix, _, qty in form_rows(page)}

    response = admin_client.post(url, data)

    assert response.status_code == 302
    shipments = [(s.source_code, [(i.sku, i.qty) for i in s.items.order_by("sku")]) for s in Shipment.objects.order_by("pk")]
    assert shipments == [("ne_wh", [("24-WB01", 35), ("24-WB03", 20)]), ("west_wh", [("24-WB01", 5)])]
    invoiced_order.refresh_from_db()
    assert invoiced_order.status == "complete"


def test_a_split_refusal_names_the_sku_and_the_source_and_ships_nothing(admin_client: Client, invoiced_order: Order):
    items = {item.sku: item.pk for item in invoiced_order.items.all()}
    url = reverse("admin:sales_order_ship", args=[invoiced_order.pk])
    data = {f"source_{items['24-WB03']}_0": "ne_wh", f"qty_{items['24-WB03']}_0": "20",
            f"source_{items['24-WB01']}_0": "brooklyn", f"qty_{items['24-WB01']}_0": "40"}

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        'Source "Brooklyn Store" cannot ship 40 of SKU "24-WB01": it holds 10.'
    ]
    assert Shipment.objects.count() == 0  # ne_wh's shipment rolled back with it
    assert SourceItem.objects.get(product_id="24-WB03", source_id="ne_wh").quantity == 50


def test_two_shipments_from_two_sources_complete_the_order_and_fill_the_grid(
    admin_client: Client, invoiced_order: Order
):
    url = reverse("admin:sales_order_ship", args=[invoiced_order.pk])

    first = admin_client.post(url, ship_form(invoiced_order, "ne_wh", **{"24-WB03": 20, "24-WB01": 35}))
    second = admin_client.post(url, ship_form(invoiced_order, "west_wh", **{"24-WB01": 5}))

    assert (first.status_code, second.status_code) == (302, 302)
    invoiced_order.refresh_from_db()
    assert invoiced_order.status == "complete"
    assert SourceItem.objects.get(product_id="24-WB01", source_id="west_wh").quantity == Decimal(10)
    grid = admin_client.get(reverse("admin:sales_shipment_changelist")).content.decode()
    rows = [f">{s.increment_id}</a></th>" for s in Shipment.objects.order_by("pk")]
    assert [cell(grid, row, "total_quantity") for row in rows] == ["55", "5"]
    assert [cell(grid, row, "source") for row in rows] == ["Northeast Warehouse", "West Warehouse"]  # names
    assert grid.index(rows[1]) < grid.index(rows[0])  # newest first
    assert cell(grid, rows[0], "ship_to_name") == "Jane Doe"
    orders = admin_client.get(reverse("admin:sales_order_changelist")).content.decode()
    assert cell(orders, f">{invoiced_order.increment_id}</a></th>", "status_column") == label("complete", "Complete")


def test_a_refused_shipment_shows_the_reason_and_writes_nothing(admin_client: Client, invoiced_order: Order):
    url = reverse("admin:sales_order_ship", args=[invoiced_order.pk])

    response = admin_client.post(url, ship_form(invoiced_order, "brooklyn", **{"24-WB03": 20}), follow=True)

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        'Source "Brooklyn Store" cannot ship 20 of SKU "24-WB03": it holds 0.'
    ]
    assert Shipment.objects.count() == 0
    assert SourceItem.objects.get(product_id="24-WB03", source_id="brooklyn").quantity == 0


def test_shipping_needs_the_ship_permission(client: Client, staff_without: Callable, invoiced_order: Order):
    """Order/Shipment/NewAction: Magento_Sales::ship, sales.add_shipment here (every other permission is held)."""
    client.force_login(staff_without("sales.add_shipment"))

    response = client.get(reverse("admin:sales_order_ship", args=[invoiced_order.pk]))

    assert response.status_code == 403


def test_the_shipments_grid_runs_a_constant_number_of_queries(admin_client: Client, invoiced_order: Order):
    url = reverse("admin:sales_shipment_changelist")
    item = invoiced_order.items.get(sku="24-WB03")
    ship_order(invoiced_order, items=[ShipmentLine(item.pk, Decimal(1))], source_code="ne_wh")
    with CaptureQueriesContext(connection) as one:
        admin_client.get(url)
    for _ in range(9):
        ship_order(invoiced_order, items=[ShipmentLine(item.pk, Decimal(1))], source_code="ne_wh")
    with CaptureQueriesContext(connection) as ten:
        admin_client.get(url)

    assert len(one) == len(ten)


def test_the_shipment_page_names_its_source(admin_client: Client, invoiced_order: Order):
    item = invoiced_order.items.get(sku="24-WB03")
    shipment = ship_order(invoiced_order, items=[ShipmentLine(item.pk, Decimal(2))], source_code="ne_wh")

    html = admin_client.get(reverse("admin:sales_shipment_change", args=[shipment.pk])).content.decode()
    order_page = admin_client.get(reverse("admin:sales_order_change", args=[invoiced_order.pk])).content.decode()

    field = html[html.index("field-source_name"):]
    assert field[field.index('<div class="readonly">'):].startswith('<div class="readonly">Northeast Warehouse</div>')
    shipments_tab = order_page[order_page.index('id="tab-shipments"'):]
    assert "Northeast Warehouse" in shipments_tab[:shipments_tab.index("</section>")]
    assert ">ne_wh<" not in order_page
