"""Access: every REST route declares its ACL resource and none is open by mistake; customer tokens never reach
admin routes nor another customer's data; tokens can be revoked, and die with the password they were issued
under."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from rest_framework.test import APIClient

from backoffice.rest.acl import acl_of
from backoffice.rest.errors import no_route
from backoffice.rest.models import UserType
from backoffice.rest.permissions import ANONYMOUS, SELF
from backoffice.rest.tokens import create_admin_access_token, issue_access_token
from checkout.models import QuoteItem
from customers.customers import CustomerAddressData, CustomerData, create_customer, create_customer_token
from customers.models import CustomerAddress
from tests.factories import make_product

from .support import bearer

pytestmark = pytest.mark.django_db

NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."
# The only routes a caller without a token may use, as in Magento's webapi.xml ("anonymous").
ANONYMOUS_ROUTES = {
    ("POST", "rest/V1/integration/admin/token"),
    ("POST", "rest/V1/integration/customer/token"),
    ("POST", "rest/V1/customers"),
    ("GET", "rest/schema"),
    ("GET", "rest/all/schema"),
}
METHODS = ("GET", "POST", "PUT", "DELETE")


@dataclass(frozen=True)
class Route:
    method: str
    url: str  # a concrete URL, without the leading "/"
    view_class: type

    def _declared(self) -> tuple[str | None, str | None]:
        """The view's (acl_resource, permission_required) for this method."""
        return acl_of(self.view_class, self.method)

    @property
    def acl_resource(self) -> str | None:
        return self._declared()[0]

    @property
    def permission_required(self) -> str | None:
        return self._declared()[1]


def _concrete(route: str) -> str:
    """A URL matching the pattern: 1 for an int or id converter, "x" for any other, regex anchors dropped."""
    url = re.sub(r"<(?:(\w+):)?\w+>", lambda m: "1" if m.group(1) in ("int", "id") else "x", route)
    return url.replace("^", "").replace("$", "").replace("/?", "")


def _walk(patterns: list, prefix: str = "") -> list[tuple[str, object]]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found += _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            found.append((prefix + str(pattern.pattern), pattern.callback))
    return found


def rest_routes() -> list[Route]:
    """Every (method, route) under /rest/ of the URL resolver, on its default-store mount /rest/V1/."""
    routes = []
    for route, callback in _walk(get_resolver().url_patterns):
        if not route.startswith("rest/") or route.startswith("^rest/(?P<store_code>") or callback is no_route:
            continue
        view_class = callback.view_class  # every other /rest/ route is a class-based view
        url = _concrete(route)
        assert resolve(f"/{url}").func is callback, route
        routes += [Route(method, url, view_class) for method in METHODS if hasattr(view_class, method.lower())]
    return routes


ROUTES = rest_routes()
IDS = [f"{r.method} /{r.url}" for r in ROUTES]
ADMIN_ROUTES = [r for r in ROUTES if r.acl_resource not in (ANONYMOUS, SELF)]
SELF_ROUTES = [r for r in ROUTES if r.acl_resource == SELF]


def call(client: APIClient, route: Route):
    return client.generic(route.method, f"/{route.url}", "{}", content_type="application/json")


def test_the_walk_finds_every_rest_route():
    assert len(ROUTES) > 60
    assert {("POST", "rest/V1/order/1/invoice"), ("GET", "rest/V1/orders/1"), ("DELETE", "rest/V1/shipment/track/1"),
            ("POST", "rest/V1/carts/mine/payment-information")} <= {(r.method, r.url) for r in ROUTES}


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
def test_every_route_declares_its_acl_resource(route):
    assert route.acl_resource, f"{route.view_class.__qualname__} declares no acl_resource for {route.method}"
    if route.acl_resource not in (ANONYMOUS, SELF):
        assert re.fullmatch(r"Magento_\w+::\w+", route.acl_resource)
        assert re.fullmatch(r"\w+\.\w+", route.permission_required or ""), "an admin resource needs a permission"


def test_only_the_allowlisted_routes_are_anonymous():
    """Besides the allowlist, Magento's guest-carts routes: all anonymous (the masked id is the credential)."""
    anonymous = {(r.method, r.url) for r in ROUTES if r.acl_resource == ANONYMOUS}
    guest_carts = {(r.method, r.url) for r in ROUTES if r.url.startswith("rest/V1/guest-carts")}

    assert guest_carts
    assert anonymous == ANONYMOUS_ROUTES | guest_carts


