"""Magento searchCriteria on top of django-filter FilterSets (the per-resource allowlist).

``searchCriteria[filter_groups][i][filters][j][field|value|condition_type]``: filters in a group are
ORed, groups ANDed. ``searchCriteria[sortOrders][k][field|direction]``, ``pageSize``, ``currentPage``.
camelCase and snake_case keys are both accepted, as in Magento.

Every list answers one page (``SearchResultsPagination``): ``pageSize`` at most MAGENTO_MAX_PAGE_SIZE, and
MAGENTO_DEFAULT_PAGE_SIZE when none is sent, as Magento's web API input limits do (ServiceInputProcessor,
Validator/IOLimit/DefaultPageSizeSetter, Validator/SearchCriteriaValidator). Hostile input is Magento's 400 before
any query: an array where a string or int is expected, a NUL byte, an over-long value, too many filter terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connections
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.exceptions import InputError, RequiredFieldError

from .types import type_mismatch

INVALID_FIELD_VALUE = 'Invalid value of "%value" provided for the %fieldName field.'
MAX_PAGE_SIZE_MESSAGE = "Maximum SearchCriteria pageSize is %max"
# Bounds of one searchCriteria (Magento has none; PostgreSQL refuses NUL in text, SQLite caps SQL variables and
# Python int() 4,300 digits): a value at most this long, at most this many filter terms (each item of an in/nin
# list counts one).
MAX_VALUE_LENGTH = 4096
MAX_FILTER_TERMS = 1000
_NUMERIC = re.compile(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")  # PHP's is_numeric
_KEY = re.compile(r"\[([^\[\]]*)\]")
_CAMEL = {
    "filter_groups": "filterGroups",
    "condition_type": "conditionType",
    "sort_orders": "sortOrders",
    "page_size": "pageSize",
    "current_page": "currentPage",
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
    page_size: int = field(default_factory=lambda: settings.MAGENTO_DEFAULT_PAGE_SIZE)
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
        body["page_size"] = self.page_size
        if self.current_page is not None:
            body["current_page"] = self.current_page
        return body


def parse_search_criteria(query_params: object, *, required: bool = True) -> SearchCriteria:
    """Read ``searchCriteria[...]`` query parameters as Magento's REST layer binds a SearchCriteriaInterface.

    Magento requires at least one of them on a list route. Without a pageSize the default page size applies, as
    Magento's DefaultPageSizeSetter does with the web API input limits on; above the maximum is refused.
    """
    tree, found = _tree(query_params)
    if not found and required:
        raise RequiredFieldError("searchCriteria")
    groups_name, raw_groups = _member(tree, "filter_groups")
    groups, terms = [], 0
    for _, group in _ordered(raw_groups):
        if not isinstance(group, dict):
            continue  # Magento builds an empty FilterGroup from a scalar
        filters_name, raw_filters = _member(group, "filters")
        filters = []
        for _, raw in _ordered(raw_filters):
            trail = (groups_name, filters_name)
            if not isinstance(raw, dict) or not (field_name := _text(raw, "field", trail)):
                raise RequiredFieldError("field")
            value = _text(raw, "value", trail) or ""
            condition = _text(raw, "condition_type", trail) or "eq"
            if condition not in _LOOKUPS:
                raise InputError(INVALID_FIELD_VALUE, parameters={"value": condition, "fieldName": "condition_type"})
            terms += value.count(",") + 1 if condition in ("in", "nin") else 1
            if terms > MAX_FILTER_TERMS:
                raise InputError(INVALID_FIELD_VALUE, parameters={"value": value, "fieldName": field_name})
            filters.append(Filter(field=field_name, value=value, condition_type=condition))
        if filters:
            groups.append(filters)
    sorts_name, raw_sorts = _member(tree, "sort_orders")
    sorts = []
    for _, raw in _ordered(raw_sorts):
        if not isinstance(raw, dict) or not (field_name := _text(raw, "field", (sorts_name,))):
            raise RequiredFieldError("field")
        sent = _text(raw, "direction", (sorts_name,))
        direction = (sent or "ASC").upper()
        if direction not in {"ASC", "DESC"}:
            raise InputError(INVALID_FIELD_VALUE, parameters={"value": sent, "fieldName": "direction"})
        sorts.append(SortOrder(field=field_name, direction=direction))
    page_size = _positive_int(*_member(tree, "page_size"), "pageSize")
    if page_size is not None and page_size > settings.MAGENTO_MAX_PAGE_SIZE:
        raise InputError(MAX_PAGE_SIZE_MESSAGE, parameters={"max": settings.MAGENTO_MAX_PAGE_SIZE})
    current_page = _positive_int(*_member(tree, "current_page"), "currentPage")
    return SearchCriteria(groups, sorts, page_size or settings.MAGENTO_DEFAULT_PAGE_SIZE, current_page)


def _tree(query_params: object) -> tuple[dict, bool]:
    """The ``searchCriteria`` array PHP builds from the query string: the last assignment to a key wins, a scalar
    and an array at one key replace each other. Keys stay as the client spelled them."""
    tree: dict = {}
    found = False
    for key, values in query_params.lists():  # type: ignore[attr-defined]
        if not (key == "searchCriteria" or key.startswith("searchCriteria[")):
            continue
        found = True
        steps, position = [], len("searchCriteria")
        for match in _KEY.finditer(key, position):
            if match.start() != position:
                break  # PHP ignores what follows a closing bracket that no opening bracket follows
            steps.append(match.group(1))
            position = match.end()
        node = tree
        for step in steps[:-1]:
            if not isinstance(node.get(step), dict):
                node[step] = {}
            node = node[step]
        if steps:
            node[steps[-1]] = values[-1]
    return tree, found


def _member(node: dict, name: str) -> tuple[str, object]:
    """(the key as sent, its value) of a data object's property, snake_case or camelCase (the last one sent)."""
    sent = [key for key in node if key in (name, _CAMEL.get(name))]
    return (sent[-1], node[sent[-1]]) if sent else (_CAMEL.get(name, name), None)


