"""Helpers of the customer account tests: a customer with an address book, tokens, Magento's messages."""

from __future__ import annotations

from rest_framework.test import APIClient

from customers.customers import create_customer_token
from tests.factories.customers import PASSWORD, make_customer
from tests.factories.customers import customer_address as address

__all__ = ["PASSWORD", "address", "bearer", "customer_client", "make_customer", "not_authorized", "required"]

V1 = "/rest/default/V1"
NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."
REQUIRED = '"%fieldName" is required. Enter and try again.'
NO_SUCH_ENTITY = "No such entity with %fieldName = %fieldValue"
NO_SUCH_EMAIL = "No such entity with %fieldName = %fieldValue, %field2Name = %field2Value"


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
