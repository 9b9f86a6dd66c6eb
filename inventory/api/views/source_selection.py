"""Source selection: the algorithm list and the algorithm result. Paths as in MSI's webapi.xml."""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.rest.routes import RouteView, parse

from ...distance import Address
from ...source_selection import ItemRequest, get_source_selection_algorithms, select_sources
from ..serializers import SourceSelectionInputSerializer
from .acl import SSA_LIST, SSA_RUN


class SourceSelectionAlgorithmListView(RouteView):
    """GET /V1/inventory/source-selection-algorithm-list -> [{code, title, description}]."""

    acl_by_method = {"GET": SSA_LIST}

    def get(self, request: Request, store_code: str) -> Response:
        return Response(
            [{"code": a.code, "title": a.title, "description": a.description} for a in get_source_selection_algorithms()]
        )


class SourceSelectionResultView(RouteView):
    """POST /V1/inventory/source-selection-algorithm-result {"inventoryRequest", "algorithmCode"}."""

    acl_by_method = {"POST": SSA_RUN}

    def post(self, request: Request, store_code: str) -> Response:
        data = parse(SourceSelectionInputSerializer, request.data)
        inventory_request = data["inventory_request"]
        items = [ItemRequest(item["sku"], item["qty"]) for item in inventory_request["items"]]
        destination = inventory_request.get("extension_attributes", {}).get("destination_address")
        result = select_sources(
            data["algorithm_code"], inventory_request["stock_id"], items, Address(**destination) if destination else None
        )
        selection = [
            {"source_code": s.source_code, "sku": s.sku, "qty_to_deduct": s.qty_to_deduct, "qty_available": s.qty_available}
            for s in result.source_selection_items
        ]
        return Response({"source_selection_items": selection, "shippable": result.shippable})
