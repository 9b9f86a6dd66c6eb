"""``manage.py send_sales_emails``: the customer emails that are due (Magento's sales_send_*_emails cron jobs).

Celery beat runs it every minute (README "Workers and scheduled jobs"); safe to run on several machines at once.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from sales.email_sending import send_due_emails


class Command(BaseCommand):
    help = "Send the order, invoice, shipment and credit memo emails that are due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=None, help="At most this many of each kind (sending_limit).")

    def handle(self, *args: object, limit: int | None = None, **options: object) -> None:
        sent = send_due_emails(limit)
        self.stdout.write(", ".join(f"{kind}: {count} sent" for kind, count in sent.items()))
