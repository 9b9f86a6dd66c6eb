"""The shipment (sales_shipment, ShipmentInterface + MSI's source) with its items, tracks and comments."""

from __future__ import annotations

from django.db import models

from .bases import CountedDocument, DocumentComment, DocumentItem, SalesDocument
from .order import Order, OrderItem


class ShipmentQuerySet(models.QuerySet["Shipment"]):
    def with_details(self) -> ShipmentQuerySet:
        return self.prefetch_related("items", "tracks", "comments")


class Shipment(SalesDocument, CountedDocument):
    """A shipment of order items from one inventory source (Magento's ShipmentInterface + MSI source_code)."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="shipments")
    increment_id = models.CharField("Shipment", max_length=32, unique=True, null=True, blank=True)
    customer_id = models.PositiveIntegerField(null=True, blank=True)
    shipment_status = models.PositiveIntegerField(null=True, blank=True)
    total_weight = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    packages = models.JSONField(default=list, blank=True)
    # MSI's extension attribute: the source the items left from (a plain value, like inventory_shipment_source).
    source_code = models.CharField(max_length=255)
    created_at = models.DateTimeField("Ship Date", auto_now_add=True, db_index=True)

    objects = ShipmentQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Shipment #{self.increment_id}"


class ShipmentItem(DocumentItem):
    parent = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="items")
    order_item = models.ForeignKey(OrderItem, on_delete=models.PROTECT, related_name="shipment_items")
    weight = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)


class ShipmentTrack(models.Model):
    entity_id = models.BigAutoField(primary_key=True)
    parent = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="tracks")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="shipment_tracks")
    track_number = models.TextField()
    title = models.CharField(max_length=255)
    carrier_code = models.CharField(max_length=32)
    description = models.TextField(null=True, blank=True)
    weight = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    qty = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["entity_id"]

    def __str__(self) -> str:
        return f"{self.title} {self.track_number}"


class ShipmentComment(DocumentComment):
    parent = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="comments")
