"""Magento searchCriteria on top of django-filter FilterSets (the per-resource allowlist).

``searchCriteria[filter_groups][i][filters][j][field|value|condition_type]``: filters in a group are
ORed, groups ANDed. ``searchCriteria[sortOrders][k][field|direction]``, ``pageSize``, ``currentPage``.
camelCase and snake_case keys are both accepted, as in Magento.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.exceptions import InputError, RequiredFieldError

INVALID_FIELD_VALUE = 'Invalid value of "%value" provided for the %fieldName field.'
MAX_PAGE_SIZE_MESSAGE = "Maximum SearchCriteria pageSize is %max"
# ServiceInputProcessor wraps TypeProcessor's phrase and renders both before answering (no "parameters").
INVALID_TYPE = (
    'Error occurred during "%field_name" processing. '
    'The "%value" value\'s type is invalid. The "%type" type was expected. Verify and try again.'
)
_NUMERIC = re.compile(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")  # PHP's is_numeric
_KEY = re.compile(r"\[([^\]]*)\]")
_ALIASES = {
    "filterGroups": "filter_groups",
    "conditionType": "condition_type",
    "sortOrders": "sort_orders",
    "pageSize": "page_size",
    "currentPage": "current_page",
}
_LOOKUPS = {"eq": "exact", "neq": "exact", "gt": "gt", "gteq": "gte", "moreq": "gte", "from": "gte",
            "lt": "lt", "lteq": "lte", "to": "lte", "in": "in", "nin": "in", "like": "like", "nlike": "like",
            "null": "isnull", "notnull": "isnull"}
_NEGATED = {"neq", "nin", "nlike"}


@dataclass(frozen=True)
class Filter:
    field: str
    value: str
    condition_type: str = "eq"


@dataclass(frozen=True)
class SortOrder:
    field: str
    direction: str = "ASC"


@dataclass(frozen=True)
class SearchCriteria:
    filter_groups: list[list[Filter]] = field(default_factory=list)
    sort_orders: list[SortOrder] = field(default_factory=list)
    page_size: int | None = None
    current_page: int | None = None

    def echo(self) -> dict:
        """The ``search_criteria`` block of a Magento search result (values echo as strings)."""
        body: dict = {
            "filter_groups": [
                {"filters": [{"field": f.field, "value": f.value, "condition_type": f.condition_type} for f in group]}
                for group in self.filter_groups
            ]
        }
        if self.sort_orders:
            body["sort_orders"] = [{"field": s.field, "direction": s.direction} for s in self.sort_orders]
        if self.page_size is not None:
            body["page_size"] = self.page_size
        if self.current_page is not None:
            body["current_page"] = self.current_page
        return body


def parse_search_criteria(query_params: object, *, required: bool = True) -> SearchCriteria:
    """Read ``searchCriteria[...]`` query parameters; Magento requires at least one of them on a list route."""
    tree: dict = {}
    names = {"page_size": "pageSize", "current_page": "currentPage"}  # as the client spelled them
    found = False
    for key, values in query_params.lists():  # type: ignore[attr-defined]
        if not (key == "searchCriteria" or key.startswith("searchCriteria[")):
            continue
        found = True
        node = tree
        steps = [_ALIASES.get(step, step) for step in _KEY.findall(key)]
        for step in steps[:-1]:
            node = node.setdefault(step, {})
            if not isinstance(node, dict):
                raise InputError(INVALID_FIELD_VALUE, parameters={"value": key, "fieldName": "searchCriteria"})
        if steps:
            node[steps[-1]] = values[-1]
        if len(steps) == 1 and steps[0] in names:
            names[steps[0]] = _KEY.findall(key)[0]
    if not found and required:
        raise RequiredFieldError("searchCriteria")

    groups = []
    for _, group in _ordered(tree.get("filter_groups")):
        filters = []
        for _, raw in _ordered(group.get("filters") if isinstance(group, dict) else None):
            if not isinstance(raw, dict) or not raw.get("field"):
                raise RequiredFieldError("field")
            condition = raw.get("condition_type") or "eq"
            if condition not in _LOOKUPS:
                raise InputError(INVALID_FIELD_VALUE, parameters={"value": condition, "fieldName": "condition_type"})
            filters.append(Filter(field=raw["field"], value=str(raw.get("value", "")), condition_type=condition))
        if filters:
            groups.append(filters)
    sorts = []
    for _, raw in _ordered(tree.get("sort_orders")):
        if not isinstance(raw, dict) or not raw.get("field"):
            raise RequiredFieldError("field")
        direction = str(raw.get("direction") or "ASC").upper()
        if direction not in {"ASC", "DESC"}:
            raise InputError(INVALID_FIELD_VALUE, parameters={"value": raw.get("direction"), "fieldName": "direction"})
        sorts.append(SortOrder(field=raw["field"], direction=direction))
    page_size = _positive_int(tree.get("page_size"), "pageSize", names["page_size"])
    if page_size is not None and page_size > settings.MAGENTO_MAX_PAGE_SIZE:
        raise InputError(MAX_PAGE_SIZE_MESSAGE, parameters={"max": settings.MAGENTO_MAX_PAGE_SIZE})
    current_page = _positive_int(tree.get("current_page"), "currentPage", names["current_page"])
    return SearchCriteria(groups, sorts, page_size, current_page)


def _ordered(node: object) -> list[tuple[int, object]]:
    if not isinstance(node, dict):
        return []
    try:
        return sorted(((int(key), value) for key, value in node.items()), key=lambda pair: pair[0])
    except ValueError:
        raise InputError(
            INVALID_FIELD_VALUE, parameters={"value": ",".join(node), "fieldName": "searchCriteria"}
        ) from None


def _positive_int(value: object, name: str, sent_as: str) -> int | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not _NUMERIC.fullmatch(value):
        filled = {"field_name": sent_as, "value": value if isinstance(value, str) else "array", "type": "int"}
        raise InputError(re.sub(r"%(field_name|value|type)", lambda match: filled[match.group(1)], INVALID_TYPE))
    if not str(value).isdigit() or int(str(value)) < 1:
        raise InputError(INVALID_FIELD_VALUE, parameters={"value": value, "fieldName": name})
    return int(str(value))


def search_criteria_of(request: Request) -> SearchCriteria:
    """Parse once per request; the filter backend and the paginator share the result."""
    if not hasattr(request, "_search_criteria"):
        request._search_criteria = parse_search_criteria(request.query_params)
    return request._search_criteria


class SearchCriteriaFilterBackend(DjangoFilterBackend):
    """Apply Magento searchCriteria, using the view's FilterSet as the allowlist of fields."""

    def filter_queryset(self, request: Request, queryset: QuerySet, view: object) -> QuerySet:
        criteria = search_criteria_of(request)
        filterset_class = self.get_filterset_class(view, queryset)
        filters = filterset_class.base_filters if filterset_class else {}
        for group in criteria.filter_groups:
            condition = Q()
            for item in group:
                condition |= to_q(filters, item)
            queryset = queryset.filter(condition)
        ordering = [_order_by(filters, sort) for sort in criteria.sort_orders]
        if ordering:
            queryset = queryset.order_by(*ordering, "pk")
        return queryset


