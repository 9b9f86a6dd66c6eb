"""Stock-source links: /V1/inventory/stock-source-links(-delete). Paths as in MSI's webapi.xml."""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.rest.routes import ListView, RouteView, parse

from ...models import StockSourceLink
from ...stock_source_links import StockSourceLinkData, delete_stock_source_links, save_stock_source_links
from ..filters import StockSourceLinkFilter
from ..serializers import StockSourceLinkSerializer, StockSourceLinksInputSerializer
from .acl import STOCK_SOURCE_LINK


class StockSourceLinkListView(ListView):
    """GET /V1/inventory/stock-source-links?searchCriteria...; POST {"links": [...]} -> []."""

    acl_by_method = {"GET": STOCK_SOURCE_LINK, "POST": STOCK_SOURCE_LINK}
    queryset = StockSourceLink.objects.all()
    serializer_class = StockSourceLinkSerializer
    filterset_class = StockSourceLinkFilter

    def post(self, request: Request, store_code: str) -> Response:
        save_stock_source_links(_links(request.data))
        return Response([])


class StockSourceLinkDeleteView(RouteView):
    """POST /V1/inventory/stock-source-links-delete {"links": [{stock_id, source_code}]} -> []."""

    acl_by_method = {"POST": STOCK_SOURCE_LINK}

    def post(self, request: Request, store_code: str) -> Response:
        delete_stock_source_links(_links(request.data))
        return Response([])


def _links(data: object) -> list[StockSourceLinkData]:
    links = parse(StockSourceLinksInputSerializer, data)["links"]
    return [StockSourceLinkData(link.get("stock_id"), link.get("source_code"), link.get("priority")) for link in links]
