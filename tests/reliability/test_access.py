"""Access: every REST route declares its ACL resource and none is open by mistake; customer tokens never reach
admin routes nor another customer's data; tokens can be revoked, and die with the password they were issued
under."""

from __future__ import annotations

import json
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
from checkout.models import Quote, QuoteIdMask, QuoteItem
from customers.customers import CustomerAddressData, CustomerData, create_customer, create_customer_token
from customers.models import Customer, CustomerAddress
from sales.models import Order
from tests.factories import make_product

from .support import bearer

pytestmark = pytest.mark.django_db

NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."
# The only routes a caller without a token may use, as in Magento's webapi.xml ("anonymous").
ANONYMOUS_ROUTES = {
    ("POST", "rest/V1/integration/admin/token"),
    ("POST", "rest/V1/integration/customer/token"),
    ("POST", "rest/V1/customers"),
    # Magento_Customer's password reset and isEmailAvailable (webapi.xml: anonymous).
    ("PUT", "rest/V1/customers/password"),
    ("GET", "rest/V1/customers/1/password/resetLinkToken/x"),
    ("POST", "rest/V1/customers/resetPassword"),
    ("POST", "rest/V1/customers/isEmailAvailable"),
    ("GET", "rest/schema"),
    ("GET", "rest/all/schema"),
    ("GET", "rest/V1/directory/countries"),  # Magento_Directory etc/webapi.xml: all three anonymous
    ("GET", "rest/V1/directory/countries/x"),
    ("GET", "rest/V1/directory/currency"),
    ("GET", "rest/V1/inventory/in-store-pickup/pickup-locations"),  # InventoryInStorePickupApi etc/webapi.xml
}
# Guest checkout: every guest-carts route is anonymous but one (test_guest_carts_are_anonymous_...).
GUEST_CARTS = "rest/V1/guest-carts"
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
    """Besides the allowlist, Magento's guest-carts routes (the masked id is the credential; see below)."""
    anonymous = {(r.method, r.url) for r in ROUTES if r.acl_resource == ANONYMOUS}

    assert {(method, url) for method, url in anonymous if not url.startswith(GUEST_CARTS)} == ANONYMOUS_ROUTES


def test_guest_carts_are_anonymous_but_taking_one_over_needs_the_customers_token():
    """Magento_Quote and Magento_Checkout webapi.xml: the masked id is the guest's key to every guest-carts route,
    except PUT guest-carts/{cartId} (assignCustomer), which is ``self``."""
    guest_routes = {(r.method, r.url): r.acl_resource for r in ROUTES if r.url.startswith(GUEST_CARTS)}

    assert guest_routes.pop(("PUT", f"{GUEST_CARTS}/x")) == SELF
    assert {("POST", GUEST_CARTS), ("GET", f"{GUEST_CARTS}/x"), ("PUT", f"{GUEST_CARTS}/x/order")} <= set(guest_routes)
    assert set(guest_routes.values()) == {ANONYMOUS}


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


# Guest carts and carts by id (Magento_Quote webapi.xml, Model/GuestCart/*, Model/QuoteManagement.php): a masked id
# opens its own cart only, never by the integer id, never a customer's cart (masks exist for guest carts only:
# assignCustomer deletes it); carts/{cartId} is for admins, whatever cart id a customer tries.
GUEST_ROUTES = [("GET", "guest-carts/{}", None), ("PUT", "guest-carts/{}", {"customerId": 0, "storeId": 1}),
                ("PUT", "guest-carts/{}/order", {"paymentMethod": {"method": "checkmo"}})]
BY_ID_ROUTES = [("GET", "carts/{}", None), ("PUT", "carts/{}", {"customerId": 0, "storeId": 1}),
                ("PUT", "carts/{}/order", {"paymentMethod": {"method": "checkmo"}})]


def send(client: APIClient, method: str, url: str, body: dict | None) -> object:
    return client.generic(method, f"/rest/V1/{url}", json.dumps(body or {}), content_type="application/json")


def guest_cart() -> tuple[str, int]:
    masked_id = APIClient().post("/rest/V1/guest-carts").json()
    return masked_id, QuoteIdMask.objects.get(masked_id=masked_id).quote_id