def to_q(filters: dict, item: Filter) -> Q:
    flt = filters.get(item.field)
    if flt is None:
        raise InputError(INVALID_FIELD_VALUE, parameters={"value": item.field, "fieldName": "field"})
    lookup = _LOOKUPS[item.condition_type]
    if lookup == "isnull":
        return Q(**{f"{flt.field_name}__isnull": item.condition_type == "null"})
    if lookup == "like":
        lookup, value = _like(item.value)
        q = Q(**{f"{flt.field_name}__{lookup}": value})
    elif lookup == "in":
        q = Q(**{f"{flt.field_name}__in": [_clean(flt, part.strip(), item) for part in item.value.split(",")]})
    else:
        q = Q(**{f"{flt.field_name}__{lookup}": _clean(flt, item.value, item)})
    return ~q if item.condition_type in _NEGATED else q


def _clean(flt: object, value: str, item: Filter) -> object:
    try:
        with timezone.override(UTC):  # Magento's filter dates are UTC, like its output
            cleaned = flt.field.clean(value)  # type: ignore[attr-defined]
    except DjangoValidationError:
        cleaned = None
    if cleaned in (None, ""):
        raise InputError(INVALID_FIELD_VALUE, parameters={"value": value, "fieldName": item.field})
    return cleaned


def _like(value: str) -> tuple[str, str]:
    starts, ends = value.startswith("%"), value.endswith("%") and len(value) > 1
    core = value.strip("%")
    if starts and ends:
        return "icontains", core
    if ends:
        return "istartswith", core
    if starts:
        return "iendswith", core
    return "iexact", core


def _order_by(filters: dict, sort: SortOrder) -> str:
    flt = filters.get(sort.field)
    if flt is None:
        raise InputError(INVALID_FIELD_VALUE, parameters={"value": sort.field, "fieldName": "sortOrders"})
    return f"-{flt.field_name}" if sort.direction == "DESC" else flt.field_name


class SearchResultsPagination(BasePagination):
    """``{"items": [...], "search_criteria": {...}, "total_count": N}``; no pageSize means every row."""

    def paginate_queryset(self, queryset: QuerySet, request: Request, view: object = None) -> Iterable:
        self.criteria = search_criteria_of(request)
        self.total_count = queryset.count()
        size, page = self.criteria.page_size, self.criteria.current_page or 1
        if size is None:
            return list(queryset)
        if (page - 1) * size >= self.total_count:
            return []  # past the last page; also keeps a huge currentPage out of SQL's OFFSET
        return list(queryset[(page - 1) * size : page * size])

    def get_paginated_response(self, data: list) -> Response:
        return Response({"items": data, "search_criteria": self.criteria.echo(), "total_count": self.total_count})

    def get_paginated_response_schema(self, schema: dict) -> dict:
        """The OpenAPI shape of the envelope (drf-spectacular calls this)."""
        return {
            "type": "object",
            "properties": {
                "items": schema,
                "search_criteria": {"type": "object", "additionalProperties": True},
                "total_count": {"type": "integer"},
            },
            "required": ["items", "search_criteria", "total_count"],
        }