def _text(node: dict, name: str, trail: tuple[str, ...]) -> str | None:
    """A string property of a Filter or SortOrder: an array is Magento's type error, NUL and over-long values
    are refused."""
    sent, value = _member(node, name)
    if isinstance(value, dict):
        raise InputError(type_mismatch("array", "string", *trail, sent))
    if value is not None:
        _check_text(value, sent)
    return value


def _check_text(value: str, sent: str) -> None:
    if "\x00" in value or len(value) > MAX_VALUE_LENGTH:
        raise InputError(INVALID_FIELD_VALUE, parameters={"value": value, "fieldName": sent})


def _ordered(node: object) -> list[tuple[int, object]]:
    if not isinstance(node, dict):
        return []  # Magento binds a scalar where it expects an array of objects as null
    try:
        return sorted(((int(key), value) for key, value in node.items()), key=lambda pair: pair[0])
    except ValueError:
        raise InputError(
            INVALID_FIELD_VALUE, parameters={"value": ",".join(node), "fieldName": "searchCriteria"}
        ) from None


def _positive_int(sent_as: str, value: object, name: str) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, dict):
        raise InputError(type_mismatch("array", "int", sent_as))
    _check_text(value, sent_as)  # type: ignore[arg-type]
    if not _NUMERIC.fullmatch(value):  # type: ignore[arg-type]
        raise InputError(type_mismatch(value, "int", sent_as))  # type: ignore[arg-type]
    if not value.isdigit() or int(value) < 1:  # type: ignore[attr-defined]
        raise InputError(INVALID_FIELD_VALUE, parameters={"value": value, "fieldName": name})
    return int(value)  # type: ignore[arg-type]


