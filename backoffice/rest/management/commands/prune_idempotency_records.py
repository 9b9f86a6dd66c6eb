"""Delete Idempotency-Key records older than IDEMPOTENCY_KEY_TTL_HOURS (run it daily, like Magento's cron jobs)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from backoffice.rest.idempotency import prune_expired_records


class Command(BaseCommand):
    help = "Delete expired Idempotency-Key records."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(f"Deleted {prune_expired_records()} expired idempotency record(s).")
