"""The synchronous routes, found through the URL resolver and run as their own request would run them.

An asynchronous request names a synchronous route (``/rest/async/V1/inventory/source-items`` is
``POST /rest/V1/inventory/source-items``); its operations run that route's view, with its serializers, domain
functions and errors, under the identity of the caller. Nothing here imports a domain app: the resolver finds
the view, as it does for the synchronous request.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.urls import Resolver404, ResolverMatch, resolve
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from backoffice.rest.acl import acl_of
from backoffice.rest.models import AccessToken, UserType

from .models import BulkUserType

BULK_PARAMETER = re.compile(r"^by([A-Z]\w*)$")  # WebapiAsync BulkServiceConfig: "/:sku" becomes "/bySku"
_PLACEHOLDER = "1"  # a value every path converter takes, put where a bulk route names a parameter


@dataclass(frozen=True)
class Caller:
    """Who sent the request, as ``magento_bulk`` stores it (user_type, user_id)."""

    user_type: int
    user_id: int | None

    @classmethod
    def of(cls, request: Request) -> Caller:
        token = request.auth
        if token is None:
            return cls(BulkUserType.GUEST, None)
        if token.user_type == UserType.CUSTOMER:
            return cls(BulkUserType.CUSTOMER, token.customer_id)
        if token.user_type == UserType.INTEGRATION:  # Magento stores the integration's id as the bulk's user
            integration = getattr(getattr(token, "consumer", None), "integration", None)
            return cls(BulkUserType.INTEGRATION, getattr(integration, "pk", None))
        return cls(BulkUserType.ADMIN, getattr(request.user, "pk", None))

    def credentials(self) -> tuple[object, AccessToken | None]:
        """The (user, token) the route's view sees: the same user, and a token of the same kind (not stored)."""
        if self.user_type == BulkUserType.GUEST:
            return None, None
        if self.user_type == BulkUserType.CUSTOMER:
            return AnonymousUser(), AccessToken(user_type=UserType.CUSTOMER, customer_id=self.user_id)
        if self.user_type == BulkUserType.INTEGRATION:
            return AnonymousUser(), AccessToken(user_type=UserType.INTEGRATION)
        user = get_user_model().objects.filter(pk=self.user_id).first()
        return user, AccessToken(user_type=self.user_type, user=user)


@dataclass(frozen=True)
class Route:
    """A synchronous route: the resolver's match for one concrete path, and its view class."""

    path: str
    match: ResolverMatch

    @property
    def view_class(self) -> type[APIView]:
        return self.match.func.cls  # type: ignore[attr-defined]

    @property
    def template(self) -> str:
        """The route as webapi.xml writes it: ``/V1/products/:sku``."""
        route = self.match.route.split("V1/", 1)[-1]
        return "/V1/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: ":" + camel(m.group(1)), route)

    def topic_name(self, method: str) -> str:
        """WebapiAsync Config::generateLookupKeyByRouteData: ``async.V1.products.sku.PUT``."""
        parts = [part.lstrip(":") for part in self.template.strip("/").split("/")]
        return "async." + ".".join(parts) + "." + method

    def acl(self, method: str) -> tuple[str | None, str | None]:
        return acl_of(self.view_class(**self.match.func.initkwargs), method)  # type: ignore[attr-defined]


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def find_route(store_code: str, route: str) -> Route | None:
    """The synchronous route serving ``/rest/<store_code>/V1/<route>``, or None."""
    path = f"/rest/{store_code}/V1/{route}"
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if not hasattr(match.func, "cls") or not issubclass(match.func.cls, APIView):  # type: ignore[attr-defined]
        return None  # the catch-all "no route" view, or anything that is not a REST route
    return Route(path, match)


def bulk_parameters(route: str) -> dict[int, str]:
    """The path segments a bulk route names a parameter with, by position: ``products/bySku`` -> {1: "sku"}."""
    found = {}
    for position, segment in enumerate(route.split("/")):
        if named := BULK_PARAMETER.match(segment):
            found[position] = named.group(1)[:1].lower() + named.group(1)[1:]
    return found


def find_bulk_route(store_code: str, route: str) -> tuple[Route, dict[int, str]] | None:
    """The synchronous route a bulk route stands for (``products/bySku`` is ``products/:sku``), with the names of
    its parameters by segment position; None when no route has a parameter of that name there."""
    names = bulk_parameters(route)
    segments = route.split("/")
    probe = "/".join(_PLACEHOLDER if position in names else segment for position, segment in enumerate(segments))
    found = find_route(store_code, probe)
    if found is None:
        return None
    declared = [camel(name) for name in found.match.kwargs if name != "store_code"]
    if sorted(declared) != sorted(names.values()):
        return None
    return found, names


def concrete_path(route: str, names: dict[int, str], values: dict[str, object]) -> str:
    segments = route.split("/")
    for position, name in names.items():
        segments[position] = quote(str(values[name]), safe="")
    return "/".join(segments)


def parameter_value(body: object, name: str) -> object | None:
    """A bulk body's value for a route parameter: its root key (``sku``, ``stockId`` or ``stock_id``), or the
    key of that name in one of its data objects (``{"product": {"sku": ...}}`` for ``products/bySku``)."""
    if not isinstance(body, dict):
        return None
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
    for key in (name, snake):
        if body.get(key) not in (None, "", [], {}):
            return body[key]
    for value in body.values():
        if isinstance(value, dict):
            for key in (name, snake):
                if isinstance(value.get(key), (str, int)) and not isinstance(value.get(key), bool):
                    return value[key]
    return None


class AcceptedWithTheRequest(BasePermission):
    """The route's ACL was checked when the request was accepted (Magento's async router does it there)."""

    def has_permission(self, request: Request, view: object) -> bool:
        return True


def _host() -> str:
    """A host name the settings allow, for a view that builds a URL."""
    return next((host for host in settings.ALLOWED_HOSTS if host != "*" and not host.startswith(".")), "localhost")


def run(method: str, path: str, body: object, caller: Caller) -> HttpResponse:
    """Run the synchronous route ``method path`` with ``body`` as ``caller``; its rendered response."""
    found = resolve(path)
    content = json.dumps(body).encode() if body is not None else b""
    request = WSGIRequest(
        {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "SCRIPT_NAME": "",
            "QUERY_STRING": "",
            "SERVER_NAME": _host(),
            "SERVER_PORT": "80",
            "CONTENT_TYPE": "application/json",
            "CONTENT_LENGTH": str(len(content)),
            "wsgi.input": io.BytesIO(content),
            "wsgi.url_scheme": "http",
        }
    )
    user, token = caller.credentials()
    request._force_auth_user = user  # type: ignore[attr-defined]  # read by DRF's Request
    request._force_auth_token = token  # type: ignore[attr-defined]
    view = found.func.cls.as_view(  # type: ignore[attr-defined]
        **found.func.initkwargs,  # type: ignore[attr-defined]
        permission_classes=[AcceptedWithTheRequest],
    )
    response = view(request, *found.args, **found.kwargs)
    if hasattr(response, "render"):
        response.render()
    return response
