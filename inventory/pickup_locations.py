"""In-store pickup locations: the enabled sources flagged "Use as Pickup Location" of a sales channel's stock
(magento/inventory InventoryInStorePickup Model/GetPickupLocations.php and its search-criteria resolvers).

A search narrows them by filters on source fields (ResolveFilters), by an area (ResolveArea: the sources within
``radius`` km of the search term's place), by products (ResolveIntersection: the locations holding a source item of
every SKU), pages them (ResolveMeta) and, when an area is given, orders the page by distance
(SearchResult/Strategy/DistanceBased). A location is the source seen through Magento's Mapper: its frontend name
and frontend description stand for the source's name and description.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q

from backoffice.exceptions import NotFoundError
from backoffice.money import QTY_PRECISION

from .distance import Address, LatLng, get_lats_lngs_from_address
from .models import PickupLocationOrder, Source, SourceItem
from .stocks import resolve_stock_id

# GetOrderedDistanceToSources: the spherical law of cosines on this radius, in km, over chunks of 30 points.
EARTH_RADIUS_KM = 6372.797
CHUNK = 30
# advanced/in_store_pickup_api/search_term_delimiter (InventoryInStorePickupApi etc/config.xml).
SEARCH_TERM_DELIMITER = ":"
# general/country/default (Magento_Directory etc/config.xml): the country of a search term that names none.
DEFAULT_COUNTRY = "US"
# Magento_Directory etc/zip_codes.xml; the offline geonames here hold US ZIP codes only, so any other country's
# postcode finds nothing either way.
POSTCODE_PATTERNS = {"US": (re.compile(r"^[0-9]{5}\-[0-9]{4}$"), re.compile(r"^[0-9]{5}$"))}


@dataclass(frozen=True)
class Area:
    """SearchRequest\\AreaInterface: a radius in km around the place a search term names ("10001:US")."""

    radius: int
    search_term: str


@dataclass(frozen=True)
class PickupLocationSearch:
    """What GetPickupLocations resolves a SearchRequestInterface into. ``condition`` holds the request's filters on
    source fields and ``order_by`` its sort orders on them (built by the REST adapter from Magento's field names);
    ``distance_sort`` is the direction of a sort on "distance", ``sorted`` whether the request sent a sort at all."""

    scope_type: str
    scope_code: str
    condition: Q = field(default_factory=Q)
    order_by: tuple[str, ...] = ()
    distance_sort: str | None = None
    sorted: bool = False
    area: Area | None = None
    skus: tuple[str, ...] | None = None
    page_size: int | None = None
    current_page: int = 1


@dataclass(frozen=True)
class PickupLocationResult:
    items: list[Source]
    total_count: int


def get_pickup_locations(search: PickupLocationSearch) -> PickupLocationResult:
    """The page of pickup locations the search finds, and how many it finds in all; a handful of queries."""
    stock_id = resolve_stock_id(search.scope_type, search.scope_code)  # ResolveScopeFilter: 404 when none
    sources = Source.objects.filter(search.condition, enabled=True, is_pickup_location_active=True)
    sources = sources.filter(stock_links__stock_id=stock_id)
    distances: dict[str, float] = {}
    if search.area is not None:
        distances = distances_to_sources(search.area)
        sources = sources.filter(source_code__in=list(distances))
    if search.skus is not None:
        sources = sources.filter(source_code__in=pickup_locations_holding(search.skus))
    if search.order_by and not (search.area is not None and search.distance_sort):
        sources = sources.order_by(*search.order_by, "source_code")
    total = sources.count()
    page = list(_page(sources, search.page_size, search.current_page, total))
    if search.area is not None and (search.distance_sort or not search.sorted):
        descending = search.distance_sort not in (None, "ASC")
        page.sort(key=lambda source: distances[source.source_code], reverse=descending)
    return PickupLocationResult(page, total)


def _page(sources: object, page_size: int | None, current_page: int, total: int) -> object:
    """ResolveMeta: a page when a page size is given (Zend_Db_Select::limitPage counts a negative size as 1), every
    location otherwise; past the last page nothing, as every list here answers."""
    if not page_size:
        return sources
    size, page = max(page_size, 1), max(current_page, 1)
    if (page - 1) * size >= total:
        return []
    return sources[(page - 1) * size : page * size]


def distances_to_sources(area: Area) -> dict[str, float]:
    """GetDistanceToSources: {source_code: km} of the enabled sources within the radius of the search term's
    place; nothing when the place is unknown. A source counts when it lies within the radius of any of the place's
    points; its distance is to the first point of the first chunk of 30 points that finds it."""
    try:
        points = get_lats_lngs_from_address(_address(area.search_term))
    except NotFoundError:
        return {}
    sources = list(
        Source.objects.filter(enabled=True, latitude__isnull=False, longitude__isnull=False).values_list(
            "source_code", "latitude", "longitude"
        )
    )
    distances: dict[str, float] = {}
    for start in range(0, len(points), CHUNK):
        chunk = points[start : start + CHUNK]
        for code, latitude, longitude in sources:
            if code in distances:
                continue
            place = LatLng(float(latitude), float(longitude))
            found = [_great_circle_km(point, place) for point in chunk]
            if any(distance <= area.radius for distance in found):
                distances[code] = found[0]
    return distances


def _great_circle_km(point: LatLng, source: LatLng) -> float:
    lat1, lat2 = math.radians(point.lat), math.radians(source.lat)
    cosine = math.cos(lat1) * math.cos(lat2) * math.cos(math.radians(source.lng) - math.radians(point.lng))
    cosine += math.sin(lat1) * math.sin(lat2)
    return EARTH_RADIUS_KM * math.acos(max(-1.0, min(1.0, cosine)))


def _address(search_term: str) -> Address:
    """Area\\Pipeline's parsers: the country after the last delimiter (else the default country), the postcode
    before the first one if it is one of that country's, else the same text as a city."""
    parts = search_term.split(SEARCH_TERM_DELIMITER)
    country = parts[-1].strip() if len(parts) > 1 else DEFAULT_COUNTRY
    query = parts[0].strip() if len(parts) > 1 else search_term
    patterns = POSTCODE_PATTERNS.get(country, ())
    postcode = query if any(pattern.search(query) for pattern in patterns) else ""
    return Address(country=country, postcode=postcode, street="", region="", city="" if postcode else query)


def pickup_locations_holding(skus: tuple[str, ...]) -> list[str]:
    """GetPickupLocationIntersectionForSkus: the enabled, active pickup locations with a source item of each SKU."""
    wanted = set(skus)
    return list(
        SourceItem.objects.filter(product_id__in=wanted, source__enabled=True, source__is_pickup_location_active=True)
        .values("source_id")
        .annotate(found=Count("product_id"))
        .filter(found=len(wanted))
        .values_list("source_id", flat=True)
        .order_by()
    )


def get_order_pickup_location(order_id: int) -> str | None:
    """GetPickupLocationCodeByOrderId: the order's pickup location code, None when it is not a store pickup order."""
    return (
        PickupLocationOrder.objects.filter(order_id=order_id).values_list("pickup_location_code", flat=True).first()
    )


def save_order_pickup_location(order_id: int, pickup_location_code: str) -> None:
    """SaveOrderPickupLocation (an insert on duplicate update of the order's row)."""
    PickupLocationOrder.objects.update_or_create(
        order_id=order_id, defaults={"pickup_location_code": pickup_location_code}
    )


def is_fulfillable_at(pickup_location_code: str, lines: list[tuple[str, Decimal]]) -> bool:
    """IsFulfillable: every (sku, qty ordered) has an in-stock source item holding the quantity at the enabled
    pickup location (bccomp to 4 decimals); one query."""
    held = {
        item.product_id: item
        for item in SourceItem.objects.filter(
            source_id=pickup_location_code, product_id__in=[sku for sku, _ in lines]
        ).select_related("source")
    }
    return all(
        sku in held
        and held[sku].quantity.quantize(QTY_PRECISION) >= qty.quantize(QTY_PRECISION)
        and held[sku].status == SourceItem.Status.IN_STOCK
        and held[sku].source.enabled
        for sku, qty in lines
    )
