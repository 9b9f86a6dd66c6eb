"""Wire formats named after MSI's data interfaces (InventoryApi, InventorySalesApi, InventorySourceSelectionApi,
InventoryCatalogApi, InventoryLowQuantityNotificationApi). Input binds camelCase or snake_case keys."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from rest_framework import serializers

from backoffice.money import QTY_PRECISION
from backoffice.rest.serializers import MagentoInputSerializer, MagentoModelSerializer
from backoffice.rest.types import is_numeric, type_error

from ..models import Source, SourceItem, Stock, StockSourceLink


class QuantityField(serializers.Field):
    """A ``float`` property (TypeProcessor: any JSON number or numeric string, ``1``, ``1.0``, ``"1"``), stored as
    decimal(12,4), rounded like Magento's column does.

    Anything else, or a value the column cannot hold, is refused with TypeProcessor's message, filled in and
    wrapped as Magento answers it (backoffice.rest.types).
    """

    def to_internal_value(self, data: object) -> Decimal:
        value = None
        if is_numeric(data):
            try:
                value = Decimal(str(data).strip()).quantize(QTY_PRECISION, rounding=ROUND_HALF_UP)
            except (InvalidOperation, ValueError):
                value = None
        if value is None or not value.is_finite() or abs(value) >= Decimal("1e8"):
            raise type_error(self, data, "float")
        return value

    def to_representation(self, value: Decimal) -> Decimal:
        return value


def text(max_length: int | None = 255) -> serializers.CharField:
    """An optional string, kept as sent (no trimming): Magento's validators judge blanks and spaces."""
    return serializers.CharField(
        required=False, allow_null=True, allow_blank=True, trim_whitespace=False, max_length=max_length
    )


def optional(field: type[serializers.Field], **kwargs: object) -> serializers.Field:
    return field(required=False, allow_null=True, **kwargs)


# --- output -------------------------------------------------------------------------------------------------


class SourceSerializer(MagentoModelSerializer):
    """SourceInterface; fields never set (blank) are left out, as Magento leaves out its nulls."""

    carrier_links = serializers.SerializerMethodField()
    extension_attributes = serializers.SerializerMethodField()

    class Meta:
        model = Source
        fields = [
            "source_code", "name", "email", "contact_name", "enabled", "description", "latitude", "longitude",
            "country_id", "region_id", "region", "city", "street", "postcode", "phone", "fax",
            "use_default_carrier_config", "carrier_links", "extension_attributes",
        ]

    def to_representation(self, instance: Source) -> dict:
        return {key: value for key, value in super().to_representation(instance).items() if value != ""}

    def get_carrier_links(self, source: Source) -> list:
        return []

    def get_extension_attributes(self, source: Source) -> dict | None:
        """InventoryInStorePickup's attributes, for sources that use them."""
        if not (source.is_pickup_location_active or source.frontend_name or source.frontend_description):
            return None
        pickup = {
            "is_pickup_location_active": source.is_pickup_location_active,
            "frontend_name": source.frontend_name,
            "frontend_description": source.frontend_description,
        }
        return {key: value for key, value in pickup.items() if value != ""}


class ProductSalabilityErrorSerializer(serializers.Serializer):
    """ProductSalabilityErrorInterface (the schema of the answers)."""

    code = serializers.CharField()
    message = serializers.CharField()


class SalableForRequestedQtyResultSerializer(serializers.Serializer):
    """IsProductSalableForRequestedQtyResultInterface: getSku, getStockId, isSalable ("salable"), getErrors."""

    sku = serializers.CharField()
    stock_id = serializers.IntegerField()
    salable = serializers.BooleanField()
    errors = ProductSalabilityErrorSerializer(many=True)


class StockSerializer(serializers.ModelSerializer):
    """StockInterface with InventorySales' extension attribute sales_channels (prefetch "sales_channels")."""

    extension_attributes = serializers.SerializerMethodField()

    class Meta:
        model = Stock
        fields = ["stock_id", "name", "extension_attributes"]

    def get_extension_attributes(self, stock: Stock) -> dict:
        channels = [{"type": channel.type, "code": channel.code} for channel in stock.sales_channels.all()]
        return {"sales_channels": channels}


class StockSourceLinkSerializer(serializers.ModelSerializer):
    """StockSourceLinkInterface."""

    stock_id = serializers.IntegerField()
    source_code = serializers.CharField(source="source_id")

    class Meta:
        model = StockSourceLink
        fields = ["stock_id", "source_code", "priority"]


