"""Distance-based source selection: InventoryDistanceBasedSourceSelectionApi/etc/webapi.xml's four routes (ACL
Magento_InventoryApi::source) with the offline provider (Model/DistanceProvider/Offline/*), and the "distance"
algorithm of InventorySourceSelectionApi's source-selection-algorithm-result (Model/Algorithms/DistanceBasedAlgorithm).
"""

from __future__ import annotations

import math

import pytest

from tests.inventory.world import snapshot

pytestmark = pytest.mark.django_db
NEW_YORK = {"country": "US", "postcode": "10001", "street": "350 5th Ave", "region": "New York", "city": "New York"}
BASE = "/rest/V1/inventory/"


def query(name: str, fields: dict) -> dict:
    return {f"{name}[{key}]": value for key, value in fields.items()}


def distance_request(stock_id: int, items: list, address: dict | None = NEW_YORK) -> dict:
    request: dict = {"stockId": stock_id, "items": items}
    if address is not None:
        request["extension_attributes"] = {"destination_address": address}
    return {"inventoryRequest": request, "algorithmCode": "distance"}


def test_distance_is_listed_beside_priority(rest_client):
    """InventoryDistanceBasedSourceSelection/etc/di.xml: GetSourceSelectionAlgorithmList's "distance" item."""
    response = rest_client.get(BASE + "source-selection-algorithm-list")

    assert response.json()[1] == {
        "code": "distance",
        "title": "Distance Priority",
        "description": "Algorithm which provides Source Selections based on shipping address distance from the source",
    }


def test_a_new_york_address_is_served_by_the_nearest_tutorial_source_first(rest_client, tutorial):
    """The issue's done-when: the Manhattan Store (70 W. 10th St) is the nearest source to ZIP 10001, then HQ (909 3rd
    Ave), Brooklyn, Jersey City's warehouse, Long Island, and the Californian sources last."""
    stock_id = rest_client.get("/rest/V1/inventory/stock-resolver/website/base").json()["stock_id"]
    before = snapshot()

    response = rest_client.post(
        BASE + "source-selection-algorithm-result",
        distance_request(stock_id, [{"sku": "24-WB01", "qty": 25}]),
        format="json",
    )

    assert response.status_code == 200
    rows = [(i["source_code"], i["qty_to_deduct"]) for i in response.json()["source_selection_items"]]
    assert rows == [
        ("manhattan", 10),
        ("brooklyn", 10),
        ("ne_wh", 5),
        ("huntington", 0),
        ("west_wh", 0),
        ("berkeley", 0),
        ("sausalito", 0),
    ]
    assert response.json()["shippable"] is True
    assert snapshot() == before  # a recommendation only


def test_priority_still_starts_with_the_warehouse(rest_client, tutorial):
    stock_id = rest_client.get("/rest/V1/inventory/stock-resolver/website/base").json()["stock_id"]
    body = {**distance_request(stock_id, [{"sku": "24-WB01", "qty": 25}]), "algorithmCode": "priority"}

    response = rest_client.post(BASE + "source-selection-algorithm-result", body, format="json")

    assert response.json()["source_selection_items"][0] == {
        "source_code": "ne_wh",
        "sku": "24-WB01",
        "qty_to_deduct": 25,
        "qty_available": 35,
    }


def test_an_unknown_destination_keeps_the_priority_order(rest_client, tutorial):
    """Every GetDistanceFromSourceToAddress call fails (LocalizedException), so every source goes to the
    sources-without-distance tail, which keeps the priority order."""
    stock_id = rest_client.get("/rest/V1/inventory/stock-resolver/website/base").json()["stock_id"]
    paris = {"country": "FR", "postcode": "75001", "street": "1 rue de Rivoli", "region": "", "city": "Paris"}

    response = rest_client.post(
        BASE + "source-selection-algorithm-result",
        distance_request(stock_id, [{"sku": "24-WB01", "qty": 25}], paris),
        format="json",
    )

    assert [i["source_code"] for i in response.json()["source_selection_items"]][:3] == ["ne_wh", "west_wh", "brooklyn"]


