"""The demo loader builds the tutorial's world once, whatever happens after."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from catalog.models import Category, CategoryProduct
from inventory.models import Reservation, SalesChannel, SourceItem, Stock, StockSourceLink
from inventory.salable import get_salable_quantities
from sales.invoicing import invoice_order
from sales.models import Order

pytestmark = pytest.mark.django_db


def quantities_per_source(sku: str) -> dict[str, Decimal]:
    return dict(SourceItem.objects.filter(product_id=sku).values_list("source_id", "quantity"))


def test_builds_the_tutorials_world_up_to_step_9(tutorial):
    stock = Stock.objects.get(name="US Stock")
    order = Order.objects.get(customer_email="jdoe@example.com")

    assert SalesChannel.objects.get(code="base").stock == stock
    assert list(StockSourceLink.objects.filter(stock=stock).values_list("source_id", "priority")) == [
        ("ne_wh", 1), ("west_wh", 2), ("brooklyn", 3), ("manhattan", 4), ("huntington", 5), ("berkeley", 6),
        ("sausalito", 7), ("hq", 8),
    ]
    assert quantities_per_source("24-WB01")["ne_wh"] == Decimal(35)
    assert (order.state, order.status, order.grand_total, order.total_qty_ordered) == (
        "new", "pending", Decimal("1917.6"), Decimal(61))
    assert (order.subtotal, order.discount_amount, order.shipping_amount) == (Decimal(2022), Decimal("-404.4"), 300)
    assert [(i.sku, i.qty_ordered, i.discount_amount) for i in order.items.all()] == [
        ("24-WB03", 20, Decimal(144)), ("24-WB01", 40, Decimal(256)), ("240-LV06", 1, Decimal("4.4"))]
    assert order.payment.method == "banktransfer"
    salable = {sku: rows[0].qty for sku, rows in get_salable_quantities(["24-WB01", "24-WB03", "240-LV06"]).items()}
    assert salable == {"24-WB01": 60, "24-WB03": 80, "240-LV06": 9998}  # the tutorial's step 9 ledger


def test_the_products_are_in_the_luma_categories(tutorial, rest_client):
    """Luma's Gear > Bags holds the two bags, Training > Video Download the downloadable video (the tutorial's
    products come from the sample data); read back as GET /V1/categories/{id}/products answers it."""
    tree = {c.name: c for c in Category.objects.select_related("parent")}
    links = {name: rest_client.get(f"/rest/V1/categories/{tree[name].pk}/products").json()
             for name in ("Gear", "Bags", "Training", "Video Download")}

    assert {name: tree[name].parent.name for name in ("Gear", "Bags", "Training", "Video Download")} == {
        "Gear": "Default Category", "Bags": "Gear", "Training": "Default Category", "Video Download": "Training"}
    assert {name: [(link["sku"], link["position"]) for link in found] for name, found in links.items()} == {
        "Gear": [], "Bags": [("24-WB01", 0), ("24-WB03", 1)], "Training": [], "Video Download": [("240-LV06", 0)]}


def test_running_it_again_changes_nothing_even_after_invoicing(tutorial):
    invoice_order(Order.objects.get(customer_email="jdoe@example.com"))
    before = (list(SourceItem.objects.order_by("pk").values_list("quantity", flat=True)),
              Reservation.objects.count(), Order.objects.count(), Category.objects.count(),
              CategoryProduct.objects.count())

    call_command("load_tutorial", stdout=io.StringIO())

    after = (list(SourceItem.objects.order_by("pk").values_list("quantity", flat=True)),
             Reservation.objects.count(), Order.objects.count(), Category.objects.count(),
             CategoryProduct.objects.count())
    assert after == before


def test_creates_the_demo_admin_login_once(django_user_model):
    out = io.StringIO()

    call_command("load_tutorial", "--admin-password", "s3cret-pass", stdout=out)
    call_command("load_tutorial", "--admin-password", "other", stdout=out)

    admin = django_user_model.objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password("s3cret-pass")
    assert "Admin login created: admin / s3cret-pass" in out.getvalue()


def test_the_demo_dashboard_shows_the_tutorial_order_s_bestseller_with_its_refresh_time(admin_client) -> None:
    """The demo runs no beat: load_tutorial computes the dashboard's statistics itself, as the hourly
    refresh_statistics job would (sales/statistics.py), so the bestsellers panel is not "Not computed yet"."""
    call_command("load_tutorial", stdout=io.StringIO())

    html = admin_client.get("/admin/").content.decode()
    section = html[html.index('id="dashboard-bestsellers"') :]
    assert "Not computed yet" not in section
    assert "Last updated:" in section
    assert "Not computed yet" not in html[html.index('id="dashboard-sales-updated"') :].split("</p>")[0]
    assert Order.objects.get(customer_email="jdoe@example.com").items.first().sku in section[: section.index("</table>")]
