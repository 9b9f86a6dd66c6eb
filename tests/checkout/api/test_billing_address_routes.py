"""GET|POST carts/mine|{cartId}/billing-address and guest-carts/{cartId}/billing-address.

Magento: module-quote/etc/webapi.xml ("Managing Cart Billing address" and its guest and mine variants),
Api/BillingAddressManagementInterface.php (assign(cartId, address, useForShipping) → int address id; get → the
AddressInterface), Model/BillingAddressManagement.php, Model/ShippingAddressAssignment.php (useForShipping copies the
address to shipping with same_as_billing 1), Model/QuoteAddressValidator.php::validateWithExistingAddress ("Invalid
quote address id %1"). Output as Magento's DataObjectProcessor renders AddressInterface: its non-nullable getters
print null (module-quote/Api/Data/AddressInterface.php), as magento/magento2#5227 shows for an empty address.
"""

from __future__ import annotations

import pytest

from checkout.models import QuoteAddress

from .cart_callers import ADDRESS, ALL_CALLERS, EMAIL, GUEST, MINE, make_caller

pytestmark = pytest.mark.django_db


@pytest.fixture(params=ALL_CALLERS)
def caller(request, rest_client):
    return make_caller(request.param, rest_client)


def test_assigns_the_billing_address_and_answers_its_id(caller):
    response = caller.post("billing-address", {"address": ADDRESS})

    billing = QuoteAddress.objects.get(quote=caller.cart, address_type=QuoteAddress.Type.BILLING)
    assert (response.status_code, response.json()) == (200, billing.pk)
    assert (billing.city, billing.street, billing.same_as_billing) == ("Mineola", "160 1st St.", 0)
    assert not QuoteAddress.objects.filter(quote=caller.cart, address_type=QuoteAddress.Type.SHIPPING).exists()


def test_reads_the_billing_address_back(caller):
    address_id = caller.post("billing-address", {"address": ADDRESS}).json()

    response = caller.get("billing-address")

    customer = {} if caller.name == GUEST else {"customer_id": caller.cart.customer_id}
    assert response.status_code == 200
    assert response.json() == {
        "id": address_id,
        "region": "New York",
        "region_id": 43,
        "region_code": "NY",
        "country_id": "US",
        "street": ["160 1st St."],
        "telephone": "516-555-1111",
        "postcode": "11501",
        "city": "Mineola",
        "firstname": "Jane",
        "lastname": "Doe",
        **customer,
        "email": None if caller.name == GUEST else EMAIL,
        "same_as_billing": 0,
        "save_in_address_book": 0,
    }


def test_an_empty_billing_address_prints_magentos_nulls(caller):
    """Quote::getBillingAddress always answers an address: an empty one before any is set (magento/magento2#5227)."""
    response = caller.get("billing-address")

    customer = {} if caller.name == GUEST else {"customer_id": caller.cart.customer_id}
    assert response.status_code == 200
    assert response.json() == {
        "region": None,
        "region_id": None,
        "region_code": None,
        "country_id": None,
        "street": [""],
        "telephone": None,
        "postcode": None,
        "city": None,
        "firstname": None,
        "lastname": None,
        **customer,
        "email": None if caller.name == GUEST else EMAIL,
        "same_as_billing": 0,
        "save_in_address_book": 0,
    }


def test_use_for_shipping_copies_the_address_to_shipping(caller):
    response = caller.post("billing-address", {"address": ADDRESS, "useForShipping": True})

    shipping = QuoteAddress.objects.get(quote=caller.cart, address_type=QuoteAddress.Type.SHIPPING)
    billing = QuoteAddress.objects.get(quote=caller.cart, address_type=QuoteAddress.Type.BILLING)
    assert response.json() == billing.pk
    assert (shipping.city, shipping.postcode, shipping.same_as_billing) == ("Mineola", "11501", 1)


def test_a_second_assign_replaces_the_billing_address(caller):
    caller.post("billing-address", {"address": ADDRESS})

    caller.post("billing-address", {"address": ADDRESS | {"city": "Albany"}})

    assert list(
        QuoteAddress.objects.filter(quote=caller.cart, address_type=QuoteAddress.Type.BILLING).values_list(
            "city", flat=True
        )
    ) == ["Albany"]


def test_an_address_id_of_another_cart_is_refused(caller, rest_client):
    other = make_caller(GUEST if caller.name != GUEST else MINE, rest_client)
    foreign_id = other.post("billing-address", {"address": ADDRESS}).json()

    response = caller.post("billing-address", {"address": ADDRESS | {"id": foreign_id, "city": "Albany"}})

    assert (response.status_code, response.json()) == (
        404,
        {"message": "Invalid quote address id %1", "parameters": [foreign_id]},
    )
    assert QuoteAddress.objects.get(pk=foreign_id).city == "Mineola"


def test_the_address_parameter_is_required(caller):
    response = caller.post("billing-address", {"useForShipping": True})

    assert response.status_code == 400
    assert response.json() == {
        "message": '"%fieldName" is required. Enter and try again.',
        "parameters": {"fieldName": "address"},
    }
