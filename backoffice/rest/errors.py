"""One exception handler renders every error as Magento's {"message", "errors"?, "parameters"?} body."""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response

from backoffice.exceptions import AGGREGATE_INPUT_MESSAGE, DomainError, InputError, NotFoundError, RequiredFieldError
from backoffice.phrases import phrase

from .acl import acl_of
from .oauth import OAuthRefused
from .parsers import RequestBodyTooLarge
from .serializers import field_name, to_snake_case

logger = logging.getLogger(__name__)

NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."
NO_ROUTE = "Request does not match any route."
INVALID_METHOD = "Request method is invalid."
REST_METHODS = frozenset({"GET", "POST", "PUT", "DELETE"})  # Magento's Rest\Request::getHttpMethod
# A Webapi\Exception built from a rendered Phrase: Magento prints it filled in, with no "parameters".
UNSUPPORTED_MEDIA_TYPE = "Server cannot understand Content-Type HTTP header media type %1"
EMPTY_CONTENT_TYPE = "Content-Type header is empty."
INVALID_FIELD_VALUE = 'Invalid value of "%value" provided for the %fieldName field.'


def magento_exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, DomainError):
        return magento_error(exc)
    if isinstance(exc, RequestDataTooBig):  # Django's DATA_UPLOAD_MAX_MEMORY_SIZE, met while reading the body
        return magento_error(RequestBodyTooLarge(parameters=[settings.DATA_UPLOAD_MAX_MEMORY_SIZE]))
    if isinstance(exc, TooManyFieldsSent):  # DATA_UPLOAD_MAX_NUMBER_FIELDS, met reading the query string
        limit = f"more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} parameters"
        return magento_error(InputError(INVALID_FIELD_VALUE, parameters={"value": limit, "fieldName": "query"}))
    if isinstance(exc, (Http404, exceptions.NotFound)):
        return magento_error(NotFoundError())
    if isinstance(exc, OAuthRefused):  # a signed request Magento's Framework\Oauth refuses, with its message
        return magento_error(exc.error)
    if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed, exceptions.PermissionDenied)):
        request = context.get("request")
        resource = acl_of(context.get("view"), request.method if request else "")[0] or ""
        return magento_error(
            DomainError(NOT_AUTHORIZED, parameters={"resources": resource}), status.HTTP_401_UNAUTHORIZED
        )
    if isinstance(exc, exceptions.ValidationError):
        request = context.get("request")
        return magento_error(validation_error(exc.detail, getattr(request, "data", None)))
    if isinstance(exc, exceptions.MethodNotAllowed):
        # Magento matches routes on method and path: a wrong method is an unknown route.
        request = context.get("request")
        if getattr(request, "method", None) not in REST_METHODS:
            return magento_error(InputError(INVALID_METHOD))
        return magento_error(DomainError(NO_ROUTE), status.HTTP_404_NOT_FOUND)
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return magento_error(unsupported_media_type(context.get("request")))
    if isinstance(exc, exceptions.APIException):
        return Response({"message": str(exc.detail)}, status=exc.status_code)
    return None  # a real bug: Django logs it and answers 500


def magento_error(error: DomainError, http_status: int | None = None) -> Response:
    return Response(error_body(error), status=http_status or error.http_status)


def error_body(error: DomainError) -> dict:
    """Magento's Rest\\Response::_renderMessages key order: message, errors, parameters."""
    body: dict = {"message": error.message}
    if error.errors:
        body["errors"] = [{"message": part.message, "parameters": part.parameters or []} for part in error.errors]
    if error.parameters:
        body["parameters"] = error.parameters
    return body


def unsupported_media_type(request: object) -> DomainError:
    """Magento's DeserializerFactory: 400 (not 415), the media type (without parameters) filled into the message."""
    media_type = str(getattr(request, "content_type", "") or "").split(";")[0].strip()
    if not media_type:
        return InputError(EMPTY_CONTENT_TYPE)
    return InputError(phrase(UNSUPPORTED_MEDIA_TYPE, media_type))


def validation_error(detail: object, data: object) -> DomainError:
    """Turn DRF's error tree into Magento's required-field / invalid-value errors."""
    parts = []
    for path, error in _flatten(detail, ()):
        name = field_name(path)
        if getattr(error, "code", None) in {"required", "null", "blank"}:
            parts.append(RequiredFieldError(name))
        else:
            parts.append(
                InputError(INVALID_FIELD_VALUE, parameters={"value": _value_at(data, path), "fieldName": name})
            )
    if len(parts) == 1:
        return parts[0]
    return InputError(AGGREGATE_INPUT_MESSAGE, errors=parts)


def _flatten(detail: object, path: tuple) -> list[tuple[tuple, object]]:
    if isinstance(detail, dict):
        return [
            pair
            for key, value in detail.items()
            for pair in _flatten(value, path if key == "non_field_errors" else (*path, key))
        ]
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return [(path, detail[0])] if detail else []
        return [pair for index, value in enumerate(detail) if value for pair in _flatten(value, (*path, index))]
    return [(path, detail)]


def _value_at(data: object, path: tuple) -> str:
    for step in path:
        if isinstance(data, dict):  # the client may have written the key in camelCase (orderItemId)
            data = next((value for key, value in data.items() if to_snake_case(key) == step), None)
        elif isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
            data = data[step]
        else:
            return ""
    if isinstance(data, bool):
        return "true" if data else "false"
    return "" if data is None or isinstance(data, (dict, list)) else str(data)


@csrf_exempt  # like every REST view: a POST to an unknown path is Magento's JSON 404, not Django's CSRF 403 page
def no_route(request: HttpRequest, *args: object, **kwargs: object) -> JsonResponse:
    """Catch-all for unknown /rest/ paths: Magento's 404 body, not Django's HTML page.

    Magento checks the method before it looks for a route, so PATCH, HEAD, OPTIONS... get its 400 instead.
    """
    if request.method not in REST_METHODS:
        return _json({"message": INVALID_METHOD}, 400)
    return _json({"message": NO_ROUTE}, 404)


def _json(body: dict, http_status: int) -> JsonResponse:
    return JsonResponse(body, status=http_status, json_dumps_params={"separators": (",", ":")})


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: under /rest/ Magento's production body (the details stay in the log), elsewhere Django's page."""
    if not request.path.startswith("/rest/"):
        return defaults.server_error(request)
    report_id = f"webapi-{uuid.uuid4().hex[:13]}"
    logger.error("REST request failed; report id %s", report_id)
    return _json({"message": f"Internal Error. Details are available in Magento log file. Report ID: {report_id}"}, 500)
