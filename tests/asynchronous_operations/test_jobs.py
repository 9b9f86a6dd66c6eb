"""Scheduled jobs (Magento's crontab.xml jobs) on Celery beat: each runs once at a time across machines.

Contract: Magento_AsynchronousOperations etc/crontab.xml (bulk jobs every minute / 10 minutes), Magento_Inventory
Reservation's inventory_reservation_cleanup (daily at midnight)."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection, connections

from backoffice.celery import app, run_job
from backoffice.jobs import single_run
from backoffice.rest.models import IdempotencyRecord

pytestmark = pytest.mark.django_db


def test_beat_schedules_the_sweep_the_reservation_cleanup_and_the_pruning():
    schedule = settings.CELERY_BEAT_SCHEDULE

    assert schedule["bulk_sweep"]["task"] == "asynchronous_operations.sweep"
    assert schedule["inventory_reservation_cleanup"]["args"] == ["inventory_reservation_cleanup"]
    assert schedule["prune_idempotency_records"]["args"] == ["prune_idempotency_records"]
    assert (schedule["send_sales_emails"]["args"], schedule["send_sales_emails"]["schedule"]) == (
        ["send_sales_emails"], 60.0)  # Magento's sales_send_*_emails cron jobs: every minute
    app.loader.import_default_modules()  # what a worker does when it starts: the apps' tasks.py (autodiscovery)
    assert {entry["task"] for entry in schedule.values()} <= set(app.tasks)


def test_a_job_runs_its_management_command(monkeypatch):
    ran = []
    monkeypatch.setattr("django.core.management.call_command", lambda *args: ran.append(args))

    assert run_job.run("prune_idempotency_records") == "done"
    assert ran == [("prune_idempotency_records",)]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="advisory locks: PostgreSQL")
def test_a_job_running_on_another_machine_is_skipped(monkeypatch):
    monkeypatch.setattr("django.core.management.call_command", lambda *args: pytest.fail("ran twice"))
    holding, release = threading.Event(), threading.Event()

    def other_machine() -> None:
        with single_run("prune_idempotency_records") as running:
            assert running
            holding.set()
            release.wait(10)
        connections["default"].close()

    thread = threading.Thread(target=other_machine)
    thread.start()
    holding.wait(10)
    try:
        result = run_job.run("prune_idempotency_records")
    finally:
        release.set()
        thread.join()

    assert result == "skipped: running elsewhere"
    assert IdempotencyRecord.objects.count() == 0
