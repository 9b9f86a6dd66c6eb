"""The admin index as a merchant's dashboard (Magento_Backend's Dashboard): today's and this month's orders and
revenue, a sales chart of the last 30 days, the last orders and invoices, this month's bestsellers and the low
stock, above the list of models.

Each part is one or two queries whatever the data volume, and each is shown only
to a user who may see its pages: sales figures need ``sales.view_order``, the last invoices
``sales.view_invoice``, the low stock the Low stock report's permission. The chart is an inline SVG drawn here,
server-side. Rendered by the ``sales_dashboard`` template tag (sales/templatetags) in admin/sales/dashboard/
index.html, the site's index template (site.py).

"Revenue" is the sum of the orders' grand totals in the base currency, canceled orders left out; "Bestsellers"
are the SKUs with the most quantity ordered this month on orders not canceled (Magento's bestsellers
aggregation skips canceled orders too), as the hourly ``refresh_statistics`` job last computed them, labelled
"Last updated" with that time as Magento's dashboard labels its statistics. The figures and the chart share two
queries: the past days as that job last computed them (``DailySales``, about 31 rows), and the days after them,
today at least, live from the orders (a few thousand rows through the ``created_at`` index), so today's figures are
never stale and a day the job has not computed yet (just after midnight) is read live too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from backoffice.formats import format_datetime, format_money, plain_number
from inventory.models import LowStockItem

from ..models import (
    BestsellersRefresh,
    DailySales,
    DashboardBestseller,
    Invoice,
    Order,
    OrderAddress,
    address_name,
)
from ..statistics import DASHBOARD_DAYS, dashboard_first_day, orders_per_day

ROWS = 5
CHART_DAYS = DASHBOARD_DAYS
CHART_WIDTH, CHART_HEIGHT, CHART_TOP = 600, 150, 14  # the SVG's user units; the plot is under CHART_TOP
BAR_GAP = 2


@dataclass
class DaySales:
    orders: int = 0
    revenue: dict[str, Decimal] = field(default_factory=dict)  # by base currency code

    def add(self, orders: int, currency: str, revenue: Decimal | None) -> None:
        self.orders += orders
        self.revenue[currency] = self.revenue.get(currency, Decimal(0)) + (revenue or Decimal(0))


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: str


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    title: str


def money(revenue: dict[str, Decimal]) -> str:
    """Revenue with its currency; several base currencies (never the case with one store) side by side."""
    if not revenue:
        return format_money(Decimal(0), settings.MAGENTO_CURRENCY_CODE)
    return " + ".join(format_money(amount, code) for code, amount in sorted(revenue.items()))


def sales_by_day(since: date) -> dict[date, DaySales]:
    """Orders placed and revenue per day (the current time zone's days) from ``since``, live: one query."""
    days: dict[date, DaySales] = {}
    for row in orders_per_day(since):
        days.setdefault(row["day"], DaySales()).add(row["orders"], row["base_currency_code"], row["revenue"])
    return days


def recent_sales(today: date) -> tuple[dict[date, DaySales], datetime | None]:
    """The dashboard's days, from its first to today: those the scheduled job computed (``DailySales``) up to the
    first day it has not, the others live from the orders (``sales_by_day``: today at least); and when the oldest
    computed figure shown was computed (None: none is). Two queries."""
    first = dashboard_first_day(today)
    rows = DailySales.objects.filter(day__gte=first, day__lt=today).values_list(
        "day", "base_currency_code", "orders_count", "revenue", "refreshed_at"
    )
    computed: dict[date, DaySales] = {}
    refreshed: dict[date, datetime] = {}
    for day, currency, orders, revenue, refreshed_at in rows:
        computed.setdefault(day, DaySales()).add(orders, currency, revenue)
        refreshed[day] = min(refreshed_at, refreshed.get(day, refreshed_at))
    span = (first + timedelta(days=n) for n in range((today - first).days))
    live_from = next((day for day in span if day not in computed), today)
    days = {day: sales for day, sales in computed.items() if day < live_from} | sales_by_day(live_from)
    oldest = min((at for day, at in refreshed.items() if day < live_from), default=None)
    return days, oldest


def total(days: dict[date, DaySales], since: date, until: date) -> DaySales:
    result = DaySales()
    for day, sales in days.items():
        if since <= day <= until:
            for currency, amount in sales.revenue.items():
                result.add(0, currency, amount)
            result.orders += sales.orders
    return result


def figures(days: dict[date, DaySales], today: date) -> list[Figure]:
    today_sales, month = total(days, today, today), total(days, today.replace(day=1), today)
    return [
        Figure("orders-today", "Orders today", str(today_sales.orders)),
        Figure("revenue-today", "Revenue today", money(today_sales.revenue)),
        Figure("orders-month", "Orders this month", str(month.orders)),
        Figure("revenue-month", "Revenue this month", money(month.revenue)),
    ]


def chart(days: dict[date, DaySales], today: date) -> dict[str, object]:
    """The last CHART_DAYS days as bars of revenue in the store's currency, each titled with its day, orders and
    revenue; the SVG's geometry, for the template to draw."""
    currency = settings.MAGENTO_CURRENCY_CODE
    span = [today - timedelta(days=n) for n in range(CHART_DAYS - 1, -1, -1)]
    amounts = [days.get(day, DaySales()).revenue.get(currency, Decimal(0)) for day in span]
    highest = max(amounts, default=Decimal(0)) or Decimal(1)
    width = CHART_WIDTH / CHART_DAYS
    plot = CHART_HEIGHT - CHART_TOP
    bars = []
    for index, (day, amount) in enumerate(zip(span, amounts, strict=True)):
        height = round(float(amount / highest) * plot, 1)
        orders = days.get(day, DaySales()).orders
        bars.append(
            Bar(
                x=round(index * width + BAR_GAP / 2, 1),
                y=round(CHART_HEIGHT - height, 1),
                width=round(width - BAR_GAP, 1),
                height=height,
                title=f"{day:%b} {day.day}: {orders} order{'' if orders == 1 else 's'}, {format_money(amount, currency)}",
            )
        )
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "highest": format_money(max(amounts, default=Decimal(0)), currency),
        "first_day": f"{span[0]:%b} {span[0].day}",
        "last_day": f"{today:%b} {today.day}",
        "total": money(total(days, span[0], today).revenue),
    }


