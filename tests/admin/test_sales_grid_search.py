"""The sales grids' search rows (sales/models/grid_search.py, sales/search.py): Magento's narrow grid tables
(sales_order_grid, sales_invoice_grid, sales_shipment_grid, sales_creditmemo_grid and their FULLTEXT indexes,
vendor/magento/module-sales/etc/db_schema.xml), refreshed on every save as Magento\\Sales\\Model\\ResourceModel\\Grid
does by default (``dev/grid/async_indexing`` = 0), searched by words as
Magento\\Framework\\View\\Element\\UiComponent\\DataProvider\\FulltextFilter's ``MATCH ... AGAINST``.

Each write path leaves exactly the rows that the set-based rebuild (generate_load's) writes from the sales tables,
and for whole words the grids find what the former substring search over the same columns found."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Q, QuerySet

from backoffice.grid_search import WORDS_COLUMN, document_sql, words_sql
from sales.invoicing import invoice_order
from sales.models import (
    Creditmemo,
    CreditmemoGridSearch,
    Invoice,
    InvoiceGridSearch,
    Order,
    OrderAddress,
    OrderGridSearch,
    Shipment,
    ShipmentGridSearch,
)
from sales.order_saving import save_order_address
from sales.orders import cancel_order, hold_order
from sales.search import (
    CREDITMEMO_SEARCH,
    DOCUMENTS,
    INVOICE_SEARCH,
    ORDER_SEARCH,
    SHIPMENT_SEARCH,
    orders_insert_sql,
    orders_select_sql,
    rebuild_search_tables,
    triggers,
)
from sales.shipping import ship_order
from tests.admin.conftest import make_order
from tests.admin.test_creditmemo_admin import make_creditmemo

pytestmark = pytest.mark.django_db
SEARCH_MODELS = (OrderGridSearch, InvoiceGridSearch, ShipmentGridSearch, CreditmemoGridSearch)


def search_rows() -> dict[str, dict[int, str]]:
    return {model.__name__: dict(model.objects.values_list("entity_id", "keywords")) for model in SEARCH_MODELS}


def assert_in_step() -> dict[str, dict[int, str]]:
    """The rows the triggers left are the ones the set-based rebuild writes from the sales tables (its SELECT:
    rebuilding would put the triggers back)."""
    kept = search_rows()
    with connection.cursor() as cursor:
        cursor.execute(orders_select_sql(connection.vendor))
        orders = dict(cursor.fetchall())
    expected = {"OrderGridSearch": orders}
    for document, search in DOCUMENTS:
        expected[search.__name__] = {
            pk: f"{increment_id or ''} {orders[order_id]}"
            for pk, increment_id, order_id in document.objects.values_list("pk", "increment_id", "order_id")
        }
    assert kept == expected
    assert_words_of_the_text()
    return kept


def assert_words_of_the_text() -> None:
    """PostgreSQL: every row's stored words (written with the row; a document's from its increment id's and its
    order row's) are exactly the words of its text parsed whole."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in SEARCH_MODELS:
            cursor.execute(
                f"SELECT entity_id FROM {model._meta.db_table} "
                f"WHERE {WORDS_COLUMN} IS DISTINCT FROM {words_sql(document_sql(['keywords'], 'postgresql'))}"
            )
            assert cursor.fetchall() == [], model.__name__


def test_the_rebuild_writes_the_same_rows() -> None:
    order = make_order(stock=Decimal("5"))
    invoice_order(order, capture=True)
    ship_order(Order.objects.get(pk=order.pk), source_code="default")
    make_creditmemo(Order.objects.get(pk=order.pk))
    kept = assert_in_step()

    rebuild_search_tables(connection)

    assert search_rows() == kept
    assert_words_of_the_text()
    assert all(kept.values())


