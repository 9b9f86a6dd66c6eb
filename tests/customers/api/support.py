"""Helpers of the customer account tests: a customer with an address book, tokens, Magento's messages."""

from __future__ import annotations

from rest_framework.test import APIClient

from customers.customers import CustomerAddressData, CustomerData, create_customer, create_customer_token
from customers.models import Customer

V1 = "/rest/default/V1"
NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."
REQUIRED = '"%fieldName" is required. Enter and try again.'
NO_SUCH_ENTITY = "No such entity with %fieldName = %fieldValue"
NO_SUCH_EMAIL = "No such entity with %fieldName = %fieldValue, %field2Name = %field2Value"
PASSWORD = "Password1"


def address(**fields: object) -> CustomerAddressData:
    values = {
        "firstname": "Jane",
        "lastname": "Doe",
        "street": ["160 1st St."],
        "city": "Mineola",
        "country_id": "US",
        "telephone": "516-555-1111",
        "postcode": "11501",
        "region_id": 43,
        "region_code": "NY",
        "region": "New York",
        **fields,
    }
    return CustomerAddressData(**values)  # type: ignore[arg-type]


def make_customer(email: str = "jane@example.com", *, addresses: int = 1, password: str | None = PASSWORD) -> Customer:
    book = [
        address(default_billing=index == 0, default_shipping=index == 0, city=f"City {index}")
        for index in range(addresses)
    ]
    return create_customer(
        CustomerData(email=email, firstname="Jane", lastname="Doe", addresses=book), password=password
    )


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def customer_client(email: str = "jane@example.com", password: str = PASSWORD) -> APIClient:
    return bearer(create_customer_token(email, password))


def not_authorized(resource: str) -> dict:
    return {"message": NOT_AUTHORIZED, "parameters": {"resources": resource}}


def required(name: str) -> dict:
    return {"message": REQUIRED, "parameters": {"fieldName": name}}
