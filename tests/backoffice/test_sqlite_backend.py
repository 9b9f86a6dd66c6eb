"""backoffice/sqlite: Django's SQLite backend with each statement text's placeholder rewrite kept."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.backends.sqlite3.base import SQLiteCursorWrapper as DjangoCursor

from backoffice.sqlite import base

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backend"),
]


def test_the_connection_runs_this_backend_s_cursor():
    with connection.cursor() as cursor:
        assert isinstance(cursor.cursor, base.SQLiteCursorWrapper)


@pytest.mark.parametrize("query", [
    "SELECT %s, %s",
    "SELECT '100%%' || %s",  # a literal percent sign, doubled in "format" style
    "SELECT %s WHERE 'a%%s' <> %s",
])
def test_the_rewrite_is_django_s(query: str):
    with connection.cursor() as cursor:
        assert cursor.cursor.convert_query(query) == DjangoCursor.convert_query(cursor.cursor, query)


def test_a_statement_text_is_rewritten_once_then_kept():
    query = "SELECT %s + %s -- kept once"
    base._kept_qmark.cache_clear()
    with connection.cursor() as cursor:
        for n in range(3):
            cursor.execute(query, [n, 1])
            assert cursor.fetchone() == (n + 1,)

    assert base._kept_qmark.cache_info()[:2] == (2, 1)  # hits, misses


def test_a_long_statement_is_rewritten_each_time_and_not_kept():
    query = "SELECT %s" + " " * base.KEPT_UP_TO
    base._kept_qmark.cache_clear()
    with connection.cursor() as cursor:
        cursor.execute(query, [7])
        assert cursor.fetchone() == (7,)

    assert base._kept_qmark.cache_info().currsize == 0


def test_named_parameters_go_through_django_s_own_rewrite():
    with connection.cursor() as cursor:
        cursor.execute("SELECT %(a)s + %(b)s", {"a": 2, "b": 3})
        assert cursor.fetchone() == (5,)
