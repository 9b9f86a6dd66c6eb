"""``manage.py refresh_statistics``: this month's dashboard bestsellers and the orders and revenue of the days the
dashboard shows before today (Magento's Reports > Refresh Statistics and its ``aggregate_sales_report_bestsellers_data``
and ``aggregate_sales_report_order_data`` cron jobs). Celery beat runs it every hour (backoffice/settings.py)."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.dateparse import parse_date

from sales.statistics import month_start, next_month_start, refresh_bestsellers, refresh_daily_sales


class Command(BaseCommand):
    help = "Refresh the dashboard's bestsellers of this month and its days before today (or of --month YYYY-MM)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", default="", help="YYYY-MM; default: this month.")

    def handle(self, *args: object, month: str = "", **options: object) -> None:
        try:
            period = parse_date(f"{month}-01") if month else None
        except ValueError:
            period = None
        if month and period is None:
            raise CommandError(f"--month {month!r} is not YYYY-MM")  # exit status 1: a scheduler sees it failed
        rows = refresh_bestsellers(period)
        self.stdout.write(f"bestsellers refreshed: {len(rows)} row(s)")
        if period is None:
            days = refresh_daily_sales()  # the days the dashboard shows
        else:  # the month's days before today
            days = refresh_daily_sales(month_start(period), next_month_start(period) - timedelta(days=1))
        self.stdout.write(f"daily sales refreshed: {len(days)} row(s)")
