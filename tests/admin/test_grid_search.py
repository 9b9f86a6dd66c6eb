"""The grids' keyword search through an index built for it, as Magento's grids search their FULLTEXT index
(vendor/magento/module-sales/etc/db_schema.xml: sales_order_grid's index over increment_id, billing_name,
shipping_name, shipping_address, billing_address, customer_name, customer_email, and the invoice, shipment and credit
memo grids' with order_increment_id; Magento\\Framework\\View\\Element\\UiComponent\\DataProvider\\FulltextFilter):
the sales grids by words (each word of the keyword begins a word of the grid's search row, sales/search.py), the
other grids by substrings (partial SKUs, names, emails), each word anywhere (backoffice/grid_search.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backoffice.admin_grids import GridAdmin
from backoffice.grid_search import SearchDocument, index_name
from customers.models import Customer
from inventory.models import SourceItem
from sales.invoicing import invoice_order
from sales.models import Order, OrderAddress
from sales.shipping import ship_order
from tests.admin.conftest import make_order, make_product
from tests.admin.test_creditmemo_admin import make_creditmemo
from tests.customers.api.support import make_customer

pytestmark = pytest.mark.django_db


def found(client: Client, grid: str, keyword: str) -> list[int]:
    """The primary keys of the rows the grid's search shows (every page's worth: fewer than 20 here)."""
    response = client.get(reverse(f"admin:{grid}_changelist"), {"q": keyword})
    assert response.status_code == 200, keyword
    return sorted(row.pk for row in response.context["cl"].result_list)


def documents() -> list[SearchDocument]:
    """Every document a registered grid searches."""
    return list(
        {
            document
            for model_admin in admin.site._registry.values()
            if isinstance(model_admin, GridAdmin) and model_admin.grid_search
            for _, document in model_admin.grid_search.sources
        }
    )


@pytest.fixture
def orders() -> tuple[Order, Order]:
    mine = make_order(
        increment_id="000004217", customer_email="roni.costello@example.com", customer_lastname="Costello"
    )
    OrderAddress.objects.filter(parent=mine, address_type=OrderAddress.Type.SHIPPING).update(
        firstname="Veronica", lastname="Hooper", city="Ann Arbor"
    )
    other = make_order(increment_id="000009990", customer_email="jdoe@example.net", customer_lastname="Doe")
    return mine, other


def test_orders_found_by_increment_id_email_name_and_address_words(admin_client: Client, orders) -> None:
    """The sales grids search by words, as Magento's FULLTEXT index: each word of the keyword begins a word of
    the order's search row (sales/search.py); "@" and "." separate words, as FulltextFilter makes them."""
    mine, other = orders

    assert found(admin_client, "sales_order", "000004217") == [mine.pk]  # the increment id
    assert found(admin_client, "sales_order", "0000042") == [mine.pk]  # its beginning
    assert found(admin_client, "sales_order", "costello@exa") == [mine.pk]  # the email's words
    assert found(admin_client, "sales_order", "roni.costello@example.com") == [mine.pk]  # the whole email
    assert found(admin_client, "sales_order", "COSTELLO") == [mine.pk]  # the customer's name, any case
    assert found(admin_client, "sales_order", "hooper") == [mine.pk]  # the ship-to name (an address)
    assert found(admin_client, "sales_order", "arbor") == [mine.pk]  # the shipping address's city
    assert found(admin_client, "sales_order", "example.net") == [other.pk]
    assert found(admin_client, "sales_order", "example") == sorted([mine.pk, other.pk])
    assert found(admin_client, "sales_order", "4217") == []  # inside a word: not a word (Magento: the same)
    assert found(admin_client, "sales_order", "tello") == []


def test_every_word_must_match_somewhere(admin_client: Client, orders) -> None:
    mine, _ = orders

    assert found(admin_client, "sales_order", "Veronica Hooper 000004217") == [mine.pk]  # columns and addresses
    assert found(admin_client, "sales_order", "Hooper 000009990") == []
    assert found(admin_client, "sales_order", '"Ann Arbor"') == [mine.pk]  # quotes are separators


