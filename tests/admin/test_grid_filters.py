"""The grids' filters, search, sort and extra columns, as Magento's grids offer them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sales.invoicing import invoice_order
from sales.models import Invoice, Order, Shipment
from sales.shipping import ShipmentLine, ship_order
from tests.admin.conftest import make_order, make_product
from tests.admin.test_tutorial_screens import cell

pytestmark = pytest.mark.django_db

ORDERS_URL = reverse("admin:sales_order_changelist")
INVOICES_URL = reverse("admin:sales_invoice_changelist")
SHIPMENTS_URL = reverse("admin:sales_shipment_changelist")
PRODUCTS_URL = reverse("admin:catalog_product_changelist")


def shown(client: Client, url: str) -> list[str]:
    """The first link text of each grid row (the increment id), in order."""
    html = client.get(url).content.decode()
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    return [row.split("</a>")[0].rsplit(">", 1)[-1] for row in body.split("<tr")[1:]]


def created_on(order: Order, day: str) -> Order:
    moment = timezone.make_aware(datetime.fromisoformat(f"{day}T12:00:00"))
    Order.objects.filter(pk=order.pk).update(created_at=moment)
    return order


def test_orders_filter_by_purchase_date_range(admin_client: Client) -> None:
    december = created_on(make_order(), "2025-12-31")
    january = created_on(make_order(), "2026-01-15")
    february = created_on(make_order(), "2026-02-01")

    both_ends = shown(admin_client, ORDERS_URL + "?created_at__date__gte=2026-01-01&created_at__date__lte=2026-01-31")
    from_only = shown(admin_client, ORDERS_URL + "?created_at__date__gte=2026-01-15")

    assert both_ends == [january.increment_id]
    assert from_only == [february.increment_id, january.increment_id]
    assert december.increment_id not in from_only


def test_the_date_range_form_keeps_the_other_filters(admin_client: Client) -> None:
    html = admin_client.get(ORDERS_URL + "?status__exact=pending&created_at__date__gte=2026-01-01").content.decode()

    assert '<input type="hidden" name="status__exact" value="pending">' in html
    assert '<input type="date" name="created_at__date__gte" value="2026-01-01">' in html
    assert '<input type="date" name="created_at__date__lte" value="">' in html


def test_orders_filter_by_status_and_purchase_point(admin_client: Client) -> None:
    pending = make_order()
    processing = make_order(item_qtys=(Decimal("2"),))
    invoice_order(processing, capture=True)
    elsewhere = make_order(store_id=2, store_name="Main Website\nMain Website Store\nFrench Store View")

    by_status = shown(admin_client, ORDERS_URL + "?status__exact=processing")
    by_store = shown(admin_client, ORDERS_URL + "?store_id=2")
    page = admin_client.get(ORDERS_URL).content.decode()

    assert by_status == [processing.increment_id]
    assert by_store == [elsewhere.increment_id]
    assert pending.increment_id not in by_store
    assert 'title="French Store View">French Store View</a>' in page or ">French Store View</a>" in page


def test_orders_search_by_increment_id_and_customer_email(admin_client: Client) -> None:
    mine = make_order(customer_email="jdoe@example.com")
    make_order()

    by_email = shown(admin_client, ORDERS_URL + "?q=jdoe@example.com")
    by_id = shown(admin_client, ORDERS_URL + f"?q={mine.increment_id}")

    assert by_email == by_id == [mine.increment_id]


def test_orders_sort_by_grand_total(admin_client: Client) -> None:
    small = make_order(item_qtys=(Decimal("1"),))
    large = make_order(item_qtys=(Decimal("5"),))

    ascending = shown(admin_client, ORDERS_URL + "?o=6")  # Grand Total
    descending = shown(admin_client, ORDERS_URL + "?o=-6")

    assert ascending == [small.increment_id, large.increment_id]
    assert descending == [large.increment_id, small.increment_id]


def test_orders_grid_shows_allocated_sources_and_a_view_link(admin_client: Client, tutorial: None) -> None:
    order = Order.objects.get()
    invoice_order(order)
    items = {item.sku: item for item in order.items.all()}
    ship_order(order, items=[ShipmentLine(items["24-WB01"].pk, Decimal(35))], source_code="ne_wh")
    ship_order(order, items=[ShipmentLine(items["24-WB01"].pk, Decimal(5))], source_code="west_wh")

    html = admin_client.get(ORDERS_URL).content.decode()

    row = f">{order.increment_id}</a></th>"
    assert cell(html, row, "allocated_sources") == "Northeast Warehouse<br>West Warehouse"
    assert cell(html, row, "action") == f'<a href="{reverse("admin:sales_order_change", args=[order.pk])}">View</a>'


def test_invoices_search_by_order_and_email_and_filter_by_status(admin_client: Client) -> None:
    mine = invoice_order(make_order(customer_email="jdoe@example.com"), capture=True)
    open_invoice = invoice_order(make_order())
    Invoice.objects.filter(pk=open_invoice.pk).update(state=Invoice.State.OPEN)

    by_email = shown(admin_client, INVOICES_URL + "?q=jdoe@example.com")
    by_order = shown(admin_client, INVOICES_URL + f"?q={mine.order.increment_id}")
    paid = shown(admin_client, INVOICES_URL + "?state__exact=2")

    assert by_email == by_order == paid == [mine.increment_id]


def test_invoices_filter_by_order_date_range(admin_client: Client) -> None:
    old = invoice_order(created_on(make_order(), "2025-06-01"), capture=True)
    invoice_order(created_on(make_order(), "2026-06-01"), capture=True)

    assert shown(admin_client, INVOICES_URL + "?order__created_at__date__lte=2025-12-31") == [old.increment_id]


def test_shipments_search_by_order_and_filter_by_source(admin_client: Client) -> None:
    first = ship_order(make_order(stock=Decimal("5")), source_code="default")
    ship_order(make_order(stock=Decimal("5")), source_code="default")

    by_order = shown(admin_client, SHIPMENTS_URL + f"?q={first.order.increment_id}")
    by_source = shown(admin_client, SHIPMENTS_URL + "?source_code=default")

    assert by_order == [first.increment_id]
    assert by_source == list(Shipment.objects.order_by("-pk").values_list("increment_id", flat=True))  # newest first
    assert '<a href="?source_code=default">Default Source</a>' in admin_client.get(SHIPMENTS_URL).content.decode()


def test_products_search_by_sku_and_show_magento_columns(admin_client: Client) -> None:
    product = make_product(sku="24-MB01", name="Joust Duffle Bag", price=Decimal("34"), quantity=Decimal("3"))
    make_product(sku="24-WB04")

    html = admin_client.get(PRODUCTS_URL + "?q=24-MB01").content.decode()

    row = '<td class="field-sku">24-MB01</td>'
    assert html.count('<td class="field-sku">') == 1
    assert cell(html, row, "price_column") == "$34.00"
    assert cell(html, row, "quantity_per_source") == "Default Source: 3"
    assert 'class="field-attribute_set"' not in html
    assert 'class="field-websites"' not in html
    assert cell(html, row, "action") == f'<a href="{reverse("admin:catalog_product_change", args=[product.pk])}">Edit</a>'