def test_every_write_path_keeps_the_search_rows_in_step() -> None:
    order = make_order(stock=Decimal("5"), item_qtys=(Decimal("2"),), customer_email="roni.costello@example.com")
    rows = assert_in_step()
    assert "roni.costello@example.com" in rows["OrderGridSearch"][order.pk]
    assert order.increment_id in rows["OrderGridSearch"][order.pk]

    shipping = order.addresses.get(address_type=OrderAddress.Type.SHIPPING)
    save_order_address(order.pk, {"entity_id": shipping.pk, "lastname": "Hooper", "city": "Ann Arbor"})
    assert "Hooper" in assert_in_step()["OrderGridSearch"][order.pk]

    invoice = invoice_order(Order.objects.get(pk=order.pk), capture=True)
    rows = assert_in_step()
    assert rows["InvoiceGridSearch"][invoice.pk].startswith(f"{invoice.increment_id} {order.increment_id} ")

    shipment = ship_order(Order.objects.get(pk=order.pk), source_code="default")
    memo = make_creditmemo(Order.objects.get(pk=order.pk))
    rows = assert_in_step()
    assert "Hooper" in rows["ShipmentGridSearch"][shipment.pk]
    assert "Hooper" in rows["CreditmemoGridSearch"][memo.pk]

    # the order's own columns, by any path (here a raw update): its row and its documents' rows follow
    Order.objects.filter(pk=order.pk).update(customer_email="new.address@example.org", customer_lastname="Doe")
    rows = assert_in_step()
    for name, pk in (("OrderGridSearch", order.pk), ("InvoiceGridSearch", invoice.pk),
                     ("ShipmentGridSearch", shipment.pk), ("CreditmemoGridSearch", memo.pk)):
        assert "new.address@example.org" in rows[name][pk], name
        assert "costello@" not in rows[name][pk], name
    OrderAddress.objects.filter(parent=order).delete()
    assert "Hooper" not in assert_in_step()["OrderGridSearch"][order.pk]

    other = make_order()
    hold_order(Order.objects.get(pk=other.pk))
    cancel_order(Order.objects.get(pk=make_order().pk))
    assert_in_step()
    Order.objects.filter(pk=other.pk).delete()
    assert other.pk not in assert_in_step()["OrderGridSearch"]
    Creditmemo.objects.filter(pk=memo.pk).delete()
    assert memo.pk not in assert_in_step()["CreditmemoGridSearch"]


def test_every_trigger_is_in_place() -> None:
    """SQLite drops a table's triggers when a migration remakes the table: a later migration altering a sales
    table must run sales.search.CreateGridSearch again, or this fails."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {row[0] for row in cursor.fetchall()}
    expected = {name for name, *_ in triggers(connection.vendor)}
    assert len(expected) == 15
    assert expected <= present


def former_search(queryset: QuerySet, keyword: str, order: str = "") -> QuerySet:
    """The grids' former search: each word a substring (any case) of the increment id, the order's increment id,
    email, names, or its addresses' names, street, city, postcode (sales/search.py before the search rows)."""
    for word in keyword.split():
        found = Q(increment_id__icontains=word) if order else Q()
        for field in ("increment_id", "customer_email", "customer_firstname", "customer_lastname"):
            found |= Q(**{f"{order}{field}__icontains": word})
        for field in ("firstname", "lastname", "street", "city", "postcode"):
            found |= Q(**{f"{order}addresses__{field}__icontains": word})
        queryset = queryset.filter(pk__in=queryset.model.objects.filter(found).values("pk"))
    return queryset


def test_whole_words_find_what_the_former_substring_search_found() -> None:
    people = [("Smith", "john.smith@example.com", "Detroit"), ("Smith", "ann@example.org", "Lansing"),
              ("Jones", "mary.jones@example.com", "Detroit"), ("Costello", "roni@example.net", "Ann Arbor"),
              ("Doe", "jdoe@example.net", "Flint")]
    orders = []
    for lastname, email, city in people:
        order = make_order(stock=Decimal("3"), customer_email=email, customer_lastname=lastname)
        OrderAddress.objects.filter(parent=order, address_type=OrderAddress.Type.BILLING).update(city=city)
        invoice_order(order, capture=True)
        ship_order(Order.objects.get(pk=order.pk), source_code="default")
        orders.append(order)
    make_creditmemo(Order.objects.get(pk=orders[0].pk))
    keywords = ["Smith", "smith", "Detroit", "Ann Arbor", "john.smith@example.com", "example", "example.net",
                "Jones Detroit", orders[2].increment_id, orders[4].increment_id, "Calder", "Nobody",
                Invoice.objects.get(order=orders[1]).increment_id, Shipment.objects.get(order=orders[3]).increment_id]

    grids = [(ORDER_SEARCH, Order, ""), (INVOICE_SEARCH, Invoice, "order__"), (SHIPMENT_SEARCH, Shipment, "order__"),
             (CREDITMEMO_SEARCH, Creditmemo, "order__")]
    for search, model, order in grids:
        for keyword in keywords:
            expected = set(former_search(model.objects.all(), keyword, order).values_list("pk", flat=True))
            assert set(search.filter(model.objects.all(), keyword).values_list("pk", flat=True)) == expected, (
                model.__name__, keyword)
    assert len(set(ORDER_SEARCH.filter(Order.objects.all(), "Smith"))) == 2  # the comparison compares something


