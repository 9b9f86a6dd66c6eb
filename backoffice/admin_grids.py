"""What Magento's admin grids have and Django's changelist lacks, written once for every grid.

- ``GridAdmin.prepare_rows``: per-row values computed for a whole page at once (a constant number of queries);
- "Export CSV": the grid's visible columns for every row the current filters, search and sort select, for a
  spreadsheet (raw numbers, ISO 8601 dates, one line a row), streamed in batches so memory stays flat;
- ``status_label``: a status as a coloured label (backoffice/static/backoffice/admin.css);
- ``DateRangeFilter``: Magento's From/To date filter.
- ``GridPaginator``: Magento's 20 rows a page, in constant time however deep the page.
- ``grid_search``: the keyword search through an index built for it (``backoffice.grid_search``), not a scan.
- Columns and Views: each admin user chooses the columns a grid shows and saves views (filters, search, sort and
  columns under a name), kept as Magento_Ui's bookmarks (``backoffice.ui``), one query a page.

Plumbing: imports no domain app.
"""

from __future__ import annotations

import csv
import gc
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from datetime import datetime, time, timedelta
from decimal import Decimal
from functools import cached_property, partial
from html import unescape
from itertools import batched
from typing import NamedTuple

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import display_for_field, display_for_value, label_for_field, lookup_field
from django.contrib.admin.views.main import ERROR_FLAG, SEARCH_VAR, ChangeList
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import models
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    QueryDict,
    StreamingHttpResponse,
)
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst, slugify

from . import heartbeat
from .exceptions import DomainError
from .formats import format_datetime, iso_datetime, plain_number
from .grid_search import GridSearch, led_by_filters, search_count, search_keys, without_search
from .ui.bookmarks import delete_view, grid_bookmarks, save_columns, save_view
from .ui.models import CURRENT, Bookmark

CSV_BATCH_SIZE = 500
FORMULA_PREFIXES = ("=", "+", "@", "\t", "\r")  # a spreadsheet would run these as formulas


CsvValue = Callable[[admin.ModelAdmin, models.Model], object]


class CsvColumn(NamedTuple):
    label: str
    value: Callable[[models.Model], object]


def html_lines(format_string: str, args: Iterable[tuple]) -> SafeString:
    """One grid cell line per args tuple, separated by <br> (values escaped); "; " between them in the CSV."""
    return format_html_join(mark_safe("<br>"), format_string, args)


def csv_value(value: CsvValue) -> Callable[[Callable], Callable]:
    """What a grid column writes in the CSV instead of what it shows: ``@csv_value(lambda admin, obj: ...)``
    (a raw number rather than "$1,917.60", an ISO date rather than "Nov 25, 2025 14:37")."""

    def attach(column: Callable) -> Callable:
        column.csv_value = value
        return column

    return attach


def date_column(name: str, description: str) -> Callable:
    """A date in the admin's one format (Nov 25, 2025 14:37); ISO 8601 in the CSV."""

    @csv_value(lambda admin, obj: getattr(obj, name))
    @admin.display(description=description, ordering=name)
    def column(self: admin.ModelAdmin, obj: object) -> str:
        return format_datetime(getattr(obj, name))

    return column


def status_label(code: str, label: str) -> SafeString:
    """A status as Magento's grids colour it: <span class="grid-status grid-status-processing">Processing</span>.
    The CSV gets the label."""
    return format_html('<span class="grid-status grid-status-{}">{}</span>', slugify(code), label)


def action_column(label: str = "View") -> Callable:
    """Magento's last grid column, "Action": a link to the row's page (left out of the CSV)."""

    @admin.display(description="Action")
    def column(self: admin.ModelAdmin, obj: models.Model) -> SafeString:
        opts = obj._meta
        url = reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, label)

    column.exclude_from_csv = True
    return column


class GridChangeList(ChangeList):
    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        if self.paginator.capped or not (self.query or self.has_active_filters):
            # The search bar's "N results (Show all)" only for an exact count of a search or a filter: Django shows
            # it whenever the full count is not read (show_full_result_count off), "10000 results" for a capped
            # count; the pagination's "10,000+ records found" says it.
            self.full_result_count = self.result_count
        whole = not self.multi_page or (self.show_all and self.can_show_all)  # Django reads the whole queryset
        if whole and getattr(self.paginator, "rows", None) is not None:
            self.result_list = self.paginator.rows  # read with the count (GridPaginator.counted)
        elif whole and (keys := getattr(self.paginator, "every_key", None)) is not None:
            # the keyword search's rows are all known: read by their keys, without running the search again
            self.result_list = self.paginator.among(keys)
        rows = list(self.result_list)  # evaluates and caches the page; the template iterates the same queryset
        self.model_admin.prepare_rows(rows)


