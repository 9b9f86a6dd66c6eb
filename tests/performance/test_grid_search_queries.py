"""Queries of a keyword search page against the grid's other pages: the same when the search finds several pages,
one fewer when it finds one page (Django's changelist reads a single page's rows in one query, without the keys
query: django/contrib/admin/views/main.py ChangeList.get_results, ``not multi_page``), and fewer again when it
finds nothing (no rows: no per-row queries in ``prepare_rows``). Never more than the first page: bench/targets.py
compares a search page against that bound, not for equality."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("url", ["/admin/catalog/product/", "/admin/inventory/sourceitem/"])
def test_a_search_costs_what_a_page_does_one_fewer_on_a_single_page_and_no_more_when_empty(admin_client, url):
    call_command("generate_load", products=60, sources=2, orders=20, seed=5, stdout=io.StringIO(), stderr=io.StringIO())

    first = queries(admin_client, url)
    several_pages = queries(admin_client, f"{url}?q=LOAD")
    one_page = queries(admin_client, f"{url}?q=LOAD-0000007")
    nothing = queries(admin_client, f"{url}?q=zzzqqq")

    assert several_pages == first
    assert one_page == first - 1
    assert nothing <= one_page


@pytest.mark.parametrize("url", ["/admin/inventory/lowstockitem/", "/admin/customers/customer/"])
def test_a_search_never_costs_more_than_the_first_page(admin_client, url):
    call_command("generate_load", products=60, sources=2, orders=40, seed=6, stdout=io.StringIO(), stderr=io.StringIO())

    first = queries(admin_client, url)

    assert all(queries(admin_client, f"{url}?q={q}") <= first for q in ("LOAD", "LOAD-0000007", "zzzqqq", "Smith"))