@pytest.mark.parametrize(("method", "url", "body"), GUEST_ROUTES, ids=[f"{m} {u}" for m, u, _ in GUEST_ROUTES])
def test_a_guest_route_takes_no_integer_cart_id(method, url, body):
    jane = customer("jane@example.com")
    jane_id = jane.get("/rest/V1/customers/me").json()["id"]
    _, cart_id = guest_cart()
    body = {**body, "customerId": jane_id} if body and "customerId" in body else body

    response = send(jane if url == "guest-carts/{}" and method == "PUT" else APIClient(), method, url.format(cart_id),
                    body)

    assert response.status_code == 404
    assert response.json()["parameters"] == {"fieldName": "cartId", "fieldValue": None}
    assert Quote.objects.get(pk=cart_id).customer_id is None


@pytest.mark.parametrize(("method", "url", "body"), GUEST_ROUTES, ids=[f"{m} {u}" for m, u, _ in GUEST_ROUTES])
def test_a_guest_route_never_reaches_a_customers_cart(method, url, body):
    make_product(sku="24-WB01", quantity=10)
    jane = customer("jane@example.com")
    jane_id = jane.get("/rest/V1/customers/me").json()["id"]
    masked_id, cart_id = guest_cart()
    jane.put(f"/rest/V1/guest-carts/{masked_id}", {"customerId": jane_id, "storeId": 1}, format="json")
    jane.post("/rest/V1/carts/mine/items", {"cartItem": {"sku": "24-WB01", "qty": 2}}, format="json")
    body = {**body, "customerId": jane_id} if body and "customerId" in body else body

    for target in (masked_id, str(cart_id)):  # the mask it had, and its id
        response = send(jane if url == "guest-carts/{}" and method == "PUT" else APIClient(), method,
                        url.format(target), body)
        assert response.status_code == 404, target
    assert Quote.objects.get(pk=cart_id).is_active is True
    assert not Order.objects.exists()


def test_a_masked_id_opens_its_own_cart_only():
    make_product(sku="24-WB01", quantity=10)
    (mine, my_id), (theirs, their_id) = guest_cart(), guest_cart()
    APIClient().post(f"/rest/V1/guest-carts/{theirs}/items", {"cartItem": {"sku": "24-WB01", "qty": 1}}, format="json")

    assert APIClient().get(f"/rest/V1/guest-carts/{mine}").json()["id"] == my_id
    assert APIClient().get(f"/rest/V1/guest-carts/{theirs}").json()["id"] == their_id
    assert APIClient().get(f"/rest/V1/guest-carts/{mine[:-1]}").status_code == 404
    assert APIClient().get(f"/rest/V1/guest-carts/{mine.upper()}").status_code == 404


@pytest.mark.parametrize(("method", "url", "body"), BY_ID_ROUTES, ids=[f"{m} {u}" for m, u, _ in BY_ID_ROUTES])
def test_a_customer_never_opens_another_customers_cart_by_its_id(method, url, body):
    jane, john = customer("jane@example.com"), customer("john@example.com")
    janes_cart = jane.post("/rest/V1/carts/mine").json()
    john_id = john.get("/rest/V1/customers/me").json()["id"]
    body = {**body, "customerId": john_id} if body and "customerId" in body else body

    for client in (john, jane):
        response = send(client, method, url.format(janes_cart), body)
        assert response.status_code == 401
        assert response.json()["parameters"] == {"resources": "Magento_Cart::manage"}
    assert Quote.objects.get(pk=janes_cart).customer.email == "jane@example.com"


def test_a_customer_saves_and_orders_only_their_own_cart():
    jane, john = customer("jane@example.com"), customer("john@example.com")
    janes_cart = jane.post("/rest/V1/carts/mine").json()
    jane_id = jane.get("/rest/V1/customers/me").json()["id"]

    saved = john.put("/rest/V1/carts/mine", {"quote": {"id": janes_cart, "customer": {"id": jane_id}}}, format="json")
    ordered = john.put("/rest/V1/carts/mine/order", {"paymentMethod": {"method": "checkmo"}}, format="json")

    assert saved.status_code == 404  # John has no cart: %cart_id% is his, whatever quote.id the body says
    assert ordered.status_code == 404
    assert Quote.objects.get(pk=janes_cart).is_active is True
