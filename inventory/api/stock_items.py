"""Magento_CatalogInventory's legacy routes (module-catalog-inventory etc/webapi.xml, StockRegistryInterface) under
MSI: the product's stock item is its default-source item on Default Stock, in the default scope (website 0).

- ``GET /V1/stockItems/{productSku}`` (getStockItemBySku) and ``PUT /V1/products/{productSku}/stockItems/{itemId}``
  (updateStockItemBySku): the body one answers, the other takes back (every StockItemInterface property bound
  with TypeProcessor's rules: backoffice.rest.types).
- ``GET /V1/stockItems/lowStock/`` (getLowStockItems) and ``GET /V1/stockStatuses/{productSku}``
  (getStockStatusBySku).

Every route's ACL resource is ``Magento_Catalog::catalog_inventory`` (Catalog > Inventory), as webapi.xml says.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.db.models import DecimalField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.exceptions import AGGREGATE_INPUT_MESSAGE, InputError, RequiredFieldError
from backoffice.rest.routes import RouteView, parse
from backoffice.rest.serializers import UNKNOWN_PROPERTY, MagentoInputSerializer
from backoffice.rest.types import PhpBooleanField, PhpIntegerField, PhpStringField, is_numeric, type_mismatch
from catalog.models import Product

from ..exceptions import ProductNotFound
from ..low_quantity import DEFAULT_NOTIFY_STOCK_QTY
from ..models import DEFAULT_SOURCE_CODE, DEFAULT_STOCK_ID, SourceItem
from ..products import StockItemData, save_legacy_stock_item
from .serializers import QuantityField

CATALOG_INVENTORY = "Magento_Catalog::catalog_inventory"  # module-catalog-inventory etc/webapi.xml, every route
DEFAULT_SCOPE_ID = 0  # StockConfigurationInterface::getDefaultScopeId: every legacy stock item's website_id
STOCK_ITEM_INTERFACE = "Magento\\CatalogInventory\\Api\\Data\\StockItemInterface"
CRITERIA_MAPPER = "Magento\\CatalogInventory\\Model\\ResourceModel\\Stock\\Item\\StockItemCriteriaMapper"
QTY_LIMIT = Decimal("1e8")  # decimal(12,4): no quantity reaches it
MAX_PAGE = 2**31 - 1  # a currentPage beyond it is past the last page anyway


def with_default_source_item() -> QuerySet[Product]:
    """Products with their default-source item and media gallery prefetched: three queries for a page of any size."""
    default_items = SourceItem.objects.filter(source_id=DEFAULT_SOURCE_CODE)
    return Product.objects.prefetch_related(
        Prefetch("source_items", default_items, to_attr="default_source_items"), "media_gallery_entries"
    )


def stock_item(product: Product) -> dict:
    """CatalogInventory's StockItemInterface as MSI keeps it: the default source on Default Stock, with
    Magento's default configuration (backorders off, stock managed, 1 to 10000 per cart)."""
    items = getattr(product, "default_source_items", None)
    if items is None:
        items = list(SourceItem.objects.filter(product_id=product.sku, source_id=DEFAULT_SOURCE_CODE))
    item = items[0] if items else None
    notify = item.notify_stock_qty if item else None
    return {
        "item_id": product.pk,  # one legacy stock item per product on Default Stock (save_legacy_stock_item)
        "product_id": product.pk,
        "stock_id": DEFAULT_STOCK_ID,
        "qty": item.quantity if item else 0,
        "is_in_stock": bool(item and item.status == SourceItem.Status.IN_STOCK),
        "is_qty_decimal": False,
        "show_default_notification_message": False,
        "use_config_min_qty": True,
        "min_qty": 0,
        "use_config_min_sale_qty": 1,
        "min_sale_qty": 1,
        "use_config_max_sale_qty": True,
        "max_sale_qty": 10000,
        "use_config_backorders": True,
        "backorders": 0,
        "use_config_notify_stock_qty": notify is None,
        "notify_stock_qty": DEFAULT_NOTIFY_STOCK_QTY if notify is None else notify,
        "use_config_qty_increments": True,
        "qty_increments": 0,
        "use_config_enable_qty_inc": True,
        "enable_qty_increments": False,
        "use_config_manage_stock": True,
        "manage_stock": True,
        "low_stock_date": None,
        "is_decimal_divided": False,
        "stock_status_changed_auto": 0,
    }


def _product(sku: str) -> Product:
    product = with_default_source_item().filter(sku=sku).first()
    if product is None:
        raise ProductNotFound()  # StockRegistry::resolveProductId's NoSuchEntityException
    return product


# --- input ----------------------------------------------------------------------------------------------------


