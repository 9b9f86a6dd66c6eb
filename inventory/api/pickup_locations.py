"""GET /V1/inventory/in-store-pickup/pickup-locations/ (InventoryInStorePickupApi etc/webapi.xml: anonymous,
GetPickupLocationsInterface::execute(SearchRequestInterface $searchRequest)).

Magento binds ``searchRequest`` from the query string through the constructors of InventoryInStorePickup's
Model/SearchRequest.php, SearchRequest/Area.php, Filters.php, Filter.php (camelCase parameter names), e.g.
``searchRequest[scopeCode]=base&searchRequest[area][radius]=50&searchRequest[area][searchTerm]=10001:US
&searchRequest[filters][city][value]=New%20York&searchRequest[sort][0][field]=distance&searchRequest[pageSize]=5``.
The answer is SearchResultInterface: ``{items: PickupLocationInterface[], search_request, total_count}``.
"""

from __future__ import annotations

import re

from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.exceptions import InputError, RequiredFieldError
from backoffice.rest.acl import ANONYMOUS
from backoffice.rest.routes import RouteView
from backoffice.rest.search_criteria import INVALID_FIELD_VALUE, Filter, SortOrder, _order_by, to_q
from backoffice.rest.types import type_mismatch

from ..models import Source
from ..pickup_locations import Area, PickupLocationSearch, get_pickup_locations
from .filters import PickupLocationFilter
from .query import member, ordered, query_parameter
from .views.salable import _number

# FiltersInterface's getters in their order, with the source field ResolveFilters filters on.
FILTERS = (
    ("country", ("country",), "country_id"),
    ("postcode", ("postcode",), "postcode"),
    ("region", ("region",), "region"),
    ("region_id", ("regionId", "region_id"), "region_id"),
    ("city", ("city",), "city"),
    ("street", ("street",), "street"),
    ("name", ("name",), "frontend_name"),
    ("pickup_location_code", ("pickupLocationCode", "pickup_location_code"), "source_code"),
)
# ResolveMeta::$translations: the location's names of the source fields it sorts on.
SORT_FIELDS = {"name": "frontend_name", "pickup_location_code": "source_code", "description": "frontend_description"}
DISTANCE = "distance"  # AreaInterface::DISTANCE_FIELD
SORT_DIRECTION = "The sort order has to be specified as %1 for ascending order or %2 for descending order."
SORT_FIELD = "Sort order field %1 contains restricted symbols"


class PickupLocationSerializer(serializers.ModelSerializer):
    """PickupLocationInterface, as Mapper projects a source (InventoryInStorePickupApi and InventoryInStorePickup
    etc/di.xml): source_code is pickup_location_code, the frontend name and description are name and description;
    fields never set are left out, as Magento leaves out its nulls."""

    pickup_location_code = serializers.CharField(source="source_code")
    name = serializers.CharField(source="frontend_name")
    description = serializers.CharField(source="frontend_description")

    class Meta:
        model = Source
        fields = [
            "pickup_location_code",
            "name",
            "email",
            "fax",
            "contact_name",
            "description",
            "latitude",
            "longitude",
            "country_id",
            "region_id",
            "region",
            "city",
            "street",
            "postcode",
            "phone",
        ]

    def to_representation(self, instance: Source) -> dict:
        return {key: value for key, value in super().to_representation(instance).items() if value not in ("", None)}


class PickupLocationSearchResultSerializer(serializers.Serializer):
    """SearchResultInterface (the schema of the answer)."""

    items = PickupLocationSerializer(many=True)
    search_request = serializers.DictField()
    total_count = serializers.IntegerField()