def last_orders() -> list[dict[str, str]]:
    rows = (
        Order.objects.order_by("-pk")
        .annotate(bill_to_name=address_name("pk", OrderAddress.Type.BILLING))
        .only("increment_id", "created_at", "status", "base_grand_total", "base_currency_code")[:ROWS]
    )
    return [
        {
            "url": reverse("admin:sales_order_change", args=[order.pk]),
            "number": order.increment_id or "",
            "date": format_datetime(order.created_at),
            "customer": order.bill_to_name or "",
            "total": format_money(order.base_grand_total, order.base_currency_code),
            "status": order.get_status_display(),
        }
        for order in rows
    ]


def last_invoices(with_order_links: bool) -> list[dict[str, str]]:
    rows = Invoice.objects.order_by("-pk").values(
        "pk",
        "increment_id",
        "created_at",
        "state",
        "base_grand_total",
        "base_currency_code",
        "order_id",
        "order__increment_id",
    )[:ROWS]
    states = dict(Invoice._meta.get_field("state").choices)
    return [
        {
            "url": reverse("admin:sales_invoice_change", args=[row["pk"]]),
            "number": row["increment_id"] or "",
            "order_url": reverse("admin:sales_order_change", args=[row["order_id"]]) if with_order_links else "",
            "order": row["order__increment_id"] or "",
            "date": format_datetime(row["created_at"]),
            "total": format_money(row["base_grand_total"], row["base_currency_code"]),
            "status": states.get(row["state"], ""),
        }
        for row in rows
    ]


def bestsellers(month: date) -> tuple[list[dict[str, str]], str]:
    """The month's bestsellers as the scheduled job last computed them (sales/statistics.py), and when ("" if
    never): two queries of a few rows, not a sum over the month's order items (954 ms at 40,000 orders a month)."""
    refreshed = BestsellersRefresh.objects.filter(period=month).values_list("refreshed_at", flat=True).first()
    rows = DashboardBestseller.objects.filter(period=month).order_by("rank")[:ROWS]
    best = [{"sku": row.sku, "name": row.name, "qty": plain_number(row.qty_ordered)} for row in rows]
    return best, format_datetime(refreshed) if refreshed else ""


def low_stock(request: HttpRequest) -> list[dict[str, str]]:
    """The first rows of the Low stock report (its own queryset: below Notify Quantity, lowest first). The rows are
    picked first, then joined to their product and source: joined before, PostgreSQL hashes every product."""
    report = admin.site.get_model_admin(LowStockItem)
    first = report.get_queryset(request).values("pk")[:ROWS]
    rows = LowStockItem.objects.filter(pk__in=first).select_related("product", "source").order_by("quantity", "pk")
    return [
        {
            "sku": item.product_id,
            "name": item.product.name,
            "source": item.source.name,
            "url": reverse("admin:inventory_lowstockitem_changelist") + f"?source__source_code__exact={item.source_id}",
            "qty": plain_number(item.quantity),
        }
        for item in rows
    ]


def build_dashboard(request: HttpRequest) -> dict[str, object]:
    """The dashboard's parts this user may see (an empty dict: none)."""
    user = request.user
    context: dict[str, object] = {}
    if user.has_perm("sales.view_order"):
        today = timezone.localdate()
        month_start = today.replace(day=1)
        days, days_updated = recent_sales(today)
        best, updated = bestsellers(month_start)
        context |= {
            "figures": figures(days, today),
            "chart": chart(days, today),
            "sales_updated": format_datetime(days_updated) if days_updated else "",
            "last_orders": last_orders(),
            "bestsellers": best,
            "bestsellers_updated": updated,
            "month": f"{today:%B %Y}",
            "orders_url": reverse("admin:sales_order_changelist"),
        }
    if user.has_perm("sales.view_invoice"):
        context |= {
            "last_invoices": last_invoices(with_order_links=user.has_perm("sales.view_order")),
            "invoices_url": reverse("admin:sales_invoice_changelist"),
        }
    report = admin.site.get_model_admin(LowStockItem)
    if report.has_view_permission(request):
        context |= {
            "low_stock": low_stock(request),
            "low_stock_url": reverse("admin:inventory_lowstockitem_changelist"),
        }
    return context
