"""Aggregated report tables, refreshed by a scheduled job (Magento's sales_bestsellers_aggregated_* tables, filled by
the ``aggregate_sales_report_bestsellers_data`` cron job): the dashboard reads a few rows instead of summing every
order item of the month at each visit."""

from __future__ import annotations

from django.db import models

from .fields import money, qty


class BestsellersRefresh(models.Model):
    """When a month's bestsellers were last computed (Magento's report flag, "Last updated" on its dashboard): no
    row, never; the month then shows no bestsellers and says so rather than "no orders"."""

    period = models.DateField(unique=True)  # the month's first day
    refreshed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.period:%Y-%m} at {self.refreshed_at}"


class DashboardBestseller(models.Model):
    """One of the month's bestsellers as of its period's ``BestsellersRefresh`` (sales/statistics.py:
    refresh_bestsellers): the dashboard's few rows, ``rank`` 1 first."""

    period = models.DateField()  # the month's first day
    rank = models.PositiveSmallIntegerField()
    sku = models.CharField(max_length=64)
    name = models.CharField(max_length=255)
    qty_ordered = qty()

    class Meta:
        ordering = ["period", "rank"]
        constraints = [models.UniqueConstraint(fields=["period", "rank"], name="dashboard_bestseller_rank")]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m} #{self.rank} {self.sku}"


class DailySales(models.Model):
    """The orders of one day (the current time zone's days) in one base currency, as the scheduled job last
    computed them (sales/statistics.py: refresh_daily_sales), after Magento's ``sales_order_aggregated_created``
    (per day, store and status, filled by the ``aggregate_sales_report_order_data`` cron job). ``revenue`` is the
    base grand total of the orders not canceled, as the dashboard shows it. Every computed day has a row: a day
    without orders has one of zeros in the store's currency, so that the dashboard tells a computed day from one
    that is not."""

    day = models.DateField()
    base_currency_code = models.CharField(max_length=3)
    orders_count = models.PositiveIntegerField(default=0)
    revenue = money()
    refreshed_at = models.DateTimeField()

    class Meta:
        ordering = ["day", "base_currency_code"]
        constraints = [models.UniqueConstraint(fields=["day", "base_currency_code"], name="daily_sales_day")]
        verbose_name_plural = "daily sales"

    def __str__(self) -> str:
        return f"{self.day} {self.base_currency_code}: {self.orders_count} order(s), {self.revenue}"
