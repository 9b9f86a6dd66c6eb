"""GET /V1/inventory/in-store-pickup/pickup-locations/ (InventoryInStorePickupApi etc/webapi.xml, anonymous):
the pickup locations of a sales channel's stock, searched as InventoryInStorePickup's GetPickupLocations does."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.factories import make_product
from tests.inventory.world import make_source, make_stock, put

pytestmark = pytest.mark.django_db
URL = "/rest/V1/inventory/in-store-pickup/pickup-locations/"
PLACES = {  # the offline geonames' ZIP points: km from 10001 (Manhattan) by GetOrderedDistanceToSources' formula
    "manhattan": ("10001", "New York", "40.7484", "-73.9967"),  # 0
    "jersey": ("07302", "Jersey City", "40.7221", "-74.0469"),  # 5.1
    "brooklyn": ("11211", "Brooklyn", "40.7095", "-73.9563"),  # 5.5
    "albany": ("12207", "Albany", "42.6526", "-73.7562"),  # 212.7
    "la": ("90001", "Los Angeles", "33.9731", "-118.2479"),  # 3941
}


@pytest.fixture
def world() -> None:
    """US Stock (website base): five pickup stores, a warehouse that is none, a store switched off; another
    stock's store."""
    for code, (postcode, city, lat, lng) in PLACES.items():
        make_source(code, postcode=postcode, city=city, region="New York" if code != "la" else "California",
                    latitude=Decimal(lat), longitude=Decimal(lng), is_pickup_location_active=True,
                    frontend_name=f"{city} Store", street=f"1 {city} Street")
    make_source("warehouse", latitude=Decimal("40.75"), longitude=Decimal("-74"))
    make_source("closed", latitude=Decimal("40.75"), longitude=Decimal("-74"), is_pickup_location_active=True,
                enabled=False)
    make_source("elsewhere", latitude=Decimal("40.75"), longitude=Decimal("-74"), is_pickup_location_active=True)
    make_stock("US Stock", sources=[*PLACES, "warehouse", "closed"], channels=["base"])
    make_stock("EU Stock", sources=["elsewhere"], channels=["eu"])


def search(**request: object) -> str:
    """searchRequest[...] from a nested dict, as PHP's http_build_query (GetPickupLocationsTest sends)."""
    params: list[tuple[str, object]] = []

    def walk(prefix: str, value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(f"{prefix}[{key}]", item)
        elif isinstance(value, list):
            for n, item in enumerate(value):
                walk(f"{prefix}[{n}]", item)
        else:
            params.append((prefix, value))

    walk("searchRequest", {"scopeCode": "base", **request})
    return URL + "?" + urlencode(params)


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["pickup_location_code"] for item in response.json()["items"]]


def test_a_guest_lists_the_channels_pickup_locations_as_magentos_mapper_projects_them(world):
    """Anonymous (webapi.xml); ResolveDefaultFilters (enabled, is_pickup_location_active), ResolveScopeFilter
    (the channel's stock); InventoryInStorePickupApi Mapper: frontend_name is the name, source_code the
    pickup_location_code; PickupLocationInterface's getters in order, nulls left out."""
    response = APIClient().get(search())

    assert codes(response) == ["albany", "brooklyn", "jersey", "la", "manhattan"]
    body = response.json()
    assert body["items"][4] == {
        "pickup_location_code": "manhattan", "name": "New York Store", "latitude": 40.7484, "longitude": -73.9967,
        "country_id": "US", "region": "New York", "city": "New York", "street": "1 New York Street",
        "postcode": "10001",
    }
    assert body["search_request"] == {"current_page": 1, "scope_type": "website", "scope_code": "base"}
    assert body["total_count"] == 5


