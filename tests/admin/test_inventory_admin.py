from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inventory.models import Reservation, SalesChannel, Source, Stock, StockSourceLink

pytestmark = pytest.mark.django_db

STOCKS_URL = reverse("admin:inventory_stock_changelist")


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def make_stock(n: int) -> Stock:
    stock = Stock.objects.create(name=f"Stock {n}")
    for priority in (2, 1):
        source = Source.objects.create(source_code=f"s{n}-{priority}", name=f"Source {n}-{priority}",
                                       country_id="US", postcode="1")
        StockSourceLink.objects.create(stock=stock, source=source, priority=priority)
    SalesChannel.objects.create(stock=stock, code=f"site{n}")
    return stock


def test_sources_grid_shows_code_name_and_enabled(admin_client: Client) -> None:
    response = admin_client.get(reverse("admin:inventory_source_changelist"))

    html = response.content.decode()
    for header in ("Code", "Name", "Is Enabled"):
        assert f">{header}</a>" in html
    assert '<td class="field-name">Default Source</td>' in html


def test_sources_grid_shows_whether_a_source_is_a_pickup_location(admin_client: Client) -> None:
    """InventoryInStorePickupAdminUi inventory_source_listing.xml: a "Pickup Location" column, Active or Disabled."""
    Source.objects.create(source_code="store", name="Store", country_id="US", postcode="1",
                          is_pickup_location_active=True)

    html = admin_client.get(reverse("admin:inventory_source_changelist")).content.decode()
    active = admin_client.get(reverse("admin:inventory_source_changelist") + "?is_pickup_location_active__exact=1")

    assert '<td class="field-pickup_location">Active</td>' in html
    assert '<td class="field-pickup_location">Disabled</td>' in html
    assert [row.source_code for row in active.context["cl"].result_list] == ["store"]


def test_source_code_cannot_change_after_creation(admin_client: Client) -> None:
    add = admin_client.get(reverse("admin:inventory_source_add")).content.decode()
    change = admin_client.get(reverse("admin:inventory_source_change", args=["default"])).content.decode()

    assert 'name="source_code"' in add
    assert 'name="source_code"' not in change
    assert 'name="name"' in change


def test_stocks_grid_shows_sales_channels_and_sources_by_priority(admin_client: Client) -> None:
    stock = make_stock(1)

    html = admin_client.get(STOCKS_URL).content.decode()

    assert '<td class="field-sales_channels_column">website: base</td>' in html
    assert '<td class="field-assigned_sources">Default Source</td>' in html
    start = html.index(f'<a href="{reverse("admin:inventory_stock_change", args=[stock.pk])}">')
    row = html[start:html.index("</tr>", start)]
    assert '<td class="field-sales_channels_column">website: site1</td>' in row
    assert '<td class="field-assigned_sources">Source 1-1<br>Source 1-2</td>' in row


def test_stocks_grid_query_count_does_not_grow_with_the_page(admin_client: Client) -> None:
    make_stock(1)
    few = count_queries(admin_client, STOCKS_URL)
    for n in range(2, 12):
        make_stock(n)

    many = count_queries(admin_client, STOCKS_URL)

    assert many == few


def test_the_reservations_count_stops_at_the_grids_limit(admin_client: Client, monkeypatch) -> None:
    """5.57 million reservations at extra-large: counted up to the limit, as the sales grids ("N+ records")."""
    from inventory.admin import ReservationAdmin

    assert ReservationAdmin.count_limit == 10_000
    monkeypatch.setattr(ReservationAdmin, "count_limit", 3)
    for n in range(5):
        Reservation.objects.create(stock_id=1, sku=f"SKU-{n}", quantity=Decimal("-1"),
                                   event_type=Reservation.EventType.ORDER_PLACED, object_increment_id=f"00000000{n}")

    html = admin_client.get(reverse("admin:inventory_reservation_changelist")).content.decode()

    assert "3+ records found" in html
    assert "SKU-4" in html


def test_reservations_are_listed_read_only(admin_client: Client) -> None:
    reservation = Reservation.objects.create(
        stock_id=1, sku="24-MB01", quantity=Decimal("-2"), event_type=Reservation.EventType.ORDER_PLACED,
        object_increment_id="000000007",
    )

    listing = admin_client.get(reverse("admin:inventory_reservation_changelist"))
    add = admin_client.get(reverse("admin:inventory_reservation_add"))
    change = admin_client.post(reverse("admin:inventory_reservation_change", args=[reservation.pk]), {"sku": "X"})

    assert listing.status_code == 200
    assert "000000007" in listing.content.decode()
    assert (add.status_code, change.status_code) == (403, 403)
    assert Reservation.objects.get().sku == "24-MB01"


def test_reservations_filter_by_stock_with_choices_from_the_stock_table(admin_client: Client) -> None:
    other = Stock.objects.create(name="Other Stock")
    Reservation.objects.create(stock_id=1, sku="A-1", quantity=Decimal("-1"), event_type="order_placed")
    Reservation.objects.create(stock_id=other.pk, sku="B-2", quantity=Decimal("-2"), event_type="order_placed")
    url = reverse("admin:inventory_reservation_changelist")

    everything = admin_client.get(url).content.decode()
    filtered = admin_client.get(url, {"stock_id": other.pk}).content.decode()

    assert "Other Stock" in everything
    assert "Default Stock" in everything
    assert "B-2" in filtered
    assert "A-1" not in filtered