def parent_search_criteria(request: Request, parent_id: int) -> SearchCriteria:
    """What a getCommentsList builds itself: the comments whose parent_id is the document's id. Magento answers
    every one of them; here, like every list, one page: the request's searchCriteria[pageSize] and
    [currentPage] when sent (its filters and sort orders are not the client's to choose), else the default."""
    paging = parse_search_criteria(request.query_params, required=False)
    return SearchCriteria([[Filter("parent_id", str(parent_id))]], [], paging.page_size, paging.current_page)


def search_criteria_of(request: Request, view: object = None) -> SearchCriteria:
    """Parse once per request; the filter backend and the paginator share the result.

    searchCriteria is required unless the view says ``search_criteria_optional = True``: the service method
    declares ``SearchCriteriaInterface $searchCriteria = null`` (MSI's SourceRepositoryInterface::getList,
    StockRepositoryInterface::getList), so ServiceInputProcessor::process passes null and the repository loads
    everything (here: one page, by the rules above)."""
    if not hasattr(request, "_search_criteria"):
        required = not getattr(view, "search_criteria_optional", False)
        request._search_criteria = parse_search_criteria(request.query_params, required=required)
    return request._search_criteria


class SearchCriteriaFilterBackend(DjangoFilterBackend):
    """Apply Magento searchCriteria, using the view's FilterSet as the allowlist of fields."""

    def filter_queryset(self, request: Request, queryset: QuerySet, view: object) -> QuerySet:
        criteria = search_criteria_of(request, view)
        filterset_class = self.get_filterset_class(view, queryset)
        filters = filterset_class.base_filters if filterset_class else {}
        for group in criteria.filter_groups:
            condition = Q()
            for item in group:
                condition |= to_q(filters, item)
            queryset = queryset.filter(condition)
        # A custom filter is no attribute: Magento's EAV addAttributeToSort ignores a sort order on it.
        sorts = [sort for sort in criteria.sort_orders if not hasattr(filters.get(sort.field), "magento_q")]
        ordering = [_order_by(filters, sort) for sort in sorts]
        if ordering:
            queryset = queryset.order_by(*ordering, "pk")
        return queryset


def to_q(filters: dict, item: Filter) -> Q:
    flt = filters.get(item.field)
    if flt is None:
        raise InputError(INVALID_FIELD_VALUE, parameters={"value": item.field, "fieldName": "field"})
    custom = getattr(flt, "magento_q", None)
    if custom is not None:  # Magento's CustomFilterInterface (a FilterProcessor's custom filter for this field)
        return custom(item)
    lookup = _LOOKUPS[item.condition_type]
    if lookup == "isnull":
        return Q(**{f"{flt.field_name}__isnull": item.condition_type == "null"})
    if lookup == "like":
        lookup, value = _like(item.value)
        q = Q(**{f"{flt.field_name}__{lookup}": value})
    elif lookup == "in":
        values = [_clean(flt, part.strip(), item) for part in item.value.split(",")]
        # A number beyond 64 bits is in no column (Django bounds eq/gt/lt itself, not in: SQLite would overflow).
        q = Q(**{f"{flt.field_name}__in": [v for v in values if not isinstance(v, Decimal) or abs(v) < 2**63]})
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


# A filtered list in id order with at most this many matches is paged off its filters' index (see below).
FILTERS_FIRST_UP_TO = 100_000
# A filtered page of keys in id order with at most this many matches is one statement on PostgreSQL (paginate_keys).
ONE_READ_UP_TO = 30_000


