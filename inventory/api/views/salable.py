"""Salable quantity: get-product-salable-quantity, is-product-salable(-for-requested-qty), are-products-salable. Paths as in MSI's webapi.xml."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.exceptions import InputError, RequiredFieldError
from backoffice.phrases import phrase
from backoffice.rest.routes import RouteView

from ...salable import (
    are_products_salable,
    get_salable_quantity,
    is_product_salable,
    is_product_salable_for_requested_qty,
)
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