class GridPaginator(Paginator):
    """Deep pages without reading the rows before them: the page's primary keys come from a narrow query (OFFSET
    walks an index, not rows with their joins and subqueries), from whichever end of the ordering is nearer (the
    last page costs what the first does), then only those rows are read, in the same order (the changelist's
    ordering is total), without the keyword search's subqueries (the keys matched them). Two queries a page,
    whatever its number.

    ``count_limit``: the count stops there (``capped``: "10,000+ records found", pages up to the limit), so that
    its cost is bounded whatever the rows are; None counts every row."""

    def __init__(self, *args: object, count_limit: int | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.count_limit = count_limit
        self.matched: list[object] | None = None  # a keyword search's keys, read by ``counted``
        self.ordered: list[object] | None = None  # a keyword search with filters: its rows' keys in order, ditto
        self.sliced = False  # ... whose matches outnumber the limit: a page is a slice of the grid's query
        self.rows: models.QuerySet | None = None  # ... whose matches fit on a page: their rows, read by ``counted``

    @cached_property
    def counted(self) -> int:
        """The rows, counted up to ``count_limit`` + 1. A keyword search alone is counted on the grid's search rows
        (``search_count``), not joined to the grid; under a limit its keys are read there (``matched``): the
        page's keys are then chosen among them, and the search runs once.

        A keyword search with list filters, under a limit: the search's keys first, from its search rows alone
        (as a search alone), then the filters, in one query that reads the keys of the rows they keep, in the
        grid's order (``ordered``: the count and every page's keys). More matches than the limit: the count is
        the grid's own, joined to the search, and a page is read as a slice of the grid's query (at most the
        limit deep), in one query rather than its keys then its rows: as many queries as a filtered page."""
        limit = None if self.count_limit is None else self.count_limit + 1
        if limit is not None and (matched := search_keys(self.object_list, limit)) is not None:
            self.matched = matched
            return len(matched)
        if limit is not None and (matched := search_keys(self.object_list, limit, filtered=True)) is not None:
            if len(matched) < limit and len(matched) <= self.per_page:
                # one page at most: its rows at once, kept for the changelist (it reads a single page whole)
                self.rows = self.among(matched)
                self.ordered = [row.pk for row in self.rows]
                return len(self.ordered)
            if len(matched) < limit:
                self.ordered = list(self.among(matched).values_list("pk", flat=True)[:limit])
                return len(self.ordered)
            self.sliced = True
        counted = search_count(self.object_list) if limit is None else None
        if counted is None:
            # up to a limit: the keys alone, in no order (a sliced count keeps the annotations and the ordering)
            counted = (self.object_list if limit is None
                       else led_by_filters(self.object_list).order_by().values("pk")[:limit]).count()
        return counted

    @property
    def capped(self) -> bool:
        """More rows than ``count_limit``: ``count`` is the limit, not the number of rows."""
        return self.count_limit is not None and self.counted > self.count_limit

    @cached_property
    def count(self) -> int:
        return self.count_limit if self.capped else self.counted

    @property
    def capped_text(self) -> str:
        """What a capped count shows before "records found": "10,000+"."""
        return f"{self.count_limit:,}+"

    def page(self, number: int | str) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = self.count if bottom + self.per_page + self.orphans >= self.count else bottom + self.per_page
        if self.sliced:
            return self._get_page(self.object_list[bottom:top], number, self)
        return self._get_page(self.among(self.keys(bottom, top)), number, self)

    def among(self, keys: list[object]) -> models.QuerySet:
        """The rows of ``keys`` (already known to match the keyword search: it does not run again), with the
        grid's annotations, other filters and ordering."""
        return without_search(self.object_list).filter(pk__in=keys)

    @property
    def every_key(self) -> list[object] | None:
        """The keys of all the rows when the count has read them all (a keyword search under the limit)."""
        if self.capped:
            return None
        return self.ordered if self.ordered is not None else self.matched

    def keys(self, bottom: int, top: int) -> list[object]:
        """The primary keys of rows ``bottom`` to ``top``: past the middle (of an exact count), the first
        ``count - bottom`` of the reversed ordering, read backwards."""
        if self.ordered is not None:
            return self.ordered[bottom:top]
        object_list = self.object_list
        if self.matched is not None and not self.capped:
            # every match is known: order them (at most the limit), rather than let the planner walk the grid's
            # primary key testing each row's words (a rare email at 1M orders: 433,349 rows read, 460 ms)
            object_list = self.among(self.matched)
        keys = object_list.values_list("pk", flat=True)
        if self.capped or bottom <= self.count - top or not self.object_list.ordered:
            return list(keys[bottom:top])
        return list(keys.reverse()[self.count - top:self.count - bottom])[::-1]


class GridAdmin(admin.ModelAdmin):
    """A changelist with an "Export CSV" link that honours the current filters, search and sort."""

    change_list_template = "admin/grid_change_list.html"
    # Magento's grids: 20 rows a page; "N records found" without a second count of the unfiltered table.
    list_per_page = 20
    show_full_result_count = False
    paginator = GridPaginator
    # Counts stop at this many rows ("10,000+ records found"; None: exact). Set per grid (the sales grids), see
    # README "Admin grids".
    count_limit: int | None = None
    search_count_limit: int | None = None  # the same for a keyword search (None: ``count_limit``)
    # The keyword search: the documents that lead to a row, searched through their index (None: search_fields).
    grid_search: GridSearch | None = None

    def get_search_fields(self, request: HttpRequest) -> Sequence[str]:
        """With ``grid_search``, a non-empty list so that the changelist shows its search box."""
        return ("grid_search",) if self.grid_search else super().get_search_fields(request)

    def get_search_results(
        self, request: HttpRequest, queryset: models.QuerySet, search_term: str
    ) -> tuple[models.QuerySet, bool]:
        if self.grid_search is None:
            return super().get_search_results(request, queryset, search_term)
        return self.grid_search.filter(queryset, search_term), False  # pk IN (...): no duplicate rows

    def get_paginator(
        self, request: HttpRequest, queryset: models.QuerySet, per_page: int, orphans: int = 0,
        allow_empty_first_page: bool = True,
    ) -> GridPaginator:
        searched = self.search_count_limit is not None and request.GET.get(SEARCH_VAR, "").strip()
        limit = self.search_count_limit if searched else self.count_limit
        return self.paginator(queryset, per_page, orphans, allow_empty_first_page, count_limit=limit)

    def prepare_rows(self, rows: Sequence[models.Model]) -> None:
        """Attach to ``rows`` what their cells need, in a few queries for all of them (for the page and the CSV)."""

    def get_changelist(self, request: HttpRequest, **kwargs: object) -> type[ChangeList]:
        return GridChangeList

    def get_urls(self) -> list[URLPattern]:
        opts = self.opts
        prefix = f"{opts.app_label}_{opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("export-csv/", view(self.export_csv_view), name=f"{prefix}_export_csv"),
            path("grid-columns/", view(self.grid_columns_view), name=f"{prefix}_grid_columns"),
            path("grid-views/", view(self.grid_views_view), name=f"{prefix}_grid_views"),
            path("grid-views/<slug:identifier>/", view(self.grid_view_view), name=f"{prefix}_grid_view"),
            *super().get_urls(),
        ]

    # --- Columns and Views (Magento_Ui bookmarks), per admin user ---------------------------------------------

    def grid_namespace(self) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}"

    def grid_bookmarks(self, request: HttpRequest) -> list[Bookmark]:
        """The user's bookmarks of this grid, read once a request."""
        cache: dict[str, list[Bookmark]] = request.__dict__.setdefault("_grid_bookmarks", {})
        namespace = self.grid_namespace()
        if namespace not in cache:
            cache[namespace] = grid_bookmarks(request.user, namespace) if request.user.is_authenticated else []
        return cache[namespace]

    def grid_columns(self, request: HttpRequest) -> list[str]:
        """Every column the grid can show, in its order."""
        return list(super().get_list_display(request))

    def get_list_display(self, request: HttpRequest) -> Sequence[str]:
        columns = self.grid_columns(request)
        current = next((b for b in self.grid_bookmarks(request) if b.identifier == CURRENT), None)
        if not current:
            return columns
        chosen = set(current.config.get("columns", [])) | set(self.list_editable)  # edited cells always show
        return [name for name in columns if name in chosen] or columns

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        shown = set(self.get_list_display(request))
        choices = [
            (name, capfirst(str(label_for_field(name, self.model, model_admin=self))), name in shown,
             name in self.list_editable)
            for name in self.grid_columns(request)
        ]
        views = [bookmark for bookmark in self.grid_bookmarks(request) if bookmark.identifier != CURRENT]
        return super().changelist_view(request, {"grid_columns": choices, "grid_views": views, **(extra_context or {})})

    def _back_to_grid(self, request: HttpRequest, query: str) -> HttpResponseRedirect:
        """To the grid with ``query`` (filters, search), without its sort: a sort names a column by position."""
        params = QueryDict(query.lstrip("?").replace("\x00", ""), mutable=True)
        params.pop("o", None)
        url = reverse(f"{self.admin_site.name}:{self.grid_namespace()}_changelist")
        return HttpResponseRedirect(f"{url}?{params.urlencode()}" if params else url)

    def _grid_write(self, request: HttpRequest) -> HttpResponse | None:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return None

    def grid_columns_view(self, request: HttpRequest) -> HttpResponse:
        """Columns > Apply: show the ticked columns from now on."""
        if refused := self._grid_write(request):
            return refused
        try:
            save_columns(request.user, self.grid_namespace(), request.POST.getlist("columns"), self.grid_columns(request))
        except DomainError as error:
            messages.error(request, error.rendered())
        return self._back_to_grid(request, request.POST.get("query", ""))

    def grid_views_view(self, request: HttpRequest) -> HttpResponse:
        """Views > Save: the grid as it is now (filters, search, sort, columns) under a name."""
        if refused := self._grid_write(request):
            return refused
        query = request.POST.get("query", "")
        try:
            view = save_view(request.user, self.grid_namespace(), request.POST.get("title", ""), query,
                             self.get_list_display(request), self.grid_columns(request))
        except DomainError as error:
            messages.error(request, error.rendered())
            return self._back_to_grid(request, query)
        messages.success(request, f'You saved the view "{view.title}".')
        return HttpResponseRedirect(self._view_url(view))

    def grid_view_view(self, request: HttpRequest, identifier: str) -> HttpResponse:
        """A saved view: open it (its columns become the current ones, then the grid with its query) or delete it."""
        if refused := self._grid_write(request):
            return refused
        view = next((b for b in self.grid_bookmarks(request) if b.identifier == identifier != CURRENT), None)
        if view is None:
            messages.error(request, "This view no longer exists.")
            return self._back_to_grid(request, "")
        if "delete" in request.POST:
            delete_view(request.user, self.grid_namespace(), identifier)
            messages.success(request, f'You deleted the view "{view.title}".')
            return self._back_to_grid(request, "")
        with suppress(DomainError):  # the grid lost the view's columns since: it shows them all
            save_columns(request.user, self.grid_namespace(), view.config.get("columns", []), self.grid_columns(request))
        return HttpResponseRedirect(self._view_url(view))

    def _view_url(self, view: Bookmark) -> str:
        url = reverse(f"{self.admin_site.name}:{self.grid_namespace()}_changelist")
        query = view.config.get("query", "")
        return f"{url}?{query}" if query else url

    def export_csv_view(self, request: HttpRequest) -> HttpResponse:
        """The grid as CSV: its columns and labels, every row the current query string selects (no paging),
        streamed a batch at a time (memory stays the same for a million rows; a batch costs what a page does)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            opts = self.opts
            return HttpResponseRedirect(
                reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist") + f"?{ERROR_FLAG}=1"
            )
        columns = self.csv_columns(changelist)
        response = StreamingHttpResponse(
            self.csv_lines(changelist.queryset, columns), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{slugify(self.opts.verbose_name_plural)}.csv"'
        return response

    def csv_columns(self, changelist: ChangeList) -> list[CsvColumn]:
        """The grid's columns but the checkbox and the links-only ones; a column with ``csv_columns(admin)`` (per source,
        per stock) becomes several."""
        columns = []
        for name in changelist.list_display:
            attr = getattr(self, name, None)
            if name == "action_checkbox" or getattr(attr, "exclude_from_csv", False):
                continue
            if hasattr(attr, "csv_columns"):
                columns.extend(attr.csv_columns(self))
                continue
            label = capfirst(str(label_for_field(name, self.model, model_admin=self)))
            value = getattr(attr, "csv_value", None)
            columns.append(CsvColumn(label, partial(value, self) if value else partial(self.csv_cell, name)))
        return columns

    def csv_lines(self, queryset: models.QuerySet, columns: Sequence[CsvColumn]) -> Iterator[str]:
        writer = csv.writer(_Echo())
        yield writer.writerow([column.label for column in columns])
        for batch in batched(queryset.iterator(chunk_size=CSV_BATCH_SIZE), CSV_BATCH_SIZE):
            heartbeat.beat()  # a million rows take minutes: gunicorn's 30 s are per batch (backoffice/heartbeat.py)
            self.prepare_rows(batch)
            yield "".join(writer.writerow([csv_text(column.value(obj)) for column in columns]) for obj in batch)
            # A batch's rows and their prepared values hold reference cycles, which only the cyclic collector
            # frees; left to its thresholds it lets ~10 batches pile up (RSS 158 MB at 20,000 orders, 134 MB
            # with this; bench/memory.py). The young generations only: the earlier batches are there.
            gc.collect(1)

    def csv_cell(self, name: str, obj: models.Model) -> object:
        """A cell as the grid shows it, as plain text on one line: lines joined by "; ", yes/no for flags, numbers
        and dates raw."""
        field, attr, value = lookup_field(name, obj, self)
        if getattr(attr, "boolean", False) or isinstance(field, models.BooleanField):
            return "" if value is None else ("Yes" if value else "No")
        if isinstance(value, (datetime, Decimal)) or value is None:
            return value
        if field is None or field.auto_created:
            shown = display_for_value(value, "")
        else:
            shown = display_for_field(value, field, "")
        return html_to_text(shown) if isinstance(shown, SafeString) else str(shown)


class _Echo:
    """csv.writer's file: hands each written line back (Django's streaming CSV recipe)."""

    def write(self, line: str) -> str:
        return line


def csv_text(value: object) -> str:
    """A CSV cell: ISO 8601 for dates, plain digits for numbers; text that a spreadsheet would run as a formula
    gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return iso_datetime(value)
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def html_to_text(html: str) -> str:
    """A cell's HTML as one line of text: its lines joined by "; "."""
    return unescape(strip_tags(re.sub(r"<br\s*/?>", "; ", html)))


