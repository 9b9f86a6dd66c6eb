"""Every list endpoint runs the same number of queries for 2 rows as for 12."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Product
from inventory.models import SalesChannel, Source, SourceItem, Stock, StockSourceLink
from tests.factories import make_product

pytestmark = pytest.mark.django_db


def grow(rows: int) -> None:
    """At least ``rows`` rows in every listed table (sources, stocks, links, source items, products)."""
    while Product.objects.count() < rows:
        n = Product.objects.count()
        source = Source.objects.create(source_code=f"s{n}", name=f"S{n}", country_id="US", postcode="1")
        stock = Stock.objects.create(name=f"Stock {n}")
        StockSourceLink.objects.create(stock=stock, source=source, priority=1)
        SalesChannel.objects.create(stock=stock, code=f"site{n}")
        product = make_product(quantity=None)
        SourceItem.objects.create(product=product, source=source, quantity=n)
        SourceItem.objects.create(product=product, source_id="default", quantity=n)


def listed(client, path: str) -> tuple[int, int]:
    """(queries run, rows listed) for one page of up to 50 rows."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/rest/V1/{path}?searchCriteria[pageSize]=50")
    assert response.status_code == 200
    return len(captured), len(response.json()["items"])


@pytest.mark.parametrize(
    "path", ["inventory/sources", "inventory/stocks", "inventory/stock-source-links", "inventory/source-items", "products"]
)
def test_list_endpoints_run_a_constant_number_of_queries(rest_client, path):
    grow(2)
    small_queries, small_rows = listed(rest_client, path)
    grow(12)

    large_queries, large_rows = listed(rest_client, path)

    assert (small_rows >= 2, large_rows >= 12) == (True, True)
    assert large_queries == small_queries
