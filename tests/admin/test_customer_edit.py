"""The customer page edits the account and its address book, and Add New Customer creates one, as Magento's
Customer edit page (Magento_Customer: view/base/ui_component/customer_form.xml, view/adminhtml/ui_component/
customer_address_form.xml, Controller/Adminhtml/Index/Save.php, Magento_Customer::manage), every write through
the domain functions behind POST /V1/customers and PUT /V1/customers/{id} (create_customer, save_customer); a
refusal (Model/ResourceModel/Customer.php's duplicate email, "A customer with the same email address already
exists in an associated website.") is a message and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

import customers.admin
from customers.customers import delete_customer
from customers.models import Customer, CustomerAddress
from tests.admin.conftest import make_order
from tests.customers.api.support import V1, customer_client, make_customer

pytestmark = pytest.mark.django_db

ADD = reverse("admin:customers_customer_add")
DUPLICATE = "A customer with the same email address already exists in an associated website."


def change_url(customer: Customer) -> str:
    return reverse("admin:customers_customer_change", args=[customer.pk])


def address_fields(index: int, address: CustomerAddress | None = None, **overrides: object) -> dict:
    values = {
        "id": address.pk if address else "",
        "firstname": address.firstname if address else "Jane",
        "lastname": address.lastname if address else "Doe",
        "company": (address.company or "") if address else "",
        "street": address.street if address else "1 Main St.",
        "city": address.city if address else "Austin",
        "country_id": address.country_id if address else "US",
        "region_id": (address.region_id or "") if address else 57,  # Texas
        "region": (address.region or "") if address else "",
        "postcode": address.postcode if address else "78701",
        "telephone": address.telephone if address else "512-555-0100",
    }
    if address is not None and address.is_default_billing:
        values["is_default_billing"] = "on"
    if address is not None and address.is_default_shipping:
        values["is_default_shipping"] = "on"
    values |= overrides
    return {f"addresses-{index}-{name}": value for name, value in values.items() if value is not None}


def page_data(customer: Customer | None, *new_addresses: dict, **overrides: object) -> dict:
    """What the page posts back unchanged (its account fields and address book), plus new address rows."""
    book = list(customer.addresses.order_by("pk")) if customer else []
    data = {
        "website_id": 1,
        "group": customer.group_id if customer else 1,
        "prefix": "",
        "firstname": "Jane",
        "middlename": "",
        "lastname": "Doe",
        "suffix": "",
        "email": customer.email if customer else "new@example.com",
        "dob": "",
        "taxvat": "",
        "gender": "",
        "store_id": 1,
        "addresses-TOTAL_FORMS": len(book) + len(new_addresses),
        "addresses-INITIAL_FORMS": len(book),
        "addresses-MIN_NUM_FORMS": 0,
        "addresses-MAX_NUM_FORMS": 1000,
    }
    for index, address in enumerate(book):
        data |= address_fields(index, address)
    for index, fields in enumerate(new_addresses, start=len(book)):
        data |= address_fields(index, **fields)
    return {key: value for key, value in data.items() if value is not None} | overrides


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_page_edits_the_account_information(admin_client: Client) -> None:
    jane = make_customer("jane@example.com")

    response = admin_client.post(
        change_url(jane),
        page_data(
            jane,
            group=2,
            prefix="Dr.",
            middlename="Q",
            lastname="Smith",
            suffix="Jr.",
            email="jane.smith@example.com",
            dob="1980-02-29",
            taxvat="DE123",
            gender=2,
            disable_auto_group_change="on",
        ),
    )

    assert response.status_code == 302
    jane.refresh_from_db()
    assert (jane.group_id, jane.prefix, jane.middlename, jane.lastname, jane.suffix) == (2, "Dr.", "Q", "Smith", "Jr.")
    assert (jane.email, jane.dob, jane.taxvat, jane.gender) == ("jane.smith@example.com", date(1980, 2, 29), "DE123", 2)
    assert jane.disable_auto_group_change == 1
    assert LogEntry.objects.get(object_id=str(jane.pk)).action_flag == CHANGE


def test_an_added_address_can_become_the_default_billing_address(admin_client: Client) -> None:
    jane = make_customer("jane@example.com")
    [old] = jane.addresses.all()

    data = page_data(jane, {"city": "Austin", "is_default_billing": "on"})
    del data["addresses-0-is_default_billing"]
    response = admin_client.post(change_url(jane), data)

    assert response.status_code == 302
    book = list(CustomerAddress.objects.filter(customer=jane).order_by("pk"))
    assert [(a.pk == old.pk, a.city, a.is_default_billing, a.is_default_shipping) for a in book] == [
        (True, "City 0", False, True),
        (False, "Austin", True, False),
    ]
    assert (book[1].region, book[1].region_code, book[1].street) == ("Texas", "TX", "1 Main St.")


def test_an_address_is_edited_and_another_deleted(admin_client: Client) -> None:
    jane = make_customer("jane@example.com", addresses=2)
    first, _second = jane.addresses.order_by("pk")

    data = page_data(jane) | {"addresses-0-city": "Brooklyn", "addresses-1-DELETE": "on"}
    admin_client.post(change_url(jane), data)

    assert list(CustomerAddress.objects.filter(customer=jane).values_list("pk", "city")) == [(first.pk, "Brooklyn")]


def test_two_default_billing_addresses_are_a_form_error(admin_client: Client) -> None:
    jane = make_customer("jane@example.com")

    response = admin_client.post(change_url(jane), page_data(jane, {"is_default_billing": "on"}))

    assert response.status_code == 200
    assert "Only one address can be the default billing address." in response.content.decode()
    assert jane.addresses.count() == 1


def test_a_duplicate_email_is_refused_and_nothing_is_written(admin_client: Client) -> None:
    make_customer("john@example.com")
    jane = make_customer("jane@example.com")

    data = page_data(jane, {"city": "Austin"}, email="JOHN@example.com", lastname="Smith")
    response = admin_client.post(change_url(jane), data, follow=True)

    assert messages_of(response) == [DUPLICATE]
    jane.refresh_from_db()
    assert (jane.email, jane.lastname) == ("jane@example.com", "Doe")
    assert jane.addresses.count() == 1
    assert not LogEntry.objects.exists()


def test_a_refused_address_says_why_in_magentos_words(admin_client: Client) -> None:
    jane = make_customer("jane@example.com")

    response = admin_client.post(change_url(jane), page_data(jane, {"region_id": ""}), follow=True)

    assert messages_of(response) == ['"regionId" is required. Enter and try again.']
    assert jane.addresses.count() == 1


def test_add_new_customer_creates_the_account_with_its_addresses(admin_client: Client) -> None:
    response = admin_client.post(
        ADD, page_data(None, {"is_default_billing": "on", "is_default_shipping": "on"}, email="new@example.com")
    )

    assert response.status_code == 302
    customer = Customer.objects.get(email="new@example.com")
    [address] = customer.addresses.all()
    assert (address.city, address.is_default_billing, address.is_default_shipping) == ("Austin", True, True)
    assert customer.password == ""
    assert LogEntry.objects.get(object_id=str(customer.pk)).action_flag == ADDITION


def test_add_new_customer_with_a_taken_email_is_refused(admin_client: Client) -> None:
    make_customer("taken@example.com")

    response = admin_client.post(ADD, page_data(None, email="Taken@example.com"), follow=True)

    assert messages_of(response) == [DUPLICATE]
    assert Customer.objects.count() == 1


def test_a_user_who_may_only_view_customers_cannot_save(client: Client, django_user_model) -> None:
    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_customer"))
    client.force_login(viewer)
    jane = make_customer("jane@example.com")

    page = client.get(change_url(jane))
    response = client.post(change_url(jane), page_data(jane, {"city": "Austin"}, lastname="Smith"))

    assert page.status_code == 200
    assert response.status_code == 403
    jane.refresh_from_db()
    assert jane.lastname == "Doe"
    assert jane.addresses.count() == 1
    assert client.get(ADD).status_code == 403
    assert client.post(reverse("admin:customers_customer_delete", args=[jane.pk]), {"post": "yes"}).status_code == 403
    assert Customer.objects.filter(pk=jane.pk).exists()


def test_an_addresss_state_lists_its_countrys_regions(admin_client: Client) -> None:
    """customer_address_form.xml: region_id from the country's regions (Magento's region updater refills them when
    the country changes: here the page's script, from the regions of every country in one JSON block)."""
    jane = make_customer("jane@example.com")

    html = admin_client.get(change_url(jane)).content.decode()

    region = html[html.index('<select name="addresses-0-region_id"') :]
    region = region[: region.index("</select>")]
    assert '<option value="43" selected>New York</option>' in region
    assert "Texas" in region
    assert "Bayern" not in region
    assert 'id="customer-regions" type="application/json"' in html


