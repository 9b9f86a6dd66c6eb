"""The token endpoints."""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .tokens import create_admin_access_token


class AdminTokenView(APIView):
    """POST /V1/integration/admin/token {"username", "password"} -> the token as a bare JSON string."""

    acl_resource = "anonymous"
    authentication_classes: list = []

    def post(self, request: Request, store_code: str) -> Response:
        data = request.data if isinstance(request.data, dict) else {}
        return Response(create_admin_access_token(data.get("username"), data.get("password")))
