"""Customer addresses over REST (Magento 2.4.6, vendor/magento/module-customer/etc/webapi.xml):

- GET /V1/customers/addresses/{addressId} (AddressRepositoryInterface::getById) and DELETE /V1/addresses/{addressId}
  (::deleteById), both Magento_Customer::manage; an unknown id is AddressRegistry::retrieve's
  NoSuchEntityException::singleField('addressId', id): 404 "No such entity with addressId = X".
- GET /V1/customers/{customerId}/billingAddress and /shippingAddress (Magento_Customer::manage), and the /me forms
  (self, customerId forced to the token's customer): AccountManagement::getDefaultBillingAddress /
  getDefaultShippingAddress, the customer's default address or null (the JSON body "null") when it has none; an
  unknown customer is CustomerRepository::getById's "No such entity with customerId = X".
- Deleting the default billing or shipping address clears the customer's pointer
  (Model/ResourceModel/Address/DeleteRelation::deleteRelation); DELETE answers true.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from customers.customers import CustomerAddressData, CustomerData, create_customer, create_customer_token
from customers.models import Customer, CustomerAddress

pytestmark = pytest.mark.django_db
V1 = "/rest/default/V1"
NO_SUCH_ENTITY = "No such entity with %fieldName = %fieldValue"
NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."


def address(**overrides: object) -> CustomerAddressData:
    fields = {
        "firstname": "Jane",
        "lastname": "Doe",
        "street": ["160 1st St.", "Apt 2"],
        "city": "Mineola",
        "country_id": "US",
        "telephone": "516-555-1111",
        "postcode": "11501",
        "region": "New York",
        "region_id": 43,
        "region_code": "NY",
        **overrides,
    }
    return CustomerAddressData(**fields)


def make_customer(email: str = "jane@example.com", *addresses: CustomerAddressData) -> Customer:
    return create_customer(
        CustomerData(email=email, firstname="Jane", lastname="Doe", addresses=addresses), password="Password1"
    )


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def customer_client(email: str) -> APIClient:
    return bearer(create_customer_token(email, "Password1"))


def address_body(row: CustomerAddress, **flags: bool) -> dict:
    """AddressInterface as Magento renders it (getter order; null fields left out)."""
    return {
        "id": row.pk,
        "customer_id": row.customer_id,
        "region": {"region_code": "NY", "region": "New York", "region_id": 43},
        "region_id": 43,
        "country_id": "US",
        "street": ["160 1st St.", "Apt 2"],
        "telephone": "516-555-1111",
        "postcode": "11501",
        "city": "Mineola",
        "firstname": "Jane",
        "lastname": "Doe",
        **flags,
    }


# --- GET /V1/customers/addresses/{addressId} ----------------------------------------------------------------


def test_an_admin_reads_an_address_by_id(rest_client):
    customer = make_customer("jane@example.com", address(default_billing=True, default_shipping=True))
    row = customer.addresses.get()

    response = rest_client.get(f"{V1}/customers/addresses/{row.pk}")

    assert response.status_code == 200
    assert response.json() == address_body(row, default_shipping=True, default_billing=True)


def test_an_unknown_address_is_magentos_404(rest_client):
    response = rest_client.get(f"{V1}/customers/addresses/999")

    assert response.status_code == 404
    assert response.json() == {"message": NO_SUCH_ENTITY, "parameters": {"fieldName": "addressId", "fieldValue": 999}}


def test_reading_an_address_by_id_is_magento_customer_manage(staff_client_with):
    """webapi.xml: GET /V1/customers/addresses/:addressId is Magento_Customer::manage, an admin resource: a
    customer token never reads an address by id, not even its own."""
    customer = make_customer("jane@example.com", address())
    row = customer.addresses.get()

    response = customer_client("jane@example.com").get(f"{V1}/customers/addresses/{row.pk}")

    assert response.status_code == 401
    assert response.json() == {"message": NOT_AUTHORIZED, "parameters": {"resources": "Magento_Customer::manage"}}
    assert staff_client_with().get(f"{V1}/customers/addresses/{row.pk}").status_code == 401


# --- default billing / shipping -----------------------------------------------------------------------------


def test_the_default_billing_and_shipping_addresses_of_a_customer(rest_client):
    customer = make_customer(
        "jane@example.com", address(default_billing=True), address(city="Albany", default_shipping=True)
    )
    billing, shipping = customer.addresses.order_by("pk")

    billing_body = rest_client.get(f"{V1}/customers/{customer.pk}/billingAddress").json()
    shipping_body = rest_client.get(f"{V1}/customers/{customer.pk}/shippingAddress").json()

    assert billing_body == address_body(billing, default_billing=True)
    assert shipping_body == {**address_body(shipping, default_shipping=True), "city": "Albany"}


def test_a_customer_without_a_default_address_answers_null(rest_client):
    customer = make_customer("jane@example.com", address())

    for kind in ("billingAddress", "shippingAddress"):
        response = rest_client.get(f"{V1}/customers/{customer.pk}/{kind}")

        assert (response.status_code, response.content) == (200, b"null")


def test_the_default_address_of_an_unknown_customer_is_magentos_404(rest_client):
    response = rest_client.get(f"{V1}/customers/999/billingAddress")

    assert response.status_code == 404
    assert response.json() == {"message": NO_SUCH_ENTITY, "parameters": {"fieldName": "customerId", "fieldValue": 999}}


def test_me_reads_the_tokens_own_default_addresses():
    make_customer("jane@example.com", address(default_billing=True, default_shipping=True))
    make_customer("john@example.com", address(city="Albany", default_billing=True, default_shipping=True))
    jane = customer_client("jane@example.com")

    billing = jane.get(f"{V1}/customers/me/billingAddress")
    shipping = jane.get(f"{V1}/customers/me/shippingAddress")

    assert billing.status_code == shipping.status_code == 200
    assert billing.json()["city"] == shipping.json()["city"] == "Mineola"
    assert billing.json()["customer_id"] == Customer.objects.get(email="jane@example.com").pk


def test_me_without_a_default_address_answers_null():
    make_customer("jane@example.com")

    response = customer_client("jane@example.com").get(f"{V1}/customers/me/shippingAddress")

    assert (response.status_code, response.content) == (200, b"null")


def test_an_admin_token_is_not_a_customer_on_me(rest_client):
    response = rest_client.get(f"{V1}/customers/me/billingAddress")

    assert response.status_code == 401
    assert response.json() == {"message": NOT_AUTHORIZED, "parameters": {"resources": "self"}}


# --- DELETE /V1/addresses/{addressId} -----------------------------------------------------------------------


def test_deleting_an_address_answers_true_and_clears_the_defaults(rest_client):
    customer = make_customer(
        "jane@example.com", address(default_billing=True, default_shipping=True), address(city="Albany")
    )
    default, other = customer.addresses.order_by("pk")

    response = rest_client.delete(f"{V1}/addresses/{default.pk}")

    assert (response.status_code, response.json()) == (200, True)
    assert list(customer.addresses.values_list("pk", flat=True)) == [other.pk]
    assert rest_client.get(f"{V1}/customers/{customer.pk}/billingAddress").content == b"null"
    customer_body = rest_client.get(f"{V1}/customers/{customer.pk}").json()
    assert "default_billing" not in customer_body
    assert "default_shipping" not in customer_body


def test_deleting_an_unknown_address_is_magentos_404(rest_client):
    response = rest_client.delete(f"{V1}/addresses/999")

    assert response.status_code == 404
    assert response.json() == {"message": NO_SUCH_ENTITY, "parameters": {"fieldName": "addressId", "fieldValue": 999}}


def test_a_customer_token_cannot_delete_an_address():
    customer = make_customer("jane@example.com", address())
    row = customer.addresses.get()

    response = customer_client("jane@example.com").delete(f"{V1}/addresses/{row.pk}")

    assert response.status_code == 401
    assert CustomerAddress.objects.filter(pk=row.pk).exists()


def test_the_address_routes_need_their_django_permissions(staff_client_with):
    customer = make_customer("jane@example.com", address(default_billing=True))
    row = customer.addresses.get()
    reader = staff_client_with("customers.view_customeraddress")

    assert reader.get(f"{V1}/customers/addresses/{row.pk}").status_code == 200
    assert reader.get(f"{V1}/customers/{customer.pk}/billingAddress").status_code == 200
    assert reader.delete(f"{V1}/addresses/{row.pk}").status_code == 401
    assert CustomerAddress.objects.filter(pk=row.pk).exists()
