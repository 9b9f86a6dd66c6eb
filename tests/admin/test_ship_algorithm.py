"""The New Shipment page's Source Selection Algorithm choice (InventoryShippingAdminUi's AlgorithmSelectionButton:
every algorithm of GetSourceSelectionAlgorithmList; ProcessAlgorithm re-runs the chosen one on the order, whose
shipping address is the destination, GetInventoryRequestFromOrder::getAddressFromOrder)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sales.invoicing import invoice_order
from sales.models import Order
from tests.admin.test_shipment_admin import form_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoiced_order(tutorial: None) -> Order:
    order = Order.objects.get()
    invoice_order(order)
    return order


def test_the_page_offers_both_algorithms_priority_first(admin_client: Client, invoiced_order: Order):
    page = admin_client.get(reverse("admin:sales_order_ship", args=[invoiced_order.pk])).content.decode()

    assert '<option value="priority" selected>Source Priority</option>' in page
    assert '<option value="distance">Distance Priority</option>' in page
    assert "Source Selection Algorithm (Source Priority) recommends" in page


def test_distance_splits_from_the_sources_nearest_jane_doe_in_mineola(admin_client: Client, invoiced_order: Order):
    """Mineola (ZIP 11501): Long Island 23 km, Brooklyn 27, HQ 27 (no bags), Manhattan 30, Jersey City 35."""
    items = {item.sku: item.pk for item in invoiced_order.items.all()}
    url = reverse("admin:sales_order_ship", args=[invoiced_order.pk])

    page = admin_client.get(url, {"algorithmCode": "distance"}).content.decode()

    assert form_rows(page) == [
        (f"{items['24-WB03']}_0", "ne_wh", "20"),
        (f"{items['24-WB01']}_0", "huntington", "10"),
        (f"{items['24-WB01']}_1", "brooklyn", "10"),
        (f"{items['24-WB01']}_2", "manhattan", "10"),
        (f"{items['24-WB01']}_3", "ne_wh", "10"),
    ]
    assert '<option value="distance" selected>Distance Priority</option>' in page
    assert "Source Selection Algorithm (Distance Priority) recommends" in page


def test_an_unknown_algorithm_falls_back_to_priority(admin_client: Client, invoiced_order: Order):
    page = admin_client.get(reverse("admin:sales_order_ship", args=[invoiced_order.pk]), {"algorithmCode": "x"})

    assert "Source Selection Algorithm (Source Priority) recommends" in page.content.decode()
