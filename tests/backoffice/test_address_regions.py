"""Addresses are checked against the country's regions as Magento's address validator checks them
(vendor/magento/module-customer/Model/Address/Validator/Country.php::validateRegion, messages
'"%fieldName" is required. Enter and try again.' and 'Invalid value of "%value" provided for the %fieldName field.'
for regionId; the regions and their ids: module-directory/Setup/Patch/Data/*.php). Driven over REST only, so the
tests hold wherever the customer and checkout code lives."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from tests.factories import make_product

pytestmark = pytest.mark.django_db
V1 = "/rest/default/V1"
EMAIL = "rita@example.com"
INVALID = 'Invalid value of "%value" provided for the %fieldName field.'


def customer(region: dict) -> dict:
    address = {
        "firstname": "Rita",
        "lastname": "Roe",
        "countryId": "US",
        "postcode": "11501",
        "city": "Mineola",
        "street": ["160 1st St."],
        "telephone": "516-555-1111",
        "region": region,
    }
    return {
        "customer": {"lastname": "Roe", "firstname": "Rita", "email": EMAIL, "addresses": [address]},
        "password": "Password1",
    }


def test_a_customer_address_naming_another_countrys_region_is_refused() -> None:
    """Alberta (66) is Canada's: "Invalid value of "66" provided for the regionId field."; nothing written."""
    response = APIClient().post(f"{V1}/customers", customer({"regionId": 66}), format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"message": INVALID, "parameters": {"fieldName": "regionId", "value": "66"}},
    )
    assert (
        APIClient()
        .post(f"{V1}/integration/customer/token", {"username": EMAIL, "password": "Password1"}, format="json")
        .status_code
        == 401
    )


def test_a_customer_address_with_one_of_the_countrys_regions_is_saved() -> None:
    response = APIClient().post(f"{V1}/customers", customer({"regionId": 12, "regionCode": "CA"}), format="json")

    assert response.status_code == 200
    assert response.json()["addresses"][0]["region_id"] == 12


def test_an_order_is_not_placed_for_a_shipping_address_with_a_region_of_another_country() -> None:
    """QuoteValidator::validateBeforeSubmit runs the address validators: "Please check the shipping address
    information. %1" with the regionId message (Magento\\Quote\\Model\\QuoteValidator)."""
    make_product(sku="24-WB01", name="Voyage Yoga Bag", price=Decimal("32"), quantity=Decimal("10"))
    assert APIClient().post(f"{V1}/customers", customer({"regionId": 43}), format="json").status_code == 200
    token = (
        APIClient()
        .post(f"{V1}/integration/customer/token", {"username": EMAIL, "password": "Password1"}, format="json")
        .json()
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    client.post(f"{V1}/carts/mine")
    client.post(f"{V1}/carts/mine/items", {"cartItem": {"sku": "24-WB01", "qty": 1}}, format="json")
    address = {
        "region_id": 79,
        "country_id": "US",
        "street": ["160 1st St."],
        "postcode": "11501",
        "city": "Mineola",
        "firstname": "Rita",
        "lastname": "Roe",
        "email": EMAIL,
        "telephone": "516-555-1111",
    }
    client.post(
        f"{V1}/carts/mine/shipping-information",
        {
            "addressInformation": {
                "shipping_address": address,
                "billing_address": {**address, "region_id": 43},
                "shipping_carrier_code": "flatrate",
                "shipping_method_code": "flatrate",
            }
        },
        format="json",
    )

    placed = client.post(
        f"{V1}/carts/mine/payment-information", {"paymentMethod": {"method": "checkmo"}}, format="json"
    )

    assert placed.status_code == 400
    assert placed.json()["message"] == (
        'Please check the shipping address information. Invalid value of "79" provided for the regionId field.'
    )
