"""Source items: /V1/inventory/source-items(-delete). Paths as in MSI's webapi.xml."""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.rest.routes import ListView, RouteView, parse

from ...models import SourceItem
from ...source_items import SourceItemData, delete_source_items, save_source_items
from ..filters import SourceItemFilter
from ..serializers import SourceItemSerializer, SourceItemsInputSerializer
from .acl import SOURCE_ITEM_ASSIGN, SOURCE_ITEMS


class SourceItemListView(ListView):
    """GET /V1/inventory/source-items?searchCriteria...; POST {"sourceItems": [...]} (upsert) -> []."""

    acl_by_method = {"GET": SOURCE_ITEMS, "POST": SOURCE_ITEM_ASSIGN}
    queryset = SourceItem.objects.all()
    serializer_class = SourceItemSerializer
    filterset_class = SourceItemFilter

    def post(self, request: Request, store_code: str) -> Response:
        save_source_items(_source_items(request.data))
        return Response([])


class SourceItemDeleteView(RouteView):
    """POST /V1/inventory/source-items-delete {"sourceItems": [{sku, source_code}]} -> []."""

    acl_by_method = {"POST": SOURCE_ITEM_ASSIGN}

    def post(self, request: Request, store_code: str) -> Response:
        delete_source_items(_source_items(request.data))
        return Response([])


def _source_items(data: object) -> list[SourceItemData]:
    items = parse(SourceItemsInputSerializer, data)["source_items"]
    return [
        SourceItemData(item.get("sku"), item.get("source_code"), item.get("quantity"), item.get("status"))
        for item in items
    ]
