"""The admin index as a merchant's dashboard (issue 15): today's and this month's orders and revenue, the last
orders and invoices, bestsellers, low stock and a 30-day sales chart, above the list of models.

Magento's own dashboard (Magento_Backend Block/Dashboard: Orders\\Grid "Last Orders", Tab\\Products\\Ordered
"Bestsellers", Totals, the Orders/Amounts chart) is the model; its low stock rows are MSI's Low Stock report
(InventoryLowQuantityNotification Model/ResourceModel/LowQuantityCollection: quantity < Notify Quantity).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backoffice.formats import format_datetime
from inventory.models import DEFAULT_SOURCE_CODE, SourceItem
from sales.invoicing import invoice_order
from sales.models import BestsellersRefresh, DailySales, DashboardBestseller, Order, OrderState
from sales.statistics import refresh_daily_sales

pytestmark = pytest.mark.django_db
# The page's queries for a superuser: the session and user, the figures and chart (the computed days, the days
# after them live), the last orders, invoices, bestsellers (2), low stock.
QUERIES = 10


def dashboard(client: Client) -> str:
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.content.decode()


def figure(html: str, name: str) -> str:
    """The value of the dashboard figure ``name`` (its data-figure attribute)."""
    match = re.search(rf'data-figure="{name}"[^>]*>\s*<span class="value">([^<]*)</span>', html)
    assert match, f"no figure {name}"
    return match.group(1).strip()


def sales_updated(html: str) -> str:
    """What the chart says of its figures' freshness."""
    match = re.search(r'id="dashboard-sales-updated">([^<]*)</p>', html)
    assert match, "no freshness line"
    return match.group(1)


def daily_sales() -> list[tuple]:
    return list(DailySales.objects.order_by("day").values_list("day", "base_currency_code", "orders_count", "revenue"))


def bar_title(html: str, days_ago: int) -> str:
    day = timezone.localdate() - timedelta(days=days_ago)
    match = re.search(rf"<title>({day:%b} {day.day}: [^<]*)</title>", html)
    assert match, f"no bar for {day}"
    return match.group(1)


def placed(order: Order, days_ago: int) -> Order:
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return order


def test_figures_count_todays_and_this_months_orders_and_their_revenue(
    admin_client: Client, order_factory: Callable[..., Order]
) -> None:
    today = timezone.localdate()
    order_factory(item_qtys=(Decimal(2),))  # $20 today
    order_factory(item_qtys=(Decimal(1),), state=OrderState.CANCELED, status="canceled")  # counted, no revenue
    placed(order_factory(item_qtys=(Decimal(5),)), days_ago=1)  # $50, this month unless today is the 1st
    placed(order_factory(item_qtys=(Decimal(7),)), days_ago=40)  # last month: neither

    html = dashboard(admin_client)

    assert figure(html, "orders-today") == "2"
    assert figure(html, "revenue-today") == "$20.00"
    this_month = today.day > 1
    assert figure(html, "orders-month") == ("3" if this_month else "2")
    assert figure(html, "revenue-month") == ("$70.00" if this_month else "$20.00")


def test_last_orders_and_invoices_link_to_their_pages(admin_client: Client, order_factory: Callable) -> None:
    orders = [order_factory() for _ in range(7)]
    invoice = invoice_order(orders[-1], capture=True)

    html = dashboard(admin_client)

    for order in orders[-5:]:
        assert f'href="{reverse("admin:sales_order_change", args=[order.pk])}"' in html
    for order in orders[:2]:  # only the last five
        assert f'href="{reverse("admin:sales_order_change", args=[order.pk])}"' not in html
    assert f'href="{reverse("admin:sales_invoice_change", args=[invoice.pk])}">{invoice.increment_id}</a>' in html


