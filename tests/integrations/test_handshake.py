"""Activation through the endpoint, then Magento's OAuth handshake.

Contract: vendor/magento/module-integration Model/OauthService.php (postToConsumer: the posted fields and the
failure message), Controller/Token/Request.php and Access.php (form-encoded answers, oauth_problem),
Model/Oauth/Token/Provider.php (messages), Model/Oauth/Consumer.php (isValidForTokenExchange),
framework/Oauth/Helper/Request.php (prepareErrorResponse: 401 / 400).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, parse_qsl

import pytest
from django.test import Client
from django.utils import timezone
from oauthlib.oauth1 import Client as OAuthClient

from backoffice.exceptions import AuthenticationError
from backoffice.rest.models import Integration, IntegrationStatus, OauthConsumer
from integrations.integrations import IntegrationData, create_integration, send_credentials

from .conftest import sign

pytestmark = pytest.mark.django_db


class Endpoint:
    """A local HTTP server standing in for the ERP's endpoint: it records what it is posted."""

    def __init__(self, status: int = 200) -> None:
        self.posted: list[dict[str, str]] = []
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                endpoint.posted.append(dict(parse_qsl(self.rfile.read(length).decode())))
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/credentials"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    server = Endpoint()
    yield server
    server.close()


def with_endpoint(url: str) -> Integration:
    data = IntegrationData(
        name="Marketplace",
        endpoint=url,
        identity_link_url="https://erp.example.com/link",
        resources=["Magento_Sales::actions_view"],
    )
    return create_integration(data)


def post_signed(path: str, client: OAuthClient) -> tuple[int, dict[str, list[str]]]:
    _, headers, _ = client.sign(f"http://testserver{path}", http_method="POST")
    response = Client().generic("POST", path, HTTP_AUTHORIZATION=headers["Authorization"])
    return response.status_code, parse_qs(response.content.decode())


def test_the_handshake_activates_the_integration(endpoint, django_capture_on_commit_callbacks):
    """postToConsumer posts oauth_consumer_key, oauth_consumer_secret, store_base_url and oauth_verifier; the
    request token, then the access token; Token\\Access sets the integration active."""
    integration = with_endpoint(endpoint.url)
    with django_capture_on_commit_callbacks(execute=True):
        send_credentials(integration.pk, store_base_url="http://testserver/")
    posted = endpoint.posted[0]
    consumer = OauthConsumer.objects.get(pk=integration.consumer_id)

    status, request_token = post_signed(
        "/oauth/token/request",
        OAuthClient(
            posted["oauth_consumer_key"], client_secret=posted["oauth_consumer_secret"], signature_method="HMAC-SHA256"
        ),
    )
    access_client = OAuthClient(
        posted["oauth_consumer_key"],
        client_secret=posted["oauth_consumer_secret"],
        resource_owner_key=request_token["oauth_token"][0],
        resource_owner_secret=request_token["oauth_token_secret"][0],
        verifier=posted["oauth_verifier"],
        signature_method="HMAC-SHA256",
    )
    access_status, access = post_signed("/oauth/token/access", access_client)
    reused_status, reused = post_signed("/oauth/token/access", access_client)
    integration.refresh_from_db()
    credentials = {
        "consumer_key": posted["oauth_consumer_key"],
        "consumer_secret": posted["oauth_consumer_secret"],
        "access_token": access["oauth_token"][0],
        "access_token_secret": access["oauth_token_secret"][0],
    }
    orders_path = "/rest/V1/orders?searchCriteria%5BpageSize%5D=1"
    orders = Client().generic(
        "GET",
        orders_path,
        HTTP_AUTHORIZATION=sign(credentials, "GET", f"http://testserver{orders_path}")["Authorization"],
    )

    assert set(posted) == {"oauth_consumer_key", "oauth_consumer_secret", "store_base_url", "oauth_verifier"}
    assert (posted["oauth_consumer_key"], posted["store_base_url"]) == (consumer.key, "http://testserver/")
    assert status == 200
    assert len(request_token["oauth_token"][0]) == 32
    assert access_status == 200
    assert integration.status == IntegrationStatus.ACTIVE
    assert reused_status == 401
    assert reused == {"oauth_problem": ["Specified token does not exist"]}
    assert orders.status_code == 200


def test_a_failing_endpoint_leaves_the_integration_inactive(django_capture_on_commit_callbacks):
    """postToConsumer: "The attempt to post data to consumer failed due to an unexpected error. Please try again
    later." (a server answering 500 counts as failing here; Magento only notices no answer at all)."""
    failing = Endpoint(status=500)
    integration = with_endpoint(failing.url)
    try:
        with pytest.raises(AuthenticationError) as refused, django_capture_on_commit_callbacks(execute=True):
            send_credentials(integration.pk, store_base_url="http://testserver/")
    finally:
        failing.close()
    integration.refresh_from_db()

    assert refused.value.message == (
        "The attempt to post data to consumer failed due to an unexpected error. Please try again later."
    )
    assert integration.status == IntegrationStatus.INACTIVE


def test_the_handshake_must_start_within_the_consumer_expiration_period(endpoint, django_capture_on_commit_callbacks):
    """Consumer::isValidForTokenExchange (oauth/consumer/expiration_period, 300 s): 401 "Consumer key has expired"."""
    integration = with_endpoint(endpoint.url)
    with django_capture_on_commit_callbacks(execute=True):
        send_credentials(integration.pk, store_base_url="http://testserver/")
    OauthConsumer.objects.filter(pk=integration.consumer_id).update(updated_at=timezone.now() - timedelta(seconds=301))
    posted = endpoint.posted[0]

    status, answer = post_signed(
        "/oauth/token/request",
        OAuthClient(
            posted["oauth_consumer_key"], client_secret=posted["oauth_consumer_secret"], signature_method="HMAC-SHA256"
        ),
    )

    assert status == 401
    assert answer == {"oauth_problem": ["Consumer key has expired"]}


def test_an_unsigned_request_names_the_missing_parameters(db):
    """OauthInputException::getAggregatedErrorMessage, 400."""
    response = Client().post("/oauth/token/request")

    assert response.status_code == 400
    assert parse_qs(response.content.decode())["oauth_problem"] == [
        '"oauth_consumer_key" is required. Enter and try again, "oauth_signature" is required. Enter and try again, '
        '"oauth_signature_method" is required. Enter and try again, "oauth_nonce" is required. Enter and try again, '
        '"oauth_timestamp" is required. Enter and try again'
    ]
