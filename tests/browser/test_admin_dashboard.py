"""The admin index as a dashboard, in a real browser at 1280x800 after the tutorial's step 9: today's orders and
revenue and the sales chart are on screen as the page opens (no scrolling); after the order is invoiced in the
admin, Recent actions lists it with what was done (sales/admin/audit.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sales.models import Order
from tests.browser.test_admin_walkthrough import expect, log_in, merchant, open_order

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),  # live_server; keeps the data migrations' rows
]

WIDTH, HEIGHT = 1280, 800

__all__ = ["merchant"]  # the fixture, used by name


@pytest.fixture
def page(browser: object, live_server: object) -> Iterator[object]:
    """A small laptop's screen."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": WIDTH, "height": HEIGHT})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def in_viewport(locator: object) -> None:
    """Seen as the page opens: the element's box lies inside the 1280x800 viewport, without scrolling."""
    expect(locator).to_be_visible()
    assert page_scroll(locator) == (0, 0)
    box = locator.bounding_box()
    assert box is not None
    assert box["width"] > 0, box
    assert box["height"] > 0, box
    assert 0 <= box["x"] <= box["x"] + box["width"] <= WIDTH, box
    assert 0 <= box["y"] <= box["y"] + box["height"] <= HEIGHT, box


def page_scroll(locator: object) -> tuple[int, int]:
    return tuple(locator.page.evaluate("[window.scrollX, window.scrollY]"))


def test_the_dashboard_shows_todays_sales_and_recent_actions(
    page: object, screenshot: Callable[[str], Path], tutorial: None, merchant: None
) -> None:
    order = Order.objects.get()
    log_in(page)  # lands on the index

    orders_today = page.locator('[data-figure="orders-today"]')
    revenue_today = page.locator('[data-figure="revenue-today"]')
    chart = page.locator("svg#dashboard-chart")
    expect(orders_today.locator(".value")).to_have_text("1")
    expect(revenue_today.locator(".value")).to_have_text("$1,917.60")
    for locator in (orders_today, revenue_today, page.locator('[data-figure="revenue-month"]'), chart):
        in_viewport(locator)
    expect(chart.locator("rect.bar")).to_have_count(30)
    expect(page.locator("#dashboard-last-orders").get_by_role("link", name=order.increment_id)).to_be_visible()
    expect(page.locator("#recent-actions-module")).to_contain_text("None available")
    screenshot("dashboard")

    # Step 10 in the admin: Invoice, Submit Invoice; then the dashboard again.
    open_order(page, order)
    page.locator(".object-tools").get_by_role("link", name="Invoice", exact=True).click()
    page.get_by_role("button", name="Submit Invoice").click()
    expect(page.locator(".messagelist")).to_contain_text("The invoice has been created.")
    invoice = order.invoices.get()
    page.goto("/admin/")

    recent = page.locator("#recent-actions-module")
    expect(recent.get_by_role("link", name=f"#{order.increment_id}", exact=True)).to_be_visible()
    expect(recent).to_contain_text(f"Invoiced #{invoice.increment_id}")
    expect(recent.get_by_role("link", name=f"Invoice #{invoice.increment_id}", exact=True)).to_be_visible()
    invoice_url = f"/admin/sales/invoice/{invoice.pk}/change/"
    expect(page.locator(f'#dashboard-last-invoices a[href="{invoice_url}"]')).to_have_text(invoice.increment_id)
    in_viewport(recent.get_by_role("link", name=f"#{order.increment_id}", exact=True))
    screenshot("dashboard-after-invoice")

    # The order's Admin Log (Django's object history) shows the same line.
    open_order(page, order)
    page.locator(".object-tools").get_by_role("link", name="Admin Log", exact=True).click()
    expect(page.locator("#change-history")).to_contain_text(f"Invoiced #{invoice.increment_id}")
