"""Salable quantity: get-product-salable-quantity, is-product-salable(-for-requested-qty), are-products-salable. Paths as in MSI's webapi.xml."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.exceptions import InputError, RequiredFieldError
from backoffice.rest.routes import RouteView
from backoffice.rest.search_criteria import INVALID_FIELD_VALUE
from backoffice.rest.types import type_mismatch

from ...salable import (
    are_products_salable,
    get_salable_quantity,
    is_product_salable,
    is_product_salable_for_requested_qty,
)
from ..query import member, ordered, query_parameter
from ..serializers import SalableForRequestedQtyResultSerializer
from .acl import SALES_STOCK


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


class AreProductsSalableForRequestedQtyView(RouteView):
    """GET /V1/inventory/are-product-salable-for-requested-qty/?skuRequests[0][sku]=..&skuRequests[0][qty]=..
    &stockId=.. -> [{sku, stock_id, salable, errors}] (InventorySalesApi etc/webapi.xml declares GET only;
    InventorySales Model/AreProductsSalableForRequestedQty.php asks IsProductSalableForRequestedQty per request,
    in request order, so an unknown SKU refuses the whole call as the singular route does)."""

    acl_by_method = {"GET": SALES_STOCK}

    @extend_schema(
        parameters=[
            OpenApiParameter("skuRequests[0][sku]", OpenApiTypes.STR, OpenApiParameter.QUERY, required=True),
            OpenApiParameter("skuRequests[0][qty]", OpenApiTypes.DOUBLE, OpenApiParameter.QUERY, required=True),
            OpenApiParameter("stockId", OpenApiTypes.INT, OpenApiParameter.QUERY, required=True),
        ],
        responses={200: SalableForRequestedQtyResultSerializer(many=True)},
    )
    def get(self, request: Request, store_code: str) -> Response:
        params = request.query_params
        sent = query_parameter(params, "skuRequests", "sku_requests")
        if sent is None:
            raise RequiredFieldError("skuRequests")
        stock = query_parameter(params, "stockId", "stock_id")
        if stock in (None, ""):
            raise RequiredFieldError("stockId")
        if isinstance(stock, dict):
            raise InputError(type_mismatch("array", "int"))
        stock_id = int(_number(stock, "int"))
        if not 0 <= stock_id < 2**31:  # beyond the stock_id column: refused as every integer input beyond its column
            raise InputError(INVALID_FIELD_VALUE, parameters={"value": stock, "fieldName": "stockId"})
        requests = []
        for item in ordered(sent):
            item = item if isinstance(item, dict) else {}
            sku, qty = member(item, "sku"), member(item, "qty")
            if sku is None:
                raise RequiredFieldError("sku")
            if qty is None:
                raise RequiredFieldError("qty")
            if isinstance(sku, dict) or isinstance(qty, dict):
                expected = "string" if isinstance(sku, dict) else "float"
                raise InputError(type_mismatch("array", expected))
            requests.append((sku, _number(qty, "float")))
        answer = []
        for sku, qty in requests:
            result = is_product_salable_for_requested_qty(sku, stock_id, qty)
            errors = [{"code": error.code, "message": error.message} for error in result.errors]
            answer.append({"sku": sku, "stock_id": stock_id, "salable": result.salable, "errors": errors})
        return Response(answer)


def _number(value: str, expected_type: str) -> Decimal:
    """A scalar path or query parameter, refused as Magento's TypeProcessor does (message filled in)."""
    try:
        number = Decimal(value)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or (expected_type == "int" and number != int(number)):
        raise InputError(type_mismatch(value, expected_type))
    return number
