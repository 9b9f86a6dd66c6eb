"""Request paths matched the way Magento's REST router matches them."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

REST_PREFIX = "/rest/"


class MagentoPathMiddleware:
    """Magento's Rest\\Router\\Route::getPathParts trims the slashes around a path before matching it, so
    ``/rest/V1/orders/`` is ``/rest/V1/orders`` (clients such as my-magento send ``orders/?searchCriteria...``).
    Only paths under /rest/ change; the admin keeps Django's own rules."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path.startswith(REST_PREFIX) and path.endswith("/") and len(path) > len(REST_PREFIX):
            request.path_info = path.rstrip("/")
        return self.get_response(request)
