"""Low-quantity notifications: /V1/inventory/low-quantity-notification(s-delete). Paths as in MSI's webapi.xml."""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.rest.routes import RouteView, parse

from ...low_quantity import (
    SourceItemConfiguration,
    delete_source_item_configurations,
    get_source_item_configuration,
    save_source_item_configurations,
)
from ..serializers import SourceItemConfigurationsInputSerializer, SourceItemKeysInputSerializer
from .acl import LOW_QTY, LOW_QTY_DELETE, LOW_QTY_SAVE


class LowQuantityNotificationSaveView(RouteView):
    """POST /V1/inventory/low-quantity-notification {"sourceItemConfigurations": [...]} -> []."""

    acl_by_method = {"POST": LOW_QTY_SAVE}

    def post(self, request: Request, store_code: str) -> Response:
        configurations = parse(SourceItemConfigurationsInputSerializer, request.data)["source_item_configurations"]
        save_source_item_configurations(
            [SourceItemConfiguration(c["source_code"], c["notify_stock_qty"], c["sku"]) for c in configurations]
        )
        return Response([])


class LowQuantityNotificationView(RouteView):
    """GET /V1/inventory/low-quantity-notification/{sourceCode}/{sku} -> {source_code, notify_stock_qty, sku}."""

    acl_by_method = {"GET": LOW_QTY}

    def get(self, request: Request, store_code: str, source_code: str, sku: str) -> Response:
        configuration = get_source_item_configuration(source_code, sku)
        return Response(
            {"source_code": configuration.source_code, "notify_stock_qty": configuration.notify_stock_qty,
             "sku": configuration.sku}
        )


class LowQuantityNotificationDeleteView(RouteView):
    """POST /V1/inventory/low-quantity-notifications-delete {"sourceItems": [{sku, source_code}]} -> []."""

    acl_by_method = {"POST": LOW_QTY_DELETE}

    def post(self, request: Request, store_code: str) -> Response:
        items = parse(SourceItemKeysInputSerializer, request.data)["source_items"]
        delete_source_item_configurations([(item["sku"], item["source_code"]) for item in items])
        return Response([])
