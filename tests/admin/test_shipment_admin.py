"""Sales > Orders > Ship and Sales > Shipments: the tutorial's step 12 through the admin."""

from __future__ import annotations

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
    items = {item.sku: item for item in order.items.all() if not item.is_virtual}
    return {"source_code": source_code} | {f"qty_{items[sku].pk}": str(qtys.get(sku, 0)) for sku in items}


def test_the_ship_page_preselects_the_source_the_algorithm_recommends(admin_client: Client, invoiced_order: Order):
    order_page = admin_client.get(reverse("admin:sales_order_change", args=[invoiced_order.pk])).content.decode()
    page = admin_client.get(reverse("admin:sales_order_ship", args=[invoiced_order.pk])).content.decode()

    assert "/ship/" in order_page
    assert '<option value="ne_wh" selected>Northeast Warehouse (ne_wh)</option>' in page
    assert "ne_wh: 35 × 24-WB01" in page
    assert "west_wh: 5 × 24-WB01" in page
    assert "240-LV06" not in page  # a downloadable item never ships


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
    assert "Not all of your products are available in the requested quantity." in response.content.decode()
    assert Shipment.objects.count() == 0
    assert SourceItem.objects.get(product_id="24-WB03", source_id="brooklyn").quantity == 0


def test_shipping_needs_the_ship_permission(client: Client, django_user_model, invoiced_order: Order):
    clerk = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    client.force_login(clerk)

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
