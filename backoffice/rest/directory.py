"""Magento_Directory's REST routes (etc/webapi.xml, ACL anonymous): GET /V1/directory/countries,
/V1/directory/countries/{countryId} and /V1/directory/currency.

Keys and their order follow the data interfaces' getters (Magento\\Directory\\Api\\Data\\CountryInformationInterface,
RegionInformationInterface, CurrencyInformationInterface, ExchangeRateInterface); a country without regions has no
``available_regions`` key, as Magento's output processor leaves out nulls.
"""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.directory import Country, allowed_countries, get_country
from backoffice.formats import CURRENCY_SYMBOLS

from .routes import ANONYMOUS_ACL, RouteView

COUNTRY_FIELDS = {
    "id": serializers.CharField(),
    "two_letter_abbreviation": serializers.CharField(),
    "three_letter_abbreviation": serializers.CharField(),
    "full_name_locale": serializers.CharField(),
    "full_name_english": serializers.CharField(),
    "available_regions": inline_serializer(
        "DirectoryDataRegionInformationList",
        {"id": serializers.CharField(), "code": serializers.CharField(), "name": serializers.CharField()},
        many=True,
        required=False,
    ),
}


def country_information(country: Country) -> dict:
    """CountryInformationInterface; region ids are strings, as RegionInformationInterface::getId declares."""
    body: dict = {
        "id": country.id,
        "two_letter_abbreviation": country.two_letter_abbreviation,
        "three_letter_abbreviation": country.three_letter_abbreviation,
        "full_name_locale": country.full_name_locale,
        "full_name_english": country.full_name_english,
    }
    if country.available_regions:
        body["available_regions"] = [
            {"id": str(region.id), "code": region.code, "name": region.name} for region in country.available_regions
        ]
    return body


class DirectoryView(RouteView):
    acl_by_method = {"GET": ANONYMOUS_ACL}
    authentication_classes: list = []


class CountryListView(DirectoryView):
    """GET /V1/directory/countries -> [CountryInformationInterface] (CountryInformationAcquirerInterface::
    getCountriesInfo): every allowed country (general/country/allow), in id order."""

    @extend_schema(responses={200: inline_serializer("DirectoryDataCountryInformationList", COUNTRY_FIELDS, many=True)})
    def get(self, request: Request, store_code: str) -> Response:
        return Response([country_information(country) for country in allowed_countries().values()])


class CountryDetailView(DirectoryView):
    """GET /V1/directory/countries/{countryId} -> CountryInformationInterface (getCountryInfo); 404 "The country
    isn't available." for an unknown or disallowed id (compared as sent: "us" is not "US")."""

    @extend_schema(responses={200: inline_serializer("DirectoryDataCountryInformationInterface", COUNTRY_FIELDS)})
    def get(self, request: Request, store_code: str, country_id: str) -> Response:
        return Response(country_information(get_country(country_id)))


class CurrencyView(DirectoryView):
    """GET /V1/directory/currency -> CurrencyInformationInterface (CurrencyInformationAcquirerInterface::
    getCurrencyInfo): one currency, base and display (settings.MAGENTO_CURRENCY_CODE), at rate 1."""

    @extend_schema(
        responses={
            200: inline_serializer(
                "DirectoryDataCurrencyInformationInterface",
                {
                    "base_currency_code": serializers.CharField(),
                    "base_currency_symbol": serializers.CharField(),
                    "default_display_currency_code": serializers.CharField(),
                    "default_display_currency_symbol": serializers.CharField(),
                    "available_currency_codes": serializers.ListField(child=serializers.CharField()),
                    "exchange_rates": inline_serializer(
                        "DirectoryDataExchangeRateList",
                        {"currency_to": serializers.CharField(), "rate": serializers.FloatField()},
                        many=True,
                    ),
                },
            )
        }
    )
    def get(self, request: Request, store_code: str) -> Response:
        code = settings.MAGENTO_CURRENCY_CODE
        symbol = CURRENCY_SYMBOLS.get(code, code)
        return Response(
            {
                "base_currency_code": code,
                "base_currency_symbol": symbol,
                "default_display_currency_code": code,
                "default_display_currency_symbol": symbol,
                "available_currency_codes": [code],
                "exchange_rates": [{"currency_to": code, "rate": 1}],
            }
        )