def test_bestsellers_are_this_months_skus_by_quantity_ordered(admin_client: Client, order_factory: Callable) -> None:
    small, big = order_factory(item_qtys=(Decimal(3),)), order_factory(item_qtys=(Decimal(9),))
    old = placed(order_factory(item_qtys=(Decimal(50),)), days_ago=40)
    canceled = order_factory(item_qtys=(Decimal(70),))
    Order.objects.filter(pk=canceled.pk).update(state=OrderState.CANCELED)
    call_command("refresh_statistics", stdout=io.StringIO())

    html = dashboard(admin_client)
    section = html[html.index('id="dashboard-bestsellers"') :]
    section = section[: section.index("</table>")]

    big_sku, small_sku = big.items.get().sku, small.items.get().sku
    assert section.index(big_sku) < section.index(small_sku)
    assert old.items.get().sku not in section
    assert canceled.items.get().sku not in section
    assert re.search(rf"{big_sku}</td>\s*<td[^>]*>[^<]*</td>\s*<td[^>]*>9</td>", section)


def test_bestsellers_are_labelled_with_their_refresh_time_and_move_only_when_refreshed(
    admin_client: Client, order_factory: Callable
) -> None:
    """Magento's dashboard reads its bestsellers from aggregated tables refreshed by cron
    (Magento/Sales/Model/ResourceModel/Report/Bestsellers.php, Magento/Backend/Block/Dashboard/Tab/Products/Ordered.php)
    and says when they were computed: a figure is never stale without saying so."""
    first = order_factory(item_qtys=(Decimal(2),))
    never = dashboard(admin_client)
    never = never[never.index('id="dashboard-bestsellers"') :]
    assert "Not computed yet" in never
    assert "No orders this month" not in never  # there are some: the dashboard does not know them yet

    call_command("refresh_statistics", stdout=io.StringIO())
    later = order_factory(item_qtys=(Decimal(5),))
    html = dashboard(admin_client)
    section = html[html.index('id="dashboard-bestsellers"') :]

    assert first.items.get().sku in section[: section.index("</table>")]
    assert later.items.get().sku not in section[: section.index("</table>")]  # placed after the refresh
    refreshed = BestsellersRefresh.objects.get(period=timezone.localdate().replace(day=1)).refreshed_at
    assert f"Last updated: {format_datetime(refreshed)}" in section


def test_refresh_statistics_replaces_the_months_rows_and_refuses_a_bad_month(order_factory: Callable) -> None:
    order_factory(item_qtys=(Decimal(2),))
    call_command("refresh_statistics", stdout=io.StringIO())
    call_command("refresh_statistics", stdout=io.StringIO())
    with pytest.raises(CommandError, match="is not YYYY-MM"):  # manage.py exits with status 1
        call_command("refresh_statistics", month="2026-13", stdout=io.StringIO())

    assert DashboardBestseller.objects.count() == 1


def test_low_stock_lists_source_items_below_their_notify_quantity_with_the_source_name(
    admin_client: Client, product_factory: Callable
) -> None:
    low = product_factory(quantity=Decimal("0.5"))  # default Notify Quantity: 1
    product_factory(quantity=Decimal(100))
    SourceItem.objects.filter(product=low).update(notify_stock_qty=None)

    html = dashboard(admin_client)
    section = html[html.index('id="dashboard-low-stock"') :]
    section = section[: section.index("</table>")]

    assert low.sku in section
    assert "Default Source" in section  # the source's name, not its code
    assert (
        f'href="{reverse("admin:inventory_lowstockitem_changelist")}"' in html[html.index('id="dashboard-low-stock"') :]
    )
    assert SourceItem.objects.get(product=low).source_id == DEFAULT_SOURCE_CODE


def test_the_sales_chart_is_an_inline_svg_of_the_last_30_days(admin_client: Client, order_factory: Callable) -> None:
    order_factory(item_qtys=(Decimal(4),))
    placed(order_factory(item_qtys=(Decimal(2),)), days_ago=3)
    placed(order_factory(item_qtys=(Decimal(2),)), days_ago=45)

    html = dashboard(admin_client)
    start = html.index('<svg id="dashboard-chart"')
    svg = html[start : html.index("</svg>", start)]

    bars = re.findall(r'<rect class="bar"[^>]*height="([\d.]+)"', svg)
    assert len(bars) == 30
    assert sum(1 for height in bars if float(height) > 0) == 2
    today = timezone.localdate()
    assert f"{today:%b} {today.day}: 1 order, $40.00" in svg
    assert "<script" not in html[html.index('id="sales-dashboard"') : start + len(svg)]