CART_SERVICES = ("items", "items/1", "billing-address", "shipping-methods", "estimate-shipping-methods",
                 "estimate-shipping-methods-by-address-id", "shipping-information", "selected-payment-method",
                 "payment-methods", "totals", "totals-information", "coupons", "coupons/x")
BY_ID_CART_ROUTES = [r for r in ROUTES if re.fullmatch(r"rest/V1/carts/1/.+", r.url)]


def test_the_walk_sees_the_cart_services_by_id_with_magentos_resource():
    """module-quote/etc/webapi.xml and module-checkout/etc/webapi.xml: every carts/:cartId service is
    Magento_Cart::manage."""
    urls = {r.url for r in BY_ID_CART_ROUTES}

    assert {f"rest/V1/carts/1/{suffix}" for suffix in CART_SERVICES} <= urls
    assert {r.acl_resource for r in BY_ID_CART_ROUTES} == {"Magento_Cart::manage"}


@pytest.mark.parametrize("route", BY_ID_CART_ROUTES, ids=[f"{r.method} /{r.url}" for r in BY_ID_CART_ROUTES])
def test_a_customer_token_never_reaches_another_customers_cart_by_its_id(route):
    """John holds Jane's real cart id: carts/{cartId} is an admin route, so his token gets Magento's 401 and Jane's
    cart is neither read nor written."""
    make_product(sku="24-WB01", quantity=10)
    jane, john = customer("jane@example.com"), customer("john@example.com")
    janes_cart = jane.post("/rest/V1/carts/mine").json()
    janes_item = jane.post("/rest/V1/carts/mine/items", {"cartItem": {"sku": "24-WB01", "qty": 2}}, format="json")
    john.post("/rest/V1/carts/mine")
    url = route.url.replace("carts/1/", f"carts/{janes_cart}/").replace("items/1", f"items/{janes_item.json()['item_id']}")
    body = ('{"cartItem": {"sku": "24-WB01", "qty": 9}, "address": {"city": "X"}, "method": {"method": "checkmo"}, '
            '"addressInformation": {"address": {"city": "X"}}}')

    response = john.generic(route.method, f"/{url}", body, content_type="application/json")

    assert response.status_code == 401
    assert response.json() == {"message": NOT_AUTHORIZED, "parameters": {"resources": "Magento_Cart::manage"}}
    cart = Quote.objects.get(pk=janes_cart)
    assert ([item.qty for item in cart.items.all()], cart.addresses.count(), cart.payment_method) == ([2], 0, None)