@pytest.mark.parametrize("keyword", ["%", "_", "\\", '"', "'", "%%%", "q_z", '"""', "ab", "é", "@", "*", "-"])
def test_wildcards_and_odd_characters_are_searched_literally(admin_client: Client, orders, keyword: str) -> None:
    assert found(admin_client, "sales_order", keyword) == []


def test_a_nul_character_is_no_error(orders) -> None:
    """The admin refuses it in its search form; the search itself drops it (PostgreSQL refuses NUL in text)."""
    from sales.admin.orders import OrderAdmin

    assert list(OrderAdmin.grid_search.filter(Order.objects.all(), "43\x0017")) == []
    assert list(OrderAdmin.grid_search.filter(Order.objects.all(), "costel\x00")) == [orders[0]]


def test_short_words_are_found_too(admin_client: Client, orders) -> None:
    """A word of one or two characters is a prefix like any other (no trigram needed)."""
    mine, other = orders

    assert found(admin_client, "sales_order", "an") == [mine.pk]  # Ann Arbor
    assert found(admin_client, "sales_order", "j d") == [other.pk]  # jdoe, Doe


def test_the_index_follows_inserts_updates_and_deletes(admin_client: Client, orders) -> None:
    mine, other = orders
    Order.objects.filter(pk=mine.pk).update(customer_email="new.address@example.org")
    other.delete()
    added = make_order(customer_email="added@example.org")

    assert found(admin_client, "sales_order", "roni") == []
    assert found(admin_client, "sales_order", "new.address") == [mine.pk]
    assert found(admin_client, "sales_order", "example.net") == []
    assert found(admin_client, "sales_order", "added@") == [added.pk]


def test_documents_found_by_their_id_their_order_its_email_and_names(admin_client: Client, orders) -> None:
    mine, other = orders
    invoice, other_invoice = invoice_order(mine, capture=True), invoice_order(other, capture=True)
    memo, _ = make_creditmemo(mine), make_creditmemo(other)

    for grid, document in (("sales_invoice", invoice), ("sales_creditmemo", memo)):
        assert found(admin_client, grid, document.increment_id) == [document.pk], grid  # its own id
        assert found(admin_client, grid, "000004217") == [document.pk], grid  # its order's increment id
        assert found(admin_client, grid, "roni.costello@") == [document.pk], grid
        assert found(admin_client, grid, "hooper") == [document.pk], grid  # the order's ship-to name
    assert found(admin_client, "sales_invoice", "example") == sorted([invoice.pk, other_invoice.pk])


def test_shipments_found_by_their_order_and_its_email(admin_client: Client) -> None:
    mine = ship_order(make_order(stock=Decimal("5"), customer_email="roni.costello@example.com"), source_code="default")
    ship_order(make_order(stock=Decimal("5")), source_code="default")

    assert found(admin_client, "sales_shipment", mine.order.increment_id) == [mine.pk]
    assert found(admin_client, "sales_shipment", "roni.costello@") == [mine.pk]
    assert found(admin_client, "sales_shipment", mine.increment_id) == [mine.pk]


def test_customers_found_by_name_and_email(admin_client: Client) -> None:
    jane = make_customer("jane.roe@example.com")
    john = make_customer("john@example.org")
    Customer.objects.filter(pk=john.pk).update(firstname="John", lastname="Smith")

    assert found(admin_client, "customers_customer", "smi") == [john.pk]
    assert found(admin_client, "customers_customer", "John Smith") == [john.pk]
    assert found(admin_client, "customers_customer", "roe@exam") == [jane.pk]


def test_products_source_items_and_low_stock_found_by_sku_and_name(admin_client: Client) -> None:
    bag = make_product(sku="24-MB01", name="Joust Duffle Bag", quantity=Decimal("0"))
    make_product(sku="24-WB03", name="Voyage Yoga Bag", quantity=Decimal("0"))

    assert found(admin_client, "catalog_product", "mb0") == [bag.pk]
    assert found(admin_client, "catalog_product", "duffle bag") == [bag.pk]  # one document: one index scan
    assert found(admin_client, "catalog_product", "bag MB") == [bag.pk]  # a short word too
    assert found(admin_client, "catalog_product", "bag 24-W MB") == []
    bag_items = list(SourceItem.objects.filter(product=bag).values_list("pk", flat=True))
    for grid in ("inventory_sourceitem", "inventory_lowstockitem"):
        assert found(admin_client, grid, "duffle") == bag_items, grid
        assert found(admin_client, grid, "24-mb") == bag_items, grid