def test_an_area_finds_the_locations_within_its_radius_nearest_first(world):
    """ResolveArea + DistanceBased (GetPickupLocationsTest::executeAreaOfflineDataProvider): within radius km of
    the search term's place ("postcode:country"), the page ordered by distance when no sort is sent."""
    near = APIClient().get(search(area={"radius": 10, "searchTerm": "10001:US"}))
    wider = APIClient().get(search(area={"radius": 300, "searchTerm": "10001"}))  # the default country, US
    by_city = APIClient().get(search(area={"radius": 1, "searchTerm": "Albany:US"}))
    nowhere = APIClient().get(search(area={"radius": 300, "searchTerm": "Atlantis:US"}))

    assert codes(near) == ["manhattan", "jersey", "brooklyn"]
    assert near.json()["search_request"]["area"] == {"radius": 10, "search_term": "10001:US"}
    assert codes(wider) == ["manhattan", "jersey", "brooklyn", "albany"]
    assert codes(by_city) == ["albany"]
    assert (codes(nowhere), nowhere.json()["total_count"]) == ([], 0)


def test_sorting_by_distance_and_by_fields(world):
    """ResolveMeta: with an area, a sort on distance is the only order (descending here); a sort on "name" is on
    frontend_name; without an area a distance sort is skipped. The echoed sort shows the translated field."""
    area = {"radius": 300, "searchTerm": "10001:US"}
    farthest = APIClient().get(search(area=area, sort=[{"field": "name", "direction": "ASC"},
                                                        {"field": "distance", "direction": "DESC"}]))
    by_name = APIClient().get(search(area=area, sort=[{"field": "name", "direction": "DESC"}]))
    no_area = APIClient().get(search(sort=[{"field": "distance", "direction": "ASC"},
                                           {"field": "city", "direction": "desc"}]))

    assert codes(farthest) == ["albany", "brooklyn", "jersey", "manhattan"]
    assert farthest.json()["search_request"]["sort"] == [
        {"field": "frontend_name", "direction": "ASC"}, {"field": "distance", "direction": "DESC"}]
    assert codes(by_name) == ["manhattan", "jersey", "brooklyn", "albany"]
    assert codes(no_area) == ["manhattan", "la", "jersey", "brooklyn", "albany"]


def test_filters_products_and_pages(world):
    """ResolveFilters (each filter ANDed, "fulltext" as like %value%), ResolveIntersection (locations holding
    every SKU), ResolveMeta's page: total_count counts every location found."""
    for sku in ("24-MB01", "24-WB04"):
        make_product(sku=sku, quantity=None)
    put("24-MB01", "brooklyn", 1)
    put("24-MB01", "manhattan", 0, status=0)  # a source item, even out of stock, counts
    put("24-WB04", "manhattan", 3)

    filtered = APIClient().get(search(filters={"region": {"value": "New York"}, "name": {
        "value": "york", "conditionType": "fulltext"}, "pickupLocationCode": {"value": "la,albany,jersey",
                                                                            "conditionType": "nin"}}))
    holding = APIClient().get(search(extensionAttributes={"productsInfo": [{"sku": "24-MB01"}, {"sku": "24-WB04"},
                                                                             {"sku": "24-WB04"}]}))
    page = APIClient().get(search(pageSize=2, currentPage=2))
    past = APIClient().get(search(pageSize=2, currentPage=9))

    assert codes(filtered) == ["manhattan"]
    assert filtered.json()["search_request"]["filters"] == {
        "region": {"value": "New York", "condition_type": "eq"},
        "name": {"value": "york", "condition_type": "fulltext"},
        "pickup_location_code": {"value": "la,albany,jersey", "condition_type": "nin"},
    }
    assert codes(holding) == ["manhattan"]
    assert holding.json()["search_request"]["extension_attributes"] == {
        "products_info": [{"sku": "24-MB01"}, {"sku": "24-WB04"}, {"sku": "24-WB04"}]}
    assert (codes(page), page.json()["total_count"]) == (["jersey", "la"], 5)
    assert page.json()["search_request"] == {"page_size": 2, "current_page": 2, "scope_type": "website",
                                                  "scope_code": "base"}
    assert (codes(past), past.json()["total_count"]) == ([], 5)


