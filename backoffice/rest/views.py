"""The token endpoints."""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backoffice.exceptions import InputError

from .tokens import create_admin_access_token

INVALID_TYPE = 'The "%1" value\'s type is invalid. The "%2" type was expected. Verify and try again.'


class AdminTokenView(APIView):
    """POST /V1/integration/admin/token {"username", "password"} -> the token as a bare JSON string."""

    acl_resource = "anonymous"
    authentication_classes: list = []

    def post(self, request: Request, store_code: str) -> Response:
        data = request.data if isinstance(request.data, dict) else {}
        return Response(create_admin_access_token(_string(data.get("username")), _string(data.get("password"))))


def _string(value: object) -> str | None:
    """Bind a ``string`` service parameter as Magento's TypeProcessor does: scalars are cast, arrays refused."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else ""  # PHP's (string) true / false
    if isinstance(value, (dict, list)):
        # Magento renders this SerializationException's phrase before answering, so no "parameters".
        raise InputError(INVALID_TYPE.replace("%1", "array").replace("%2", "string"))
    return str(value)
