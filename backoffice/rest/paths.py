"""Request paths matched the way Magento's REST router matches them."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .errors import no_route

REST_PREFIX = "/rest/"


class MagentoPathMiddleware:
    """Magento's Rest\\Router\\Route::getPathParts trims the slashes around a path before matching it, so
    ``/rest/V1/orders/`` is ``/rest/V1/orders`` (clients such as my-magento send ``orders/?searchCriteria...``).

    A path holding a NUL byte (``/V1/products/%00``: no PostgreSQL text column can hold one) or a segment
    longer than ``MAGENTO_MAX_STRING_LENGTH`` matches no route: Magento's 404 "Request does not match any
    route." before any view or converter runs, whatever the route's parameters.
    Only paths under /rest/ change; the admin keeps Django's own rules."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if not path.startswith(REST_PREFIX):
            return self.get_response(request)
        if "\x00" in path or any(len(part) > settings.MAGENTO_MAX_STRING_LENGTH for part in path.split("/")):
            return no_route(request)
        if path.endswith("/") and len(path) > len(REST_PREFIX):
            request.path_info = path.rstrip("/")
        return self.get_response(request)
