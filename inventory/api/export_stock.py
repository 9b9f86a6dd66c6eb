"""InventoryExportStockApi's two routes (etc/webapi.xml, both under Magento_InventoryApi::stock).

- ``GET /V1/inventory/export-stock-salable-qty/{salesChannelType}/{salesChannelCode}?searchCriteria...``
  (ExportStockSalableQtyInterface): ExportStockSalableQtyBySalesChannel runs the searchCriteria through
  ProductRepositoryInterface::getList (so it filters and sorts on product attributes: /V1/products' allowlist)
  and answers the page's products assigned to the channel's stock as ``{sku, qty, is_salable}``, with the
  search criteria and ``total_count`` = the number of items answered (``setTotalCount(count($items))``), not the
  number of products found.
- ``GET /V1/inventory/dump-stock-index-data/{salesChannelType}/{salesChannelCode}`` (ExportStockIndexDataInterface):
  the stock index of every SKU, a bare ProductStockIndexDataInterface[] as Magento answers it, streamed.

An unknown channel is GetStockBySalesChannel's 404 "No linked stock found".
"""

from __future__ import annotations

from collections.abc import Iterator

from django.http import StreamingHttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice import heartbeat
from backoffice.rest.renderers import MagentoJSONEncoder, magento_json
from backoffice.rest.routes import ListView, RouteView
from backoffice.rest.search_criteria import search_criteria_of
from catalog.api.filters import ProductFilter
from catalog.models import Product

from ..export_stock import ProductStockIndexData, export_stock_salable_qty, stock_index_rows
from ..stocks import resolve_stock_id
from .views.acl import STOCK


class ProductStockIndexDataSerializer(serializers.Serializer):
    """ProductStockIndexDataInterface: getSku, getQty, getIsSalable."""

    sku = serializers.CharField()
    qty = serializers.FloatField()
    is_salable = serializers.BooleanField()


def render(row: ProductStockIndexData) -> dict:
    return {"sku": row.sku, "qty": row.qty, "is_salable": row.is_salable}


class ExportStockSalableQtyView(ListView):
    """GET /V1/inventory/export-stock-salable-qty/{salesChannelType}/{salesChannelCode}?searchCriteria... ->
    ExportStockSalableQtySearchResultInterface (InventoryExportStock Model/ExportStockSalableQtyBySalesChannel.php,
    Model/PreciseExportStockProcessor.php). searchCriteria is required (the interface declares no default)."""

    acl_by_method = {"GET": STOCK}
    queryset = Product.objects.only("sku")
    serializer_class = ProductStockIndexDataSerializer
    filterset_class = ProductFilter

    def list(self, request: Request, store_code: str, sales_channel_type: str, sales_channel_code: str) -> Response:
        criteria = search_criteria_of(request, self)  # bound before the service runs, as in Magento
        stock_id = resolve_stock_id(sales_channel_type, sales_channel_code)
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        items = [render(row) for row in export_stock_salable_qty([product.sku for product in page], stock_id)]
        return Response({"items": items, "search_criteria": criteria.echo(), "total_count": len(items)})


class ExportStockIndexDataView(RouteView):
    """GET /V1/inventory/dump-stock-index-data/{salesChannelType}/{salesChannelCode} -> [{sku, qty, is_salable}]
    (InventoryExportStock Model/ExportStockIndexDataBySalesChannel.php, ResourceModel/StockIndexDumpProcessor.php).

    Magento answers every SKU of the stock at once; this answer is the same JSON array, streamed in SKU order a
    chunk of SKUs at a time (inventory.export_stock.stock_index_rows), so memory and queries per row stay flat."""

    acl_by_method = {"GET": STOCK}

    @extend_schema(responses={200: ProductStockIndexDataSerializer(many=True)})
    def get(
        self, request: Request, store_code: str, sales_channel_type: str, sales_channel_code: str
    ) -> StreamingHttpResponse:
        stock_id = resolve_stock_id(sales_channel_type, sales_channel_code)
        return StreamingHttpResponse(_json_array(stock_index_rows(stock_id)), content_type="application/json")


ENCODER = MagentoJSONEncoder()
BEAT_EVERY = 1000  # rows between two signs of life to gunicorn


def _json_array(rows: Iterator[ProductStockIndexData]) -> Iterator[bytes]:
    """The array as MagentoJSONRenderer prints it (compact, ASCII, "/" escaped), one row at a time."""
    yield b"["
    separator = b""
    for number, row in enumerate(rows):
        if number % BEAT_EVERY == 0:
            heartbeat.beat()  # 600,000 SKUs outlast gunicorn's 30 s: its timeout is per part (backoffice/heartbeat.py)
        yield separator + magento_json(render(row), ENCODER).replace(b"/", b"\\/")
        separator = b","
    yield b"]"
