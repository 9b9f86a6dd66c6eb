"""The three callers of Magento's cart routes, for tests that run one scenario against each of them.

Magento serves most cart services three times (module-quote/etc/webapi.xml, module-checkout/etc/webapi.xml):
``carts/mine/...`` for a customer token (ACL ``self``, the customer's active cart), ``carts/{cartId}/...`` for an
admin token (``Magento_Cart::manage``) and ``guest-carts/{cartId}/...`` for anyone holding a guest cart's masked id
(``anonymous``). A ``Caller`` holds the client, the cart and the path prefix of one of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rest_framework.test import APIClient

from checkout.models import Quote
from customers.customers import CustomerData, create_customer, create_customer_token
from tests.factories import make_guest_cart, make_product

V1 = "/rest/default/V1"
MINE, BY_ID, GUEST = "mine", "by_id", "guest"
ALL_CALLERS = (MINE, BY_ID, GUEST)
NO_ROUTE = {"message": "Request does not match any route."}
EMAIL = "jane@example.com"
ADDRESS = {
    "region": "New York",
    "region_id": 43,
    "region_code": "NY",
    "country_id": "US",
    "street": ["160 1st St."],
    "postcode": "11501",
    "city": "Mineola",
    "firstname": "Jane",
    "lastname": "Doe",
    "telephone": "516-555-1111",
}


@dataclass
class Caller:
    name: str
    client: APIClient
    cart: Quote
    cart_ref: str  # the id the caller names the cart by: "mine", the cart id, or the guest cart's masked id

    @property
    def base(self) -> str:
        """The route prefix: /V1/carts/mine, /V1/carts/{id} or /V1/guest-carts/{maskedId}."""
        return f"{V1}/guest-carts/{self.cart_ref}" if self.name == GUEST else f"{V1}/carts/{self.cart_ref}"

    def get(self, suffix: str):
        return self.client.get(f"{self.base}/{suffix}")

    def post(self, suffix: str, body: object = None):
        return self.client.post(f"{self.base}/{suffix}", body, format="json")

    def put(self, suffix: str, body: object = None):
        return self.client.put(f"{self.base}/{suffix}", body, format="json")

    def delete(self, suffix: str):
        return self.client.delete(f"{self.base}/{suffix}")

    @property
    def quote_id(self) -> str:
        """The quote_id Magento shows this caller on a cart item: the masked id to a guest, else the cart id."""
        return self.cart_ref if self.name == GUEST else str(self.cart.pk)

    def add(self, sku: str = "24-WB01", qty: object = 2):
        return self.post("items", {"cartItem": {"sku": sku, "qty": qty, "quote_id": self.quote_id}})


def customer_client(email: str = EMAIL) -> APIClient:
    create_customer(CustomerData(email=email, firstname="Jane", lastname="Doe"), password="Password1")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {create_customer_token(email, 'Password1')}")
    return client


def make_caller(name: str, admin_client: APIClient) -> Caller:
    """A caller with an empty active cart: Jane's (through her token or the admin's), or a guest's."""
    if name == GUEST:
        cart, masked_id = make_guest_cart()
        return Caller(GUEST, APIClient(), cart, masked_id)
    client = customer_client()
    cart = Quote.objects.get(pk=client.post(f"{V1}/carts/mine").json())
    if name == MINE:
        return Caller(MINE, client, cart, "mine")
    return Caller(BY_ID, admin_client, cart, str(cart.pk))


def make_bag(quantity: Decimal = Decimal("10")):
    """24-WB01 at $32 with ``quantity`` salable units on the default source (Default Stock serves "base")."""
    return make_product(sku="24-WB01", name="Voyage Yoga Bag", price=Decimal("32"), quantity=quantity)


def make_download():
    """A virtual product: a cart holding only it needs no shipping address."""
    return make_product(sku="240-LV06", name="Yoga Adventure", price=Decimal("22"), type_id="virtual")
