"""System > Bulk Actions (Magento_AsynchronousOperations' bulk log, view/adminhtml/ui_component/bulk_listing.xml and
the Bulk/Details page, bulk_details_form.xml): each bulk's description, start time, status and operations by status;
a bulk's page shows its summary, the retriably failed operations to select and retry ("Items to Retry", Bulk/Retry)
and the ones that cannot be retried ("Items That Can’t Be Updated."), each with its message. The grid's action
retries every retriably failed operation of the selected bulks."""

from __future__ import annotations

import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.safestring import SafeString

from backoffice.admin_grids import html_lines, status_label
from backoffice.admin_writes import describe
from backoffice.exceptions import DomainError
from backoffice.phrases import phrase

from .bulks import OperationNotFound, bulk_status, retry_bulk, retry_operations
from .models import Bulk, BulkStatus, Operation, OperationStatus

NOT_RETRIABLE = (OperationStatus.NOT_RETRIABLY_FAILED, OperationStatus.REJECTED)
SCHEDULED = "%1 item(s) have been scheduled for update."  # Bulk/Retry (its stray quote left out)
PENDING = "Pending, in queue..."  # Ui/Component/Operation/DataProvider::getSummaryReport
SELECTED = "%1 items selected for mass update"
SUCCESSFUL = ", %1 successfully updated"
FAILED = ", %1 failed to update"
PAGE_SIZE = 50
MAX_ID = 2**63 - 1


def _counts(bulk: Bulk) -> dict[int, int]:
    return {status: getattr(bulk, f"count_{status}", 0) for status in OperationStatus.values}


def summary_report(counts: dict[int, int]) -> str:
    """Magento's summary of a bulk: "4 items selected for mass update, 1 successfully updated, 3 failed to
    update", or "Pending, in queue..." before any result."""
    successful = counts.get(OperationStatus.COMPLETE, 0)
    failed = counts.get(OperationStatus.RETRIABLY_FAILED, 0) + counts.get(OperationStatus.NOT_RETRIABLY_FAILED, 0)
    if successful == 0 and failed == 0:
        return PENDING
    report = phrase(SELECTED, str(sum(counts.values())))
    if successful:
        report += phrase(SUCCESSFUL, str(successful))
    if failed:
        report += phrase(FAILED, str(failed))
    return report


def _operation_ids(values: list[str]) -> list[int]:
    """The posted ``operations_to_retry``; a value that is no operation id is refused as not found."""
    for value in values:
        if not value.isdigit() or not 0 < int(value) <= MAX_ID:
            raise OperationNotFound(parameters={"fieldName": "id", "fieldValue": value})
    return [int(value) for value in values]


@admin.register(Bulk)
class BulkAdmin(admin.ModelAdmin):
    # Magento's columns (Start Time, Description of Operation, Status) and the operations by status; who started
    # the bulk is a filter and on its page, so that the grid fits a laptop's screen.
    list_display = ("start_time", "description", "status", "operations")
    list_filter = ("user_type",)
    search_fields = ("=uuid", "description")
    date_hierarchy = "start_time"
    show_full_result_count = False
    readonly_fields = (
        "uuid",
        "description",
        "summary",
        "start_time",
        "status",
        "operations",
        "user_type",
        "user_id",
        "operation_count",
    )
    fields = readonly_fields
    actions = ["retry_failed"]
    change_form_template = "admin/asynchronous_operations/bulk/change_form.html"
    change_list_template = "admin/wide_change_list.html"  # the grids' width: no app list, filters above

    def get_queryset(self, request: HttpRequest) -> QuerySet[Bulk]:
        counts = {
            f"count_{status}": Count("operations", filter=Q(operations__status=status))
            for status in OperationStatus.values
        }
        return super().get_queryset(request).annotate(**counts)

    @admin.display(description="Status")
    def status(self, bulk: Bulk) -> SafeString:
        """A coloured label, as the sales grids' statuses."""
        status = BulkStatus(bulk_status(bulk, _counts(bulk)))
        return status_label(status.name.lower(), status.label)

    @admin.display(description="Operations")
    def operations(self, bulk: Bulk) -> str:
        """One line per status that has operations: "1 complete", "1 failed, can be retried"."""
        counts = _counts(bulk)
        lines = [(counts[status], OperationStatus(status).label.lower()) for status in OperationStatus.values]
        return html_lines("{} {}", [line for line in lines if line[0]]) or "none"

    @admin.display(description="Summary")
    def summary(self, bulk: Bulk) -> str:
        return summary_report(_counts(bulk))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # a log: read only; the one write is Retry

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("asynchronous_operations.change_bulk")

    @admin.action(description="Retry the retriably failed operations", permissions=["retry"])
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[Bulk]) -> None:
        retried = 0
        for bulk in queryset:
            retried += retry_bulk(bulk.uuid)
        self.message_user(request, phrase(SCHEDULED, str(retried)), messages.SUCCESS)

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        return super().changelist_view(request, {"title": "Bulk Actions Log", **(extra_context or {})})

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict,
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Bulk | None = None,
    ) -> HttpResponse:
        """The bulk's page: its operations to retry and those that cannot be, each list paged."""
        if obj is not None:
            operations = obj.operations.order_by("operation_key").only(
                "pk", "bulk_id", "operation_key", "status", "result_message", "serialized_data"
            )
            context |= {
                "retriable": _page(request, "retry_page", operations.filter(status=OperationStatus.RETRIABLY_FAILED)),
                "not_retriable": _page(request, "failed_page", operations.filter(status__in=NOT_RETRIABLE)),
                "can_retry": self.has_retry_permission(request),
                "retry_url": reverse("admin:asynchronous_operations_bulk_retry", args=[obj.pk]),
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self) -> list[URLPattern]:
        retry = self.admin_site.admin_view(self.retry_view)
        return [path("<int:object_id>/retry/", retry, name="asynchronous_operations_bulk_retry"), *super().get_urls()]

    def retry_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Bulk/Retry: the selected operations (``operations_to_retry``) through retry_operations; Magento's
        message and the log on success, the refusal on the bulk's page (nothing written) otherwise."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_retry_permission(request):
            raise PermissionDenied
        bulk = get_object_or_404(Bulk, pk=object_id)
        try:
            retried = retry_operations(bulk.uuid, _operation_ids(request.POST.getlist("operations_to_retry")))
        except DomainError as error:
            self.message_user(request, describe(error), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:asynchronous_operations_bulk_change", args=[bulk.pk]))
        self.message_user(request, phrase(SCHEDULED, str(retried)), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:asynchronous_operations_bulk_changelist"))


def _page(request: HttpRequest, parameter: str, operations: QuerySet[Operation]) -> Page:
    page = Paginator(operations, PAGE_SIZE).get_page(request.GET.get(parameter))
    page.parameter = parameter  # type: ignore[attr-defined]  # the page links' query parameter
    page.object_list = list(page.object_list)
    for operation in page.object_list:
        operation.meta_information = meta_information(operation)  # type: ignore[attr-defined]
    return page


def meta_information(operation: Operation) -> str:
    """The failed-operation listing's "Meta Information": the body the operation was given."""
    try:
        return str(json.loads(operation.serialized_data or "{}").get("meta_information") or "")
    except (ValueError, AttributeError):
        return ""
