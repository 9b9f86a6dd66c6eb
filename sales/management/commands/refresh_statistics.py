"""``manage.py refresh_statistics``: this month's dashboard bestsellers (Magento's Reports > Refresh Statistics and
its ``aggregate_sales_report_bestsellers_data`` cron job). Celery beat runs it every hour (backoffice/settings.py)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser
from django.utils.dateparse import parse_date

from sales.statistics import refresh_bestsellers


class Command(BaseCommand):
    help = "Refresh the dashboard's bestsellers of this month (or of --month YYYY-MM)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", default="", help="YYYY-MM; default: this month.")

    def handle(self, *args: object, month: str = "", **options: object) -> None:
        try:
            period = parse_date(f"{month}-01") if month else None
        except ValueError:
            period = None
        if month and period is None:
            self.stderr.write(f"--month {month!r} is not YYYY-MM")
            return
        rows = refresh_bestsellers(period)
        self.stdout.write(f"bestsellers refreshed: {len(rows)} row(s)")