class SearchResultsPagination(BasePagination):
    """``{"items": [...], "search_criteria": {...}, "total_count": N}``: always one page, at most the page size.

    The criteria are the request's searchCriteria, or the view's own (``view.search_criteria(request)``) where
    Magento builds them itself (a document's comments).

    A page in id order (no sortOrders) of a filtered list is read in one of two ways, chosen by the count, which
    is exact and read first anyway. Ordered by the primary key, the database walks its index in id order and stops
    at the page's last match: quick when matches are everywhere, a scan of most of the table when they gather in
    one place, as a date window does (at a million orders, "status X created in a 30-day window" walked up to the
    window's first id: 0.3-1.2 s). With at most FILTERS_FIRST_UP_TO matches the page is ordered by ``id + 0``,
    an expression no index gives, so the database reads the matches off the filters' index and sorts them (a
    top-N sort of at most that many ids: 1-4 ms for 4,000-19,000 matches on the status index). The order is the
    same.
    """

    def paginate_queryset(self, queryset: QuerySet, request: Request, view: object = None) -> Iterable:
        self.criteria = self._criteria(request, view)
        if not queryset.ordered:
            queryset = queryset.order_by("pk")  # pages must not overlap
        self.total_count = queryset.count()
        size, page = self.criteria.page_size, self.criteria.current_page or 1
        if (page - 1) * size >= self.total_count:
            return []  # past the last page; also keeps a huge currentPage out of SQL's OFFSET
        if queryset.query.order_by == ("pk",) and queryset.query.where and self.total_count <= FILTERS_FIRST_UP_TO:
            queryset = queryset.order_by(F("pk") + 0)
        return list(queryset[(page - 1) * size : page * size])

    def paginate_keys(self, queryset: QuerySet, request: Request, view: object = None) -> list:
        """``paginate_queryset`` of ``queryset``'s primary keys: the same count and page. A filtered list in id
        order is read by statements over its filters compiled once, ``matches``: the ORM's ``count()`` built an
        aggregate query of its own, which cost twice the statement it ran. On PostgreSQL, with at most
        ONE_READ_UP_TO matches, the count and the page are one statement, one read of the matches (their keys
        sorted in an ARRAY_AGG: 1.5 ms at 10,000 matches, where the count and the sorted page took 0.9 and 1.4);
        above it, or elsewhere, the count, then the page as paginate_queryset reads it. Above ONE_READ_UP_TO
        matches that first statement is wasted: at most the read of that many matches (about 3.5 ms), beside a count of
        more."""
        keys = queryset.values_list("pk", flat=True)
        if queryset.query.order_by != ("pk",) or not queryset.query.where:
            return list(self.paginate_queryset(keys, request, view))
        self.criteria = self._criteria(request, view)
        size, page = self.criteria.page_size, self.criteria.current_page or 1
        offset = (page - 1) * size
        compiler = keys.order_by().query.get_compiler(using=keys.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # a filter no row can match (an empty "in" list)
            self.total_count = 0
            return []
        db = connections[keys.db]
        key = f"matches.{db.ops.quote_name(compiler.select[0][2])}"  # values_list("pk"): the column's alias
        with db.cursor() as cursor:
            if db.vendor == "postgresql" and offset < ONE_READ_UP_TO:
                cursor.execute(
                    f"SELECT COUNT(*), (ARRAY_AGG({key} ORDER BY {key}))[%s:%s] FROM ({sql} LIMIT %s) matches",
                    [offset + 1, offset + size, *params, ONE_READ_UP_TO + 1],
                )
                count, page_keys = cursor.fetchone()
                if count <= ONE_READ_UP_TO:
                    self.total_count = count
                    return page_keys or []
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) matches", params)
            (self.total_count,) = cursor.fetchone()
            if offset >= self.total_count:
                return []  # past the last page; also keeps a huge currentPage out of SQL's OFFSET
            order = f"{key} + 0" if self.total_count <= FILTERS_FIRST_UP_TO else key
            cursor.execute(f"SELECT {key} FROM ({sql}) matches ORDER BY {order} LIMIT %s OFFSET %s",
                           [*params, size, offset])
            return [row[0] for row in cursor.fetchall()]

    def _criteria(self, request: Request, view: object) -> SearchCriteria:
        own = getattr(view, "search_criteria", None)
        return own(request) if own else search_criteria_of(request, view)

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
