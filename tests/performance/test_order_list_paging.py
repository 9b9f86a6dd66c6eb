"""GET /V1/orders with a filter, in id order: the page is read off the filters' index when the count is small
(backoffice/rest/search_criteria.py SearchResultsPagination, FILTERS_FIRST_UP_TO), in the same order; the count and
the page's keys come from statements over the filters compiled once (``paginate_keys``), on PostgreSQL one statement
up to ONE_READ_UP_TO matches.

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
    """The page's ids, its total_count, and the statements that read the matches' count and keys."""
    with CaptureQueriesContext(connection) as queries:
        response = rest_client.get(url)
    assert response.status_code == 200, response.content
    body = response.json()
    keys_sql = [q["sql"] for q in queries.captured_queries if ") matches" in q["sql"]]
    return [item["entity_id"] for item in body["items"]], body["total_count"], keys_sql


POSTGRESQL = connection.vendor == "postgresql"
PAGE_BY_FILTERS = 'ORDER BY matches."pk" + 0 LIMIT'
PAGE_BY_KEY = 'ORDER BY matches."pk" LIMIT'


def test_a_small_filtered_page_is_sorted_off_the_filters_index_in_id_order(rest_client, window_orders):
    pages = [page_ids(rest_client, window_query("pending", 3, page)) for page in (1, 2, 3)]

    assert [ids for ids, _, _ in pages] == [window_orders[:3], window_orders[3:6], window_orders[6:]]
    assert {count for _, count, _ in pages} == {7}
    for _, _, statements in pages:
        if POSTGRESQL:  # the count and the page in one read of the matches
            (sql,) = statements
            assert 'SELECT COUNT(*), (ARRAY_AGG(matches."pk" ORDER BY matches."pk"))' in sql
        else:
            count_sql, sql = statements
            assert count_sql.startswith("SELECT COUNT(*) FROM (")
            assert PAGE_BY_FILTERS in sql  # no index gives this order


def test_the_count_and_page_are_two_statements_above_the_one_read_bound(rest_client, window_orders, monkeypatch):
    monkeypatch.setattr(search_criteria, "ONE_READ_UP_TO", 6)  # seven matches: the first statement is not enough

    ids, count, statements = page_ids(rest_client, window_query("pending", 5, 2))

    assert (ids, count) == (window_orders[5:], 7)
    assert len(statements) == (3 if POSTGRESQL else 2)
    assert PAGE_BY_FILTERS in statements[-1]


def test_at_the_one_read_bound_one_statement_answers(rest_client, window_orders, monkeypatch):
    monkeypatch.setattr(search_criteria, "ONE_READ_UP_TO", 7)

    ids, count, statements = page_ids(rest_client, window_query("pending", 5, 2))

    assert (ids, count) == (window_orders[5:], 7)
    assert len(statements) == (1 if POSTGRESQL else 2)


def test_above_the_bound_the_page_walks_the_primary_key_with_the_same_answer(rest_client, window_orders, monkeypatch):
    monkeypatch.setattr(search_criteria, "FILTERS_FIRST_UP_TO", 6)
    monkeypatch.setattr(search_criteria, "ONE_READ_UP_TO", 6)

    ids, count, statements = page_ids(rest_client, window_query("pending", 5, 1))

    assert (ids, count) == (window_orders[:5], 7)
    assert "+ 0" not in statements[-1]
    assert PAGE_BY_KEY in statements[-1]


@pytest.mark.parametrize("current_page", [3, 10**30])
def test_a_page_past_the_last_is_empty_with_the_count(rest_client, window_orders, current_page):
    ids, count, _ = page_ids(rest_client, window_query("pending", 5, current_page))

    assert (ids, count) == ([], 7)


def test_a_filter_no_order_can_match_is_an_empty_page(rest_client, window_orders):
    prefix = "searchCriteria[filter_groups][0][filters][0]"
    url = "/rest/V1/orders?" + urlencode(
        {f"{prefix}[field]": "entity_id", f"{prefix}[value]": str(10**40), f"{prefix}[condition_type]": "in"}
    )

    ids, count, statements = page_ids(rest_client, url)

    assert (ids, count, statements) == ([], 0, [])


def test_a_sorted_list_pages_as_before(rest_client, window_orders):
    url = window_query("pending", 3, 1) + "&" + urlencode(
        {"searchCriteria[sortOrders][0][field]": "entity_id", "searchCriteria[sortOrders][0][direction]": "DESC"}
    )

    ids, count, statements = page_ids(rest_client, url)

    assert (ids, count, statements) == (window_orders[::-1][:3], 7, [])


def test_an_unfiltered_list_walks_the_primary_key(rest_client, window_orders):
    ids, count, statements = page_ids(rest_client, "/rest/V1/orders?searchCriteria[pageSize]=2")

    assert count == Order.objects.count()
    assert ids == sorted(Order.objects.values_list("pk", flat=True))[:2]
    assert statements == []  # the ORM's count and page, walking the key


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
@pytest.mark.parametrize("one_read_up_to", [30_000, 6])
def test_the_status_index_serves_the_window_page_and_its_count(rest_client, window_orders, monkeypatch, one_read_up_to):
    """The status index holds status, created_at and the id: the statements the endpoint sends for the count and
    the page's ids (one, or three above ONE_READ_UP_TO) each read one range of it (an Index Cond on both columns).
    Planned with sequential and bitmap scans off and sales_order's other indexes (but the unique ones) dropped in
    the test's transaction (nine rows: the planner would otherwise take whatever is cheapest for them)."""
    monkeypatch.setattr(search_criteria, "ONE_READ_UP_TO", one_read_up_to)
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
    _, count, statements = page_ids(rest_client, window_query("pending", 5, 1))
    assert count == 7
    assert len(statements) == (1 if one_read_up_to == 30_000 else 3)
    with connection.cursor() as cursor:
        for sql in statements:  # as sent, its values in it
            cursor.execute("EXPLAIN " + sql.replace("%", "%%"))
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "using sales_order_status_created" in plan
            condition = plan.split("Index Cond: ", 1)[1]  # both columns in the index's range, not a filter after it
            assert "status" in condition
            assert "created_at >= '2026-03-01" in condition
            assert "Filter" not in plan