@pytest.mark.parametrize("route", [r for r in ROUTES if r.acl_resource != ANONYMOUS],
                         ids=[i for r, i in zip(ROUTES, IDS, strict=True) if r.acl_resource != ANONYMOUS])
def test_every_other_route_answers_401_without_a_token(route):
    response = call(APIClient(), route)

    assert response.status_code == 401
    assert response.json() == {"message": NOT_AUTHORIZED, "parameters": {"resources": route.acl_resource}}


@pytest.fixture
def customer_token() -> str:
    create_customer(CustomerData(email="jane@example.com", firstname="Jane", lastname="Doe"), password="Password1")
    return create_customer_token("jane@example.com", "Password1")


@pytest.mark.parametrize("route", ADMIN_ROUTES, ids=[i for r, i in zip(ROUTES, IDS, strict=True) if r in ADMIN_ROUTES])
def test_a_customer_token_never_reaches_an_admin_route(customer_token, route):
    response = call(bearer(customer_token), route)

    assert response.status_code == 401
    assert response.json() == {"message": NOT_AUTHORIZED, "parameters": {"resources": route.acl_resource}}


@pytest.mark.parametrize("route", SELF_ROUTES, ids=[i for r, i in zip(ROUTES, IDS, strict=True) if r in SELF_ROUTES])
def test_an_admin_token_is_no_customer_on_self_routes(rest_client, route):
    response = call(rest_client, route)

    assert response.status_code == 401
    assert response.json() == {"message": NOT_AUTHORIZED, "parameters": {"resources": SELF}}


# --- object-level checks: an id in the path never reaches another customer's data ---------------------------


def customer(email: str) -> APIClient:
    create_customer(CustomerData(email=email, firstname="Jane", lastname="Doe"), password="Password1")
    return bearer(create_customer_token(email, "Password1"))


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_a_customer_cannot_touch_another_customers_cart_item_by_its_id(method):
    make_product(sku="24-WB01", quantity=10)
    jane, john = customer("jane@example.com"), customer("john@example.com")
    jane.post("/rest/V1/carts/mine")
    janes_item = jane.post("/rest/V1/carts/mine/items", {"cartItem": {"sku": "24-WB01", "qty": 2}}, format="json")
    john.post("/rest/V1/carts/mine")
    item_id = janes_item.json()["item_id"]

    response = john.generic(method, f"/rest/V1/carts/mine/items/{item_id}",
                            '{"cartItem": {"sku": "24-WB01", "qty": 9}}', content_type="application/json")

    assert response.status_code == 404
    assert QuoteItem.objects.get(pk=item_id).qty == 2


def test_customers_me_is_the_tokens_customer_only():
    jane, john = customer("jane@example.com"), customer("john@example.com")

    assert jane.get("/rest/V1/customers/me").json()["email"] == "jane@example.com"
    assert john.get("/rest/V1/customers/me").json()["email"] == "john@example.com"


def test_a_customer_cannot_read_customers_by_id():
    jane = customer("jane@example.com")
    jane_id = jane.get("/rest/V1/customers/me").json()["id"]

    response = jane.get(f"/rest/V1/customers/{jane_id}")

    assert response.status_code == 401


def customer_with_address(email: str, city: str) -> tuple[APIClient, CustomerAddress]:
    address = CustomerAddressData(firstname="J", lastname="D", street=["1 Main St."], city=city, country_id="US",
                                  telephone="555", postcode="11501", default_billing=True, default_shipping=True)
    created = create_customer(CustomerData(email=email, firstname="J", lastname="D", addresses=[address]),
                              password="Password1")
    return bearer(create_customer_token(email, "Password1")), created.addresses.get()


def test_a_customer_reads_only_its_own_default_addresses():
    jane, _ = customer_with_address("jane@example.com", "Mineola")
    john, _ = customer_with_address("john@example.com", "Albany")

    for kind in ("billingAddress", "shippingAddress"):
        assert jane.get(f"/rest/V1/customers/me/{kind}").json()["city"] == "Mineola"
        assert john.get(f"/rest/V1/customers/me/{kind}").json()["city"] == "Albany"


