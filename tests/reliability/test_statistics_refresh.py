"""The dashboard's aggregates refreshed twice at once (a manual ``refresh_statistics`` beside the hourly job, or
two manual runs): each run replaces the period's rows in one transaction, and the second waits for the first
(``backoffice.jobs.wait_in_transaction``) instead of inserting rows the first has just inserted (a unique
violation: the command failed). PostgreSQL only: real threads, each with its own connection."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from sales import statistics
from sales.models import DailySales, DashboardBestseller
from tests.concurrency import run_concurrently
from tests.factories import make_order

from .support import postgresql_only, transactional_db

pytestmark = [transactional_db, postgresql_only]


def paused_after_the_delete(monkeypatch, model: type) -> tuple[threading.Event, threading.Event]:
    """The first run to insert ``model``'s rows stops there (its rows deleted, its transaction open) until
    released; every later run inserts at once."""
    deleted, release = threading.Event(), threading.Event()
    insert = QuerySet.bulk_create

    def bulk_create(queryset: QuerySet, objs: list, *args: object, **kwargs: object) -> list:
        if queryset.model is model and not deleted.is_set():
            deleted.set()
            release.wait(10)
        return insert(queryset, objs, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "bulk_create", bulk_create)
    return deleted, release


def two_runs_at_once(first, second, deleted: threading.Event, release: threading.Event) -> list[object]:
    def later() -> object:
        deleted.wait(10)
        threading.Timer(0.5, release.set).start()  # the second run is under way, waiting, when the first goes on
        return second()

    return run_concurrently([first, later])


def test_two_daily_sales_refreshes_at_once_both_finish_with_one_row_a_day(monkeypatch):
    make_order()
    deleted, release = paused_after_the_delete(monkeypatch, DailySales)
    yesterday = timezone.localdate() - timedelta(days=1)
    since = yesterday - timedelta(days=6)
    run = lambda: statistics.refresh_daily_sales(since=since, until=yesterday)  # noqa: E731

    started = time.monotonic()
    results = two_runs_at_once(run, run, deleted, release)

    assert [len(result) if isinstance(result, list) else result for result in results] == [7, 7]
    assert DailySales.objects.filter(day__gte=since, day__lte=yesterday).count() == 7
    assert time.monotonic() - started >= 0.5  # the first did wait for its release


def test_two_bestseller_refreshes_at_once_both_finish_with_the_months_rows_once(monkeypatch):
    make_order()
    deleted, release = paused_after_the_delete(monkeypatch, DashboardBestseller)

    results = two_runs_at_once(statistics.refresh_bestsellers, statistics.refresh_bestsellers, deleted, release)

    assert [len(result) if isinstance(result, list) else result for result in results] == [1, 1]
    period = statistics.month_start(timezone.localdate())
    assert list(DashboardBestseller.objects.filter(period=period).values_list("rank", flat=True)) == [1]
