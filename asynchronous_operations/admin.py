"""System > Bulk Actions (Magento_AsynchronousOperations' bulk log, view/adminhtml/ui_component/bulk_listing.xml and
the Bulk/Details page): each bulk's description, start time, status and operations by status; a bulk's page lists
its failed operations with their messages; "Retry" publishes the retriably failed ones again (Bulk/Retry)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.safestring import SafeString

from backoffice.admin_grids import status_label

from .bulks import bulk_status, retry_operations
from .models import Bulk, BulkStatus, Operation, OperationStatus

FAILED = (OperationStatus.RETRIABLY_FAILED, OperationStatus.NOT_RETRIABLY_FAILED, OperationStatus.REJECTED)


def _counts(bulk: Bulk) -> dict[int, int]:
    return {status: getattr(bulk, f"count_{status}", 0) for status in OperationStatus.values}


class FailedOperationInline(admin.TabularInline):
    """The bulk's operations that did not complete, with Magento's result message and error code."""

    model = Operation
    verbose_name = "failed operation"
    verbose_name_plural = "failed operations"
    fields = ("operation_key", "status", "result_message", "error_code", "request_method", "request_path", "started_at")
    readonly_fields = fields
    can_delete = False
    extra = 0
    ordering = ("operation_key",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Operation]:
        return super().get_queryset(request).filter(status__in=FAILED)

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Bulk)
class BulkAdmin(admin.ModelAdmin):
    list_display = ("start_time", "description", "status", "operations", "user_type", "user_id")
    list_filter = ("user_type",)
    search_fields = ("=uuid", "description")
    date_hierarchy = "start_time"
    show_full_result_count = False
    readonly_fields = (
        "uuid",
        "description",
        "start_time",
        "status",
        "operations",
        "user_type",
        "user_id",
        "operation_count",
    )
    fields = readonly_fields
    inlines = [FailedOperationInline]
    actions = ["retry_failed"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Bulk]:
        counts = {
            f"count_{status}": Count("operations", filter=Q(operations__status=status))
            for status in OperationStatus.values
        }
        return super().get_queryset(request).annotate(**counts)

    @admin.display(description="status")
    def status(self, bulk: Bulk) -> SafeString:
        """A coloured label, as the sales grids' statuses."""
        status = BulkStatus(bulk_status(bulk, _counts(bulk)))
        return status_label(status.name.lower(), status.label)

    @admin.display(description="operations")
    def operations(self, bulk: Bulk) -> str:
        counts = _counts(bulk)
        parts = [
            f"{counts[status]} {OperationStatus(status).label.lower()}"
            for status in OperationStatus.values
            if counts[status]
        ]
        return ", ".join(parts) or "none"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # a log: read only; the one write is the Retry action

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("asynchronous_operations.change_bulk")

    @admin.action(description="Retry the retriably failed operations", permissions=["retry"])
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[Bulk]) -> None:
        retried = 0
        for bulk in queryset:
            ids = bulk.operations.filter(status=OperationStatus.RETRIABLY_FAILED).values_list("pk", flat=True)
            retried += retry_operations(bulk.uuid, list(ids))
        self.message_user(request, f"{retried} operation(s) will be retried.", messages.SUCCESS)
