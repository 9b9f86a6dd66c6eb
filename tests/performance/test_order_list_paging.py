"""GET /V1/orders with a filter, in id order: the page is read off the filters' index when the count is small
(backoffice/rest/search_criteria.py SearchResultsPagination, FILTERS_FIRST_UP_TO), in the same order.

At a million orders an integration's "status X, created in this 30-day window" page, ordered by the primary key,
walked the key's index up to the window's first id (0.3-1.2 s); read off ``sales_order_status_created`` (status,
created_at, entity_id) and sorted, it takes 1-4 ms. Route: Magento's module-sales/etc/webapi.xml
(GET /V1/orders, OrderRepositoryInterface::getList).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from backoffice.rest import search_criteria
from sales.models import Order
from tests.factories import make_order

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 1, tzinfo=UTC)


def window_query(status: str, page_size: int, current_page: int) -> str:
    filters = [("status", status, "eq"), ("created_at", f"{START:%Y-%m-%d %H:%M:%S}", "gteq"),
               ("created_at", f"{START + timedelta(days=30):%Y-%m-%d %H:%M:%S}", "lteq")]
    pairs: dict[str, object] = {"searchCriteria[pageSize]": page_size, "searchCriteria[currentPage]": current_page}
    for group, (field, value, condition) in enumerate(filters):
        prefix = f"searchCriteria[filter_groups][{group}][filters][0]"
        pairs |= {f"{prefix}[field]": field, f"{prefix}[value]": value, f"{prefix}[condition_type]": condition}
    return "/rest/V1/orders?" + urlencode(pairs)


@pytest.fixture
def window_orders() -> list[int]:
    """Nine orders: inside the window and pending (ids expected in order), outside it, or another status; the
    dates go against the ids (a newer id, an older date), as imports leave them."""
    inside = []
    for n in range(9):
        order = make_order(item_qtys=[Decimal("1")])
        status = "processing" if n == 4 else "pending"
        created = START + timedelta(days=40 if n == 7 else 28 - 3 * n)
        Order.objects.filter(pk=order.pk).update(status=status, created_at=created)
        if status == "pending" and n != 7:
            inside.append(order.pk)
    return inside


def page_ids(rest_client, url: str) -> tuple[list[int], int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = rest_client.get(url)
    assert response.status_code == 200, response.content
    body = response.json()
    ids_sql = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "sales_order"."entity_id" AS "pk" FROM')]
    return [item["entity_id"] for item in body["items"]], body["total_count"], ids_sql


def test_a_small_filtered_page_is_sorted_off_the_filters_index_in_id_order(rest_client, window_orders):
    pages = [page_ids(rest_client, window_query("pending", 3, page)) for page in (1, 2, 3)]

    assert [ids for ids, _, _ in pages] == [window_orders[:3], window_orders[3:6], window_orders[6:]]
    assert {count for _, count, _ in pages} == {7}
    for _, _, (sql,) in pages:
        assert 'ORDER BY ("sales_order"."entity_id" + 0) ASC' in sql  # no index gives this order


def test_above_the_bound_the_page_walks_the_primary_key_with_the_same_answer(rest_client, window_orders, monkeypatch):
    monkeypatch.setattr(search_criteria, "FILTERS_FIRST_UP_TO", 6)

    ids, count, (sql,) = page_ids(rest_client, window_query("pending", 5, 1))

    assert (ids, count) == (window_orders[:5], 7)
    assert "+ 0" not in sql
    assert sql.endswith('ORDER BY 1 ASC LIMIT 5')


def test_an_unfiltered_list_walks_the_primary_key(rest_client, window_orders):
    ids, count, (sql,) = page_ids(rest_client, "/rest/V1/orders?searchCriteria[pageSize]=2")

    assert count == Order.objects.count()
    assert ids == sorted(Order.objects.values_list("pk", flat=True))[:2]
    assert "+ 0" not in sql


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_the_status_index_serves_the_window_page_and_its_count(window_orders):
    """The status index holds status, created_at and the id: the count and the page's ids are one range of it (an
    Index Cond on both columns). Planned with sequential and bitmap scans off and sales_order's other indexes
    (but the unique ones) dropped in the test's transaction (nine rows: the planner would otherwise take whatever is cheapest for them)."""
    window = Order.objects.filter(status="pending", created_at__gte=START, created_at__lte=START + timedelta(days=30))
    page = window.order_by(F("pk") + 0).values_list("pk", flat=True)[:20]
    count = window.order_by().values_list("pk", flat=True)
    plans = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'sales_order' AND indexname <> %s "
            "AND indexdef NOT LIKE 'CREATE UNIQUE %%'",
            ["sales_order_status_created"],
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')  # rolled back with the test
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        for query, wrap in ((page, "{}"), (count, "SELECT COUNT(*) FROM ({}) counted")):
            sql, params = query.query.sql_with_params()
            cursor.execute("EXPLAIN " + wrap.format(sql), params)
            plans.append(" ".join(row[0] for row in cursor.fetchall()))
    for plan in plans:
        assert "using sales_order_status_created" in plan
        condition = plan.split("Index Cond: ", 1)[1]  # both columns in the index's range, not a filter after it
        assert "status" in condition
        assert "created_at >= '2026-03-01" in condition
        assert "Filter" not in plan