class StockItemInputSerializer(MagentoInputSerializer):
    """StockItemInterface as ServiceInputProcessor binds it: each property by its getter's type (``float``,
    ``int``, ``bool``, ``string``; null always binds). Only qty and is_in_stock are used; the configuration
    properties are Magento's defaults here and what a client sends for them is checked, then ignored."""

    interface = STOCK_ITEM_INTERFACE
    item_id = PhpIntegerField()
    product_id = PhpIntegerField()
    stock_id = PhpIntegerField()
    qty = QuantityField(required=False, allow_null=True)
    is_in_stock = PhpBooleanField()  # @return bool|int: the first type, bool
    is_qty_decimal = PhpBooleanField()
    show_default_notification_message = PhpBooleanField()  # a getter without a setter: see validate_...
    use_config_min_qty = PhpBooleanField()
    min_qty = QuantityField(required=False, allow_null=True)
    use_config_min_sale_qty = PhpIntegerField()
    min_sale_qty = QuantityField(required=False, allow_null=True)
    use_config_max_sale_qty = PhpBooleanField()
    max_sale_qty = QuantityField(required=False, allow_null=True)
    use_config_backorders = PhpBooleanField()
    backorders = PhpIntegerField()
    use_config_notify_stock_qty = PhpBooleanField()
    notify_stock_qty = QuantityField(required=False, allow_null=True)
    use_config_qty_increments = PhpBooleanField()
    qty_increments = QuantityField(required=False, allow_null=True)  # @return float|false
    use_config_enable_qty_inc = PhpBooleanField()
    enable_qty_increments = PhpBooleanField()
    use_config_manage_stock = PhpBooleanField()
    manage_stock = PhpBooleanField()
    low_stock_date = PhpStringField()
    is_decimal_divided = PhpBooleanField()
    stock_status_changed_auto = PhpIntegerField()
    extension_attributes = serializers.DictField(required=False, allow_null=True)

    def to_internal_value(self, data: object) -> dict:
        """StockItemInterface has no setShowDefaultNotificationMessage: _createFromArray skips an empty value
        (what GET answers, false) and fails on any other (Magento: a LogicException; here its text, a 400)."""
        if isinstance(data, dict):
            for key in ("show_default_notification_message", "showDefaultNotificationMessage"):
                if key in data and data[key] not in (None, False, 0, "", "0", [], {}):
                    camel = "ShowDefaultNotificationMessage"
                    raise InputError(UNKNOWN_PROPERTY, parameters=[camel, f"set{camel}", self.interface])
        return super().to_internal_value(data)


class StockItemUpdateInputSerializer(MagentoInputSerializer):
    interface = "Magento\\CatalogInventory\\Api\\StockRegistryInterface"
    stock_item = StockItemInputSerializer()  # clients (my-magento) also send save_options: ignored, not a parameter


def stock_item_data(sent: dict) -> StockItemData:
    return StockItemData(sent.get("qty"), sent.get("is_in_stock"))


# --- views ----------------------------------------------------------------------------------------------------


class StockItemView(RouteView):
    """GET /V1/stockItems/{productSku} -> the legacy stock item (StockRegistryInterface::getStockItemBySku)."""

    acl_by_method = {"GET": (CATALOG_INVENTORY, "inventory.view_sourceitem")}

    def get(self, request: Request, store_code: str, sku: str) -> Response:
        return Response(stock_item(_product(sku)))


class ProductStockItemView(RouteView):
    """PUT /V1/products/{productSku}/stockItems/{itemId} {"stockItem": {...}} -> the stock item id
    (StockRegistryInterface::updateStockItemBySku). The product is found by its SKU; the path's item id, as in
    Magento, only names the row. Under MSI it writes the product's default-source item (qty, is_in_stock)."""

    acl_by_method = {"PUT": (CATALOG_INVENTORY, "inventory.change_sourceitem")}

    def put(self, request: Request, store_code: str, sku: str, item_id: int) -> Response:
        sent = parse(StockItemUpdateInputSerializer, request.data)["stock_item"]
        return Response(save_legacy_stock_item(sku, stock_item_data(sent)))


class StockStatusView(RouteView):
    """GET /V1/stockStatuses/{productSku} -> StockStatusInterface (StockRegistryInterface::getStockStatusBySku):
    product_id, stock_id, qty (its getter is ``@return int``: the quantity cast to an int), stock_status (1 in
    stock, 0 out), stock_item."""

    acl_by_method = {"GET": (CATALOG_INVENTORY, "inventory.view_sourceitem")}

    def get(self, request: Request, store_code: str, sku: str) -> Response:
        item = stock_item(_product(sku))
        return Response(
            {
                "product_id": item["product_id"],
                "stock_id": item["stock_id"],
                "qty": int(item["qty"]),
                "stock_status": int(item["is_in_stock"]),
                "stock_item": item,
            }
        )


