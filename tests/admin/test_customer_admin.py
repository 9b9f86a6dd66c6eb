"""Customers > All Customers and the customer page, as Magento's.

The grid's columns are Magento_Customer's view/adminhtml/ui_component/customer_listing.xml (ID, Name, Email, Group,
Phone, ZIP, Country, State/Province, Customer Since, Account Lock: Ui/Component/Listing/Column/AccountLock.php
prints Locked / Unlocked), with its Group, Web Site and Customer Since filters and its full-text search on name and
email; the page is the Customer View tab (Block/Adminhtml/Edit/Tab/View/PersonalInfo.php) with the default
addresses and Magento_Sales' customer orders tab."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backoffice.rest.models import SignInFailures, UserType
from customers.customers import CustomerData, create_customer
from customers.models import Customer, CustomerGroup
from tests.admin.conftest import make_order
from tests.admin.readers import csv_rows
from tests.admin.test_tutorial_screens import cell
from tests.customers.api.support import address, make_customer

pytestmark = pytest.mark.django_db

GRID = reverse("admin:customers_customer_changelist")


def customer(email: str, **fields: object) -> Customer:
    made = make_customer(email)
    if fields:
        Customer.objects.filter(pk=made.pk).update(**fields)
        made.refresh_from_db()
    return made


def ids_shown(client: Client, query: str = "") -> list[int]:
    html = client.get(GRID + query).content.decode()
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return [int(row.split("</a>")[0].rsplit(">", 1)[-1]) for row in body.split("<tr")[1:]]


def created_on(customer: Customer, day: str) -> Customer:
    Customer.objects.filter(pk=customer.pk).update(
        created_at=timezone.make_aware(datetime.fromisoformat(f"{day}T12:00:00"))
    )
    return customer


def test_the_grid_shows_magentos_columns_with_names_not_codes(admin_client: Client) -> None:
    jane = customer("jane@example.com", group_id=2)

    html = admin_client.get(GRID).content.decode()
    marker = "jane@example.com"

    headers = (
        "ID",
        "Name",
        "Email",
        "Group",
        "Phone",
        "ZIP",
        "Country",
        "State/Province",
        "Customer Since",
        "Account Lock",
    )
    for header in headers:
        assert f">{header}</" in html, header
    assert cell(html, marker, "customer_name") == "Jane Doe"
    assert cell(html, marker, "group_name") == "Wholesale"
    assert cell(html, marker, "phone") == "516-555-1111"
    assert cell(html, marker, "zip") == "11501"
    assert cell(html, marker, "country") == "United States"
    assert cell(html, marker, "region") == "New York"
    assert cell(html, marker, "account_lock") == "Unlocked"
    assert str(jane.created_at.year) in cell(html, marker, "customer_since")


def test_a_locked_account_reads_locked(admin_client: Client, settings) -> None:
    settings.MAGENTO_CUSTOMER_LOCKOUT_FAILURES = 10
    jane = customer("jane@example.com")
    SignInFailures.objects.create(
        user_type=UserType.CUSTOMER,
        account_id=jane.pk,
        rule="account",
        failures_count=10,
        lock_expires_at=timezone.now() + timedelta(minutes=5),
    )

    html = admin_client.get(GRID).content.decode()

    assert cell(html, "jane@example.com", "account_lock") == "Locked"


def test_newest_first_and_search_by_name_and_email(admin_client: Client) -> None:
    jane = customer("jane@example.com")
    john = customer("john@example.com", firstname="John", lastname="Smith")

    assert ids_shown(admin_client) == [john.pk, jane.pk]
    assert ids_shown(admin_client, "?q=Smith") == [john.pk]
    assert ids_shown(admin_client, "?q=John+Smith") == [john.pk]
    assert ids_shown(admin_client, "?q=jane%40example") == [jane.pk]


def test_filters_by_group_website_and_customer_since(admin_client: Client) -> None:
    jane = created_on(customer("jane@example.com"), "2026-01-15")
    john = created_on(customer("john@example.com", group_id=3), "2026-02-15")
    wholesale = CustomerGroup.objects.get(pk=3)

    html = admin_client.get(GRID).content.decode()

    assert "Retailer" in html
    assert "Main Website" in html
    assert ids_shown(admin_client, f"?group__customer_group_id__exact={wholesale.pk}") == [john.pk]
    assert ids_shown(admin_client, "?website_id=1") == [john.pk, jane.pk]
    assert ids_shown(admin_client, "?created_at__date__gte=2026-01-01&created_at__date__lte=2026-01-31") == [jane.pk]


def test_the_csv_has_the_grids_columns(admin_client: Client) -> None:
    customer("jane@example.com")

    [header, row] = csv_rows(admin_client.get(reverse("admin:customers_customer_export_csv")))

    assert header[:8] == ["ID", "Name", "Email", "Group", "Phone", "ZIP", "Country", "State/Province"]
    assert row[1:8] == ["Jane Doe", "jane@example.com", "General", "516-555-1111", "11501", "United States", "New York"]
    assert "T" in row[8]  # Customer Since in ISO 8601


def test_a_page_of_customers_costs_the_same_queries_however_many(
    admin_client: Client, django_assert_max_num_queries: Callable
) -> None:
    for n in range(21):  # two pages
        customer(f"a{n}@example.com")
    admin_client.get(GRID)  # the session and the content types, cached
    with django_assert_max_num_queries(10) as one:
        admin_client.get(GRID)
    for n in range(40):
        customer(f"c{n}@example.com")

    with django_assert_max_num_queries(len(one.captured_queries)):
        admin_client.get(GRID)


def test_the_customer_page_shows_the_account_addresses_and_orders(admin_client: Client) -> None:
    book = [
        address(default_billing=True, city="Mineola"),
        address(default_shipping=True, city="Berlin", country_id="DE", region_id=None, region_code=None, region=None),
    ]
    jane = create_customer(
        CustomerData(email="jane@example.com", firstname="Jane", lastname="Doe", group_id=2, addresses=book)
    )
    order = make_order(customer=jane)
    make_order()  # another customer's

    html = admin_client.get(reverse("admin:customers_customer_change", args=[jane.pk])).content.decode()

    assert "Account Information" in html
    assert "Wholesale" in html
    assert "Main Website" in html
    billing = html[html.index("Default Billing Address") : html.index("Default Shipping Address")]
    shipping = html[html.index("Default Shipping Address") : html.index("Address Book")]
    assert "Mineola" in billing
    assert "United States" in billing
    assert "Berlin" in shipping
    assert "Germany" in shipping
    order_url = reverse("admin:sales_order_change", args=[order.pk])
    assert f'<a href="{order_url}">{order.increment_id}</a>' in html
    orders = html[html.index('class="customer-orders"') : html.index("View all orders of this customer")]
    assert orders.count("<tr>") == 2  # the header and her one order, not the other customer's
    assert f'?customer_id={jane.pk}">View all orders' in html


def test_view_all_orders_lists_the_customers_orders_only(admin_client: Client) -> None:
    jane = make_customer("jane@example.com")
    mine, other = make_order(customer=jane), make_order()

    html = admin_client.get(reverse("admin:sales_order_changelist") + f"?customer_id={jane.pk}").content.decode()

    assert mine.increment_id in html
    assert other.increment_id not in html


def test_a_customer_without_orders_reads_magentos_empty_grid(admin_client: Client) -> None:
    jane = make_customer("jane@example.com")

    html = admin_client.get(reverse("admin:customers_customer_change", args=[jane.pk])).content.decode()

    assert "We couldn&#x27;t find any records." in html
