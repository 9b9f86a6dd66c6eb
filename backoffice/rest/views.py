"""The token endpoints and the schema."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.exceptions import InputError

from .permissions import HasAclResource
from .routes import ANONYMOUS_ACL, SELF_ACL, RouteView
from .tokens import create_admin_access_token, revoke_customer_access_tokens
from .types import type_mismatch

CREDENTIALS = inline_serializer(
    "Credentials", {"username": serializers.CharField(), "password": serializers.CharField()}
)


class AdminTokenView(RouteView):
    """POST /V1/integration/admin/token {"username", "password"} -> the token as a bare JSON string."""

    acl_by_method = {"POST": ANONYMOUS_ACL}
    authentication_classes: list = []
    sign_in = True  # throttled: the schema lists Magento's 429

    @extend_schema(request=CREDENTIALS, responses={200: OpenApiTypes.STR})
    def post(self, request: Request, store_code: str) -> Response:
        data = request.data if isinstance(request.data, dict) else {}
        username, password = _string(data.get("username")), _string(data.get("password"))
        return Response(create_admin_access_token(username, password, request=request._request))


class CustomerTokenRevokeView(RouteView):
    """POST /V1/integration/customer/revoke-customer-token (ACL self): revokes every token of the caller's
    customer account (Magento's CustomerTokenServiceInterface::revokeCustomerAccessToken); answers true."""

    acl_by_method = {"POST": SELF_ACL}

    @extend_schema(request=None, responses={200: OpenApiTypes.BOOL})
    def post(self, request: Request, store_code: str) -> Response:
        revoke_customer_access_tokens(request.auth.customer_id)
        return Response(True)


class SchemaView(RouteView, SpectacularAPIView):
    """GET /rest/schema (and Magento's /rest/all/schema?services=all): the OpenAPI 3 document, as JSON."""

    acl_by_method = {"GET": ANONYMOUS_ACL}
    authentication_classes: list = []
    permission_classes = [HasAclResource]
    renderer_classes = [JSONRenderer]  # plain JSON: the Magento renderer escapes every "/" in the paths


def _string(value: object) -> str | None:
    """Bind a ``string`` service parameter as Magento's TypeProcessor does: scalars are cast, arrays refused."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else ""  # PHP's (string) true / false
    if isinstance(value, (dict, list)):
        # Magento renders this SerializationException's phrase before answering, so no "parameters".
        raise InputError(type_mismatch("array", "string"))
    return str(value)