def test_the_vat_group_change_box_shows_the_accounts_value(admin_client: Client) -> None:
    jane = make_customer("jane@example.com")

    html = admin_client.get(change_url(jane)).content.decode()

    box = html[html.index('name="disable_auto_group_change"') - 80 :]
    assert "checked" not in box[: box.index(">")]


def test_delete_customer_keeps_the_orders(admin_client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    """Controller/Adminhtml/Index/Delete.php through CustomerRepository::deleteById: the orders stay, the
    customer's tokens are revoked (Magento_Integration's CustomerUser plugin)."""
    jane = make_customer("jane@example.com")
    order = make_order(customer=jane)
    signed_in = customer_client()
    assert signed_in.get(f"{V1}/customers/me").status_code == 200
    deleted = []
    monkeypatch.setattr(customers.admin, "delete_customer", lambda pk: deleted.append(pk) or delete_customer(pk))

    response = admin_client.post(reverse("admin:customers_customer_delete", args=[jane.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Customer.objects.filter(pk=jane.pk).exists()
    assert not CustomerAddress.objects.exists()
    order.refresh_from_db()
    assert order.customer_id is None
    assert signed_in.get(f"{V1}/customers/me").status_code == 401
    assert deleted == [jane.pk]  # through the domain function behind DELETE /V1/customers/{id}


def test_the_page_costs_the_same_queries_however_many_addresses_and_orders(
    admin_client: Client, django_assert_num_queries: Callable
) -> None:
    """Session, user, the customer with its group, its sign-in lock, its address book (read once for the forms and
    the Customer View), its last orders, the groups to choose from."""
    small, large = make_customer("a@example.com", addresses=0), make_customer("b@example.com", addresses=6)
    for _ in range(3):
        make_order(customer=large)
    admin_client.get(change_url(small))  # the session and the content types, cached
    with django_assert_num_queries(7):
        admin_client.get(change_url(small))

    with django_assert_num_queries(7):
        admin_client.get(change_url(large))


def test_saving_says_magentos_message_and_goes_back_to_the_grid_unless_asked_to_stay(admin_client: Client) -> None:
    """Controller/Adminhtml/Index/Save.php: "You saved the customer.", then the grid (the ``back`` parameter, Save
    and Continue Edit, stays on the page); Delete.php: "You deleted the customer."."""
    jane = make_customer("jane@example.com")
    grid = reverse("admin:customers_customer_changelist")

    saved = admin_client.post(change_url(jane), page_data(jane, lastname="Smith"), follow=True)
    stayed = admin_client.post(change_url(jane), page_data(jane, lastname="Smyth") | {"_continue": "1"}, follow=True)
    deleted = admin_client.post(reverse("admin:customers_customer_delete", args=[jane.pk]), {"post": "yes"}, follow=True)

    assert (saved.redirect_chain[-1][0], messages_of(saved)) == (grid, ["You saved the customer."])
    assert (stayed.redirect_chain[-1][0], messages_of(stayed)) == (change_url(jane), ["You saved the customer."])
    assert (deleted.redirect_chain[-1][0], messages_of(deleted)) == (grid, ["You deleted the customer."])


def test_a_posted_country_that_is_not_one_keeps_nothing_in_memory() -> None:
    """The address form's regions are kept per country once built (customers.admin_forms.region_choices); a posted
    country is any text, and each distinct one must not add an entry that stays for the process's life."""
    from customers.admin_forms import _region_choices, region_choices

    before = _region_choices.cache_info().currsize
    for n in range(50):
        assert region_choices(f"no such country {n}") == (("", "---------"),)
    assert _region_choices.cache_info().currsize == before
    assert region_choices("US")[1:]  # a known country's regions, built once
    assert region_choices("US") is region_choices("US")
