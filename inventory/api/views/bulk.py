"""Bulk source assignment and transfer: /V1/inventory/bulk-*. Paths as in MSI's webapi.xml."""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.rest.routes import RouteView, parse

from ...bulk import TransferItem, bulk_assign_sources, bulk_partial_transfer, bulk_transfer, bulk_unassign_sources
from ..serializers import BulkSourceAssignInputSerializer, BulkTransferInputSerializer, PartialTransferInputSerializer
from .acl import BULK


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
