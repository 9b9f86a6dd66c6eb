"""Inventory routes, paths as in MSI's etc/webapi.xml (without the /V1 prefix), plus /V1/products (see products.py) and
CatalogInventory's legacy /V1/stockItems, /V1/stockStatuses (stock_items.py)."""

from django.urls import path, re_path

from . import distance, export_stock, pickup_locations, products, stock_items
from .views import bulk, links, low_quantity, salable, source_items, source_selection, sources, stocks

urlpatterns = [
    path("inventory/sources", sources.SourceListView.as_view()),
    path("inventory/sources/<str:source_code>", sources.SourceDetailView.as_view()),
    path(
        "inventory/get-sources-assigned-to-stock-ordered-by-priority/<id:stock_id>",
        sources.SourcesAssignedToStockView.as_view(),
    ),
    path("inventory/stocks", stocks.StockListView.as_view()),
    path("inventory/stocks/<id:stock_id>", stocks.StockDetailView.as_view()),
    path("inventory/stock-resolver/<str:channel_type>/<str:code>", stocks.StockResolverView.as_view()),
    path("inventory/stock-source-links", links.StockSourceLinkListView.as_view()),
    path("inventory/stock-source-links-delete", links.StockSourceLinkDeleteView.as_view()),
    path("inventory/source-items", source_items.SourceItemListView.as_view()),
    path("inventory/source-items-delete", source_items.SourceItemDeleteView.as_view()),
    path("inventory/bulk-product-source-assign", bulk.BulkSourceAssignView.as_view()),
    path("inventory/bulk-product-source-unassign", bulk.BulkSourceUnassignView.as_view()),
    path("inventory/bulk-product-source-transfer", bulk.BulkTransferView.as_view()),
    path("inventory/bulk-partial-source-transfer", bulk.BulkPartialTransferView.as_view()),
    path("inventory/get-product-salable-quantity/<str:sku>/<id:stock_id>", salable.SalableQuantityView.as_view()),
    path("inventory/is-product-salable/<str:sku>/<id:stock_id>", salable.IsProductSalableView.as_view()),
    path(
        "inventory/is-product-salable-for-requested-qty/<str:sku>/<id:stock_id>/<str:requested_qty>",
        salable.IsProductSalableForRequestedQtyView.as_view(),
    ),
    re_path(r"^inventory/are-products-salable/?$", salable.AreProductsSalableView.as_view()),
    path("inventory/are-product-salable-for-requested-qty", salable.AreProductsSalableForRequestedQtyView.as_view()),
    path(
        "inventory/export-stock-salable-qty/<str:sales_channel_type>/<str:sales_channel_code>",
        export_stock.ExportStockSalableQtyView.as_view(),
    ),
    path(
        "inventory/dump-stock-index-data/<str:sales_channel_type>/<str:sales_channel_code>",
        export_stock.ExportStockIndexDataView.as_view(),
    ),
    path("inventory/in-store-pickup/pickup-locations", pickup_locations.PickupLocationsView.as_view()),
    path("inventory/source-selection-algorithm-list", source_selection.SourceSelectionAlgorithmListView.as_view()),
    path("inventory/source-selection-algorithm-result", source_selection.SourceSelectionResultView.as_view()),
    path("inventory/get-distance-provider-code", distance.DistanceProviderCodeView.as_view()),
    path("inventory/get-distance", distance.DistanceView.as_view()),
    path("inventory/get-latlng-from-address", distance.LatLngFromAddressView.as_view()),
    path("inventory/get-latslngs-from-address", distance.LatsLngsFromAddressView.as_view()),
    path("inventory/low-quantity-notification", low_quantity.LowQuantityNotificationSaveView.as_view()),
    path(
        "inventory/low-quantity-notification/<str:source_code>/<str:sku>", low_quantity.LowQuantityNotificationView.as_view()
    ),
    path("inventory/low-quantity-notifications-delete", low_quantity.LowQuantityNotificationDeleteView.as_view()),
    path("products", products.ProductListView.as_view()),
    # Magento_Catalog's one-segment literal routes, before the SKU route (a SKU for the methods they lack)
    path("products/attributes", products.AttributeListOrSkuView.as_view()),
    path("products/types", products.ProductTypesOrSkuView.as_view()),
    path("products/attribute-sets", products.AttributeSetCreateOrSkuView.as_view()),
    path("products/<str:sku>", products.ProductDetailView.as_view()),
    path("products/<str:sku>/stockItems/<id:item_id>", stock_items.ProductStockItemView.as_view()),
    # Magento's router puts a literal segment before a parameter (Rest\Config::getRestRoutes: an exact path
    # first, else the routes sorted as strings, the last match winning, and ":" sorts before letters).
    path("stockItems/lowStock", stock_items.LowStockItemsView.as_view()),
    path("stockItems/<str:sku>", stock_items.StockItemView.as_view()),
    path("stockStatuses/<str:sku>", stock_items.StockStatusView.as_view()),
]