class PickupLocationsView(RouteView):
    """GET /V1/inventory/in-store-pickup/pickup-locations/?searchRequest[scopeCode]=base&... (anonymous)."""

    acl_by_method = {"GET": (ANONYMOUS, None)}

    @extend_schema(
        parameters=[
            OpenApiParameter("searchRequest[scopeCode]", OpenApiTypes.STR, OpenApiParameter.QUERY, required=True),
            OpenApiParameter("searchRequest[scopeType]", OpenApiTypes.STR, OpenApiParameter.QUERY),
            OpenApiParameter("searchRequest[area][radius]", OpenApiTypes.INT, OpenApiParameter.QUERY),
            OpenApiParameter("searchRequest[area][searchTerm]", OpenApiTypes.STR, OpenApiParameter.QUERY),
            OpenApiParameter("searchRequest[filters][city][value]", OpenApiTypes.STR, OpenApiParameter.QUERY),
            OpenApiParameter("searchRequest[filters][city][conditionType]", OpenApiTypes.STR, OpenApiParameter.QUERY),
            OpenApiParameter("searchRequest[sort][0][field]", OpenApiTypes.STR, OpenApiParameter.QUERY),
            OpenApiParameter("searchRequest[sort][0][direction]", OpenApiTypes.STR, OpenApiParameter.QUERY),
            OpenApiParameter("searchRequest[pageSize]", OpenApiTypes.INT, OpenApiParameter.QUERY),
            OpenApiParameter("searchRequest[currentPage]", OpenApiTypes.INT, OpenApiParameter.QUERY),
            OpenApiParameter(
                "searchRequest[extensionAttributes][productsInfo][0][sku]", OpenApiTypes.STR, OpenApiParameter.QUERY
            ),
        ],
        responses={200: PickupLocationSearchResultSerializer},
    )
    def get(self, request: Request, store_code: str) -> Response:
        sent = query_parameter(request.query_params, "searchRequest", "search_request")
        if sent is None:
            raise RequiredFieldError("searchRequest")
        search, echo = bind_search_request(sent if isinstance(sent, dict) else {})
        result = get_pickup_locations(search)
        items = PickupLocationSerializer(result.items, many=True).data
        return Response({"items": items, "search_request": echo, "total_count": result.total_count})


def bind_search_request(sent: dict) -> tuple[PickupLocationSearch, dict]:
    """The search, and the SearchRequestInterface Magento echoes (its getters' order, nulls left out)."""
    scope_code = _string(member(sent, "scopeCode", "scope_code"), "scopeCode", required=True)
    scope_type = _string(member(sent, "scopeType", "scope_type"), "scopeType") or "website"
    area = _area(member(sent, "area"))
    condition, filters_echo = _filters(member(sent, "filters"))
    page_size = _int(member(sent, "pageSize", "page_size"))
    current_page = _int(member(sent, "currentPage", "current_page")) or 1
    sort = member(sent, "sort")
    order_by, distance_sort, sort_echo = _sort(sort, has_area=area is not None)
    skus = _skus(member(sent, "extensionAttributes", "extension_attributes"))
    echo: dict = {}
    if area is not None:
        echo["area"] = {"radius": area.radius, "search_term": area.search_term}
    if filters_echo is not None:
        echo["filters"] = filters_echo or []
    if page_size is not None:
        echo["page_size"] = page_size
    echo |= {"current_page": current_page, "scope_type": scope_type, "scope_code": scope_code}
    if sort_echo is not None:
        echo["sort"] = sort_echo
    if skus:
        echo["extension_attributes"] = {"products_info": [{"sku": sku} for sku in skus]}
    search = PickupLocationSearch(
        scope_type=scope_type,
        scope_code=scope_code,
        condition=condition,
        order_by=tuple(order_by),
        distance_sort=distance_sort,
        sorted=sort_echo is not None,
        area=area,
        skus=tuple(skus) if skus else None,
        page_size=page_size,
        current_page=current_page,
    )
    return search, echo


def _string(value: object, name: str, *, required: bool = False) -> str | None:
    if value is None and required:
        raise RequiredFieldError(name)
    if isinstance(value, dict):
        raise InputError(type_mismatch("array", "string"))
    return value  # type: ignore[return-value]


