"""InventoryDistanceBasedSourceSelectionApi's four GET routes (etc/webapi.xml, all under Magento_InventoryApi::source).

Their service methods take data objects, which Magento binds from bracketed query parameters:
``?source[lat]=40.7&source[lng]=-74&destination[lat]=...``, ``?address[country]=US&address[postcode]=10001&...``.
"""

from __future__ import annotations

import math

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.exceptions import InputError, RequiredFieldError
from backoffice.rest.routes import RouteView
from backoffice.rest.types import is_numeric, type_mismatch

from ..distance import (
    Address,
    LatLng,
    get_distance,
    get_distance_provider_code,
    get_lat_lng_from_address,
    get_lats_lngs_from_address,
)
from .views.acl import SOURCE

ADDRESS_FIELDS = ("country", "postcode", "street", "region", "city")  # Model\Address::__construct, all strings


def data_object(request: Request, name: str) -> dict[str, str]:
    """The ``name[key]=value`` query parameters as {key: value}; the parameter itself is required."""
    prefix = f"{name}["
    found = {
        key[len(prefix) : -1]: value
        for key, value in request.query_params.items()
        if key.startswith(prefix) and key.endswith("]")
    }
    if not found:
        raise RequiredFieldError(name)
    return found


def lat_lng(request: Request, name: str) -> LatLng:
    """A LatLngInterface parameter: lat and lng are floats (TypeProcessor's is_numeric)."""
    values = data_object(request, name)
    numbers = []
    for key in ("lat", "lng"):
        if key not in values:
            raise RequiredFieldError(key)
        if not is_numeric(values[key]) or not math.isfinite(float(values[key])):  # "1e999": PHP's INF, then NAN
            raise InputError(type_mismatch(values[key], "float"))
        numbers.append(float(values[key]))
    return LatLng(*numbers)


def address(request: Request) -> Address:
    """An AddressInterface parameter: its five strings, each required."""
    values = data_object(request, "address")
    for key in ADDRESS_FIELDS:
        if key not in values:
            raise RequiredFieldError(key)
    return Address(*(values[key] for key in ADDRESS_FIELDS))


class LatLngSerializer(serializers.Serializer):
    """LatLngInterface, as the schema describes the answers."""

    lat = serializers.FloatField()
    lng = serializers.FloatField()


def query_parameters(name: str, keys: tuple[str, ...], kind: str) -> list[OpenApiParameter]:
    return [OpenApiParameter(f"{name}[{key}]", kind, OpenApiParameter.QUERY, required=True) for key in keys]


ADDRESS_PARAMETERS = query_parameters("address", ADDRESS_FIELDS, OpenApiTypes.STR)


def render(latlng: LatLng) -> dict[str, float]:
    return {"lat": latlng.lat, "lng": latlng.lng}


class DistanceProviderCodeView(RouteView):
    """GET /V1/inventory/get-distance-provider-code -> "offline"."""

    acl_by_method = {"GET": SOURCE}

    @extend_schema(responses={200: OpenApiTypes.STR})
    def get(self, request: Request, store_code: str) -> Response:
        return Response(get_distance_provider_code())


class DistanceView(RouteView):
    """GET /V1/inventory/get-distance?source[lat]=..&source[lng]=..&destination[lat]=..&destination[lng]=..
    -> metres (a float)."""

    acl_by_method = {"GET": SOURCE}

    @extend_schema(
        parameters=query_parameters("source", ("lat", "lng"), OpenApiTypes.DOUBLE)
        + query_parameters("destination", ("lat", "lng"), OpenApiTypes.DOUBLE),
        responses={200: OpenApiTypes.DOUBLE},
    )
    def get(self, request: Request, store_code: str) -> Response:
        return Response(get_distance(lat_lng(request, "source"), lat_lng(request, "destination")))


class LatLngFromAddressView(RouteView):
    """GET /V1/inventory/get-latlng-from-address?address[country]=US&address[postcode]=..&address[street]=..
    &address[region]=..&address[city]=.. -> {"lat", "lng"}; 404 "Unknown geoname for %1"."""

    acl_by_method = {"GET": SOURCE}

    @extend_schema(parameters=ADDRESS_PARAMETERS, responses={200: LatLngSerializer})
    def get(self, request: Request, store_code: str) -> Response:
        return Response(render(get_lat_lng_from_address(address(request))))


class LatsLngsFromAddressView(RouteView):
    """GET /V1/inventory/get-latslngs-from-address?address[...] -> [{"lat", "lng"}, ...]."""

    acl_by_method = {"GET": SOURCE}

    @extend_schema(parameters=ADDRESS_PARAMETERS, responses={200: LatLngSerializer(many=True)})
    def get(self, request: Request, store_code: str) -> Response:
        return Response([render(latlng) for latlng in get_lats_lngs_from_address(address(request))])
