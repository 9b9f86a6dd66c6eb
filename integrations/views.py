"""Magento's OAuth token handshake (Magento_Integration Controller/Token/Request.php and Access.php), served at
/oauth/token/request and /oauth/token/access for integrations activated through their endpoint.

The answers are form-encoded, as Magento's ``http_build_query``: ``oauth_token=...&oauth_token_secret=...``, or
``oauth_problem=<message>`` with 401 (Oauth\\Exception) or 400 (OauthInputException), Helper\\Request's
prepareErrorResponse.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from backoffice.exceptions import AGGREGATE_INPUT_MESSAGE, DomainError
from backoffice.rest.oauth import OAuthRefused, SignedRequest, get_access_token, get_request_token, signed_request

from .integrations import complete_token_exchange


@csrf_exempt  # a machine-to-machine call, authenticated by its signature (Magento's CsrfAwareActionInterface)
@require_http_methods(["GET", "POST"])
def token_request(request: HttpRequest) -> HttpResponse:
    """POST /oauth/token/request, signed with the consumer key and secret posted to the endpoint."""
    try:
        return _answer(get_request_token(_signed(request)))
    except OAuthRefused as refusal:
        return _problem(refusal.error)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def token_access(request: HttpRequest) -> HttpResponse:
    """POST /oauth/token/access, signed with the request token and carrying the verifier: the access token; the
    integration is active from then on."""
    try:
        consumer, answer = get_access_token(_signed(request))
    except OAuthRefused as refusal:
        return _problem(refusal.error)
    complete_token_exchange(consumer.pk)
    return _answer(answer)


def _signed(request: HttpRequest) -> SignedRequest:
    """Without an OAuth header Magento's helper finds no parameter at all (every one is then missing)."""
    return signed_request(request) or SignedRequest(request.method or "POST", "", {}, [])


def _answer(values: dict[str, str]) -> HttpResponse:
    return HttpResponse(urlencode(values), content_type="application/x-www-form-urlencoded")


def _problem(error: DomainError) -> HttpResponse:
    message = error.rendered()
    if error.message == AGGREGATE_INPUT_MESSAGE:  # OauthInputException::getAggregatedErrorMessage
        message = ", ".join(part.rendered().rstrip(".") for part in error.errors)
    return HttpResponse(
        urlencode({"oauth_problem": message}),
        status=error.http_status,
        content_type="application/x-www-form-urlencoded",
    )
