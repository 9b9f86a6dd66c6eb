"""Multi-Source Inventory: sources, stocks, their links, source items and reservations (magento/inventory)."""

from __future__ import annotations

import json
from decimal import Decimal

from django.core.validators import RegexValidator
from django.db import models
from django.db.models.expressions import RawSQL

from catalog.models import Product

DEFAULT_SOURCE_CODE = "default"
DEFAULT_STOCK_ID = 1


class Source(models.Model):
    """A physical or virtual place that holds quantities (InventoryApi SourceInterface)."""

    source_code = models.CharField(
        "Code",
        max_length=255,
        primary_key=True,
        validators=[RegexValidator(r"^[A-Za-z0-9_-]+$", "Source code may contain letters, digits, - and _ only.")],
    )
    name = models.CharField(max_length=255)
    enabled = models.BooleanField("Is Enabled", default=True)
    description = models.TextField(blank=True, default="")
    latitude = models.DecimalField(max_digits=8, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    country_id = models.CharField("Country", max_length=2)
    region_id = models.PositiveIntegerField(null=True, blank=True)
    region = models.CharField("State/Province", max_length=255, blank=True, default="")
    city = models.CharField(max_length=255, blank=True, default="")
    street = models.CharField(max_length=255, blank=True, default="")
    postcode = models.CharField(max_length=255)
    contact_name = models.CharField(max_length=255, blank=True, default="")
    email = models.CharField(max_length=255, blank=True, default="")
    phone = models.CharField(max_length=255, blank=True, default="")
    fax = models.CharField(max_length=255, blank=True, default="")
    use_default_carrier_config = models.BooleanField(default=True)
    # InventoryInStorePickup's extension attributes of a source.
    is_pickup_location_active = models.BooleanField("Use as Pickup Location", default=False)
    frontend_name = models.CharField(max_length=255, blank=True, default="")
    frontend_description = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["source_code"]

    def __str__(self) -> str:
        return self.name


class PickupLocationOrder(models.Model):
    """The pickup location where an order is collected (InventoryInStorePickupSales' inventory_pickup_location_order,
    the order's extension attribute pickup_location_code). The order is kept as its id, a plain value: inventory
    never imports sales."""

    order_id = models.PositiveBigIntegerField(primary_key=True)
    pickup_location_code = models.CharField(max_length=255)

    def __str__(self) -> str:
        return f"order {self.order_id} at {self.pickup_location_code}"


class Stock(models.Model):
    """A set of sources that serves sales channels (InventoryApi StockInterface)."""

    stock_id = models.AutoField("ID", primary_key=True)
    name = models.CharField(max_length=255)
    sources = models.ManyToManyField(Source, through="StockSourceLink", related_name="stocks")

    class Meta:
        ordering = ["stock_id"]

    def __str__(self) -> str:
        return self.name


class SalesChannel(models.Model):
    """A website assigned to a stock; a channel belongs to exactly one stock."""

    class Type(models.TextChoices):
        WEBSITE = "website", "Website"

    stock = models.ForeignKey(Stock, on_delete=models.CASCADE, related_name="sales_channels")
    type = models.CharField(max_length=64, choices=Type.choices, default=Type.WEBSITE)
    code = models.CharField(max_length=64)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["type", "code"], name="sales_channel_unique")]

    def __str__(self) -> str:
        return f"{self.type} {self.code}"


class StockSourceLink(models.Model):
    stock = models.ForeignKey(Stock, on_delete=models.CASCADE, related_name="source_links")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="stock_links")
    priority = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["stock_id", "priority", "pk"]
        constraints = [models.UniqueConstraint(fields=["stock", "source"], name="stock_source_link_unique")]

    def __str__(self) -> str:
        return f"{self.stock} ← {self.source} (priority {self.priority})"


