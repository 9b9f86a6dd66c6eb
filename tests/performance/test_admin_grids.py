"""The Magento grids at any size: a constant number of queries a page, and deep pages equal to plain paging."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Product
from inventory.models import Reservation
from sales.models import Invoice, Order, Shipment

pytestmark = pytest.mark.django_db
GRIDS = {"products": ("/admin/catalog/product/", Product), "invoices": ("/admin/sales/invoice/", Invoice),
         "orders": ("/admin/sales/order/", Order), "shipments": ("/admin/sales/shipment/", Shipment),
         "reservations": ("/admin/inventory/reservation/", Reservation)}


def generate(orders: int) -> None:
    call_command("generate_load", products=orders, sources=3, orders=orders, seed=orders, stdout=io.StringIO(),
                 stderr=io.StringIO())


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def pages(grid: str) -> list[str]:
    url, model = GRIDS[grid]
    last = -(-model.objects.count() // 20)
    filtered = {"products": "?type_id__exact=simple", "invoices": "?state__exact=2&created_at__date__gte=2020-01-01",
                "orders": "?status__exact=complete", "shipments": "?created_at__date__gte=2020-01-01",
                "reservations": "?event_type__exact=order_placed"}[grid]
    return [url, url + filtered, f"{url}?p={last}", f"{url}?p=2&o=-1"]


@pytest.mark.parametrize("grid", GRIDS)
def test_a_page_costs_the_same_queries_whatever_the_data_size(admin_client, grid):
    generate(60)
    small = [queries(admin_client, url) for url in pages(grid)]
    generate(240)
    large = [queries(admin_client, url) for url in pages(grid)]

    assert small == large


def shown_pks(client, url: str) -> list[int]:
    return [obj.pk for obj in client.get(url).context["cl"].result_list]


@pytest.mark.parametrize("grid", GRIDS)
def test_deep_pages_hold_the_rows_plain_offset_paging_would(admin_client, grid):
    generate(100)
    url, _ = GRIDS[grid]
    changelist = admin_client.get(url).context["cl"]
    ordered = list(changelist.queryset.values_list("pk", flat=True))

    assert changelist.list_per_page == 20
    for page in (1, 2, -(-len(ordered) // 20)):
        assert shown_pks(admin_client, f"{url}?p={page}") == ordered[(page - 1) * 20:page * 20]
