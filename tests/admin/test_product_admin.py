from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Product
from inventory.models import DEFAULT_STOCK_ID, Reservation, Source, SourceItem, Stock, StockSourceLink

pytestmark = pytest.mark.django_db

PRODUCTS_URL = reverse("admin:catalog_product_changelist")


def row_of(html: str, sku: str) -> str:
    start = html.index(f'<td class="field-sku">{sku}</td>')
    return html[html.rindex("<tr", 0, start):html.index("</tr>", start)]


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_products_grid_shows_quantity_per_source_and_salable_quantity(
    admin_client: Client, product_factory: Callable
) -> None:
    product = product_factory(quantity=Decimal("98"))

    response = admin_client.get(PRODUCTS_URL)

    assert response.status_code == 200
    html = response.content.decode()
    for header in ("ID", "Name", "Type", "SKU", "Price", "Quantity per Source", "Salable Quantity", "Visibility",
                   "Status"):
        assert f">{header}</a>" in html or f">{header}</span>" in html
    row = row_of(html, product.sku)
    assert '<td class="field-quantity_per_source">Default Source: 98</td>' in row
    assert '<td class="field-salable_quantity">Default Stock: 98</td>' in row
    assert '<td class="field-type_id">Simple Product</td>' in row
    assert '<td class="field-visibility">Catalog, Search</td>' in row
    assert '<td class="field-status">Enabled</td>' in row


def test_a_reservation_lowers_salable_quantity_but_not_quantity_per_source(
    admin_client: Client, product_factory: Callable
) -> None:
    product = product_factory(quantity=Decimal("98"))
    Reservation.objects.create(
        stock_id=DEFAULT_STOCK_ID, sku=product.sku, quantity=Decimal("-3"),
        event_type=Reservation.EventType.ORDER_PLACED, object_increment_id="000000001",
    )

    row = row_of(admin_client.get(PRODUCTS_URL).content.decode(), product.sku)

    assert '<td class="field-quantity_per_source">Default Source: 98</td>' in row
    assert '<td class="field-salable_quantity">Default Stock: 95</td>' in row


def test_products_grid_lists_every_source_and_stock_on_its_own_line(
    admin_client: Client, product_factory: Callable
) -> None:
    product = product_factory(quantity=Decimal("4.5"))
    warehouse = Source.objects.create(source_code="ne", name="Northeast Warehouse", country_id="US", postcode="1")
    us_stock = Stock.objects.create(name="US Stock")
    StockSourceLink.objects.create(stock=us_stock, source=warehouse)
    SourceItem.objects.create(source=warehouse, product=product, quantity=Decimal("35"))

    row = row_of(admin_client.get(PRODUCTS_URL).content.decode(), product.sku)

    assert '<td class="field-quantity_per_source">Default Source: 4.5<br>Northeast Warehouse: 35</td>' in row
    assert '<td class="field-salable_quantity">Default Stock: 4.5<br>US Stock: 35</td>' in row


def test_products_grid_query_count_does_not_grow_with_the_page(
    admin_client: Client, product_factory: Callable, django_assert_max_num_queries: Callable
) -> None:
    for _ in range(2):
        product_factory(quantity=Decimal("10"))
    two_rows = count_queries(admin_client, PRODUCTS_URL)
    for _ in range(18):
        product_factory(quantity=Decimal("10"))

    with django_assert_max_num_queries(9):  # session, user, two counts, the page, source items, salable (2), bookmarks
        twenty_rows = count_queries(admin_client, PRODUCTS_URL)

    assert twenty_rows == two_rows


def test_product_page_edits_quantities_per_source(admin_client: Client, product_factory: Callable) -> None:
    product = product_factory(quantity=Decimal("98"))
    item = SourceItem.objects.get(product=product)
    url = reverse("admin:catalog_product_change", args=[product.pk])

    response = admin_client.post(url, {
        "name": product.name, "type_id": product.type_id, "attribute_set_id": "4", "price": "12.50", "weight": "",
        "status": "1", "visibility": "4",
        "source_items-TOTAL_FORMS": "1", "source_items-INITIAL_FORMS": "1",
        "source_items-MIN_NUM_FORMS": "0", "source_items-MAX_NUM_FORMS": "1000",
        "source_items-0-id": str(item.pk), "source_items-0-product": product.sku,
        "source_items-0-source": "default", "source_items-0-quantity": "90", "source_items-0-status": "1",
    })

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.quantity == Decimal("90")
    product.refresh_from_db()
    assert product.price == Decimal("12.5")


def test_product_sku_is_set_on_creation_only(admin_client: Client, product_factory: Callable) -> None:
    product = product_factory()

    add = admin_client.get(reverse("admin:catalog_product_add")).content.decode()
    change = admin_client.get(reverse("admin:catalog_product_change", args=[product.pk])).content.decode()

    assert 'name="sku"' in add
    assert 'name="sku"' not in change
    assert Product.objects.get(pk=product.pk).sku == product.sku
