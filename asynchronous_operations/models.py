"""Magento_AsynchronousOperations' tables: ``magento_bulk`` (one asynchronous or bulk request) and
``magento_operation`` (one body of it), as its etc/db_schema.xml declares them, plus what this back-office needs
to run an operation through the synchronous route (method, path) and to sweep the ones the broker lost."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class OperationStatus(models.IntegerChoices):
    """Magento\\Framework\\Bulk\\OperationInterface::STATUS_TYPE_* (the OperationStatusPool of etc/di.xml)."""

    COMPLETE = 1, "Complete"
    RETRIABLY_FAILED = 2, "Failed, can be retried"
    NOT_RETRIABLY_FAILED = 3, "Failed, change something to retry"
    OPEN = 4, "Open"
    REJECTED = 5, "Rejected"


class BulkStatus(models.IntegerChoices):
    """Magento\\Framework\\Bulk\\BulkSummaryInterface: the status computed from the operations'."""

    NOT_STARTED = 0, "Not started"
    IN_PROGRESS = 1, "In progress"
    FINISHED_SUCCESSFULLY = 2, "Finished successfully"
    FINISHED_WITH_FAILURE = 3, "Finished with failure"


class BulkUserType(models.IntegerChoices):
    """Magento's UserContextInterface::USER_TYPE_*, as ``magento_bulk.user_type`` stores them."""

    INTEGRATION = 1, "Integration"
    ADMIN = 2, "Administrator"
    CUSTOMER = 3, "Customer"
    GUEST = 4, "Guest"


class Bulk(models.Model):
    uuid = models.CharField("ID", max_length=39, unique=True)
    user_id = models.PositiveIntegerField(null=True, blank=True, db_index=True)  # admin user or customer id
    user_type = models.PositiveSmallIntegerField(choices=BulkUserType.choices, null=True, blank=True)
    description = models.CharField("Description of Operation", max_length=255, blank=True, default="")
    operation_count = models.PositiveIntegerField(default=0)
    start_time = models.DateTimeField("Start Time", default=timezone.now, db_index=True)

    class Meta:
        db_table = "magento_bulk"
        ordering = ["-start_time", "-pk"]
        verbose_name = "bulk action"
        verbose_name_plural = "bulk actions"

    def __str__(self) -> str:
        return self.uuid


class Operation(models.Model):
    bulk = models.ForeignKey(Bulk, models.CASCADE, to_field="uuid", db_column="bulk_uuid", related_name="operations")
    operation_key = models.PositiveIntegerField()  # the body's index in the request: the wire's "id"
    topic_name = models.CharField(max_length=255)
    serialized_data = models.TextField(null=True, blank=True)
    result_serialized_data = models.TextField(null=True, blank=True)
    status = models.SmallIntegerField(choices=OperationStatus.choices, default=OperationStatus.OPEN)
    error_code = models.IntegerField(null=True, blank=True)
    result_message = models.CharField(max_length=255, null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Not in Magento's table: the synchronous request this operation replays, and when it was last published.
    request_method = models.CharField(max_length=6)
    request_path = models.CharField(max_length=2048)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "magento_operation"
        ordering = ["bulk_id", "operation_key"]
        constraints = [models.UniqueConstraint(fields=["bulk", "operation_key"], name="magento_operation_bulk_key")]
        indexes = [
            models.Index(fields=["bulk", "error_code"], name="magento_operation_bulk_error"),
            models.Index(fields=["status", "published_at"], name="magento_operation_open_due"),
        ]

    def __str__(self) -> str:
        return f"{self.bulk_id} #{self.operation_key}"
