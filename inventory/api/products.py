"""/V1/products with MSI's side: the catalog's wire format plus extension_attributes.stock_item.

These views live in inventory because every one of them touches inventory (see catalog/api/urls.py).
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backoffice.rest.serializers import MagentoInputSerializer
from catalog.api.filters import ProductFilter
from catalog.api.serializers import ProductExtensionInputSerializer, ProductInputSerializer, ProductSerializer
from catalog.models import Product

from ..exceptions import ProductNotFound
from ..low_quantity import DEFAULT_NOTIFY_STOCK_QTY
from ..models import DEFAULT_SOURCE_CODE, DEFAULT_STOCK_ID, SourceItem
from ..products import StockItemData, delete_product_with_stock, save_legacy_stock_item, save_product_with_stock
from .serializers import QuantityField
from .views import MagentoView, parse

PRODUCTS = "Magento_Catalog::products"
CATALOG_INVENTORY = "Magento_CatalogInventory::cataloginventory"
# CatalogInventory's StockItemInterface keys a client may send back; only qty and is_in_stock are used.
STOCK_ITEM_KEYS = (
    "item_id", "product_id", "stock_id", "is_qty_decimal", "show_default_notification_message", "use_config_min_qty",
    "min_qty", "use_config_min_sale_qty", "min_sale_qty", "use_config_max_sale_qty", "max_sale_qty",
    "use_config_backorders", "backorders", "use_config_notify_stock_qty", "notify_stock_qty",
    "use_config_qty_increments", "qty_increments", "use_config_enable_qty_inc", "enable_qty_increments",
    "use_config_manage_stock", "manage_stock", "low_stock_date", "is_decimal_divided", "stock_status_changed_auto",
    "extension_attributes",
)


def with_default_source_item() -> QuerySet[Product]:
    """Products with their default-source item prefetched: two queries for a page of any size."""
    default_items = SourceItem.objects.filter(source_id=DEFAULT_SOURCE_CODE)
    return Product.objects.prefetch_related(Prefetch("source_items", default_items, to_attr="default_source_items"))


def stock_item(product: Product) -> dict:
    """CatalogInventory's StockItemInterface as MSI keeps it: the default source on Default Stock, with
    Magento's default configuration (backorders off, stock managed, 1 to 10000 per cart)."""
    items = getattr(product, "default_source_items", None)
    if items is None:
        items = list(SourceItem.objects.filter(product_id=product.sku, source_id=DEFAULT_SOURCE_CODE))
    item = items[0] if items else None
    notify = item.notify_stock_qty if item else None
    data = {
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
    return {key: value for key, value in data.items() if value is not None or key == "low_stock_date"}


class ProductWithStockSerializer(ProductSerializer):
    def get_extension_attributes(self, product: Product) -> dict:
        return {**super().get_extension_attributes(product), "stock_item": stock_item(product)}


class StockItemInputSerializer(MagentoInputSerializer):
    interface = "Magento\\CatalogInventory\\Api\\Data\\StockItemInterface"
    qty = QuantityField(required=False, allow_null=True)
    is_in_stock = serializers.BooleanField(required=False, allow_null=True)

    def get_fields(self) -> dict:
        return {**super().get_fields(), **{key: serializers.JSONField(required=False) for key in STOCK_ITEM_KEYS}}


class StockItemUpdateInputSerializer(MagentoInputSerializer):
    interface = "Magento\\CatalogInventory\\Api\\StockRegistryInterface"
    stock_item = StockItemInputSerializer()  # clients (my-magento) also send save_options: ignored, not a parameter


class ProductExtensionWithStockInputSerializer(ProductExtensionInputSerializer):
    stock_item = StockItemInputSerializer(required=False)


class ProductWithStockInputSerializer(ProductInputSerializer):
    extension_attributes = ProductExtensionWithStockInputSerializer(required=False)


class ProductSaveInputSerializer(MagentoInputSerializer):
    interface = "Magento\\Catalog\\Api\\ProductRepositoryInterface"
    product = ProductWithStockInputSerializer()
    save_options = serializers.BooleanField(required=False)


def _save(data: dict, sku: str) -> Response:
    sent = (data.get("extension_attributes") or {}).get("stock_item")
    stock = StockItemData(sent.get("qty"), sent.get("is_in_stock")) if sent is not None else None
    product = save_product_with_stock(sku, ProductInputSerializer.changes(data), stock)
    return Response(ProductWithStockSerializer(with_default_source_item().get(pk=product.pk)).data)


class ProductListView(MagentoView, generics.ListAPIView):
    """GET /V1/products?searchCriteria...; POST /V1/products {"product": {...}} -> the saved product."""

    acl_by_method = {"GET": (PRODUCTS, "catalog.view_product"), "POST": (PRODUCTS, "catalog.add_product")}
    queryset = with_default_source_item()
    serializer_class = ProductWithStockSerializer
    filterset_class = ProductFilter

    def post(self, request: Request, store_code: str) -> Response:
        data = parse(ProductSaveInputSerializer, request.data)["product"]
        return _save(data, data["sku"])


class ProductDetailView(MagentoView, APIView):
    """GET, PUT (the path's SKU is forced into the body; -> the product) and DELETE (-> true) /V1/products/{sku}."""

    acl_by_method = {
        "GET": (PRODUCTS, "catalog.view_product"),
        "PUT": (PRODUCTS, "catalog.change_product"),
        "DELETE": (PRODUCTS, "catalog.delete_product"),
    }

    def get(self, request: Request, store_code: str, sku: str) -> Response:
        product = with_default_source_item().filter(sku=sku).first()
        if product is None:
            raise ProductNotFound()
        return Response(ProductWithStockSerializer(product).data)

    def put(self, request: Request, store_code: str, sku: str) -> Response:
        return _save(parse(ProductSaveInputSerializer, request.data)["product"], sku)

    def delete(self, request: Request, store_code: str, sku: str) -> Response:
        delete_product_with_stock(sku)
        return Response(True)


class StockItemView(MagentoView, APIView):
    """GET /V1/stockItems/{productSku} -> the legacy stock item (StockRegistryInterface::getStockItemBySku)."""

    acl_by_method = {"GET": (CATALOG_INVENTORY, "inventory.view_sourceitem")}

    def get(self, request: Request, store_code: str, sku: str) -> Response:
        product = with_default_source_item().filter(sku=sku).first()
        if product is None:
            raise ProductNotFound()
        return Response(stock_item(product))


class ProductStockItemView(MagentoView, APIView):
    """PUT /V1/products/{productSku}/stockItems/{itemId} {"stockItem": {"qty": ..., "is_in_stock": ...}} -> the stock
    item id (StockRegistryInterface::updateStockItemBySku). The product is found by its SKU; the path's item id, as
    in Magento, only names the row. Under MSI it writes the product's default-source item."""

    acl_by_method = {"PUT": (CATALOG_INVENTORY, "inventory.change_sourceitem")}

    def put(self, request: Request, store_code: str, sku: str, item_id: int) -> Response:
        sent = parse(StockItemUpdateInputSerializer, request.data)["stock_item"]
        return Response(save_legacy_stock_item(sku, StockItemData(sent.get("qty"), sent.get("is_in_stock"))))
