"""``/rest/async/V1/...`` and ``/rest/async/bulk/V1/...`` (Magento_WebapiAsync): any POST, PUT or DELETE route
this back-office serves, accepted at once with 202 and applied by a worker.

- AsynchronousRequestProcessor: the path without ``/async`` (or ``/async/bulk``) is the synchronous route; GET is
  not asynchronous (the route does not exist). Magento checks the route, the ACL and decodes the body before it
  accepts: those refusals answer at once with the synchronous route's messages and write nothing.
- Bulk (BulkServiceConfig): a route parameter ``/:sku`` is written ``/bySku``; the body is an array with one body
  per operation, each holding the parameter's value (``sku``, or ``product.sku``).
- The answer (AsyncResponseInterface, ItemStatusInterface): ``{"bulk_uuid", "request_items": [{"id",
  "data_hash", "status"}], "errors"}``; a body that is not an object is rejected alone (``"status": "rejected"``,
  ``error_message``, ``error_code``) and ``errors`` is true.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backoffice.exceptions import DomainError, InputError, RequiredFieldError
from backoffice.rest.errors import INVALID_FIELD_VALUE, NO_ROUTE, NOT_AUTHORIZED, magento_error
from backoffice.rest.permissions import HasAclResource

from .. import dispatch
from ..bulks import Body, ScheduledBulk, schedule_bulk

ASYNC_PATH = re.compile(r"^/rest/(?:(?P<store_code>[^/]+)/)?async/(?P<bulk>bulk/)?V1/(?P<route>.*)$")
NOT_AN_OBJECT = "The operation's body must be a JSON object."
TOO_MANY = 'Maximum items of type "%type" is %max'
NOT_AN_ARRAY = "A bulk request's body must be a JSON array of the route's bodies."


class NoRoute(DomainError):
    message = NO_ROUTE
    http_status = 404


class AsyncRequestView(APIView):
    """The asynchronous and bulk form of every POST, PUT and DELETE route (reached through AsyncRouteMiddleware)."""

    permission_classes: list = []  # the synchronous route's ACL is checked by hand: it depends on the route
    schema = None  # one generic entry point, not a route of its own in /rest/schema

    def post(self, request: Request, store_code: str, route: str, bulk: bool) -> Response:
        return self.accept(request, store_code, route, bulk)

    def put(self, request: Request, store_code: str, route: str, bulk: bool) -> Response:
        return self.accept(request, store_code, route, bulk)

    def delete(self, request: Request, store_code: str, route: str, bulk: bool) -> Response:
        return self.accept(request, store_code, route, bulk)

    def accept(self, request: Request, store_code: str, route: str, bulk: bool) -> Response:
        method = request.method or ""
        names: dict[int, str] = {}
        if bulk:
            found_bulk = dispatch.find_bulk_route(store_code, route)
            found = found_bulk[0] if found_bulk else None
            names = found_bulk[1] if found_bulk else {}
        else:
            found = dispatch.find_route(store_code, route)
        if found is None or not hasattr(found.view_class, method.lower()):
            raise NoRoute
        if not self._authorized(request, found):
            resource = found.acl(method)[0] or ""
            return magento_error(DomainError(NOT_AUTHORIZED, parameters={"resources": resource}), 401)
        topic = found.topic_name(method)
        data = _plain(request.data)
        if not bulk:
            bodies = [Body(method, found.path, data, topic)]
        else:
            bodies = self._bulk_bodies(method, store_code, route, names, data, found)
        scheduled = schedule_bulk(dispatch.Caller.of(request), bodies)
        return Response(_async_response(scheduled), status=202)

    def _authorized(self, request: Request, found: dispatch.Route) -> bool:
        view = found.view_class(**found.match.func.initkwargs)  # type: ignore[attr-defined]
        return HasAclResource().has_permission(request, view)

    def _bulk_bodies(
        self, method: str, store_code: str, route: str, names: dict[int, str], data: object, found: dispatch.Route
    ) -> list[Body]:
        topic = found.topic_name(method)
        if not isinstance(data, list):
            raise InputError(NOT_AN_ARRAY)
        if len(data) > settings.ASYNC_BULK_MAX_OPERATIONS:  # framework Webapi EntityArrayValidator's message
            raise InputError(TOO_MANY, parameters={"type": found.template, "max": settings.ASYNC_BULK_MAX_OPERATIONS})
        bodies = []
        for item in data:
            if not isinstance(item, dict):
                bodies.append(Body(method, "", None, topic, rejection=NOT_AN_OBJECT))
                continue
            values = {}
            for name in names.values():
                value = dispatch.parameter_value(item, name)
                if value is None:
                    raise RequiredFieldError(name)
                values[name] = value
            path = dispatch.concrete_path(route, names, values)
            concrete = dispatch.find_route(store_code, path)
            if concrete is None or concrete.view_class is not found.view_class:
                name = next(iter(names.values()))
                raise InputError(INVALID_FIELD_VALUE, parameters={"value": str(values[name]), "fieldName": name})
            bodies.append(Body(method, concrete.path, item, topic))
        return bodies


def _plain(data: object) -> object:
    """The decoded body as plain JSON values (DRF may hand a QueryDict for an empty body)."""
    if isinstance(data, dict) and type(data) is not dict:
        return dict(data)
    return data


def _async_response(scheduled: ScheduledBulk) -> dict:
    items = []
    for item in scheduled.request_items:
        body: dict = {"id": item.id, "data_hash": item.data_hash, "status": item.status}
        if item.error_message is not None:
            body["error_message"] = item.error_message
            body["error_code"] = item.error_code
        items.append(body)
    return {"bulk_uuid": scheduled.bulk_uuid, "request_items": items, "errors": scheduled.errors}


_view = extend_schema(exclude=True)(AsyncRequestView).as_view()


class AsyncRouteMiddleware:
    """Magento's RequestProcessorPool gives ``/async/...`` paths to the asynchronous processor before the
    router runs; here the same, before the URL resolver: the synchronous routes stay the only URL patterns."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        matched = ASYNC_PATH.match(request.path_info)
        if matched is None:
            return self.get_response(request)
        store_code = matched.group("store_code") or "default"
        if store_code not in settings.MAGENTO_STORE_CODES:
            return self.get_response(request)  # Magento's 404 for an unknown store, from the catch-all
        response = _view(
            request, store_code=store_code, route=matched.group("route"), bulk=matched.group("bulk") is not None
        )
        if hasattr(response, "render"):
            response.render()
        return response
