"""The OpenAPI 3 schema (/rest/schema) describes every route, Magento's error body and the Bearer scheme; a
schemathesis run over it, in-process against the WSGI app with an admin token, finds no 5xx and no answer
that breaks the schema."""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import resolve
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from backoffice.rest.acl import acl_of
from backoffice.rest.permissions import SELF
from backoffice.rest.tokens import create_admin_access_token
from customers.customers import CustomerData, create_customer, create_customer_token

pytestmark = pytest.mark.django_db

# Bounded for the SQLite pass; CI's PostgreSQL pass raises SCHEMATHESIS_MAX_EXAMPLES (.ci/run).
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "8"))

# Values a valid request gets in one of its integers or strings (the "boundary" mode): past a signed and an
# unsigned 32-bit column, past any 64-bit column, a float no integer column holds, a negative; a NUL byte (no
# PostgreSQL text column holds one) and a string longer than MAGENTO_MAX_STRING_LENGTH.
INTEGER_BOUNDARIES = [2**31, 2**32, 2**63, 1e30, -1]
STRING_BOUNDARIES = ["a\x00b", "\x00", "x" * 100_000]


@pytest.fixture
def openapi(client) -> dict:
    return client.get("/rest/schema").json()


def operations(document: dict) -> list[tuple[str, str, dict]]:
    return [(path, method, operation) for path, item in document["paths"].items() for method, operation in item.items()]


def test_the_schema_is_openapi_3_json_served_anonymously(client):
    response = client.get("/rest/schema")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["openapi"].startswith("3.")


def test_magentos_schema_url_serves_the_same_document(client, openapi):
    assert client.get("/rest/all/schema?services=all").json() == openapi


def test_every_rest_route_is_in_the_schema_once_under_rest_v1(openapi):
    paths = set(openapi["paths"])

    assert all(path.startswith("/rest/V1/") for path in paths)
    assert {
        "/rest/V1/order/{order_id}/invoice",
        "/rest/V1/order/{order_id}/ship",
        "/rest/V1/orders",
        "/rest/V1/integration/admin/token",
        "/rest/V1/inventory/source-items",
        "/rest/V1/carts/mine",
    } <= paths
    assert len(operations(openapi)) > 60


def test_the_bearer_scheme_guards_every_route_but_the_anonymous_ones(openapi):
    anonymous = {("/rest/V1/integration/admin/token", "post"), ("/rest/V1/integration/customer/token", "post"),
                 ("/rest/V1/customers", "post")}
    anonymous |= {("/rest/V1/customers/password", "put"), ("/rest/V1/customers/resetPassword", "post"),
                  ("/rest/V1/customers/{customer_id}/password/resetLinkToken/{token}", "get"),
                  ("/rest/V1/customers/isEmailAvailable", "post")}  # Magento_Customer's anonymous account routes
    anonymous |= {("/rest/V1/directory/countries", "get"), ("/rest/V1/directory/countries/{country_id}", "get"),
                  ("/rest/V1/directory/currency", "get")}  # Magento_Directory's
    anonymous |= {("/rest/V1/inventory/in-store-pickup/pickup-locations", "get")}  # InventoryInStorePickupApi's

    assert openapi["components"]["securitySchemes"]["MagentoBearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "An admin token (POST /V1/integration/admin/token) or a customer token "
        "(POST /V1/integration/customer/token).",
    }
    for path, method, operation in operations(openapi):
        # Magento's guest-carts routes are anonymous, but a customer's take-over of a guest cart (self).
        if (path, method) in anonymous or (
            path.startswith("/rest/V1/guest-carts") and (path, method) != ("/rest/V1/guest-carts/{masked_id}", "put")
        ):
            assert {} in operation.get("security", [{}]), (path, method)
        else:
            assert operation["security"][0] == {"MagentoBearer": []}, (path, method)
            assert operation["security"][1:] in ([], [{"MagentoOAuth1": []}]), (path, method)


def test_the_oauth_scheme_stands_beside_bearer_on_the_routes_integrations_can_open(openapi):
    """An integration's signed request (backoffice/rest/auth.py OAuthSignatureAuthentication) opens admin
    resources, never a customer's own (``self``) routes."""
    paths = openapi["paths"]

    assert openapi["components"]["securitySchemes"]["MagentoOAuth1"]["type"] == "apiKey"
    assert openapi["components"]["securitySchemes"]["MagentoOAuth1"]["name"] == "Authorization"
    assert paths["/rest/V1/orders"]["get"]["security"] == [{"MagentoBearer": []}, {"MagentoOAuth1": []}]
    assert paths["/rest/V1/carts/mine"]["get"]["security"] == [{"MagentoBearer": []}]


def test_every_operation_declares_magentos_error_body(openapi):
    error = {"$ref": "#/components/schemas/MagentoError"}

    assert openapi["components"]["schemas"]["MagentoError"]["required"] == ["message"]
    for path, method, operation in operations(openapi):
        for code in ("400", "401", "404", "500"):
            assert operation["responses"][code]["content"]["application/json"]["schema"] == error, (path, method)


