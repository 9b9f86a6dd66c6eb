"""Distance-based source selection, Magento's offline provider (InventoryDistanceBasedSourceSelection).

Magento's offline provider reads its ``inventory_geoname`` table (GeoNames' postcodes, imported by
``bin/magento inventory-geonames:import``); here the same lookups read the US ZIP codes the ``zipcodes`` package ships
in its wheel, so nothing is downloaded at run time. Any other country finds nothing, as a Magento store without that
country's geonames imported.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import pycountry
import zipcodes

from backoffice.exceptions import NotFoundError

from .models import Source

# GetDistanceProviderCode reads cataloginventory/source_selection_distance_based/provider; "offline" is the one here.
DISTANCE_PROVIDER_CODE = "offline"
# Offline\GetDistance::EARTH_RADIUS_KM is 6371000 despite its name: distances are in metres.
EARTH_RADIUS = 6371000.0
GEONAME_COUNTRY = "US"


class UnknownGeoname(NotFoundError):
    """GetGeoNameDataByAddress / GetGeoNamesDataByAddress: a NoSuchEntityException (404)."""

    message = "Unknown geoname for %1"


@dataclass(frozen=True)
class LatLng:
    """LatLngInterface."""

    lat: float
    lng: float


@dataclass(frozen=True)
class Address:
    """InventorySourceSelectionApi's AddressInterface (all five strings are required by its constructor)."""

    country: str
    postcode: str
    street: str
    region: str
    city: str

    def __str__(self) -> str:
        """Convert\\AddressToString: street, postcode, city, region, country joined by spaces."""
        return " ".join([self.street, self.postcode, self.city, self.region, self.country])


@dataclass(frozen=True)
class _Geoname:
    postcode: str
    city: str
    region: str  # GeoNames' admin name 1, the state's name ("New York"), as in inventory_geoname.region
    latlng: LatLng


@cache
def _geonames() -> tuple[_Geoname, ...]:
    states = {s.code.removeprefix("US-"): s.name for s in pycountry.subdivisions.get(country_code="US")}
    return tuple(
        _Geoname(
            row["zip_code"],
            row["city"],
            states.get(row["state"], row["state"]),
            LatLng(float(row["lat"]), float(row["long"])),
        )
        for row in zipcodes.list_all()
    )


@cache
def _by_postcode() -> dict[str, _Geoname]:
    return {geoname.postcode: geoname for geoname in _geonames()}


def _country_rows(address: Address) -> tuple[_Geoname, ...]:
    return _geonames() if address.country.upper() == GEONAME_COUNTRY else ()


def _by_city(address: Address) -> list[_Geoname]:
    """``city LIKE 'City%'`` (MySQL's default collation ignores case)."""
    prefix = address.city.lower()
    return [g for g in _country_rows(address) if g.city.lower().startswith(prefix)] if address.city else []


def _by_region(address: Address) -> list[_Geoname]:
    region = address.region.lower()
    return [g for g in _country_rows(address) if g.region.lower() == region]


def get_distance_provider_code() -> str:
    """GetDistanceProviderCodeInterface."""
    return DISTANCE_PROVIDER_CODE


def get_distance(source: LatLng, destination: LatLng) -> float:
    """Offline\\GetDistance: the haversine great-circle distance in metres, unrounded."""
    lat_from, lng_from = math.radians(source.lat), math.radians(source.lng)
    lat_to, lng_to = math.radians(destination.lat), math.radians(destination.lng)
    haversine = (
        math.sin((lat_to - lat_from) / 2) ** 2
        + math.cos(lat_from) * math.cos(lat_to) * math.sin((lng_to - lng_from) / 2) ** 2
    )
    # rounding can pass 1 near antipodes, and go under 0 for one point named twice across a pole (latitudes 91 and
    # 89, longitudes 0 and 180): PHP's sqrt and asin give NAN there, which json_encode refuses
    angle = 2 * math.asin(math.sqrt(min(max(haversine, 0.0), 1.0)))
    return angle * EARTH_RADIUS


def get_lat_lng_from_address(address: Address) -> LatLng:
    """Offline\\GetLatLngFromAddress: the postcode's geoname, else the first city starting with the address's city,
    else the first of its region; else UnknownGeoname."""
    geoname = _by_postcode().get(address.postcode) if address.country.upper() == GEONAME_COUNTRY else None
    candidates = [geoname] if geoname else _by_city(address) or _by_region(address)
    if not candidates:
        raise UnknownGeoname(parameters=[str(address)])
    return candidates[0].latlng


def get_lats_lngs_from_address(address: Address) -> list[LatLng]:
    """Offline\\GetLatsLngsFromAddress: as get_lat_lng_from_address, but every geoname of the city or region."""
    geoname = _by_postcode().get(address.postcode) if address.country.upper() == GEONAME_COUNTRY else None
    candidates = [geoname] if geoname else _by_city(address) or _by_region(address)
    if not candidates:
        raise UnknownGeoname(parameters=[str(address)])
    return [g.latlng for g in candidates]


def get_lat_lng_from_source(source: Source) -> LatLng:
    """GetLatLngFromSource: the source's own coordinates, else its address's."""
    if source.latitude is None or source.longitude is None:
        return get_lat_lng_from_address(
            Address(
                source.country_id or "",
                source.postcode or "",
                source.street or "",
                source.region or "",
                source.city or "",
            )
        )
    return LatLng(float(source.latitude), float(source.longitude))


def fill_latitude_and_longitude(source: Source) -> None:
    """Plugin\\FillSourceLatitudeAndLongitude::beforeSave: a source saved with neither coordinate (null or 0)
    takes its address's; geocoding fails silently."""
    if source.latitude or source.longitude:
        return
    with contextlib.suppress(NotFoundError):
        latlng = get_lat_lng_from_address(
            Address(
                source.country_id or "",
                source.postcode or "",
                source.street or "",
                source.region or "",
                source.city or "",
            )
        )
        source.latitude, source.longitude = Decimal(str(latlng.lat)), Decimal(str(latlng.lng))


def order_sources_by_distance(sources: list[Source], destination: Address) -> list[Source]:
    """DistanceBasedAlgorithm::getEnabledSourcesOrderedByDistanceByStockId: ``sources`` (given in priority order)
    nearest first; those whose distance cannot be known follow, still in priority order."""
    try:
        destination_latlng: LatLng | None = get_lat_lng_from_address(destination)
    except NotFoundError:
        destination_latlng = None  # every source then lacks a distance, as each lookup fails in Magento
    distances: dict[str, float] = {}
    for source in sources if destination_latlng else ():
        with contextlib.suppress(NotFoundError):  # a source without coordinates nor a known address
            distances[source.source_code] = get_distance(get_lat_lng_from_source(source), destination_latlng)
    with_distance = sorted((s for s in sources if s.source_code in distances), key=lambda s: distances[s.source_code])
    return with_distance + [s for s in sources if s.source_code not in distances]