def test_a_search_costs_the_same_queries_whatever_it_finds(admin_client: Client) -> None:
    """The same queries for one row or six, one word or three (an empty page skips the rows' queries)."""
    url = reverse("admin:sales_order_changelist")
    make_order(customer_email="one@example.com")

    def queries(keyword: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(url, {"q": keyword}).status_code == 200
        return len(captured.captured_queries)

    one = queries("example")
    for _ in range(5):
        make_order()
    assert queries("example") == one == queries("Calder example 000")
    assert queries("nothing-matches") <= one


def test_a_page_of_search_results_runs_the_search_once(admin_client: Client, monkeypatch) -> None:
    """The count reads the matches' keys (under the grid's search count limit), the page's keys are chosen among
    them and its rows read by those keys alone (GridPaginator, on a grid of several pages)."""
    from sales.admin.orders import OrderAdmin

    monkeypatch.setattr(OrderAdmin, "list_per_page", 1)
    first = make_order(customer_email="one@example.com")
    make_order(customer_email="two@example.com")

    with CaptureQueriesContext(connection) as captured:
        response = admin_client.get(reverse("admin:sales_order_changelist"), {"q": "example", "p": "2"})

    assert [row.pk for row in response.context["cl"].result_list] == [first.pk]  # newest first: page 2
    assert sum("example" in query["sql"] for query in captured.captured_queries) == 1


def explained(sql: str, params: list[str]) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows: the planner would rather scan
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.parametrize("document", documents(), ids=lambda document: document.table)
def test_every_document_is_searched_through_its_index(document: SearchDocument) -> None:
    """PostgreSQL: a Bitmap Index Scan on the GIN index of exactly the query's expression (the migration's columns
    are the declaration's); SQLite: the FTS5 table's full-text index (M: MATCH), kept by triggers on every column."""
    plan = explained(*document.matching_keys(["costello"]))

    if connection.vendor == "postgresql":
        assert f"Bitmap Index Scan on {index_name(document.table)}" in plan
    else:
        assert f"SCAN {index_name(document.table)} VIRTUAL TABLE INDEX 0:M" in plan
        with connection.cursor() as cursor:
            cursor.execute(  # the search index's own (backoffice/row_counts.py adds others on some tables)
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s AND name LIKE %s",
                [document.table, f"{index_name(document.table)}%"],
            )
            triggers = [row[0] for row in cursor.fetchall()]
        assert len(triggers) == 3
        assert all(f'"{column}"' in trigger for column in document.columns for trigger in triggers[:2])


def test_a_grid_search_reads_the_grid_search_rows_through_their_index(admin_client: Client, orders) -> None:
    """The invoice grid's search, as the changelist runs it: its search rows read through their word index (one
    scan for all the words), no scan of the invoices, orders or addresses. Unordered, as GridPaginator reads the
    matches' keys (``search_keys``): ordered newest first, a planner that expects few rows may rather walk the
    invoices' primary key backwards and test each row's words, which the paginator no longer asks of it."""
    from sales.admin.invoices import InvoiceAdmin
    from sales.models import Invoice

    searched = InvoiceAdmin.grid_search.filter(Invoice.objects.order_by(), "costello 0000")
    sql, params = searched.query.sql_with_params()
    plan = explained(sql, list(params))

    if connection.vendor == "postgresql":
        assert "Bitmap Index Scan on sales_invoice_grid_search_search" in plan
        assert "Seq Scan" not in plan
    else:
        assert "SCAN sales_invoice_grid_search_search VIRTUAL TABLE INDEX 0:M" in plan
    for table in ("sales_order ", "sales_orderaddress", "sales_order_grid_search"):
        assert table not in plan
