"""GET /V1/directory/countries, /V1/directory/countries/{countryId}, /V1/directory/currency (Magento_Directory
etc/webapi.xml: ACL anonymous; Model/CountryInformationAcquirer.php, Model/CurrencyInformationAcquirer.php; keys in
the getter order of Api/Data/CountryInformationInterface.php, RegionInformationInterface.php,
CurrencyInformationInterface.php, ExchangeRateInterface.php)."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from backoffice.directory import ALLOWED_COUNTRIES

pytestmark = pytest.mark.django_db


def get(path: str, **headers: str) -> tuple[int, object]:
    response = APIClient().get(f"/rest/V1{path}", **headers)
    return response.status_code, json.loads(response.content)


def test_countries_lists_every_allowed_country_in_id_order_with_regions_only_where_magento_has_them() -> None:
    """getCountriesInfo: the store's allowed countries (general/country/allow), available_regions only when the
    country has regions (Magento's output leaves out a null)."""
    status, body = get("/directory/countries")
    assert status == 200
    assert [country["id"] for country in body] == sorted(ALLOWED_COUNTRIES)
    by_id = {country["id"]: country for country in body}
    assert list(by_id["GB"]) == [
        "id",
        "two_letter_abbreviation",
        "three_letter_abbreviation",
        "full_name_locale",
        "full_name_english",
    ]
    assert by_id["GB"] == {
        "id": "GB",
        "two_letter_abbreviation": "GB",
        "three_letter_abbreviation": "GBR",
        "full_name_locale": "United Kingdom",
        "full_name_english": "United Kingdom",
    }
    assert list(by_id["US"])[-1] == "available_regions"
    assert len(by_id["US"]["available_regions"]) == 65


def test_country_us_has_magentos_region_ids_and_codes_ordered_by_name() -> None:
    """Region ids are those of a fresh install (Setup/Patch/Data/InitializeDirectoryData.php inserts the US first:
    Alabama 1 ... California 12, New York 43, Texas 57); code is Magento's ("NY"), id a string
    (RegionInformationInterface::getId: string); the Region collection orders by name."""
    status, body = get("/directory/countries/US")
    assert status == 200
    assert body["three_letter_abbreviation"] == "USA"
    assert body["full_name_english"] == "United States"
    regions = {region["name"]: region for region in body["available_regions"]}
    assert regions["New York"] == {"id": "43", "code": "NY", "name": "New York"}
    assert regions["California"] == {"id": "12", "code": "CA", "name": "California"}
    assert regions["Texas"] == {"id": "57", "code": "TX", "name": "Texas"}
    assert regions["Armed Forces Pacific"] == {"id": "11", "code": "AP", "name": "Armed Forces Pacific"}
    names = [region["name"] for region in body["available_regions"]]
    assert names == sorted(names, key=str.casefold)


@pytest.mark.parametrize(
    ("country_id", "name", "region"),
    [
        ("CA", "Ontario", {"id": "74", "code": "ON", "name": "Ontario"}),
        ("DE", "Niedersachsen", {"id": "79", "code": "NDS", "name": "Niedersachsen"}),
        ("UY", "Artigas", {"id": "1078", "code": "UY-AR", "name": "Artigas"}),
    ],
)
def test_regions_added_by_later_data_patches_keep_magentos_ids(country_id: str, name: str, region: dict) -> None:
    """Setup/Patch/Data/*.php applied in file-name order after their getDependencies (PatchRegistry::getIterator):
    AddDataForUruguay is the last to insert regions."""
    _, body = get(f"/directory/countries/{country_id}")
    assert {r["name"]: r for r in body["available_regions"]}[name] == region


@pytest.mark.parametrize("country_id", ["ZZ", "us", "AQX", "1", "%C3%A9"])
def test_an_unknown_or_disallowed_country_is_magentos_404(country_id: str) -> None:
    """CountryInformationAcquirer::getCountryInfo: NoSuchEntityException "The country isn't available."."""
    assert get(f"/directory/countries/{country_id}") == (404, {"message": "The country isn't available."})


def test_currency_is_the_one_base_and_display_currency_at_rate_one() -> None:
    """CurrencyInformationAcquirer::getCurrencyInfo: base and default display currency with their symbols, the
    available codes and one exchange rate per code."""
    status, body = get("/directory/currency")
    assert status == 200
    assert list(body) == [
        "base_currency_code",
        "base_currency_symbol",
        "default_display_currency_code",
        "default_display_currency_symbol",
        "available_currency_codes",
        "exchange_rates",
    ]
    assert body == {
        "base_currency_code": "USD",
        "base_currency_symbol": "$",
        "default_display_currency_code": "USD",
        "default_display_currency_symbol": "$",
        "available_currency_codes": ["USD"],
        "exchange_rates": [{"currency_to": "USD", "rate": 1}],
    }


@pytest.mark.parametrize("path", ["/directory/countries", "/directory/countries/US", "/directory/currency"])
def test_directory_routes_are_anonymous_and_ignore_a_bad_token(path: str) -> None:
    """<resource ref="anonymous" /> on all three routes of Magento_Directory's webapi.xml."""
    assert get(path)[0] == 200
    assert get(path, HTTP_AUTHORIZATION="Bearer not-a-token")[0] == 200