def test_distance_without_a_destination_address_is_refused(rest_client, tutorial):
    """DistanceBasedAlgorithm::execute's LocalizedException."""
    response = rest_client.post(
        BASE + "source-selection-algorithm-result",
        distance_request(2, [{"sku": "24-WB01", "qty": 1}], None),
        format="json",
    )

    assert (response.status_code, response.json()) == (
        400,
        {"message": "No destination address was provided in the request"},
    )


def test_the_provider_code(rest_client):
    response = rest_client.get(BASE + "get-distance-provider-code")

    assert (response.status_code, response.json()) == (200, "offline")


def test_get_distance_is_the_haversine_in_metres(rest_client):
    """Offline\\GetDistance: radius 6371000, no rounding: one degree of longitude on the equator."""
    params = {**query("source", {"lat": 0, "lng": 0}), **query("destination", {"lat": "0", "lng": "1"})}

    response = rest_client.get(BASE + "get-distance", params)

    assert response.status_code == 200
    assert response.json() == pytest.approx(6371000 * math.pi / 180, rel=1e-12)


def test_one_point_named_across_a_pole_is_no_distance(rest_client):
    """Latitudes past 90 are not refused (LatLngInterface's floats): 91,0 is 89,180, where the haversine rounds
    below 0 (a square root's domain error, a 500, before)."""
    params = {**query("source", {"lat": 91, "lng": 0}), **query("destination", {"lat": 89, "lng": 180})}

    response = rest_client.get(BASE + "get-distance", params)

    assert response.status_code == 200
    assert response.json() == pytest.approx(0, abs=1e-3)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"destination[lat]": "0", "destination[lng]": "1"},
            ('"%fieldName" is required. Enter and try again.', {"fieldName": "source"}),
        ),
        (
            {"source[lat]": "0", "destination[lat]": "0", "destination[lng]": "1"},
            ('"%fieldName" is required. Enter and try again.', {"fieldName": "lng"}),
        ),
    ],
)
def test_get_distance_requires_both_points(rest_client, params, message):
    response = rest_client.get(BASE + "get-distance", params)

    assert (response.status_code, response.json()["message"], response.json()["parameters"]) == (400, *message)


def test_get_distance_refuses_a_non_numeric_coordinate(rest_client):
    params = {**query("source", {"lat": "north", "lng": 0}), **query("destination", {"lat": 0, "lng": 1})}

    response = rest_client.get(BASE + "get-distance", params)

    assert (response.status_code, response.json()["message"]) == (
        400,
        'The "north" value\'s type is invalid. The "float" type was expected. Verify and try again.',
    )


def test_latlng_from_a_us_postcode(rest_client):
    response = rest_client.get(BASE + "get-latlng-from-address", query("address", NEW_YORK))

    assert (response.status_code, response.json()) == (200, {"lat": 40.7484, "lng": -73.9967})


def test_latlng_falls_back_to_the_city_then_the_region(rest_client):
    """GetGeoNameDataByAddress: postcode, else ``city LIKE 'city%'``, else the region."""
    by_city = rest_client.get(
        BASE + "get-latlng-from-address", query("address", {**NEW_YORK, "postcode": "00000", "city": "Mineola"})
    )
    by_region = rest_client.get(
        BASE + "get-latsLngs-from-address".lower(), query("address", {**NEW_YORK, "postcode": "00000", "city": ""})
    )

    assert by_city.json() == {"lat": 40.7469, "lng": -73.6398}
    assert by_region.status_code == 200
    assert len(by_region.json()) > 1000
    assert {"lat": 40.7484, "lng": -73.9967} in by_region.json()


def test_lats_lngs_from_a_postcode_is_one_point(rest_client):
    response = rest_client.get(BASE + "get-latslngs-from-address", query("address", NEW_YORK))

    assert (response.status_code, response.json()) == (200, [{"lat": 40.7484, "lng": -73.9967}])


