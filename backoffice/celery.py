"""The Celery app: workers (``celery -A backoffice.celery worker``) and the scheduler (``... beat``).

Plumbing: its configuration is Django's settings under ``CELERY_`` (settings.py, README "Workers and
scheduled jobs"); the tasks live in the apps' ``tasks.py`` modules, found by ``autodiscover_tasks``. The beat
jobs that are management commands run through ``run_job``, one at a time across every machine
(``backoffice.jobs.single_run``).
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")

app = Celery("backoffice")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="backoffice.run_job")
def run_job(command: str, *args: str) -> str:
    """A scheduled management command (Magento's cron job), skipped when another machine is running it."""
    from django.core.management import call_command

    from backoffice.jobs import single_run

    with single_run(command) as running:
        if not running:
            return "skipped: running elsewhere"
        call_command(command, *args)
        return "done"