def test_the_document_creating_posts_declare_their_body_and_the_idempotency_key(openapi):
    for path in ("/rest/V1/order/{order_id}/invoice", "/rest/V1/order/{order_id}/ship"):
        operation = openapi["paths"][path]["post"]
        assert "Idempotency-Key" in {p["name"] for p in operation["parameters"] if p["in"] == "header"}
        assert "422" in operation["responses"]
        assert operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].startswith(
            "#/components/schemas/"
        )
        assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {"type": "integer"}


def test_the_schema_generates_without_warnings_or_errors():
    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        SchemaGenerator().get_schema(request=None, public=True)

    assert (GENERATOR_STATS._warn_cache, GENERATOR_STATS._error_cache) == ({}, {})


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


BOUNDARY = "boundary"


def _leaves(value: object, path: tuple = ()) -> list[tuple[tuple, object]]:
    """Every integer and string inside a JSON value, with its path."""
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in _leaves(item, (*path, key))]
    if isinstance(value, list):
        return [leaf for index, item in enumerate(value) for leaf in _leaves(item, (*path, index))]
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return [(path, value)]
    return []


def _replaced(value: object, path: tuple, new: object) -> object:
    if not path:
        return new
    head, *rest = path
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[head] = _replaced(copy[head], tuple(rest), new)
    return copy


@st.composite
def boundary_cases(draw: st.DrawFn, operation: object) -> schemathesis.Case:
    """A valid request with one integer or string (body, path or query) replaced by a boundary value."""
    case = draw(operation.as_strategy(generation_mode=GenerationMode.POSITIVE))
    targets = [
        (part, path, old)
        for part in ("body", "path_parameters", "query")
        for path, old in _leaves(getattr(case, part) or ({} if part != "body" else None))
    ]
    if targets:
        part, path, old = draw(st.sampled_from(targets))
        new = draw(st.sampled_from(STRING_BOUNDARIES if isinstance(old, str) else INTEGER_BOUNDARIES))
        setattr(case, part, _replaced(getattr(case, part), path, new))
    return case


def fuzz(operation: object, mode: GenerationMode | str, token: Callable[[], str]) -> str | None:
    """Run up to MAX_EXAMPLES generated requests against one operation; the first failure, shrunk, or None."""
    strategy = boundary_cases(operation) if mode == BOUNDARY else operation.as_strategy(generation_mode=mode)

    @hypothesis_settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
    )
    @given(case=strategy)
    def run(case: schemathesis.Case) -> None:
        case.call_and_validate(headers={"Authorization": f"Bearer {token()}"}, checks=CHECKS)

    try:
        run()
    except Unsatisfiable:  # nothing to make invalid: an anonymous GET whose only parameter takes any string
        return None
    except (Exception, BaseExceptionGroup) as error:  # collected: one report for every operation
        return f"{operation.label} [{getattr(mode, 'value', mode)}]: {error}"
    return None


def acl_resource(path: str, method: str) -> str | None:
    """The ACL resource of the view behind a schema path (path parameters filled with 1) for ``method``."""
    view_class = resolve(re.sub(r"\{[^}]+\}", "1", path)).func.view_class
    return acl_of(view_class, method.upper())[0]


@pytest.fixture
def connection_kept_across_requests():
    """Django closes the connection when a WSGI request ends (the test client prevents it; schemathesis calls
    the WSGI app directly), which would end the test's transaction on PostgreSQL."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_fuzzing_every_operation_finds_no_server_error_and_no_answer_outside_the_schema(
    tutorial, admin_user, connection_kept_across_requests, settings
):
    """Positive (valid by the schema), negative (invalid) and boundary requests (valid ones with one integer or
    string replaced by 2^31, 2^32, 2^63, 1e30, -1, a NUL byte or 100,000 characters), on the tutorial's data:
    admin routes with an admin token, the customer's own ("self") routes with a fresh customer token for each
    request."""
    settings.SIGN_IN_THROTTLE_PER_USERNAME = 0  # the harness signs in for every request (test_sign_in.py tests it)
    api_schema = schemathesis.openapi.from_wsgi("/rest/schema", get_wsgi_application())
    accounts = itertools.count(1)

    def customer_token() -> str:
        """A new account for each request: a self route may change its password or email, or lock it."""
        email = f"fuzz{next(accounts)}@example.com"
        create_customer(CustomerData(email=email, firstname="F", lastname="Z"), password="Password1")
        return create_customer_token(email, "Password1")

    tokens = {"admin": lambda: create_admin_access_token("admin", "password"), SELF: customer_token}
    operations = [result.ok() for result in api_schema.get_all_operations()]

    failures = [
        failure
        for operation in operations
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE, BOUNDARY)
        if (failure := fuzz(operation, mode, tokens.get(acl_resource(operation.path, operation.method), tokens["admin"])))
    ]

    assert len(operations) > 55
    assert not failures, "\n\n".join(failures)
