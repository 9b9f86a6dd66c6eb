"""The offline distance provider and the distance algorithm (InventoryDistanceBasedSourceSelection's
Model/DistanceProvider/Offline/*, GetLatLngFromSource and Algorithms/DistanceBasedAlgorithm)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from backoffice.exceptions import InputError
from inventory.distance import Address, LatLng, UnknownGeoname, get_distance, get_lat_lng_from_address
from inventory.models import Source, SourceItem, Stock, StockSourceLink
from inventory.source_selection import ItemRequest, select_sources, select_sources_by_distance
from tests.factories import make_product

pytestmark = pytest.mark.django_db
D = Decimal
MINEOLA = Address("US", "11501", "160 1st St.", "New York", "Mineola")


@pytest.fixture
def stock() -> Stock:
    """By priority: far (Stockton, CA), near (Huntington, NY), by_postcode (no coordinates: its ZIP 10001), lost
    (no coordinates, an unknown address)."""
    stock = Stock.objects.create(name="Stock")
    rows = [
        ("far", "38.018180", "-121.319930", "US", "95207"),
        ("near", "40.872510", "-73.429352", "US", "11743"),
        ("by_postcode", None, None, "US", "10001"),
        ("lost", None, None, "FR", "75001"),
    ]
    for priority, (code, lat, lng, country, postcode) in enumerate(rows, 1):
        source = Source.objects.create(
            source_code=code,
            name=code,
            country_id=country,
            postcode=postcode,
            latitude=lat and D(lat),
            longitude=lng and D(lng),
        )
        StockSourceLink.objects.create(stock=stock, source=source, priority=priority)
    return stock


def put_everywhere(sku: str, quantity: str) -> None:
    for code in ("far", "near", "by_postcode", "lost"):
        SourceItem.objects.create(
            product_id=sku, source_id=code, quantity=D(quantity), status=SourceItem.Status.IN_STOCK
        )


def test_nearest_first_a_source_without_coordinates_by_its_postcode_and_the_unknown_last(stock):
    sku = make_product(quantity=None).sku
    put_everywhere(sku, "3")

    result = select_sources_by_distance(stock.pk, [ItemRequest(sku, D(7))], MINEOLA)

    assert [(i.source_code, i.qty_to_deduct) for i in result.source_selection_items] == [
        ("near", 3),
        ("by_postcode", 3),
        ("far", 1),
        ("lost", 0),
    ]
    assert result.shippable


def test_disabled_sources_are_skipped(stock):
    sku = make_product(quantity=None).sku
    put_everywhere(sku, "3")
    Source.objects.filter(pk="near").update(enabled=False)

    result = select_sources("distance", stock.pk, [ItemRequest(sku, D(1))], MINEOLA)

    assert [i.source_code for i in result.source_selection_items] == ["by_postcode", "far", "lost"]


def test_distance_needs_a_destination(stock):
    with pytest.raises(InputError, match="No destination address was provided in the request"):
        select_sources("distance", stock.pk, [ItemRequest("x", D(1))])


def test_the_haversine_in_metres_unrounded():
    """Offline\\GetDistance: 2 * asin(sqrt(...)) * 6371000."""
    assert get_distance(LatLng(40.7469, -73.6398), LatLng(40.87251, -73.429352)) == pytest.approx(22556.2, abs=0.1)
    assert get_distance(LatLng(1, 2), LatLng(1, 2)) == 0


def test_an_unknown_postcode_in_an_unknown_city_and_region():
    address = Address("US", "00000", "1 Main St", "Nowhere", "Zzyzxville")

    with pytest.raises(UnknownGeoname) as raised:
        get_lat_lng_from_address(address)

    assert raised.value.rendered() == "Unknown geoname for 1 Main St 00000 Zzyzxville Nowhere US"
    assert raised.value.http_status == 404