def _int(value: object, name: str = "", *, required: bool = False) -> int | None:
    if value is None or value == "":
        if required:
            raise RequiredFieldError(name)
        return None
    if isinstance(value, dict):
        raise InputError(type_mismatch("array", "int"))
    number = int(_number(value, "int"))  # type: ignore[arg-type]
    if abs(number) >= 2**31:  # PHP's int is 64 bits; a page or radius beyond 32 bits is no page nor radius
        raise InputError(INVALID_FIELD_VALUE, parameters={"value": value, "fieldName": name or "searchRequest"})
    return number


def _area(sent: object) -> Area | None:
    if sent is None:
        return None
    sent = sent if isinstance(sent, dict) else {}
    radius = _int(member(sent, "radius"), "radius", required=True)
    search_term = _string(member(sent, "searchTerm", "search_term"), "searchTerm", required=True)
    return Area(radius, search_term)  # type: ignore[arg-type]


def _filters(sent: object) -> tuple[Q, dict | None]:
    """ResolveFilters: each filter sent, on its source field (a filter group of its own: ANDed); Magento's
    FilterProcessor reads "fulltext" as ``like %value%``."""
    if sent is None:
        return Q(), None
    sent = sent if isinstance(sent, dict) else {}
    allowed = PickupLocationFilter.base_filters
    condition, echo = Q(), {}
    for key, names, source_field in FILTERS:
        raw = member(sent, *names)
        if raw is None:
            continue
        raw = raw if isinstance(raw, dict) else {}
        value = _string(member(raw, "value"), "value", required=True)
        condition_type = _string(member(raw, "conditionType", "condition_type"), "conditionType") or "eq"
        echo[key] = {"value": value, "condition_type": condition_type}
        item = Filter(source_field, value, condition_type)  # type: ignore[arg-type]
        if condition_type == "fulltext":
            item = Filter(source_field, f"%{value}%", "like")
        try:
            condition &= to_q(allowed, item)
        except KeyError:  # a condition type Magento's SQL builder does not know
            raise InputError(
                INVALID_FIELD_VALUE, parameters={"value": condition_type, "fieldName": "condition_type"}
            ) from None
    return condition, echo


def _sort(sent: object, *, has_area: bool) -> tuple[list[str], str | None, list | None]:
    """ResolveMeta::addSortOrders: source fields by the location's names; a sort on distance, with an area, is
    the only order (the page is then sorted by distance), and without one it is skipped. Magento's SortOrder
    refuses a direction other than ASC or DESC and a field with other than letters, digits and "_"; a sort
    without a direction is descending (SortingProcessor)."""
    if sent is None:
        return [], None, None
    order_by, echo, distance = [], [], None
    translating = True
    for raw in ordered(sent):
        raw = raw if isinstance(raw, dict) else {}
        field = _string(member(raw, "field"), "field", required=True)
        direction = _string(member(raw, "direction"), "direction")
        if re.search(r"[^a-z0-9_]", field, re.IGNORECASE):  # type: ignore[arg-type]
            raise InputError(SORT_FIELD, parameters=[field])
        if direction is not None:
            direction = direction.upper()
            if direction not in ("ASC", "DESC"):
                raise InputError(SORT_DIRECTION, parameters=["ASC", "DESC"])
        if field == DISTANCE:
            if has_area and distance is None:
                distance, translating = direction or "DESC", False
        elif translating:
            field = SORT_FIELDS.get(field, field)  # type: ignore[arg-type]
            order_by.append(SortOrder(field, direction or "DESC"))  # type: ignore[arg-type]
        echo.append({"field": field} | ({"direction": direction} if direction else {}))
    if distance:
        return [], distance, echo
    return [_order_by(PickupLocationFilter.base_filters, sort) for sort in order_by], None, echo


def _skus(sent: object) -> list[str]:
    """SearchRequestExtensionInterface::getProductsInfo: ProductInfoInterface[], each with its required sku."""
    if not isinstance(sent, dict):
        return []
    skus = []
    for raw in ordered(member(sent, "productsInfo", "products_info")):
        raw = raw if isinstance(raw, dict) else {}
        skus.append(_string(member(raw, "sku"), "sku", required=True))
    return skus  # type: ignore[return-value]