@pytest.mark.parametrize(("method", "url"), [
    ("GET", "/rest/V1/customers/addresses/{address}"),
    ("DELETE", "/rest/V1/addresses/{address}"),
    ("GET", "/rest/V1/customers/{customer}/billingAddress"),
    ("GET", "/rest/V1/customers/{customer}/shippingAddress"),
])
def test_a_customer_token_never_reaches_another_customers_address_by_id(method, url):
    """Magento's webapi.xml: these are Magento_Customer::manage (admin) routes, even for one's own address."""
    jane, _ = customer_with_address("jane@example.com", "Mineola")
    _, johns = customer_with_address("john@example.com", "Albany")

    response = jane.generic(method, url.format(address=johns.pk, customer=johns.customer_id))

    assert response.status_code == 401
    assert response.json() == {"message": NOT_AUTHORIZED, "parameters": {"resources": "Magento_Customer::manage"}}
    assert CustomerAddress.objects.filter(pk=johns.pk).exists()


# --- revocation ---------------------------------------------------------------------------------------------

REVOKE_URL = "/rest/V1/integration/customer/revoke-customer-token"


def test_a_customer_revokes_every_one_of_their_tokens():
    create_customer(CustomerData(email="jane@example.com", firstname="Jane", lastname="Doe"), password="Password1")
    phone, laptop = (create_customer_token("jane@example.com", "Password1") for _ in range(2))

    response = bearer(phone).post(REVOKE_URL)

    assert (response.status_code, response.content) == (200, b"true")
    assert bearer(phone).get("/rest/V1/customers/me").status_code == 401
    assert bearer(laptop).get("/rest/V1/customers/me").status_code == 401


def test_revoking_leaves_other_customers_signed_in():
    jane = customer("jane@example.com")
    john = customer("john@example.com")

    jane.post(REVOKE_URL)

    assert john.get("/rest/V1/customers/me").status_code == 200


def test_revoking_needs_a_customer_token(rest_client):
    assert APIClient().post(REVOKE_URL).status_code == 401
    assert rest_client.post(REVOKE_URL).status_code == 401


def test_a_password_change_revokes_the_admins_older_tokens(admin_user, admin_token):
    other = create_admin_access_token("admin", "password")
    admin_user.set_password("a-new-password")
    admin_user.save()

    assert bearer(admin_token).get("/rest/V1/orders?searchCriteria[pageSize]=1").status_code == 401
    assert bearer(other).get("/rest/V1/orders?searchCriteria[pageSize]=1").status_code == 401
    fresh = create_admin_access_token("admin", "a-new-password")
    assert bearer(fresh).get("/rest/V1/orders?searchCriteria[pageSize]=1").status_code == 200


def test_a_password_change_leaves_other_admins_signed_in(admin_user, django_user_model):
    django_user_model.objects.create_superuser("second", "second@example.com", "password")
    second = create_admin_access_token("second", "password")

    admin_user.set_password("a-new-password")
    admin_user.save()

    assert bearer(second).get("/rest/V1/orders?searchCriteria[pageSize]=1").status_code == 200


def test_saving_the_user_without_a_new_password_keeps_the_tokens(admin_user, admin_token):
    admin_user.first_name = "Ada"
    admin_user.save()

    assert bearer(admin_token).get("/rest/V1/orders?searchCriteria[pageSize]=1").status_code == 200


def test_an_admin_token_issued_without_the_password_fingerprint_opens_nothing(admin_user):
    token = issue_access_token(UserType.ADMIN, user=admin_user, lifetime=timedelta(hours=1))

    assert bearer(token).get("/rest/V1/orders?searchCriteria[pageSize]=1").status_code == 401


@pytest.mark.parametrize("path", ["/rest/V1/nonsense", "/rest/V1/order/abc/invoice", "/rest/default/V1/x/y"])
def test_an_unknown_rest_path_is_magentos_json_404_even_to_a_client_enforcing_csrf(path):
    """Found by schemathesis: the catch-all was not csrf-exempt, so a real client's POST got Django's 403 page."""
    response = APIClient(enforce_csrf_checks=True).post(path, {}, format="json")

    assert (response.status_code, response.json()) == (404, {"message": "Request does not match any route."})


def test_rest_routes_never_ask_for_a_csrf_token(admin_user):
    response = APIClient(enforce_csrf_checks=True).post(
        "/rest/V1/integration/admin/token", {"username": "admin", "password": "password"}, format="json"
    )

    assert response.status_code == 200
