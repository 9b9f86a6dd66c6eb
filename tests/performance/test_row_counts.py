"""The product and source item grids' unfiltered "N records found" from a counter kept by triggers
(backoffice/row_counts.py), exact through inserts, bulk inserts, deletes and rollbacks, on both databases."""

from __future__ import annotations

import io
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from backoffice.row_counts import counted_rows
from catalog.models import Product
from inventory.models import Source, SourceItem
from tests.concurrency import run_concurrently

pytestmark = pytest.mark.django_db


def counters() -> tuple[int | None, int | None]:
    return counted_rows("catalog_product"), counted_rows("inventory_sourceitem")


def actual() -> tuple[int, int]:
    return Product.objects.count(), SourceItem.objects.count()


def create_then_fail() -> None:
    with transaction.atomic():
        Product.objects.create(sku="TWO", name="Two")
        raise RuntimeError


def test_the_counters_follow_inserts_bulk_inserts_deletes_and_rollbacks() -> None:
    Product.objects.create(sku="ONE", name="One")
    assert counters() == actual()

    call_command("generate_load", products=30, sources=3, orders=20, seed=3, stdout=io.StringIO(), stderr=io.StringIO())
    assert counters() == actual()

    Product.objects.filter(pk__in=Product.objects.order_by("pk").values("pk")[:7]).delete()  # cascades to source items
    assert counters() == actual()

    before = counters()
    with pytest.raises(RuntimeError):
        create_then_fail()
    assert counters() == before == actual()


@pytest.mark.parametrize("url", ["/admin/catalog/product/", "/admin/inventory/sourceitem/"])
def test_an_unfiltered_grid_reads_the_counter_and_a_filtered_one_counts(admin_client, url: str) -> None:
    call_command("generate_load", products=45, sources=3, orders=20, seed=4, stdout=io.StringIO(), stderr=io.StringIO())
    table = "catalog_product" if "product" in url else "inventory_sourceitem"

    with CaptureQueriesContext(connection) as unfiltered:
        result_count = admin_client.get(url).context["cl"].result_count
    with CaptureQueriesContext(connection) as filtered:
        admin_client.get(url + "?status__exact=1")

    assert result_count == counted_rows(table) == (Product if "product" in url else SourceItem).objects.count()
    counts = [q["sql"] for q in unfiltered.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert counts == []
    assert any(q["sql"].startswith("SELECT COUNT(*)") for q in filtered.captured_queries)
    assert len(unfiltered.captured_queries) == len(filtered.captured_queries)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time")
def test_a_product_created_while_another_is_deleted_waits_and_never_deadlocks_on_the_counters() -> None:
    """A creation counts the product, then its source item; a deletion (Django's collector) the source items, then
    the product. Each trigger locks every counter row in one order first, so the creation waits for the deletion's
    commit; with each counter locked on its own, the two deadlocked ("deadlock detected")."""
    source = Source.objects.create(source_code="counted", name="Counted", country_id="US", postcode="10001")
    old = Product.objects.create(sku="OLD", name="Old")
    SourceItem.objects.create(product=old, source=source, quantity=1)
    source_items_deleted = threading.Event()

    def delete_old() -> None:
        with transaction.atomic():
            SourceItem.objects.filter(product=old).delete()  # the source items' counter
            source_items_deleted.set()
            time.sleep(1)  # the creation reaches the product counter meanwhile
            Product.objects.filter(pk=old.pk).delete()  # then the products' counter

    def create_new() -> None:
        assert source_items_deleted.wait(10)
        with transaction.atomic():
            new = Product.objects.create(sku="NEW", name="New")  # the products' counter
            SourceItem.objects.create(product=new, source=source, quantity=1)  # then the source items'

    assert run_concurrently([delete_old, create_new]) == [None, None]
    assert counters() == actual()
