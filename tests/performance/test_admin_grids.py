"""The Magento grids at any size: a constant number of queries a page (keyword searches too), deep pages equal to
plain paging and read from the nearer end, and the sales grids' counts capped ("10,000+ records found")."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Product
from inventory.models import Reservation
from sales.admin.orders import OrderAdmin
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
    searches = [f"{url}?q=load", f"{url}?q=Smith", f"{url}?q=000000001", f"{url}?q=Smith&p=2"]
    return [url, url + filtered, f"{url}?p={last}", f"{url}?p=2&o=-1",
            *(searches if model in (Invoice, Order, Shipment) else [])]


@pytest.mark.parametrize("grid", GRIDS)
def test_a_page_costs_the_same_queries_whatever_the_data_size(admin_client, grid):
    generate(60)
    small = [queries(admin_client, url) for url in pages(grid)]
    generate(240)
    large = [queries(admin_client, url) for url in pages(grid)]

    assert small[:4] == large[:4]
    # a search that finds one page of rows reads them in one query, not by keys then rows: one fewer
    assert max(small[4:] + large[4:], default=0) <= large[0]


def shown_pks(client, url: str) -> list[int]:
    return [obj.pk for obj in client.get(url).context["cl"].result_list]


@pytest.mark.parametrize("grid", GRIDS)
def test_deep_pages_hold_the_rows_plain_offset_paging_would(admin_client, grid):
    generate(100)
    url, _ = GRIDS[grid]
    changelist = admin_client.get(url).context["cl"]
    ordered = list(changelist.queryset.values_list("pk", flat=True))

    last = -(-len(ordered) // 20)
    assert changelist.list_per_page == 20
    for page in (1, 2, last // 2, last // 2 + 1, last - 1, last):
        assert shown_pks(admin_client, f"{url}?p={page}") == ordered[(page - 1) * 20:page * 20]


@pytest.mark.parametrize("sort", ["o=1", "o=-1", "o=4.-3", "o=-4.1"])
def test_pages_past_the_middle_read_backwards_hold_the_same_rows_in_any_sort(admin_client, sort):
    """Sorted by a column whose values repeat or are empty (Bill-to Name, Purchase Point): the total ordering's
    reverse is exactly the reversed rows, so a page read from the end holds what plain paging would."""
    generate(100)
    url = f"/admin/sales/order/?{sort}"
    ordered = list(admin_client.get(url).context["cl"].queryset.values_list("pk", flat=True))

    for page in (3, 4, 5):
        assert shown_pks(admin_client, f"{url}&p={page}") == ordered[(page - 1) * 20:page * 20]


def keys_query(client, url: str) -> str:
    """The page's keys query (the one with LIMIT/OFFSET that selects primary keys only)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    found = [q["sql"] for q in captured.captured_queries if " LIMIT 20" in q["sql"] and "COUNT(" not in q["sql"]]
    return found[0]


def test_the_last_page_reads_its_keys_from_the_end(admin_client):
    """The last page of 100 orders: no OFFSET 80 walking the rows before it, an ascending walk of the primary key
    (PostgreSQL: Index Scan Backward turns into a forward one) from its start."""
    generate(100)

    first, last = keys_query(admin_client, "/admin/sales/order/"), keys_query(admin_client, "/admin/sales/order/?p=5")

    assert "OFFSET" not in first
    assert '"entity_id" DESC' in first
    assert "OFFSET" not in last
    assert '"entity_id" ASC' in last
    assert "OFFSET 20" in keys_query(admin_client, "/admin/sales/order/?p=4")  # 60 before it, 20 after


@pytest.fixture
def capped(monkeypatch):
    """The orders grid counting up to 5 rows (searches too), 2 a page."""
    monkeypatch.setattr(OrderAdmin, "count_limit", 5)
    monkeypatch.setattr(OrderAdmin, "search_count_limit", 5)
    monkeypatch.setattr(OrderAdmin, "list_per_page", 2)


@pytest.mark.parametrize("query", ["", "?q=load", "?status__exact=complete"])
def test_a_capped_count_says_so_and_pages_up_to_the_limit(admin_client, capped, query):
    generate(20)
    url = "/admin/sales/order/" + query
    ordered = list(admin_client.get(url).context["cl"].queryset.values_list("pk", flat=True))
    assert len(ordered) > 5

    with CaptureQueriesContext(connection) as captured:
        response = admin_client.get(url + ("&" if query else "?") + "o=4")  # sorted by Bill-to Name
    counts = [q["sql"] for q in captured.captured_queries if "LIMIT 6" in q["sql"]]  # the count: limit + 1
    assert len(counts) == 1
    assert "LIMIT 6" in counts[0]
    assert "ORDER BY" not in counts[0]
    assert "sales_orderaddress" not in counts[0]  # the keys alone: not the columns' subqueries
    assert response.context["cl"].result_count == 5
    assert "5+ records found" in response.content.decode()
    assert " results (" not in response.content.decode()  # not the search bar's "5 results": the count is capped
    assert shown_pks(admin_client, url + ("&" if query else "?") + "p=3") == ordered[4:5]  # the limit's row
    assert admin_client.get(url + ("&" if query else "?") + "p=4").url.endswith("?e=1")  # past the limit


