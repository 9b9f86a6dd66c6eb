"""Integrations made with integration_create, and requests signed by oauthlib's client (OAuth 1.0a)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from oauthlib.oauth1 import Client
from rest_framework.test import APIClient

READ_RESOURCES = "Magento_Sales::actions_view,Magento_Sales::sales_invoice,Magento_InventoryApi::source"


def create_integration(name: str = "ERP", resources: str = READ_RESOURCES) -> dict:
    out = io.StringIO()
    call_command("integration_create", "--name", name, "--resources", resources, "--json", stdout=out)
    return json.loads(out.getvalue())


def sign(
    credentials: dict,
    method: str,
    url: str,
    *,
    signature_method: str = "HMAC-SHA256",
    body: str | None = None,
    headers: dict | None = None,
    **client_options: object,
) -> dict:
    """The Authorization header oauthlib's client computes for this request."""
    client = Client(
        credentials["consumer_key"],
        client_secret=credentials["consumer_secret"],
        resource_owner_key=credentials["access_token"],
        resource_owner_secret=credentials["access_token_secret"],
        signature_method=signature_method,
        **client_options,
    )
    _, signed_headers, _ = client.sign(url, http_method=method, body=body, headers=headers)
    return signed_headers


@pytest.fixture
def integration(db) -> dict:
    return create_integration()


@pytest.fixture
def signed_get() -> Callable[..., object]:
    """signed_get(credentials, "/rest/V1/orders", {"searchCriteria[pageSize]": 5}) -> the response."""

    def get(credentials: dict, path: str, params: dict | None = None, **options: object) -> object:
        full_path = f"{path}?{urlencode(params)}" if params else path
        headers = sign(credentials, "GET", f"http://testserver{full_path}", **options)
        return APIClient().generic("GET", full_path, HTTP_AUTHORIZATION=headers["Authorization"])

    return get
