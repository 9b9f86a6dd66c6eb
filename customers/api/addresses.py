"""Customer address routes (Magento_Customer etc/webapi.xml, "Customer Addresses"): an address by id, a customer's
default billing and shipping addresses (by id or the token's own, "me"), and deleting an address."""

from __future__ import annotations

from django.urls import URLPattern, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.rest.routes import SELF_ACL, RouteView

from ..addresses import delete_address, get_address, get_default_billing_address, get_default_shipping_address
from ..models import CustomerAddress
from .customers import CustomerAddressSerializer, token_customer

MANAGE = "Magento_Customer::manage"
VIEW_ADDRESS = (MANAGE, "customers.view_customeraddress")
DELETE_ADDRESS = (MANAGE, "customers.delete_customeraddress")


def address_answer(address: CustomerAddress | None) -> Response:
    """AddressInterface, or null (PHP's json_encode(null)) when the customer has no such default address."""
    return Response(None if address is None else CustomerAddressSerializer(address).data)


class AddressDetailView(RouteView):
    """GET /V1/customers/addresses/{addressId} (AddressRepositoryInterface::getById)."""

    acl_by_method = {"GET": VIEW_ADDRESS}

    @extend_schema(responses={200: CustomerAddressSerializer})
    def get(self, request: Request, store_code: str, address_id: int) -> Response:
        return Response(CustomerAddressSerializer(get_address(address_id)).data)


class AddressDeleteView(RouteView):
    """DELETE /V1/addresses/{addressId} (AddressRepositoryInterface::deleteById): answers true."""

    acl_by_method = {"DELETE": DELETE_ADDRESS}

    @extend_schema(responses={200: OpenApiTypes.BOOL})
    def delete(self, request: Request, store_code: str, address_id: int) -> Response:
        delete_address(address_id)
        return Response(True)


# AddressInterface or null: the CustomerAddress component (CustomerAddressSerializer), nullable.
NULLABLE_ADDRESS = {200: {"allOf": [{"$ref": "#/components/schemas/CustomerAddress"}], "nullable": True}}


class CustomerBillingAddressView(RouteView):
    """GET /V1/customers/{customerId}/billingAddress (AccountManagementInterface::getDefaultBillingAddress)."""

    acl_by_method = {"GET": VIEW_ADDRESS}

    @extend_schema(responses=NULLABLE_ADDRESS)
    def get(self, request: Request, store_code: str, customer_id: int) -> Response:
        return address_answer(get_default_billing_address(customer_id))


class CustomerShippingAddressView(RouteView):
    """GET /V1/customers/{customerId}/shippingAddress (AccountManagementInterface::getDefaultShippingAddress)."""

    acl_by_method = {"GET": VIEW_ADDRESS}

    @extend_schema(responses=NULLABLE_ADDRESS)
    def get(self, request: Request, store_code: str, customer_id: int) -> Response:
        return address_answer(get_default_shipping_address(customer_id))


class MyBillingAddressView(RouteView):
    """GET /V1/customers/me/billingAddress: the token's customer only (webapi.xml forces customerId)."""

    acl_by_method = {"GET": SELF_ACL}

    @extend_schema(responses=NULLABLE_ADDRESS)
    def get(self, request: Request, store_code: str) -> Response:
        return address_answer(get_default_billing_address(token_customer(request).pk))


class MyShippingAddressView(RouteView):
    """GET /V1/customers/me/shippingAddress: the token's customer only."""

    acl_by_method = {"GET": SELF_ACL}

    @extend_schema(responses=NULLABLE_ADDRESS)
    def get(self, request: Request, store_code: str) -> Response:
        return address_answer(get_default_shipping_address(token_customer(request).pk))


urlpatterns: list[URLPattern] = [
    path("customers/addresses/<id:address_id>", AddressDetailView.as_view()),
    path("addresses/<id:address_id>", AddressDeleteView.as_view()),
    path("customers/me/billingAddress", MyBillingAddressView.as_view()),
    path("customers/me/shippingAddress", MyShippingAddressView.as_view()),
    path("customers/<id:customer_id>/billingAddress", CustomerBillingAddressView.as_view()),
    path("customers/<id:customer_id>/shippingAddress", CustomerShippingAddressView.as_view()),
]
