from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from inventory.models import Reservation, Stock
from sales.invoicing import invoice_order

pytestmark = pytest.mark.django_db


def test_index_groups_models_under_catalog_inventory_and_sales(admin_client: Client) -> None:
    response = admin_client.get(reverse("admin:index"))

    html = response.content.decode()
    assert '<a href="/admin/">Backoffice</a>' in html
    assert "<title>Dashboard | Backoffice</title>" in html
    for app, model in (("catalog", "Products"), ("inventory", "Sources"), ("inventory", "Stocks"),
                       ("inventory", "Reservations"), ("sales", "Orders"), ("sales", "Invoices"),
                       ("sales", "Shipments")):
        assert f'<a href="/admin/{app}/{model.lower()[:-1]}/">{model}</a>' in html


def test_every_admin_page_renders(admin_client: Client, order_factory: Callable, product_factory: Callable) -> None:
    product = product_factory(quantity=Decimal(5))
    order = order_factory()
    invoice = invoice_order(order, capture=True)
    reservation = Reservation.objects.create(
        stock_id=1, sku=product.sku, quantity=Decimal(-1), event_type=Reservation.EventType.ORDER_PLACED
    )
    urls = [
        reverse("admin:catalog_product_add"),
        reverse("admin:catalog_product_change", args=[product.pk]),
        reverse("admin:inventory_source_changelist"),
        reverse("admin:inventory_source_add"),
        reverse("admin:inventory_source_change", args=["default"]),
        reverse("admin:inventory_stock_changelist"),
        reverse("admin:inventory_stock_add"),
        reverse("admin:inventory_stock_change", args=[Stock.objects.get().pk]),
        reverse("admin:inventory_reservation_changelist"),
        reverse("admin:inventory_reservation_change", args=[reservation.pk]),
        reverse("admin:sales_order_changelist") + "?q=Costello&status__exact=processing",
        reverse("admin:sales_order_change", args=[order.pk]),
        reverse("admin:sales_invoice_changelist") + f"?q={order.increment_id}&state__exact=2",
        reverse("admin:sales_invoice_change", args=[invoice.pk]),
        reverse("admin:catalog_product_changelist") + "?q=SKU&type_id__exact=simple",
        reverse("admin:sales_order_changelist") + "?created_at__date__gte=2026-01-01&store_id=1",
        reverse("admin:sales_invoice_changelist") + "?order__created_at__date__lte=2026-12-31",
        reverse("admin:sales_shipment_changelist") + "?source_code=default",
        reverse("admin:sales_invoice_print", args=[invoice.pk]),
        *(reverse(f"admin:{grid}_export_csv") for grid in (
            "sales_order", "sales_invoice", "sales_shipment", "catalog_product")),
    ]

    statuses = {url: admin_client.get(url).status_code for url in urls}

    assert statuses == dict.fromkeys(urls, 200)


def test_a_product_is_added_with_its_quantity_per_source(admin_client: Client) -> None:
    response = admin_client.post(reverse("admin:catalog_product_add"), {
        "sku": "24-MB01", "name": "Joust Duffle Bag", "type_id": "simple", "attribute_set_id": "4", "price": "34",
        "weight": "", "status": "1", "visibility": "4",
        "source_items-TOTAL_FORMS": "1", "source_items-INITIAL_FORMS": "0",
        "source_items-MIN_NUM_FORMS": "0", "source_items-MAX_NUM_FORMS": "1000",
        "source_items-0-source": "default", "source_items-0-quantity": "100", "source_items-0-status": "1",
    })

    assert response.status_code == 302
    row = admin_client.get(reverse("admin:catalog_product_changelist")).content.decode()
    assert '<td class="field-quantity_per_source">Default Source: 100</td>' in row
    assert '<td class="field-salable_quantity">Default Stock: 100</td>' in row
