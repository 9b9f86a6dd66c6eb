"""/V1/inventory/sources: create, update, read and search sources (Magento's SourceRepository)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from inventory.models import Source
from tests.inventory.world import criteria, make_source, snapshot

pytestmark = pytest.mark.django_db

BROOKLYN = {
    "name": "Brooklyn Store", "source_code": "brooklyn", "postcode": "11211", "enabled": True,
    "contact_name": "Tai Hozie", "country_id": "US", "street": "263 S 4th St", "city": "Brooklyn", "region_id": 43,
    "region": "New York", "latitude": 40.710070, "longitude": -73.957160, "phone": "555 737-8088",
    "extension_attributes": {
        "is_pickup_location_active": True, "frontend_name": "Brooklyn (Williamsburg) Store",
        "frontend_description": "Williamsburg, Brooklyn",
    },
}
VALID = {"source_code": "source-code-1", "name": "source-name-1", "postcode": "source-postcode", "country_id": "US"}


def empty(field: str) -> dict:
    return {"message": '"%field" can not be empty.', "parameters": {"field": field}}


def validation_failed(*errors: dict) -> dict:
    return {"message": "Validation Failed", "errors": list(errors)}


def test_step_2_creates_a_pickup_store_and_reads_it_back_in_magentos_key_order(rest_client):
    response = rest_client.post("/rest/default/V1/inventory/sources", {"source": BROOKLYN}, format="json")

    assert response.status_code == 200
    assert response.json() == []
    body = rest_client.get("/rest/default/V1/inventory/sources/brooklyn").json()
    assert list(body) == [
        "source_code", "name", "contact_name", "enabled", "latitude", "longitude", "country_id", "region_id",
        "region", "city", "street", "postcode", "phone", "use_default_carrier_config", "carrier_links",
        "extension_attributes",
    ]
    assert body == {
        "source_code": "brooklyn", "name": "Brooklyn Store", "contact_name": "Tai Hozie", "enabled": True,
        "latitude": 40.71007, "longitude": -73.95716, "country_id": "US", "region_id": 43, "region": "New York",
        "city": "Brooklyn", "street": "263 S 4th St", "postcode": "11211", "phone": "555 737-8088",
        "use_default_carrier_config": True, "carrier_links": [],
        "extension_attributes": {
            "is_pickup_location_active": True, "frontend_name": "Brooklyn (Williamsburg) Store",
            "frontend_description": "Williamsburg, Brooklyn",
        },
    }
    assert Source.objects.get(pk="brooklyn").latitude == Decimal("40.710070")


def test_the_default_source_is_there_from_the_start(rest_client):
    assert rest_client.get("/rest/V1/inventory/sources/default").json() == {
        "source_code": "default", "name": "Default Source", "enabled": True, "description": "Default Source",
        "latitude": 0, "longitude": 0, "country_id": "US", "postcode": "00000", "use_default_carrier_config": True,
        "carrier_links": [],
    }


def test_put_updates_only_the_fields_sent_and_forces_the_path_code(rest_client):
    make_source("central", name="Central Shipping Center", description="Primary source", contact_name="Harold Smith",
                email="hsmith@example.com", postcode="63145", latitude=Decimal("38.741320"))
    update = {"source_code": "renamed", "name": "Central Shipping Center", "contact_name": "Donna Milton",
              "email": "dmilton@example.com", "phone": "(314) 555-1237", "country_id": "US", "postcode": "63145"}

    response = rest_client.put("/rest/V1/inventory/sources/central", {"source": update}, format="json")

    assert (response.status_code, response.json()) == (200, [])
    assert list(Source.objects.values_list("source_code", flat=True)) == ["central", "default"]  # no rename
    central = Source.objects.get(pk="central")
    assert (central.contact_name, central.email, central.phone) == ("Donna Milton", "dmilton@example.com",
                                                                    "(314) 555-1237")
    assert (central.description, central.latitude) == ("Primary source", Decimal("38.741320"))


def test_post_with_an_existing_code_updates_that_source(rest_client):
    make_source("east", name="East")

    rest_client.post("/rest/V1/inventory/sources", {"source": {**VALID, "source_code": "east", "enabled": False}},
                     format="json")

    east = Source.objects.get(pk="east")
    assert (east.name, east.enabled, Source.objects.count()) == ("source-name-1", False, 2)


def test_an_unknown_source_is_a_404(rest_client):
    response = rest_client.get("/rest/V1/inventory/sources/nowhere")

    assert response.status_code == 404
    assert response.json() == {"message": 'Source with code "%value" does not exist.', "parameters": {"value": "nowhere"}}


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"name": None}, [empty("name")]),
        ({"name": " "}, [empty("name")]),
        ({"source_code": ""}, [empty("source_code")]),
        ({"source_code": " "}, [empty("source_code"),
                                {"message": '"%field" can not contain whitespaces.', "parameters": {"field": "source_code"}}]),
        ({"source_code": "source code"},
         [{"message": '"%field" can not contain whitespaces.', "parameters": {"field": "source_code"}}]),
        ({"postcode": ""}, [empty("postcode")]),
        ({"country_id": None}, [empty("country_id")]),
        ({"name": "${x}"}, [{"message": "Validation Failed", "parameters": []}]),
    ],
)
def test_invalid_sources_are_refused_with_magentos_validation_errors(rest_client, changes, errors):
    before = snapshot()

    response = rest_client.post("/rest/V1/inventory/sources", {"source": {**VALID, **changes}}, format="json")

    assert response.status_code == 400
    assert response.json() == validation_failed(*errors)
    assert snapshot() == before


@pytest.mark.parametrize("missing", ["name", "postcode", "source_code", "country_id"])
def test_a_missing_required_field_is_an_empty_field(rest_client, missing):
    source = {key: value for key, value in VALID.items() if key != missing}

    response = rest_client.post("/rest/V1/inventory/sources", {"source": source}, format="json")

    assert (response.status_code, response.json()) == (400, validation_failed(empty(missing)))


def test_the_default_source_can_not_be_disabled(rest_client):
    before = snapshot()

    response = rest_client.put(
        "/rest/V1/inventory/sources/default",
        {"source": {"name": "source-name-1", "postcode": "source-postcode", "country_id": "US", "enabled": False}},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == validation_failed({"message": "Default source can not be disabled.", "parameters": []})
    assert snapshot() == before


def test_a_custom_source_can_be_disabled(rest_client):
    make_source("east")

    rest_client.put("/rest/V1/inventory/sources/east", {"source": {"enabled": False}}, format="json")

    assert Source.objects.get(pk="east").enabled is False


def test_body_shape_errors(rest_client):
    missing = rest_client.post("/rest/V1/inventory/sources", {}, format="json")
    unknown = rest_client.post("/rest/V1/inventory/sources", {"source": {**VALID, "colour": "red"}}, format="json")
    latitude = rest_client.post("/rest/V1/inventory/sources", {"source": {**VALID, "latitude": 91}}, format="json")

    assert (missing.status_code, missing.json()) == (
        400, {"message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": "source"}}
    )
    assert unknown.json() == {
        "message": 'Property "%1" does not have accessor method "%2" in class "%3".',
        "parameters": ["Colour", "getColour", "Magento\\InventoryApi\\Api\\Data\\SourceInterface"],
    }
    assert latitude.json() == {
        "message": 'Invalid value of "%value" provided for the %fieldName field.',
        "parameters": {"value": "91", "fieldName": "source.latitude"},
    }
    assert Source.objects.count() == 1


def test_search_filters_sorts_and_pages(rest_client):
    make_source("east", name="Eastern Shipping Center", postcode="27614")
    make_source("west", name="West Warehouse", country_id="CA", enabled=False)
    make_source("central", name="Central Shipping Center")
    url = "/rest/V1/inventory/sources?"

    by_country = rest_client.get(url + criteria([("country_id", "US", "eq")])).json()
    like = rest_client.get(url + criteria([("name", "%Shipping%", "like")], sort=("name", "DESC"))).json()
    disabled = rest_client.get(url + criteria([("enabled", "0", "eq")])).json()
    either = rest_client.get(url + criteria([("source_code", "east", "eq"), ("postcode", "00000", "eq")])).json()
    paged = rest_client.get(url + criteria(page_size=2, current_page=2)).json()

    assert [s["source_code"] for s in by_country["items"]] == ["central", "default", "east"]
    assert by_country["search_criteria"] == {
        "filter_groups": [{"filters": [{"field": "country_id", "value": "US", "condition_type": "eq"}]}],
        "page_size": 20,
    }
    assert by_country["total_count"] == 3
    assert [s["source_code"] for s in like["items"]] == ["east", "central"]
    assert [s["source_code"] for s in disabled["items"]] == ["west"]
    assert [s["source_code"] for s in either["items"]] == ["default", "east"]
    assert ([s["source_code"] for s in paged["items"]], paged["total_count"]) == (["east", "west"], 4)


def test_an_unknown_search_field_is_refused(rest_client):
    response = rest_client.get("/rest/V1/inventory/sources?" + criteria([("colour", "red", "eq")]))

    assert (response.status_code, response.json()) == (400, {
        "message": 'Invalid value of "%value" provided for the %fieldName field.',
        "parameters": {"value": "colour", "fieldName": "field"},
    })


def test_acl(staff_client_with):
    guest = APIClient().get("/rest/V1/inventory/sources?searchCriteria[pageSize]=1")
    reader = staff_client_with("inventory.view_source")

    assert (guest.status_code, guest.json()) == (401, {
        "message": "The consumer isn't authorized to access %resources.",
        "parameters": {"resources": "Magento_InventoryApi::source"},
    })
    assert reader.get("/rest/V1/inventory/sources/default").status_code == 200
    refused = reader.put("/rest/V1/inventory/sources/default", {"source": {"name": "x"}}, format="json")
    assert (refused.status_code, refused.json()["parameters"]) == (401, {"resources": "Magento_InventoryApi::source_edit"})
    assert Source.objects.get(pk="default").name == "Default Source"


def test_a_pickup_location_needs_an_address_and_is_never_the_default_source(rest_client):
    """InventoryInStorePickup etc/di.xml adds City, Street, Phone and DefaultSourceUseForPickupLocation validators
    to the source validator chain (Model/Source/Validator/*.php); they judge the extension attribute
    is_pickup_location_active."""
    pickup = {"extension_attributes": {"is_pickup_location_active": True}}
    before = snapshot()

    bare = rest_client.post("/rest/V1/inventory/sources", {"source": {**VALID, **pickup}}, format="json")
    default = rest_client.put("/rest/V1/inventory/sources/default", {"source": {
        "name": "Default Source", "country_id": "US", "postcode": "00000", "city": "X", "street": "Y", "phone": "1",
        **pickup}}, format="json")

    assert (bare.status_code, bare.json()) == (400, validation_failed(*[
        {"message": '"%field" can not be empty for Pickup Location.', "parameters": {"field": field}}
        for field in ("city", "street", "phone")]))
    assert (default.status_code, default.json()) == (400, validation_failed(
        {"message": "The Default Source can not be used for In-Store Pickup Delivery.", "parameters": []}))
    assert snapshot() == before