class SourceItemSerializer(serializers.ModelSerializer):
    """SourceItemInterface."""

    sku = serializers.CharField(source="product_id")
    source_code = serializers.CharField(source="source_id")

    class Meta:
        model = SourceItem
        fields = ["sku", "source_code", "quantity", "status"]


# --- input --------------------------------------------------------------------------------------------------


class CarrierLinkInputSerializer(MagentoInputSerializer):
    """SourceCarrierLinkInterface ("reserved for future use": accepted, not stored)."""

    interface = "Magento\\InventoryApi\\Api\\Data\\SourceCarrierLinkInterface"
    carrier_code = text()
    position = optional(serializers.IntegerField)


class SourceExtensionInputSerializer(MagentoInputSerializer):
    interface = "Magento\\InventoryApi\\Api\\Data\\SourceExtensionInterface"
    is_pickup_location_active = optional(serializers.BooleanField)
    frontend_name = text()
    frontend_description = text(None)


class SourceInputSerializer(MagentoInputSerializer):
    """SourceInterface as a client sends it; emptiness is judged by the domain's validators."""

    interface = "Magento\\InventoryApi\\Api\\Data\\SourceInterface"
    model = Source
    source_code = text()
    name = text()
    email = text()
    contact_name = text()
    enabled = optional(serializers.BooleanField)
    description = text(None)
    latitude = optional(serializers.DecimalField, max_digits=None, decimal_places=None, min_value=-90, max_value=90)
    longitude = optional(serializers.DecimalField, max_digits=None, decimal_places=None, min_value=-180,
                         max_value=180)
    country_id = text(2)
    region_id = optional(serializers.IntegerField, min_value=0)
    region = text()
    city = text()
    street = text()
    postcode = text()
    phone = text()
    fax = text()
    use_default_carrier_config = optional(serializers.BooleanField)
    carrier_links = CarrierLinkInputSerializer(many=True, required=False)
    extension_attributes = SourceExtensionInputSerializer(required=False)


class SourceSaveInputSerializer(MagentoInputSerializer):
    interface = "Magento\\InventoryApi\\Api\\SourceRepositoryInterface"
    source = SourceInputSerializer()


class SalesChannelInputSerializer(MagentoInputSerializer):
    interface = "Magento\\InventorySalesApi\\Api\\Data\\SalesChannelInterface"
    type = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False, max_length=64)
    code = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False, max_length=64)


class StockExtensionInputSerializer(MagentoInputSerializer):
    interface = "Magento\\InventoryApi\\Api\\Data\\StockExtensionInterface"
    sales_channels = SalesChannelInputSerializer(many=True, required=False, allow_null=True)


class StockInputSerializer(MagentoInputSerializer):
    interface = "Magento\\InventoryApi\\Api\\Data\\StockInterface"
    model = Stock
    stock_id = optional(serializers.IntegerField)
    name = text()
    extension_attributes = StockExtensionInputSerializer(required=False)


class StockSaveInputSerializer(MagentoInputSerializer):
    interface = "Magento\\InventoryApi\\Api\\StockRepositoryInterface"
    stock = StockInputSerializer()


class StockSourceLinkInputSerializer(MagentoInputSerializer):
    interface = "Magento\\InventoryApi\\Api\\Data\\StockSourceLinkInterface"
    model = StockSourceLink
    stock_id = optional(serializers.IntegerField)
    source_code = text()
    # A negative priority reaches MSI's validator ('"priority" should be greater then 0.'); above, the column.
    priority = optional(serializers.IntegerField, min_value=-(2**31))


class StockSourceLinksInputSerializer(MagentoInputSerializer):
    interface = "Magento\\InventoryApi\\Api\\StockSourceLinksSaveInterface"
    links = StockSourceLinkInputSerializer(many=True)


class SourceItemInputSerializer(MagentoInputSerializer):
    interface = "Magento\\InventoryApi\\Api\\Data\\SourceItemInterface"
    sku = text(64)
    source_code = text()
    quantity = QuantityField(required=False, allow_null=True)
    status = optional(serializers.IntegerField)


class SourceItemsInputSerializer(MagentoInputSerializer):
    interface = "Magento\\InventoryApi\\Api\\SourceItemsSaveInterface"
    source_items = SourceItemInputSerializer(many=True)