DEFAULT_NOTIFY_STOCK_QTY = Decimal("1")  # Magento's cataloginventory/item_options/notify_stock_qty
# Below its Notify Quantity (null: the default): the Low stock report's rows. The default is written in the SQL, not
# bound: SQLite then sees that the report's condition is its partial index's (source_item_low_stock) and counts the
# index alone, where with a parameter it read each row again to test it (1.8 ms against 29 at 1.5M source items).
LOW_STOCK = models.Q(notify_stock_qty__isnull=True, quantity__lt=RawSQL(str(DEFAULT_NOTIFY_STOCK_QTY), ())) | models.Q(
    quantity__lt=models.F("notify_stock_qty")
)


class SourceItem(models.Model):
    """The quantity of one SKU at one source (InventoryApi SourceItemInterface)."""

    class Status(models.IntegerChoices):
        OUT_OF_STOCK = 0, "Out of Stock"
        IN_STOCK = 1, "In Stock"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="source_items")
    # Magento keys source items by SKU; the column is named sku, like inventory_source_item.sku.
    product = models.ForeignKey(Product, to_field="sku", db_column="sku", on_delete=models.CASCADE, related_name="source_items")
    quantity = models.DecimalField(max_digits=12, decimal_places=4, default=0)
    status = models.PositiveSmallIntegerField(choices=Status.choices, default=Status.IN_STOCK)
    # "Notify Quantity" (InventoryLowQuantityNotification); null means the configured default.
    notify_stock_qty = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["source", "product"], name="source_item_unique")]
        # The Low stock report's order (lowest quantity first): its first rows, and the dashboard's, read by an
        # index walk instead of a scan of every source item.
        # The report's count reads only the low rows' entries of a partial index on its filter (a few percent of the
        # source items), not every source item (280 ms at 1.5 million on PostgreSQL).
        indexes = [
            models.Index(fields=["quantity", "id"], name="source_item_quantity"),
            models.Index(fields=["quantity", "id"], condition=LOW_STOCK, name="source_item_low_stock"),
            models.Index(fields=["status", "id"], name="source_item_status"),  # the grid's Status filter
        ]

    def __str__(self) -> str:
        return f"{self.sku} @ {self.source_id}: {self.quantity}"

    @property
    def sku(self) -> str:
        return self.product_id


class Reservation(models.Model):
    """An insert-only quantity change against a stock (inventory_reservation); rows are never updated."""

    class EventType(models.TextChoices):
        ORDER_PLACED = "order_placed"
        ORDER_CANCELED = "order_canceled"
        ORDER_PLACE_FAILED = "order_place_failed"
        SHIPMENT_CREATED = "shipment_created"
        CREDITMEMO_CREATED = "creditmemo_created"
        INVOICE_CREATED = "invoice_created"
        MANUAL_COMPENSATION = "manual_compensation"  # inventory:reservation:create-compensations

    reservation_id = models.BigAutoField(primary_key=True)
    stock_id = models.PositiveIntegerField()
    sku = models.CharField(max_length=64)
    quantity = models.DecimalField(max_digits=12, decimal_places=4)
    # Magento's metadata JSON, kept as columns so that compensations can be summed per order.
    event_type = models.CharField(max_length=32, choices=EventType.choices)
    object_type = models.CharField(max_length=32, default="order")
    object_id = models.CharField(max_length=32, blank=True, default="")
    object_increment_id = models.CharField(max_length=32, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reservation_id"]
        indexes = [models.Index(fields=["stock_id", "sku", "quantity"], name="reservation_stock_sku_qty")]

    def __str__(self) -> str:
        return f"{self.sku} {self.quantity:+} on stock {self.stock_id} ({self.event_type})"

    @property
    def metadata(self) -> str:
        return json.dumps(
            {
                "event_type": self.event_type,
                "object_type": self.object_type,
                "object_id": self.object_id,
                "object_increment_id": self.object_increment_id,
            }
        )


class LowStockItem(SourceItem):
    """Reports > Low Stock: source items whose quantity fell below their Notify Quantity (a read-only view)."""

    class Meta:
        proxy = True
        verbose_name = "low stock item"
        verbose_name_plural = "low stock report"