class LowStockItemsView(RouteView):
    """GET /V1/stockItems/lowStock/?scopeId=&qty=[&currentPage=&pageSize=] (StockRegistryInterface::
    getLowStockItems($scopeId, $qty, $currentPage = 1, $pageSize = 0)) -> StockItemCollectionInterface: the stock
    items of the scope whose qty is at most ``qty``, in item id order, with the StockItemCriteria that found them
    and the count of every match.

    Magento's legacy stock items all live in the default scope (website 0), so another scopeId finds none. One
    page, as every list here: ``pageSize`` 0 or absent is MAGENTO_DEFAULT_PAGE_SIZE (Magento's Zend_Db limitPage
    would answer one row), above MAGENTO_MAX_PAGE_SIZE Magento's "Maximum SearchCriteria pageSize is %max"; the
    answer's ``limit`` echoes [currentPage, the page size used]."""

    acl_by_method = {"GET": (CATALOG_INVENTORY, "inventory.view_sourceitem")}

    def get(self, request: Request, store_code: str) -> Response:
        params = request.query_params
        scope_id = _parameter(params, "scopeId", "int")
        qty = _parameter(params, "qty", "float")
        missing = [name for name, value in (("scopeId", scope_id), ("qty", qty)) if value is None]
        if missing:  # ServiceInputProcessor::processInputError: one error per missing parameter
            errors = [RequiredFieldError(name) for name in missing]
            raise (errors[0] if len(errors) == 1 else InputError(AGGREGATE_INPUT_MESSAGE, errors=errors))
        current_page = _parameter(params, "currentPage", "int") or Decimal(1)
        page_size = _parameter(params, "pageSize", "int") or Decimal(0)
        size = int(page_size) if 0 < page_size <= settings.MAGENTO_MAX_PAGE_SIZE else settings.MAGENTO_DEFAULT_PAGE_SIZE
        if page_size > settings.MAGENTO_MAX_PAGE_SIZE:
            raise InputError(
                "Maximum SearchCriteria pageSize is %max", parameters={"max": settings.MAGENTO_MAX_PAGE_SIZE}
            )
        page = int(current_page) if 1 <= current_page <= MAX_PAGE else (1 if current_page < 1 else MAX_PAGE)
        items = _low_stock(scope_id, qty)
        total = items.count()
        rows = list(items[(page - 1) * size : page * size]) if (page - 1) * size < total else []
        return Response(
            {
                "items": [stock_item(product) for product in rows],
                "search_criteria": {  # StockItemCriteria through CriteriaInterface's getters
                    "mapper_interface_name": CRITERIA_MAPPER,
                    "criteria_list": [],
                    "filters": [],
                    "orders": [],
                    "limit": [str(page), str(size)],
                },
                "total_count": total,
            }
        )


def _low_stock(scope_id: Decimal, qty: Decimal) -> QuerySet[Product]:
    """StockItemCriteriaMapper: website_id = scopeId, qty <= qty, joined to existing products."""
    if scope_id != DEFAULT_SCOPE_ID or qty <= -QTY_LIMIT:
        return Product.objects.none()
    products = with_default_source_item().order_by("pk")
    if qty >= QTY_LIMIT:
        return products
    default_qty = SourceItem.objects.filter(product_id=OuterRef("sku"), source_id=DEFAULT_SOURCE_CODE)
    decimal = DecimalField(max_digits=12, decimal_places=4)
    legacy_qty = Coalesce(Subquery(default_qty.values("quantity")[:1]), Value(Decimal(0)), output_field=decimal)
    return products.annotate(legacy_qty=legacy_qty).filter(legacy_qty__lte=qty)


def _parameter(params: object, name: str, expected: str) -> Decimal | None:
    """A query parameter as ServiceInputProcessor::process binds a simple parameter: camelCase or snake_case,
    absent is None; TypeProcessor's message (unwrapped: no data object) for a value that is not numeric."""
    snake = "".join(f"_{char.lower()}" if char.isupper() else char for char in name)
    value: object = None
    for key, values in params.lists():  # type: ignore[attr-defined]
        if key in (name, snake):
            value = values[-1]
        elif key.startswith((f"{name}[", f"{snake}[")):
            value = {}  # PHP builds an array
    if value is None:
        return None
    if isinstance(value, dict):
        raise InputError(type_mismatch("array", expected))
    if not is_numeric(value):
        raise InputError(type_mismatch(value, expected))
    number = Decimal(str(value).strip())
    return number.to_integral_value(rounding=ROUND_DOWN) if expected == "int" else number