@pytest.mark.parametrize("suffix", ["items", "totals", "billing-address", "selected-payment-method", "coupons"])
def test_carts_mine_is_the_tokens_own_cart_only(suffix):
    """ParamOverriderCartId: %cart_id% is the token customer's active cart, whatever the request says."""
    make_product(sku="24-WB01", quantity=10)
    jane, john = customer("jane@example.com"), customer("john@example.com")
    janes_cart = jane.post("/rest/V1/carts/mine").json()
    jane.post("/rest/V1/carts/mine/items", {"cartItem": {"sku": "24-WB01", "qty": 2}}, format="json")
    jane.post("/rest/V1/carts/mine/billing-address", {"address": {"city": "Mineola"}}, format="json")
    john.post("/rest/V1/carts/mine")

    response = john.get(f"/rest/V1/carts/mine/{suffix}?cartId={janes_cart}")

    assert response.status_code == 200
    assert "Mineola" not in response.content.decode()
    assert "24-WB01" not in response.content.decode()


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
    address = CustomerAddressData(firstname="J", lastname="D", street=["1 Main St."], city=city, country_id="US", region_id=43,
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
# --- customer accounts: a customer token reaches only its own account (PUT|DELETE /V1/customers/{id}, me...) ---


def _jane_and_john() -> tuple[APIClient, Customer, Customer]:
    """Jane's client, and both accounts (John's has an address and a pending confirmation key)."""
    jane_client = customer("jane@example.com")
    customer("john@example.com")
    jane = Customer.objects.get(email="jane@example.com")
    john = Customer.objects.get(email="john@example.com")
    CustomerAddress.objects.create(customer=john, firstname="John", lastname="Roe", street="1 Main St.", city="Austin",
                                   country_id="US", telephone="1", postcode="73301")
    Customer.objects.filter(pk=john.pk).update(confirmation="k" * 32)
    return jane_client, jane, john


def _account_rows(pk: int) -> tuple[dict, list[dict]]:
    return (Customer.objects.filter(pk=pk).values().get(),
            list(CustomerAddress.objects.filter(customer_id=pk).order_by("pk").values()))


@pytest.mark.parametrize(("method", "path", "body"), [
    ("GET", "customers/{john}", None),
    ("PUT", "customers/{john}", {"customer": {"firstname": "Mallory"}}),
    ("DELETE", "customers/{john}", None),
    ("GET", "customers/{john}/confirm", None),
    ("GET", "customers/{john}/permissions/readonly", None),
    ("PUT", "customers/john@example.com/activate", {"confirmationKey": "k" * 32}),
    ("POST", "customers/confirm", {"email": "john@example.com", "websiteId": 1}),
    ("PUT", "customers/validate", {"customer": {"firstname": "x"}}),
])
def test_a_customer_token_cannot_reach_another_account_by_id_or_email(method, path, body):
    jane_client, _, john = _jane_and_john()
    before = _account_rows(john.pk)

    response = jane_client.generic(method, "/rest/V1/" + path.format(john=john.pk), json.dumps(body or {}),
                                   content_type="application/json")

    assert response.status_code == 401
    assert _account_rows(john.pk) == before


def test_saving_me_with_another_accounts_id_and_address_saves_only_ones_own():
    jane_client, jane, john = _jane_and_john()
    johns_address = john.addresses.get()
    before = _account_rows(john.pk)

    taken = jane_client.put("/rest/V1/customers/me", {"customer": {
        "id": john.pk, "firstname": "Jane", "lastname": "Doe", "email": "jane@example.com"}}, format="json")
    stolen = jane_client.put("/rest/V1/customers/me", {"customer": {
        "firstname": "Jane", "lastname": "Doe", "email": "jane@example.com", "addresses": [{
            "id": johns_address.pk, "firstname": "J", "lastname": "D", "street": ["x"], "city": "x",
            "countryId": "US", "regionId": 43, "postcode": "1", "telephone": "1"}]}}, format="json")

    assert (taken.status_code, taken.json()["id"]) == (200, jane.pk)
    assert stolen.status_code == 404
    assert _account_rows(john.pk) == before


def test_me_password_and_activation_act_on_the_tokens_customer_only():
    jane_client, _, john = _jane_and_john()
    before = _account_rows(john.pk)

    password = jane_client.put("/rest/V1/customers/me/password",
                               {"customerId": john.pk, "currentPassword": "Password1", "newPassword": "NewPassword2"},
                               format="json")
    activation = jane_client.put("/rest/V1/customers/me/activate",
                                 {"customerId": john.pk, "confirmationKey": "k" * 32}, format="json")

    assert (password.status_code, password.content) == (200, b"true")
    assert (activation.status_code, activation.json()) == (400, {"message": "The account is already active."})
    assert _account_rows(john.pk) == before  # John's password hash and key are untouched
    assert create_customer_token("john@example.com", "Password1")


def test_a_reset_token_opens_only_the_account_it_was_issued_for(django_capture_on_commit_callbacks, mailoutbox):
    _, _, john = _jane_and_john()
    with django_capture_on_commit_callbacks(execute=True):
        APIClient().put("/rest/V1/customers/password", {"email": "jane@example.com", "template": "email_reset"},
                        format="json")
    token = re.search(r"token=([0-9a-f]{32})", mailoutbox[-1].body).group(1)
    before = _account_rows(john.pk)

    check = APIClient().get(f"/rest/V1/customers/{john.pk}/password/resetLinkToken/{token}")
    reset = APIClient().post("/rest/V1/customers/resetPassword",
                             {"email": "john@example.com", "resetToken": token, "newPassword": "NewPassword2"},
                             format="json")

    assert check.status_code == reset.status_code == 400
    assert _account_rows(john.pk) == before


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