def titled(filter_class: type[admin.FieldListFilter], title: str) -> type[admin.FieldListFilter]:
    """A field filter under Magento's label rather than the field's verbose name:
    ``("order__created_at", titled(DateRangeFilter, "Order Date"))``."""

    class Titled(filter_class):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self.title = title

    Titled.__name__ = Titled.__qualname__ = f"{filter_class.__name__}Titled"
    return Titled


class DateRangeFilter(admin.FieldListFilter):
    """Magento's date filter: from and to days, both included (``<field>__date__gte`` / ``__date__lte``)."""

    template = "admin/date_range_filter.html"

    def __init__(
        self, field: models.Field, request: HttpRequest, params: dict, model: type[models.Model],
        model_admin: admin.ModelAdmin, field_path: str,
    ) -> None:
        self.from_param = f"{field_path}__date__gte"
        self.to_param = f"{field_path}__date__lte"
        super().__init__(field, request, params, model, model_admin, field_path)

    def expected_parameters(self) -> list[str]:
        return [self.from_param, self.to_param]

    def queryset(self, request: HttpRequest, queryset: models.QuerySet) -> models.QuerySet:
        """The days as a datetime range in the current time zone, so that an index on the column serves it
        (``__date`` casts every row)."""
        if not isinstance(self.field, models.DateTimeField):
            return super().queryset(request, queryset)
        bounds = {}
        for param, lookup, days in ((self.from_param, "gte", 0), (self.to_param, "lt", 1)):
            value = (self.used_parameters.get(param) or [""])[-1]
            if not value:
                continue
            try:
                day = parse_date(value)
            except ValueError as error:
                raise IncorrectLookupParameters(error) from error
            if day is None:
                raise IncorrectLookupParameters(f"{value!r} is not a date")
            bounds[f"{self.field_path}__{lookup}"] = timezone.make_aware(datetime.combine(day + timedelta(days), time.min))
        return queryset.filter(**bounds)

    def choices(self, changelist: ChangeList) -> Iterable[dict]:
        """One "choice": the form's current values, the other parameters to keep, and a reset link."""
        kept = [
            (key, value)
            for key, values in changelist.filter_params.items()
            if key not in self.expected_parameters()
            for value in values
        ]
        yield {
            "from_param": self.from_param,
            "to_param": self.to_param,
            "from": (self.used_parameters.get(self.from_param) or [""])[-1],
            "to": (self.used_parameters.get(self.to_param) or [""])[-1],
            "kept": kept,
            "reset": changelist.get_query_string(remove=self.expected_parameters()),
        }
