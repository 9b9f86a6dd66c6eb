"""Sources: /V1/inventory/sources, get-sources-assigned-to-stock-ordered-by-priority. Paths as in MSI's webapi.xml."""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.rest.routes import ListView, RetrieveView, RouteView, parse

from ...models import Source
from ...sources import get_source, save_source
from ...stock_source_links import get_sources_assigned_to_stock
from ..filters import SourceFilter
from ..serializers import SourceSaveInputSerializer, SourceSerializer
from .acl import SOURCE, SOURCE_EDIT


class SourceListView(ListView):
    """GET /V1/inventory/sources[?searchCriteria...] (optional: every source, one page); POST /V1/inventory/sources {"source": {...}} -> []."""

    acl_by_method = {"GET": SOURCE, "POST": SOURCE_EDIT}
    search_criteria_optional = True  # SourceRepositoryInterface::getList(SearchCriteriaInterface $searchCriteria = null)
    queryset = Source.objects.all()
    serializer_class = SourceSerializer
    filterset_class = SourceFilter

    def post(self, request: Request, store_code: str) -> Response:
        save_source(_source_fields(parse(SourceSaveInputSerializer, request.data)["source"]))
        return Response([])


class SourceDetailView(RetrieveView):
    """GET /V1/inventory/sources/{sourceCode}; PUT (the path's code is forced into the body) -> []."""

    acl_by_method = {"GET": SOURCE, "PUT": SOURCE_EDIT}
    serializer_class = SourceSerializer

    def get_object(self) -> Source:
        return get_source(self.kwargs["source_code"])

    def put(self, request: Request, store_code: str, source_code: str) -> Response:
        fields = _source_fields(parse(SourceSaveInputSerializer, request.data)["source"])
        save_source({**fields, "source_code": source_code})
        return Response([])


class SourcesAssignedToStockView(RouteView):
    """GET /V1/inventory/get-sources-assigned-to-stock-ordered-by-priority/{stockId} -> [Source] ([] if unknown)."""

    acl_by_method = {"GET": SOURCE}

    def get(self, request: Request, store_code: str, stock_id: int) -> Response:
        return Response(SourceSerializer(get_sources_assigned_to_stock(stock_id), many=True).data)


def _source_fields(data: dict) -> dict:
    data = dict(data)
    data.pop("carrier_links", None)  # "reserved for future use"
    pickup = data.pop("extension_attributes", {})
    return {**data, **pickup}
