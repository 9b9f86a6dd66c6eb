"""What Magento's admin grids have and Django's changelist lacks, written once for every grid.

- ``GridAdmin.prepare_rows``: per-row values computed for a whole page at once (a constant number of queries);
- "Export CSV": the grid's visible columns for every row the current filters, search and sort select;
- ``DateRangeFilter``: Magento's From/To date filter.

Plumbing: imports no domain app.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from html import unescape
from itertools import batched

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import display_for_field, display_for_value, label_for_field, lookup_field
from django.contrib.admin.views.main import ERROR_FLAG, ChangeList
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst, slugify

CSV_BATCH_SIZE = 500
FORMULA_PREFIXES = ("=", "+", "@", "\t", "\r")  # a spreadsheet would run these as formulas


def html_lines(format_string: str, args: Iterable[tuple]) -> SafeString:
    """One grid cell line per args tuple, separated by <br> (values escaped)."""
    return format_html_join(mark_safe("<br>"), format_string, args)


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
        rows = list(self.result_list)  # evaluates and caches the page; the template iterates the same queryset
        self.model_admin.prepare_rows(rows)


class GridAdmin(admin.ModelAdmin):
    """A changelist with an "Export CSV" link that honours the current filters, search and sort."""

    change_list_template = "admin/grid_change_list.html"

    def prepare_rows(self, rows: Sequence[models.Model]) -> None:
        """Attach to ``rows`` what their cells need, in a few queries for all of them (for the page and the CSV)."""

    def get_changelist(self, request: HttpRequest, **kwargs: object) -> type[ChangeList]:
        return GridChangeList

    def get_urls(self) -> list[URLPattern]:
        opts = self.opts
        export = self.admin_site.admin_view(self.export_csv_view)
        return [
            path("export-csv/", export, name=f"{opts.app_label}_{opts.model_name}_export_csv"),
            *super().get_urls(),
        ]

    def export_csv_view(self, request: HttpRequest) -> HttpResponse:
        """The grid as CSV: its columns and labels, every row the current query string selects (no paging)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            opts = self.opts
            return HttpResponseRedirect(
                reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist") + f"?{ERROR_FLAG}=1"
            )
        columns = [
            name for name in changelist.list_display
            if name != "action_checkbox" and not getattr(getattr(self, name, None), "exclude_from_csv", False)
        ]
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([capfirst(str(label_for_field(name, self.model, model_admin=self))) for name in columns])
        for batch in batched(changelist.queryset.iterator(chunk_size=CSV_BATCH_SIZE), CSV_BATCH_SIZE):
            self.prepare_rows(batch)
            writer.writerows([self.csv_cell(name, obj) for name in columns] for obj in batch)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{slugify(self.opts.verbose_name_plural)}.csv"'
        return response

    def csv_cell(self, name: str, obj: models.Model) -> str:
        """A cell as the grid shows it, as plain text: lines on their own lines, yes/no for flags."""
        field, attr, value = lookup_field(name, obj, self)
        if getattr(attr, "boolean", False) or isinstance(field, models.BooleanField):
            return "" if value is None else ("Yes" if value else "No")
        if field is None or field.auto_created:
            shown = display_for_value(value, "")
        else:
            shown = display_for_field(value, field, "")
        text = html_to_text(shown) if isinstance(shown, SafeString) else str(shown)
        return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def html_to_text(html: str) -> str:
    return unescape(strip_tags(re.sub(r"<br\s*/?>", "\n", html)))


class DateRangeFilter(admin.FieldListFilter):
    """Magento's date filter: from and to days, both included (``<field>__date__gte`` / ``__date__lte``)."""

    template = "admin/date_range_filter.html"
    label: str | None = None  # the sidebar title, when not the field's verbose name

    @classmethod
    def titled(cls, label: str) -> type[DateRangeFilter]:
        """The filter under another title: ``("order__created_at", DateRangeFilter.titled("Order Date"))``."""
        return type(cls.__name__, (cls,), {"label": label})

    def __init__(
        self, field: models.Field, request: HttpRequest, params: dict, model: type[models.Model],
        model_admin: admin.ModelAdmin, field_path: str,
    ) -> None:
        self.from_param = f"{field_path}__date__gte"
        self.to_param = f"{field_path}__date__lte"
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = self.label or self.title

    def expected_parameters(self) -> list[str]:
        return [self.from_param, self.to_param]

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
