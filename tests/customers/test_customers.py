"""Customer accounts in the domain's words, without REST (Magento_Customer: Model/AccountManagement.php
createAccount, Model/ResourceModel/CustomerRepository.php save and deleteById): what an account and its address
book become, which defaults win, what is refused and left unwritten."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import check_password

from customers.customers import (
    CustomerAddressData,
    CustomerData,
    create_customer,
    delete_customer,
    save_customer,
)
from customers.exceptions import CustomerAddressNotFound, CustomerEmailExists, CustomerNotFound
from customers.models import Customer, CustomerAddress
from sales.models import Order
from tests.factories import make_order

pytestmark = pytest.mark.django_db


def address(street: str, **flags: object) -> CustomerAddressData:
    return CustomerAddressData(
        firstname="Jane", lastname="Doe", street=[street], city="Mineola", postcode="11501", country_id="US",
        telephone="516-555-1111", region_id=43, region_code="NY", region="New York", **flags,
    )


def book(customer: Customer) -> list[tuple[str, bool, bool]]:
    return list(
        CustomerAddress.objects.filter(customer=customer)
        .order_by("pk")
        .values_list("street", "is_default_billing", "is_default_shipping")
    )


JANE = CustomerData(email="jdoe@example.com", firstname="Jane", lastname="Doe")


def test_a_new_account_takes_the_first_flagged_default_of_each_kind_and_hashes_its_password():
    customer = create_customer(
        CustomerData(email="jdoe@example.com", firstname="Jane", lastname="Doe", addresses=[
            address("1 A St.", default_billing=True), address("2 B St.", default_billing=True, default_shipping=True),
        ]),
        password="Password1",
    )

    assert book(customer) == [("1 A St.", True, False), ("2 B St.", False, True)]
    assert check_password("Password1", customer.password)
    assert (customer.group_id, customer.website_id, customer.store_id, customer.created_in) == (
        1, 1, 1, "Default Store View")


def test_the_same_email_on_the_same_website_is_refused_whatever_its_case():
    create_customer(JANE)

    with pytest.raises(CustomerEmailExists):
        create_customer(CustomerData(email="JDOE@example.com", firstname="Other", lastname="Person"))

    assert list(Customer.objects.values_list("firstname", flat=True)) == ["Jane"]


def test_saving_with_an_address_list_replaces_the_book_keeping_ids_it_names():
    customer = create_customer(CustomerData(**{**JANE.__dict__, "addresses": [
        address("1 A St.", default_billing=True, default_shipping=True), address("2 B St.")]}))
    kept = CustomerAddress.objects.get(customer=customer, street="2 B St.")

    save_customer(customer.pk, JANE, addresses=[
        CustomerAddressData(**{**address("2 B Street").__dict__, "id": kept.pk}), address("3 C St."),
    ], default_billing=kept.pk)

    assert book(customer) == [("2 B Street", True, False), ("3 C St.", False, False)]
    assert CustomerAddress.objects.get(street="2 B Street").pk == kept.pk  # updated in place


def test_saving_without_an_address_list_keeps_the_book_and_an_email_change_spends_a_reset_token():
    customer = create_customer(CustomerData(**{**JANE.__dict__, "addresses": [address("1 A St.")]}))
    Customer.objects.filter(pk=customer.pk).update(rp_token="token-hash")

    saved = save_customer(customer.pk, CustomerData(email="jane@example.com", firstname="Janet", lastname="Doe"))

    assert (saved.email, saved.firstname, saved.rp_token) == ("jane@example.com", "Janet", None)
    assert book(customer) == [("1 A St.", False, False)]


def test_a_save_naming_an_address_of_another_book_is_refused_and_writes_nothing():
    customer = create_customer(CustomerData(**{**JANE.__dict__, "addresses": [address("1 A St.")]}))
    other = create_customer(CustomerData(email="x@example.com", firstname="X", lastname="Y", addresses=[
        address("9 Z St.")]))
    foreign = CustomerAddress.objects.get(customer=other).pk

    with pytest.raises(CustomerAddressNotFound):
        save_customer(customer.pk, CustomerData(email="jdoe@example.com", firstname="Changed", lastname="Doe"),
                      addresses=[CustomerAddressData(**{**address("hijack").__dict__, "id": foreign})])

    assert Customer.objects.get(pk=customer.pk).firstname == "Jane"
    assert book(customer) == [("1 A St.", False, False)]
    assert book(other) == [("9 Z St.", False, False)]


def test_saving_another_accounts_email_is_refused():
    create_customer(JANE)
    other = create_customer(CustomerData(email="x@example.com", firstname="X", lastname="Y"))

    with pytest.raises(CustomerEmailExists):
        save_customer(other.pk, CustomerData(email="jdoe@example.com", firstname="X", lastname="Y"))

    assert Customer.objects.get(pk=other.pk).email == "x@example.com"


def test_deleting_an_account_takes_its_book_and_keeps_its_orders():
    customer = create_customer(CustomerData(**{**JANE.__dict__, "addresses": [address("1 A St.")]}))
    order = make_order()
    Order.objects.filter(pk=order.pk).update(customer=customer)

    delete_customer(customer.pk)
    with pytest.raises(CustomerNotFound):
        delete_customer(customer.pk)

    assert not Customer.objects.filter(pk=customer.pk).exists()
    assert not CustomerAddress.objects.exists()
    assert Order.objects.get(pk=order.pk).customer_id is None
