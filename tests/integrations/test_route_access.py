"""Every REST route, called with a signed request: an integration reaches a route only through its resources,
and never a customer's own (``self``) routes. Contract: module-webapi Controller/Rest/RequestValidator.php
(checkPermissions), Model/Authorization/OauthUserContext.php."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from backoffice.rest.permissions import SELF
from tests.reliability.test_access import ADMIN_ROUTES, IDS, NOT_AUTHORIZED, ROUTES, SELF_ROUTES, Route

from .conftest import create_integration, sign

pytestmark = pytest.mark.django_db


def signed_call(credentials: dict, route: Route) -> object:
    headers = sign(credentials, route.method, f"http://testserver/{route.url}")
    return APIClient().generic(
        route.method,
        f"/{route.url}",
        "{}",
        content_type="application/json",
        HTTP_AUTHORIZATION=headers["Authorization"],
    )


@pytest.mark.parametrize("route", ADMIN_ROUTES, ids=[i for r, i in zip(ROUTES, IDS, strict=True) if r in ADMIN_ROUTES])
def test_a_route_outside_the_selection_is_refused(route):
    other = "Magento_Catalog::products" if route.acl_resource != "Magento_Catalog::products" else "Magento_Sales::hold"
    credentials = create_integration("Narrow", other)

    response = signed_call(credentials, route)

    assert response.status_code == 401
    assert response.json() == {"message": NOT_AUTHORIZED, "parameters": {"resources": route.acl_resource}}


@pytest.mark.parametrize("route", ADMIN_ROUTES, ids=[i for r, i in zip(ROUTES, IDS, strict=True) if r in ADMIN_ROUTES])
def test_a_route_inside_the_selection_is_opened(route):
    credentials = create_integration("Exact", route.acl_resource)

    response = signed_call(credentials, route)

    assert response.status_code != 401 or response.json()["message"] != NOT_AUTHORIZED, response.json()
    assert response.status_code < 500


@pytest.mark.parametrize("route", SELF_ROUTES, ids=[i for r, i in zip(ROUTES, IDS, strict=True) if r in SELF_ROUTES])
def test_self_routes_stay_closed_to_an_integration_with_every_resource(route):
    credentials = create_integration("Everything", "all")

    response = signed_call(credentials, route)

    assert response.status_code == 401
    assert response.json() == {"message": NOT_AUTHORIZED, "parameters": {"resources": SELF}}