class BulkSourceAssignInputSerializer(MagentoInputSerializer):
    """BulkSourceAssignInterface / BulkSourceUnassignInterface::execute(skus, sourceCodes)."""

    interface = "Magento\\InventoryCatalogApi\\Api\\BulkSourceAssignInterface"
    skus = serializers.ListField(child=serializers.CharField(trim_whitespace=False))
    source_codes = serializers.ListField(child=serializers.CharField(trim_whitespace=False))


class BulkTransferInputSerializer(MagentoInputSerializer):
    interface = "Magento\\InventoryCatalogApi\\Api\\BulkInventoryTransferInterface"
    skus = serializers.ListField(child=serializers.CharField(trim_whitespace=False))
    origin_source = serializers.CharField(trim_whitespace=False)
    destination_source = serializers.CharField(trim_whitespace=False)
    unassign_from_origin = serializers.BooleanField()


class PartialTransferItemInputSerializer(MagentoInputSerializer):
    interface = "Magento\\InventoryCatalogApi\\Api\\Data\\PartialInventoryTransferItemInterface"
    sku = serializers.CharField(trim_whitespace=False)
    qty = QuantityField()


class PartialTransferInputSerializer(MagentoInputSerializer):
    interface = "Magento\\InventoryCatalogApi\\Api\\BulkPartialInventoryTransferInterface"
    origin_source_code = serializers.CharField(trim_whitespace=False)
    destination_source_code = serializers.CharField(trim_whitespace=False)
    items = PartialTransferItemInputSerializer(many=True)


class SourceItemConfigurationInputSerializer(MagentoInputSerializer):
    interface = "Magento\\InventoryLowQuantityNotificationApi\\Api\\Data\\SourceItemConfigurationInterface"
    source_code = serializers.CharField(trim_whitespace=False)
    notify_stock_qty = QuantityField(required=False, allow_null=True, default=None)
    sku = serializers.CharField(trim_whitespace=False)


class SourceItemConfigurationsInputSerializer(MagentoInputSerializer):
    interface = "Magento\\InventoryLowQuantityNotificationApi\\Api\\SourceItemConfigurationsSaveInterface"
    source_item_configurations = SourceItemConfigurationInputSerializer(many=True)


class SourceItemKeyInputSerializer(MagentoInputSerializer):
    interface = "Magento\\InventoryApi\\Api\\Data\\SourceItemInterface"
    sku = serializers.CharField(trim_whitespace=False)
    source_code = serializers.CharField(trim_whitespace=False)


class SourceItemKeysInputSerializer(MagentoInputSerializer):
    interface = "Magento\\InventoryLowQuantityNotificationApi\\Api\\DeleteSourceItemsConfigurationInterface"
    source_items = SourceItemKeyInputSerializer(many=True)


class ItemRequestInputSerializer(MagentoInputSerializer):
    interface = "Magento\\InventorySourceSelectionApi\\Api\\Data\\ItemRequestInterface"
    sku = serializers.CharField(trim_whitespace=False)
    qty = QuantityField()
    extension_attributes = serializers.DictField(required=False)


class AddressInputSerializer(MagentoInputSerializer):
    """AddressInterface (Model\\Address::__construct: five required strings)."""

    interface = "Magento\\InventorySourceSelectionApi\\Api\\Data\\AddressInterface"
    country = serializers.CharField(allow_blank=True, trim_whitespace=False)
    postcode = serializers.CharField(allow_blank=True, trim_whitespace=False)
    street = serializers.CharField(allow_blank=True, trim_whitespace=False)
    region = serializers.CharField(allow_blank=True, trim_whitespace=False)
    city = serializers.CharField(allow_blank=True, trim_whitespace=False)


class InventoryRequestExtensionInputSerializer(MagentoInputSerializer):
    """InventorySourceSelection/etc/extension_attributes.xml: destination_address."""

    interface = "Magento\\InventorySourceSelectionApi\\Api\\Data\\InventoryRequestExtensionInterface"
    destination_address = AddressInputSerializer(required=False)


class InventoryRequestInputSerializer(MagentoInputSerializer):
    interface = "Magento\\InventorySourceSelectionApi\\Api\\Data\\InventoryRequestInterface"
    model = Stock
    stock_id = serializers.IntegerField()
    items = ItemRequestInputSerializer(many=True)
    extension_attributes = InventoryRequestExtensionInputSerializer(required=False)


class SourceSelectionInputSerializer(MagentoInputSerializer):
    interface = "Magento\\InventorySourceSelectionApi\\Api\\SourceSelectionServiceInterface"
    inventory_request = InventoryRequestInputSerializer()
    algorithm_code = serializers.CharField()