def test_a_search_costs_the_same_queries_for_any_number_of_locations(world):
    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            codes(APIClient().get(search(area={"radius": 5000, "searchTerm": "10001:US"},
                                         extensionAttributes={"productsInfo": [{"sku": "X"}]})))
        return len(queries.captured_queries)

    before = cost()
    for n in range(5):
        make_source(f"more{n}", latitude=Decimal("40.7"), longitude=Decimal("-74"), is_pickup_location_active=True)

    assert cost() == before


@pytest.mark.parametrize(
    ("query", "status", "body"),
    [
        ("", 400, {"message": '"%fieldName" is required. Enter and try again.',
                   "parameters": {"fieldName": "searchRequest"}}),
        ("?searchRequest[scopeType]=website", 400, {"message": '"%fieldName" is required. Enter and try again.',
                                                    "parameters": {"fieldName": "scopeCode"}}),
        ("?searchRequest[scopeCode]=nowhere", 404, {"message": "No linked stock found"}),
        ("?searchRequest[scopeCode]=base&searchRequest[area][radius]=5", 400, {
            "message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": "searchTerm"}}),
        ("?searchRequest[scopeCode]=base&searchRequest[area][radius]=far&searchRequest[area][searchTerm]=1", 400, {
            "message": 'The "far" value\'s type is invalid. The "int" type was expected. Verify and try again.'}),
        ("?searchRequest[scopeCode]=base&searchRequest[sort][0][field]=city&searchRequest[sort][0][direction]=UP",
         400, {"message": "The sort order has to be specified as %1 for ascending order or %2 for descending order.",
               "parameters": ["ASC", "DESC"]}),
        ("?searchRequest[scopeCode]=base&searchRequest[sort][0][field]=city;drop", 400, {
            "message": "Sort order field %1 contains restricted symbols", "parameters": ["city;drop"]}),
        ("?searchRequest[scopeCode]=base&searchRequest[filters][city][conditionType]=eq", 400, {
            "message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": "value"}}),
        ("?searchRequest[scopeCode]=base&searchRequest[filters][city][value]=x&searchRequest[filters][city]"
         "[conditionType]=near", 400, {"message": 'Invalid value of "%value" provided for the %fieldName field.',
                                       "parameters": {"value": "near", "fieldName": "condition_type"}}),
        ("?searchRequest[scopeCode]=base&searchRequest[sort][0][field]=nope", 400, {
            "message": 'Invalid value of "%value" provided for the %fieldName field.',
            "parameters": {"value": "nope", "fieldName": "sortOrders"}}),
        ("?searchRequest[scopeCode]=ba%00se", 400, {
            "message": 'Invalid value of "%value" provided for the %fieldName field.',
            "parameters": {"value": "ba\x00se", "fieldName": "searchRequest"}}),
    ],
)
def test_refusals(world, query, status, body):
    """Magento's ServiceInputProcessor (required constructor arguments, TypeProcessor), Framework\\Api\\SortOrder's
    validation, GetStockBySalesChannel's 404; fields and conditions outside the allowlist are refused as in
    searchCriteria."""
    response = APIClient().get(URL + query)

    assert (response.status_code, response.json()) == (status, body)


def test_a_post_matches_no_route(world):
    response = APIClient().post(URL, {"searchRequest": {"scopeCode": "base"}}, format="json")

    assert (response.status_code, response.json()) == (404, {"message": "Request does not match any route."})


def test_the_openapi_schema_lists_issue_18s_msi_routes(client):
    """/rest/schema (drf-spectacular, backoffice/rest/schema.py) describes each route with its parameters."""
    paths = client.get("/rest/schema").json()["paths"]

    pickup = paths["/rest/V1/inventory/in-store-pickup/pickup-locations"]["get"]
    assert "searchRequest[scopeCode]" in {parameter["name"] for parameter in pickup["parameters"]}
    assert "get" in paths["/rest/V1/inventory/are-product-salable-for-requested-qty"]
    assert "get" in paths["/rest/V1/inventory/export-stock-salable-qty/{sales_channel_type}/{sales_channel_code}"]
    assert "get" in paths["/rest/V1/inventory/dump-stock-index-data/{sales_channel_type}/{sales_channel_code}"]
    assert "post" in paths["/rest/V1/order/notify-orders-are-ready-for-pickup"]
