"""GET /V1/store/websites, storeGroups, storeViews and storeConfigs: a fresh Magento install's store structure, keys
in the data interfaces' order, Magento_Backend::store open to any active staff user's admin token."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from backoffice.rest.tokens import create_admin_access_token
from customers.customers import CustomerData, create_customer, create_customer_token

pytestmark = pytest.mark.django_db

PREFIXES = ["/rest/V1", "/rest/default/V1", "/rest/all/V1"]
ROUTES = ["/store/websites", "/store/storeGroups", "/store/storeViews", "/store/storeConfigs"]
REFUSED = {"message": "The consumer isn't authorized to access %resources.",
           "parameters": {"resources": "Magento_Backend::store"}}

WEBSITES = [
    {"id": 0, "code": "admin", "name": "Admin", "default_group_id": 0},
    {"id": 1, "code": "base", "name": "Main Website", "default_group_id": 1},
]
STORE_GROUPS = [
    {"id": 0, "website_id": 0, "root_category_id": 0, "default_store_id": 0, "name": "Default", "code": "default"},
    {"id": 1, "website_id": 1, "root_category_id": 2, "default_store_id": 1, "name": "Main Website Store",
     "code": "main_website_store"},
]
STORE_VIEWS = [
    {"id": 0, "code": "admin", "name": "Admin", "website_id": 0, "store_group_id": 0, "is_active": 1},
    {"id": 1, "code": "default", "name": "Default Store View", "website_id": 1, "store_group_id": 1, "is_active": 1},
]


def store_config(base_url: str = "http://testserver/") -> dict:
    return {
        "id": 1,
        "code": "default",
        "website_id": 1,
        "locale": "en_US",
        "base_currency_code": "USD",
        "default_display_currency_code": "USD",
        "timezone": "UTC",
        "weight_unit": "lbs",
        "base_url": base_url,
        "base_link_url": base_url,
        "base_static_url": base_url + "static/",
        "base_media_url": base_url + "media/",
        "secure_base_url": base_url,
        "secure_base_link_url": base_url,
        "secure_base_static_url": base_url + "static/",
        "secure_base_media_url": base_url + "media/",
    }


def ordered(body: object) -> object:
    """Dicts as lists of (key, value) pairs, so that comparing also compares key order."""
    if isinstance(body, dict):
        return [(key, ordered(value)) for key, value in body.items()]
    if isinstance(body, list):
        return [ordered(item) for item in body]
    return body


def magento_json(data: object) -> bytes:
    """PHP's json_encode: compact, "/" escaped."""
    return json.dumps(data, separators=(",", ":")).replace("/", "\\/").encode()


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize(
    ("route", "expected"),
    [("/store/websites", WEBSITES), ("/store/storeGroups", STORE_GROUPS), ("/store/storeViews", STORE_VIEWS),
     ("/store/storeConfigs", [store_config()])],
)
def test_each_list_is_magentos_body_byte_for_byte_under_each_store_prefix(rest_client, prefix, route, expected):
    response = rest_client.get(prefix + route)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.content == magento_json(expected)
    assert ordered(response.json()) == ordered(expected)


def test_store_configs_print_their_urls_escaped_as_php_does(rest_client):
    response = rest_client.get("/rest/V1/store/storeConfigs")

    assert b'"base_url":"http:\\/\\/testserver\\/"' in response.content
    assert b'"base_media_url":"http:\\/\\/testserver\\/media\\/"' in response.content


def test_store_configs_leave_the_admin_store_out_and_the_store_views_list_it(rest_client):
    views = rest_client.get("/rest/V1/store/storeViews").json()
    configs = rest_client.get("/rest/V1/store/storeConfigs").json()

    assert [view["code"] for view in views] == ["admin", "default"]
    assert [config["code"] for config in configs] == ["default"]


def test_the_store_view_ids_are_the_rest_scopes_store_ids(rest_client):
    """/rest/default/V1 is store 1 and /rest/all/V1 store 0 (MAGENTO_STORE_CODES), as the store views say."""
    views = {view["code"]: view["id"] for view in rest_client.get("/rest/V1/store/storeViews").json()}

    assert views == {"default": settings.MAGENTO_STORE_CODES["default"], "admin": settings.MAGENTO_STORE_CODES["all"]}


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("storeCodes[]=default", ["default"]),
        ("storeCodes[0]=default", ["default"]),
        ("storeCodes[]=unknown&storeCodes[]=default", ["default"]),
        ("store_codes[]=default", ["default"]),  # Magento also reads the parameter's snake_case name
        ("storeCodes[]=unknown", []),
        ("storeCodes[]=admin", []),  # the admin store is never a store config
        ("storeCodes[]=", []),
        ("storeCodes[]=Default", []),  # codes are case-sensitive
        ("searchCriteria[pageSize]=1", ["default"]),  # a parameter the service does not take is ignored
    ],
)
def test_store_codes_restrict_the_store_configs(rest_client, query, codes):
    response = rest_client.get(f"/rest/V1/store/storeConfigs?{query}")

    assert response.status_code == 200
    assert [config["code"] for config in response.json()] == codes


