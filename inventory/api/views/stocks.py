"""Stocks: /V1/inventory/stocks and the stock resolver. Paths as in MSI's webapi.xml."""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.rest.routes import ListView, RetrieveView, RouteView, parse

from ...models import Stock
from ...stocks import SalesChannelData, delete_stock, get_stock, resolve_stock_id, save_stock
from ..filters import StockFilter
from ..serializers import StockSaveInputSerializer, StockSerializer
from .acl import SALES_STOCK, STOCK, STOCK_DELETE, STOCK_EDIT


class StockListView(ListView):
    """GET /V1/inventory/stocks[?searchCriteria...] (optional: every stock, one page); POST /V1/inventory/stocks {"stock": {...}} -> the stock id."""

    acl_by_method = {"GET": STOCK, "POST": STOCK_EDIT}
    search_criteria_optional = True  # StockRepositoryInterface::getList(SearchCriteriaInterface $searchCriteria = null)
    queryset = Stock.objects.prefetch_related("sales_channels")
    serializer_class = StockSerializer
    filterset_class = StockFilter

    def post(self, request: Request, store_code: str) -> Response:
        stock = parse(StockSaveInputSerializer, request.data)["stock"]
        return Response(_save_stock(stock.get("stock_id"), stock))


class StockDetailView(RetrieveView):
    """GET, PUT (the path's id is forced into the body; -> the stock id) and DELETE (-> []) /V1/inventory/stocks/{id}."""

    acl_by_method = {"GET": STOCK, "PUT": STOCK_EDIT, "DELETE": STOCK_DELETE}
    serializer_class = StockSerializer

    def get_object(self) -> Stock:
        return get_stock(self.kwargs["stock_id"])

    def put(self, request: Request, store_code: str, stock_id: int) -> Response:
        return Response(_save_stock(stock_id, parse(StockSaveInputSerializer, request.data)["stock"]))

    def delete(self, request: Request, store_code: str, stock_id: int) -> Response:
        delete_stock(stock_id)
        return Response([])


def _save_stock(stock_id: int | None, data: dict) -> int:
    channels = (data.get("extension_attributes") or {}).get("sales_channels") or []
    stock = save_stock(stock_id, data.get("name"), [SalesChannelData(c["type"], c["code"]) for c in channels])
    return stock.pk


class StockResolverView(RouteView):
    """GET /V1/inventory/stock-resolver/{type}/{code}: the stock serving a sales channel."""

    acl_by_method = {"GET": SALES_STOCK}

    def get(self, request: Request, store_code: str, channel_type: str, code: str) -> Response:
        return Response(StockSerializer(get_stock(resolve_stock_id(channel_type, code))).data)