def test_a_count_under_the_limit_is_exact(admin_client, capped):
    generate(20)
    order = Order.objects.order_by("pk").first()

    response = admin_client.get("/admin/sales/order/", {"q": order.increment_id})

    assert response.context["cl"].result_count == 1
    assert "1 record found" in response.content.decode()
    assert "+ records found" not in response.content.decode()
    assert "1 result (" in response.content.decode()  # the search bar's exact count, with its "Show all"


def test_an_unfiltered_grid_has_no_result_count_by_its_search_bar(admin_client):
    generate(3)

    html = admin_client.get("/admin/sales/order/").content.decode()

    assert "3 records found" in html
    assert " results (" not in html


def plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows: the planner would rather scan
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
def test_postgresql_counts_a_search_up_to_the_limit_through_the_word_index(admin_client, capped):
    generate(20)
    with CaptureQueriesContext(connection) as captured:
        admin_client.get("/admin/sales/order/", {"q": "load"})
    count = next(q["sql"] for q in captured.captured_queries if "LIMIT 6" in q["sql"])

    explained = plan(count)

    assert "Limit" in explained
    assert "Bitmap Index Scan on sales_order_grid_search_search" in explained


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
def test_postgresql_reads_the_last_page_keys_from_the_start_of_the_primary_key(admin_client):
    generate(100)

    explained = plan(keys_query(admin_client, "/admin/sales/order/?p=5"))

    assert "Index Only Scan using sales_order_pkey" in explained
    assert "Backward" not in explained


@pytest.mark.parametrize(("limit", "read_once"), [(1000, True), (5, False)])
def test_a_search_under_the_limit_runs_once_and_its_page_is_chosen_among_its_keys(admin_client, monkeypatch, limit,
                                                                                  read_once):
    """Under the limit the count reads every match's key from the search rows, and the page's keys are ordered
    among them (the planner would otherwise walk the grid's primary key testing each row's words: a rare email at
    1M orders, 460 ms); over it the matches are many, and that walk finds a page at once. The same rows either way."""
    monkeypatch.setattr(OrderAdmin, "search_count_limit", limit)
    monkeypatch.setattr(OrderAdmin, "list_per_page", 2)
    generate(20)
    url = "/admin/sales/order/?q=load&p=2"
    ordered = list(admin_client.get(url).context["cl"].queryset.values_list("pk", flat=True))

    with CaptureQueriesContext(connection) as captured:
        shown = shown_pks(admin_client, url)
    keys = next(q["sql"] for q in captured.captured_queries if q["sql"].startswith('SELECT "sales_order"."entity_id" AS "pk"'))

    assert shown == ordered[2:4]
    assert ("sales_order_grid_search" not in keys) == read_once
    assert sum("sales_order_grid_search" in q["sql"] for q in captured.captured_queries) == (1 if read_once else 2)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's plan for a small table is a scan")
def test_the_product_grids_type_and_status_filter_counts_and_pages_on_its_index(admin_client):
    """Products filtered by Type and Status: the count and the page's keys read the (type_id, status, id) index,
    not the catalogue (SQLite at 600,000 products: the count 119 ms -> 4 ms)."""
    generate(40)
    with CaptureQueriesContext(connection) as captured:
        assert admin_client.get("/admin/catalog/product/?type_id__exact=virtual&status__exact=1").status_code == 200
    reads = [q["sql"] for q in captured.captured_queries if '"type_id" = ' in q["sql"]]

    assert len(reads) == 2  # the count, the page's keys
    with connection.cursor() as cursor:
        for sql in reads:
            plan = " ".join(str(row) for row in cursor.execute("EXPLAIN QUERY PLAN " + sql).fetchall())
            assert "product_type_status" in plan, plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's partial index matching")
def test_the_low_stock_report_is_counted_on_its_partial_index_alone():
    """The report's condition (inventory.models.LOW_STOCK) writes its default Notify Quantity in the SQL: SQLite
    sees it is the partial index's (source_item_low_stock) and counts that index without testing any row; with the
    1 bound as a parameter it read each row again to test it (1.5 million source items: 29 ms against 1.8)."""
    from inventory.models import LOW_STOCK, SourceItem

    query = SourceItem.objects.filter(LOW_STOCK).query
    where, params = query.get_compiler(connection.alias).compile(query.where)
    sql = f'SELECT COUNT(*) FROM "inventory_sourceitem" WHERE {where}'  # as the report's count
    with connection.cursor() as cursor:
        plan = cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
        opcodes = [row[1] for row in cursor.execute(f"EXPLAIN {sql}", params).fetchall()]

    assert tuple(params) == ()
    assert "source_item_low_stock" in " ".join(str(row) for row in plan)
    assert "Lt" not in opcodes  # no row is compared: the index holds exactly the report's rows