def test_the_filtered_store_config_is_the_whole_interface(rest_client):
    response = rest_client.get("/rest/default/V1/store/storeConfigs?storeCodes[]=default")

    assert response.content == magento_json([store_config()])


def test_an_unknown_store_code_answers_an_empty_list(rest_client):
    response = rest_client.get("/rest/V1/store/storeConfigs?storeCodes[]=nope")

    assert response.status_code == 200
    assert response.content == b"[]"


def test_store_codes_as_a_plain_string_is_refused_as_magentos_type_check_does(rest_client):
    response = rest_client.get("/rest/V1/store/storeConfigs?storeCodes=default")

    assert response.status_code == 400
    assert response.json() == {
        "message": 'The "string" value\'s type is invalid. The "string[]" type was expected. Verify and try again.'
    }


def test_the_urls_are_those_of_the_host_and_scheme_asked(rest_client, settings):
    settings.ALLOWED_HOSTS = ["shop.example.com"]

    response = rest_client.get("/rest/V1/store/storeConfigs", HTTP_HOST="shop.example.com", secure=True)

    assert response.json() == [store_config("https://shop.example.com/")]


def test_the_store_config_follows_the_settings(rest_client, settings):
    settings.MAGENTO_LOCALE, settings.MAGENTO_CURRENCY_CODE, settings.MAGENTO_WEIGHT_UNIT = "fr_FR", "EUR", "kgs"

    config = rest_client.get("/rest/V1/store/storeConfigs").json()[0]

    assert (config["locale"], config["base_currency_code"], config["default_display_currency_code"],
            config["timezone"], config["weight_unit"]) == ("fr_FR", "EUR", "EUR", settings.TIME_ZONE, "kgs")


# --- access -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("route", ROUTES)
def test_without_a_token_each_route_answers_magentos_401(prefix, route):
    response = APIClient().get(prefix + route)

    assert response.status_code == 401
    assert response.json() == REFUSED


@pytest.mark.parametrize("route", ROUTES)
def test_an_unknown_token_is_a_guest(route):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer " + "a" * 32)

    response = client.get("/rest/V1" + route)

    assert response.status_code == 401
    assert response.json() == REFUSED


@pytest.mark.parametrize("route", ROUTES)
def test_a_customer_token_is_refused(route):
    create_customer(CustomerData(email="jane@example.com", firstname="Jane", lastname="Doe"), password="Password1")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {create_customer_token('jane@example.com', 'Password1')}")

    response = client.get("/rest/V1" + route)

    assert response.status_code == 401
    assert response.json() == REFUSED


@pytest.mark.parametrize("route", ROUTES)
def test_any_staff_user_reads_the_store_structure_without_any_permission(staff_client_with, route):
    response = staff_client_with().get("/rest/V1" + route)

    assert response.status_code == 200
    assert response.json()


def test_a_deactivated_staff_users_token_opens_nothing(django_user_model):
    user = django_user_model.objects.create_user("clerk", password="clerk-password", is_staff=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {create_admin_access_token('clerk', 'clerk-password')}")
    user.is_active = False
    user.save()

    response = client.get("/rest/V1/store/websites")

    assert response.status_code == 401
    assert response.json() == REFUSED


def test_a_staff_user_demoted_after_sign_in_is_refused(django_user_model):
    user = django_user_model.objects.create_user("clerk", password="clerk-password", is_staff=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {create_admin_access_token('clerk', 'clerk-password')}")
    django_user_model.objects.filter(pk=user.pk).update(is_staff=False)

    response = client.get("/rest/V1/store/websites")

    assert response.status_code == 401
    assert response.json() == REFUSED


@pytest.mark.parametrize("method", ["post", "put", "delete"])
@pytest.mark.parametrize("route", ROUTES)
def test_the_routes_are_read_only(rest_client, method, route):
    response = getattr(rest_client, method)("/rest/V1" + route, {}, format="json")

    assert response.status_code == 404
    assert response.json() == {"message": "Request does not match any route."}


def test_the_schema_describes_the_four_routes_and_the_store_codes_parameter(client):
    paths = client.get("/rest/schema").json()["paths"]

    for route in ROUTES:
        assert set(paths["/rest/V1" + route]) == {"get"}
    parameters = paths["/rest/V1/store/storeConfigs"]["get"]["parameters"]
    assert [(p["name"], p["in"], p["schema"]["type"]) for p in parameters] == [("storeCodes[]", "query", "array")]