def test_a_search_alone_is_counted_on_the_search_rows(admin_client) -> None:
    """The page's count (up to the grid's search count limit) reads the search rows' index, not the orders (one
    search row an order: the triggers). With a filter as well, the search's keys are read there first, then the
    filter keeps some of them in one query on the orders, which does not search again. Either way the number is
    right."""
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    for _ in range(3):
        make_order(customer_email="buyer@example.com")
    Order.objects.filter(pk=make_order(customer_email="other@example.org").pk).update(status="holded")
    url = reverse("admin:sales_order_changelist")

    with CaptureQueriesContext(connection) as captured:
        response = admin_client.get(url, {"q": "example"})
    counts = [query["sql"] for query in captured.captured_queries if "LIMIT 1001" in query["sql"]]  # up to 1,000
    assert response.context["cl"].result_count == 4
    assert len(counts) == 1
    assert "sales_order_grid_search" in counts[0]
    assert '"sales_order"' not in counts[0]

    with CaptureQueriesContext(connection) as captured:
        response = admin_client.get(url, {"q": "example.com", "status__exact": "pending"})
    counts = [query["sql"] for query in captured.captured_queries if "LIMIT 1001" in query["sql"]]  # up to 1,000
    assert response.context["cl"].result_count == 3
    assert len(counts) == 1
    assert "sales_order_grid_search" in counts[0]
    assert '"sales_order"' not in counts[0]
    # the matches fit on a page: the filter reads their rows at once, the page's (GridPaginator.rows)
    filtered = [query["sql"] for query in captured.captured_queries if '"sales_order"."status" = ' in query["sql"]]
    assert len(filtered) == 1
    assert "sales_order_grid_search" not in filtered[0]
    assert sum("sales_order_grid_search" in query["sql"] for query in captured.captured_queries) == 1


def test_any_keyword_is_answered_by_every_sales_grid_without_an_error(admin_client) -> None:
    """Hostile keywords (tsquery and FTS5 operators, quotes, a NUL byte, a word past PostgreSQL's 2,047-byte lexeme
    limit, letters outside ASCII, nothing but punctuation) reach the search as words of letters and digits only
    (``words_of``): each grid answers 200, and a real word inside the noise is still found."""
    from django.urls import reverse

    order = make_order(customer_email="muller@example.com")
    Order.objects.filter(pk=order.pk).update(customer_lastname="Müller")
    hostile = ["'", '"', "&|!():*", "a'b", 'x" OR 1', "NEAR(a b)", "\x00", "é" * 3000, "!!!", "Müller:* & !",
               "-1", "a" * 20_000]
    for grid in ("sales_order", "sales_invoice", "sales_shipment", "sales_creditmemo"):
        url = reverse(f"admin:{grid}_changelist")
        for keyword in hostile:
            assert admin_client.get(url, {"q": keyword}).status_code == 200, (grid, keyword[:20])
    found = admin_client.get(reverse("admin:sales_order_changelist"), {"q": "Müller:* & !"})
    assert [row.pk for row in found.context["cl"].result_list] == [order.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan and words column")
def test_the_rebuild_builds_each_order_text_once() -> None:
    """The orders' INSERT parses the text into words in the same statement without building it twice (the
    addresses' subquery once a row: the subquery holding the text is not flattened into the words' expression)."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {orders_insert_sql(connection.vendor)}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert plan.count("SubPlan") == 1, plan
