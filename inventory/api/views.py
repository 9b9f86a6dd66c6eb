"""Inventory REST views (adapters: parse, call one domain function, render). Paths as in MSI's webapi.xml."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.exceptions import InputError, RequiredFieldError
from backoffice.phrases import phrase
from backoffice.rest.routes import Acl, ListView, RetrieveView, RouteView, parse

from ..bulk import TransferItem, bulk_assign_sources, bulk_partial_transfer, bulk_transfer, bulk_unassign_sources
from ..distance import Address
from ..low_quantity import (
    SourceItemConfiguration,
    delete_source_item_configurations,
    get_source_item_configuration,
    save_source_item_configurations,
)
from ..models import Source, SourceItem, Stock, StockSourceLink
from ..salable import (
    are_products_salable,
    get_salable_quantity,
    is_product_salable,
    is_product_salable_for_requested_qty,
)
from ..source_items import SourceItemData, delete_source_items, save_source_items
from ..source_selection import ItemRequest, get_source_selection_algorithms, select_sources
from ..sources import get_source, save_source
from ..stock_source_links import (
    StockSourceLinkData,
    delete_stock_source_links,
    get_sources_assigned_to_stock,
    save_stock_source_links,
)
from ..stocks import SalesChannelData, delete_stock, get_stock, resolve_stock_id, save_stock
from .filters import SourceFilter, SourceItemFilter, StockFilter, StockSourceLinkFilter
from .serializers import (
    BulkSourceAssignInputSerializer,
    BulkTransferInputSerializer,
    PartialTransferInputSerializer,
    SourceItemConfigurationsInputSerializer,
    SourceItemKeysInputSerializer,
    SourceItemSerializer,
    SourceItemsInputSerializer,
    SourceSaveInputSerializer,
    SourceSelectionInputSerializer,
    SourceSerializer,
    StockSaveInputSerializer,
    StockSerializer,
    StockSourceLinkSerializer,
    StockSourceLinksInputSerializer,
)

# Magento ACL resource -> the Django permission that grants it.
SOURCE: Acl = ("Magento_InventoryApi::source", "inventory.view_source")
SOURCE_EDIT: Acl = ("Magento_InventoryApi::source_edit", "inventory.change_source")
STOCK: Acl = ("Magento_InventoryApi::stock", "inventory.view_stock")
STOCK_EDIT: Acl = ("Magento_InventoryApi::stock_edit", "inventory.change_stock")
STOCK_DELETE: Acl = ("Magento_InventoryApi::stock_delete", "inventory.delete_stock")
STOCK_SOURCE_LINK: Acl = ("Magento_InventoryApi::stock_source_link", "inventory.change_stocksourcelink")
SOURCE_ITEMS: Acl = ("Magento_InventoryApi::source", "inventory.view_sourceitem")
SOURCE_ITEM_ASSIGN: Acl = ("Magento_InventoryApi::stock_source_item_assign", "inventory.change_sourceitem")
SALES_STOCK: Acl = ("Magento_InventorySalesApi::stock", "inventory.view_stock")
SSA_LIST: Acl = ("Magento_InventorySourceSelectionApi::source_selection_algorithm", "inventory.view_sourceitem")
SSA_RUN: Acl = ("Magento_InventorySourceSelectionApi::source_selection_algorithm_post", "inventory.view_sourceitem")
BULK: Acl = ("Magento_Catalog::products", "inventory.change_sourceitem")
LOW_QTY: Acl = ("Magento_InventoryLowQuantityNotificationApi::low_quantity_notification", "inventory.view_sourceitem")
LOW_QTY_SAVE: Acl = (
    "Magento_InventoryLowQuantityNotificationApi::stock_create_low_quantity_notification",
    "inventory.change_sourceitem",
)
LOW_QTY_DELETE: Acl = (
    "Magento_InventoryLowQuantityNotificationApi::stock_delete_low_quantity_notification",
    "inventory.change_sourceitem",
)


# --- sources ------------------------------------------------------------------------------------------------


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


# --- stocks -------------------------------------------------------------------------------------------------


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


# --- stock-source links -------------------------------------------------------------------------------------


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


# --- source items -------------------------------------------------------------------------------------------


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


# --- bulk actions -------------------------------------------------------------------------------------------


class BulkSourceAssignView(RouteView):
    """POST /V1/inventory/bulk-product-source-assign {"skus", "sourceCodes"} -> how many assignments were made."""

    acl_by_method = {"POST": BULK}

    def post(self, request: Request, store_code: str) -> Response:
        data = parse(BulkSourceAssignInputSerializer, request.data)
        return Response(bulk_assign_sources(data["skus"], data["source_codes"]))


class BulkSourceUnassignView(RouteView):
    """POST /V1/inventory/bulk-product-source-unassign {"skus", "sourceCodes"} -> how many were removed."""

    acl_by_method = {"POST": BULK}

    def post(self, request: Request, store_code: str) -> Response:
        data = parse(BulkSourceAssignInputSerializer, request.data)
        return Response(bulk_unassign_sources(data["skus"], data["source_codes"]))


class BulkTransferView(RouteView):
    """POST /V1/inventory/bulk-product-source-transfer -> true."""

    acl_by_method = {"POST": BULK}

    def post(self, request: Request, store_code: str) -> Response:
        data = parse(BulkTransferInputSerializer, request.data)
        return Response(
            bulk_transfer(
                data["skus"], data["origin_source"], data["destination_source"],
                unassign_from_origin=data["unassign_from_origin"],
            )
        )


class BulkPartialTransferView(RouteView):
    """POST /V1/inventory/bulk-partial-source-transfer -> []."""

    acl_by_method = {"POST": BULK}

    def post(self, request: Request, store_code: str) -> Response:
        data = parse(PartialTransferInputSerializer, request.data)
        items = [TransferItem(item["sku"], item["qty"]) for item in data["items"]]
        bulk_partial_transfer(data["origin_source_code"], data["destination_source_code"], items)
        return Response([])


# --- salable quantity ---------------------------------------------------------------------------------------


class SalableQuantityView(RouteView):
    """GET /V1/inventory/get-product-salable-quantity/{sku}/{stockId} -> a number."""

    acl_by_method = {"GET": SALES_STOCK}

    def get(self, request: Request, store_code: str, sku: str, stock_id: int) -> Response:
        return Response(get_salable_quantity(sku, stock_id))


class IsProductSalableView(RouteView):
    """GET /V1/inventory/is-product-salable/{sku}/{stockId} -> true or false."""

    acl_by_method = {"GET": SALES_STOCK}

    def get(self, request: Request, store_code: str, sku: str, stock_id: int) -> Response:
        return Response(is_product_salable(sku, stock_id))


class IsProductSalableForRequestedQtyView(RouteView):
    """GET /V1/inventory/is-product-salable-for-requested-qty/{sku}/{stockId}/{requestedQty}."""

    acl_by_method = {"GET": SALES_STOCK}

    def get(self, request: Request, store_code: str, sku: str, stock_id: int, requested_qty: str) -> Response:
        result = is_product_salable_for_requested_qty(sku, stock_id, _number(requested_qty, "float"))
        errors = [{"code": error.code, "message": error.message} for error in result.errors]
        return Response({"salable": result.salable, "errors": errors})


class AreProductsSalableView(RouteView):
    """GET /V1/inventory/are-products-salable?skus[0]=..&skus[1]=..&stockId=2 -> [{sku, stock_id, salable}]."""

    acl_by_method = {"GET": SALES_STOCK}

    def get(self, request: Request, store_code: str) -> Response:
        params = request.query_params
        skus = [value for key in params if key == "skus" or key.startswith("skus[") for value in params.getlist(key)]
        if not skus:
            raise RequiredFieldError("skus")
        if not params.get("stockId"):
            raise RequiredFieldError("stockId")
        stock_id = int(_number(params["stockId"], "int"))
        return Response(
            [{"sku": sku, "stock_id": stock_id, "salable": salable} for sku, salable in are_products_salable(skus, stock_id)]
        )


INVALID_TYPE = 'The "%1" value\'s type is invalid. The "%2" type was expected. Verify and try again.'


def _number(value: str, expected_type: str) -> Decimal:
    """A scalar path or query parameter, refused as Magento's TypeProcessor does (message filled in)."""
    try:
        number = Decimal(value)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or (expected_type == "int" and number != int(number)):
        raise InputError(phrase(INVALID_TYPE, value, expected_type))
    return number


# --- source selection ---------------------------------------------------------------------------------------


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


# --- low-quantity notifications -----------------------------------------------------------------------------


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