@pytest.mark.parametrize("route", ["get-latlng-from-address", "get-latslngs-from-address"])
def test_an_unknown_postcode_is_an_unknown_geoname(rest_client, route):
    """A NoSuchEntityException (404) naming Convert\\AddressToString's "street postcode city region country"."""
    paris = {"country": "FR", "postcode": "75001", "street": "1 rue de Rivoli", "region": "", "city": "Paris"}

    response = rest_client.get(BASE + route, query("address", paris))

    assert (response.status_code, response.json()) == (
        404,
        {"message": "Unknown geoname for %1", "parameters": ["1 rue de Rivoli 75001 Paris  FR"]},
    )


@pytest.mark.parametrize("route", ["get-latlng-from-address", "get-latslngs-from-address"])
def test_the_address_is_required(rest_client, route):
    missing = rest_client.get(BASE + route)
    partial = rest_client.get(BASE + route, query("address", {"country": "US", "postcode": "10001"}))

    assert (missing.status_code, missing.json()["parameters"]) == (400, {"fieldName": "address"})
    assert (partial.status_code, partial.json()["parameters"]) == (400, {"fieldName": "street"})


@pytest.mark.parametrize(
    "route", ["get-distance-provider-code", "get-distance", "get-latlng-from-address", "get-latslngs-from-address"]
)
def test_acl(staff_client_with, route):
    refused = staff_client_with("inventory.view_stock").get(BASE + route)

    assert (refused.status_code, refused.json()["parameters"]) == (401, {"resources": "Magento_InventoryApi::source"})


def test_the_source_resource_is_enough(staff_client_with):
    reader = staff_client_with("inventory.view_source")

    response = reader.get(BASE + "get-latlng-from-address", query("address", NEW_YORK))

    assert (response.status_code, response.json()) == (200, {"lat": 40.7484, "lng": -73.9967})


def test_antipodes_are_half_the_circumference(rest_client):
    """Rounding may push the haversine past 1 there: the distance stays pi * R (PHP's asin would answer NAN)."""
    params = {**query("source", {"lat": 0, "lng": 0}), **query("destination", {"lat": 0, "lng": 180})}

    assert rest_client.get(BASE + "get-distance", params).json() == pytest.approx(math.pi * 6371000)


def test_a_coordinate_beyond_a_double_is_refused(rest_client):
    params = {**query("source", {"lat": "1e999", "lng": 0}), **query("destination", {"lat": 0, "lng": 1})}

    response = rest_client.get(BASE + "get-distance", params)

    assert (response.status_code, response.json()["message"]) == (
        400,
        'The "1e999" value\'s type is invalid. The "float" type was expected. Verify and try again.',
    )


def test_the_schema_describes_the_query_parameters(client):
    paths = client.get("/rest/schema").json()["paths"]

    names = [p["name"] for p in paths["/rest/V1/inventory/get-distance"]["get"]["parameters"]]

    assert {"source[lat]", "source[lng]", "destination[lat]", "destination[lng]"} <= set(names)


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ({}, (40.7484, -73.9967)),  # neither coordinate: the postcode's
        ({"latitude": 0, "longitude": 0}, (40.7484, -73.9967)),  # 0 is PHP-falsy too
        ({"latitude": 40.5, "longitude": -74.5}, (40.5, -74.5)),  # given: kept
        ({"postcode": "00000", "city": "Nowhereville", "region": ""}, (None, None)),  # unknown: silently none
    ],
)
def test_a_source_saved_without_coordinates_takes_its_addresss(rest_client, given, stored):
    """Plugin\\FillSourceLatitudeAndLongitude::beforeSave on SourceRepositoryInterface::save."""
    source = {"source_code": "nyc", "name": "NYC", "country_id": "US", "postcode": "10001", "city": "New York", **given}

    assert rest_client.post(BASE + "sources", {"source": source}, format="json").status_code == 200

    body = rest_client.get(BASE + "sources/nyc").json()
    assert (body.get("latitude"), body.get("longitude")) == stored