def test_the_model_list_stays_on_the_index(admin_client: Client) -> None:
    html = dashboard(admin_client)

    assert 'id="sales-dashboard"' in html
    assert '<a href="/admin/sales/order/">Orders</a>' in html
    assert '<a href="/admin/catalog/product/">Products</a>' in html
    assert html.index('id="sales-dashboard"') < html.index('<a href="/admin/sales/order/">Orders</a>')


def test_constant_queries_whatever_the_number_of_orders(
    admin_client: Client, order_factory: Callable, product_factory: Callable, django_assert_max_num_queries: Callable
) -> None:
    for _ in range(2):
        invoice_order(order_factory(), capture=True)
    product_factory(quantity=Decimal(0))
    with django_assert_max_num_queries(30) as few:
        dashboard(admin_client)
    for days in range(12):
        invoice_order(placed(order_factory(item_qtys=(Decimal(1), Decimal(2))), days_ago=days), capture=True)
        product_factory(quantity=Decimal(0))

    with django_assert_max_num_queries(len(few.captured_queries)):
        dashboard(admin_client)


def test_a_user_who_cannot_view_orders_sees_no_sales_figures(
    client: Client, django_user_model: type, order_factory: Callable, product_factory: Callable
) -> None:
    order_factory()
    product_factory(quantity=Decimal(0))
    user = django_user_model.objects.create_user("stock", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_sourceitem"))
    client.force_login(user)

    html = dashboard(client)

    assert 'data-figure="orders-today"' not in html
    assert 'data-figure="revenue-today"' not in html
    assert 'id="dashboard-chart"' not in html
    assert 'id="dashboard-last-orders"' not in html
    assert 'id="dashboard-bestsellers"' not in html
    assert 'id="dashboard-last-invoices"' not in html
    assert 'id="dashboard-low-stock"' in html  # what this user may see


def test_a_sales_clerk_without_inventory_rights_sees_no_low_stock(
    client: Client, django_user_model: type, order_factory: Callable
) -> None:
    order_factory()
    user = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_order"))
    client.force_login(user)

    html = dashboard(client)

    assert figure(html, "orders-today") == "1"
    assert 'id="dashboard-low-stock"' not in html
    assert 'id="dashboard-last-invoices"' not in html  # no view_invoice


def test_daily_sales_are_each_past_days_orders_and_revenue_without_the_canceled_ones(order_factory: Callable) -> None:
    """Magento's sales_order_aggregated_created (Report/Order/Createdat.php), per day and base currency: here the
    orders placed and the base grand total of those not canceled, as the dashboard counted them live."""
    today = timezone.localdate()
    placed(order_factory(item_qtys=(Decimal(2),)), days_ago=3)  # $20
    placed(order_factory(item_qtys=(Decimal(5),)), days_ago=3)  # $50
    placed(order_factory(item_qtys=(Decimal(1),), state=OrderState.CANCELED, status="canceled"), days_ago=3)
    placed(order_factory(item_qtys=(Decimal(1),), state=OrderState.CANCELED, status="canceled"), days_ago=2)
    placed(order_factory(item_qtys=(Decimal(9),)), days_ago=5)  # before the period
    order_factory(item_qtys=(Decimal(4),))  # today: never computed

    rows = refresh_daily_sales(since=today - timedelta(days=3))

    assert daily_sales() == [
        (today - timedelta(days=3), "USD", 3, Decimal("70.0000")),
        (today - timedelta(days=2), "USD", 1, Decimal("0.0000")),  # its only order canceled: counted, no revenue
        (today - timedelta(days=1), "USD", 0, Decimal("0.0000")),  # no orders: a row of zeros, the day is computed
    ]
    assert len(rows) == 3
    assert len({row.refreshed_at for row in DailySales.objects.all()}) == 1


def test_a_refresh_replaces_its_periods_rows_and_keeps_the_others(order_factory: Callable) -> None:
    today = timezone.localdate()
    late = placed(order_factory(item_qtys=(Decimal(2),)), days_ago=2)
    placed(order_factory(item_qtys=(Decimal(3),)), days_ago=6)
    refresh_daily_sales(since=today - timedelta(days=6))
    Order.objects.filter(pk=late.pk).update(state=OrderState.CANCELED)
    placed(order_factory(item_qtys=(Decimal(7),)), days_ago=6)  # after the refresh, outside the next one

    refresh_daily_sales(since=today - timedelta(days=2))

    rows = {day: (orders, revenue) for day, _, orders, revenue in daily_sales()}
    assert len(rows) == 6  # one row a day, none doubled
    assert rows[today - timedelta(days=2)] == (1, Decimal("0.0000"))  # canceled since: recomputed
    assert rows[today - timedelta(days=6)] == (1, Decimal("30.0000"))  # outside the period: as it was
    assert refresh_daily_sales(since=today) == []  # today is never computed
    assert today not in rows


def test_the_dashboard_reads_the_past_days_computed_and_today_live(
    admin_client: Client, order_factory: Callable
) -> None:
    today = timezone.localdate()
    placed(order_factory(item_qtys=(Decimal(2),)), days_ago=2)
    order_factory(item_qtys=(Decimal(1),))
    call_command("refresh_statistics", stdout=io.StringIO())
    placed(order_factory(item_qtys=(Decimal(5),)), days_ago=2)  # after the refresh: not in the figures yet
    order_factory(item_qtys=(Decimal(4),))  # today's figures are live

    html = dashboard(admin_client)

    assert figure(html, "orders-today") == "2"
    assert figure(html, "revenue-today") == "$50.00"
    this_month = today.day > 2
    assert figure(html, "orders-month") == ("3" if this_month else "2")
    assert figure(html, "revenue-month") == ("$70.00" if this_month else "$50.00")
    assert bar_title(html, 2).endswith(": 1 order, $20.00")
    assert bar_title(html, 0).endswith(": 2 orders, $50.00")
    refreshed = DailySales.objects.order_by("refreshed_at").values_list("refreshed_at", flat=True).first()
    assert sales_updated(html) == f"Last updated: {format_datetime(refreshed)}; today live."


def test_days_not_computed_are_read_live_and_said_so(admin_client: Client, order_factory: Callable) -> None:
    """Never computed: the past days are read from the orders ("Not computed yet"); a day the job has not reached
    yet (yesterday, just after midnight) is read live too, the days before it from the aggregate."""
    today = timezone.localdate()
    placed(order_factory(item_qtys=(Decimal(2),)), days_ago=3)
    placed(order_factory(item_qtys=(Decimal(3),)), days_ago=1)

    never = dashboard(admin_client)
    refresh_daily_sales(until=today - timedelta(days=2))
    placed(order_factory(item_qtys=(Decimal(6),)), days_ago=3)  # after the refresh: not shown
    html = dashboard(admin_client)

    assert sales_updated(never).startswith("Not computed yet")
    assert bar_title(never, 3).endswith(": 1 order, $20.00")
    assert bar_title(never, 1).endswith(": 1 order, $30.00")
    assert sales_updated(html).startswith("Last updated: ")
    assert bar_title(html, 3).endswith(": 1 order, $20.00")  # computed
    assert bar_title(html, 1).endswith(": 1 order, $30.00")  # live


def test_the_page_runs_the_same_queries_computed_or_not_whatever_the_orders(
    admin_client: Client, order_factory: Callable, product_factory: Callable, django_assert_num_queries: Callable
) -> None:
    invoice_order(order_factory(), capture=True)
    product_factory(quantity=Decimal(0))
    with django_assert_num_queries(QUERIES):
        dashboard(admin_client)
    for days in range(12):
        invoice_order(placed(order_factory(item_qtys=(Decimal(1), Decimal(2))), days_ago=days), capture=True)
    call_command("refresh_statistics", stdout=io.StringIO())
    order_factory()

    with django_assert_num_queries(QUERIES):
        dashboard(admin_client)


def test_refresh_statistics_computes_a_given_months_days(order_factory: Callable) -> None:
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    out = io.StringIO()

    call_command("refresh_statistics", month=f"{last_month:%Y-%m}", stdout=out)

    days = [day for day, *_ in daily_sales()]
    assert days[0] == last_month
    assert days[-1] == timezone.localdate().replace(day=1) - timedelta(days=1)  # the month's last day
    assert len(days) == days[-1].day
    assert f"daily sales refreshed: {len(days)} row(s)" in out.getvalue()
