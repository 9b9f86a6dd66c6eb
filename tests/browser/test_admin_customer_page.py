"""A merchant edits a customer in Customers > All Customers, in a real browser: adds an address in Germany (the
State/Province list refills with Germany's regions when the country changes, as Magento's region updater does),
makes it the default shipping address, renames the customer, and saves; then tries a taken email and reads
Magento's refusal (Magento_Customer view/base/ui_component/customer_form.xml, customer_address_form.xml,
Controller/Adminhtml/Index/Save.php)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from customers.models import Customer
from tests.browser.test_admin_walkthrough import expect, log_in, merchant
from tests.customers.api.support import make_customer

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]

__all__ = ["merchant"]  # the fixture, used by name


def test_edit_a_customer_and_add_an_address(
    page: object, live_server: object, merchant: None, screenshot: Callable[[str], Path]
) -> None:
    jane = make_customer("jane@example.com")
    make_customer("john@example.com")
    log_in(page)
    page.goto(f"/admin/customers/customer/{jane.pk}/change/")

    page.get_by_label("Middle Name/Initial:").fill("Q")
    page.locator(".add-row a").click()
    new = "#addresses-1"
    page.locator(f"{new} [name='addresses-1-firstname']").fill("Jane")
    page.locator(f"{new} [name='addresses-1-lastname']").fill("Doe")
    page.locator(f"{new} [name='addresses-1-street']").fill("Unter den Linden 1")
    page.locator(f"{new} [name='addresses-1-city']").fill("Berlin")
    page.locator(f"{new} [name='addresses-1-country_id']").select_option("DE")
    page.locator(f"{new} [name='addresses-1-region_id']").select_option(label="Berlin")
    page.locator(f"{new} [name='addresses-1-postcode']").fill("10117")
    page.locator(f"{new} [name='addresses-1-telephone']").fill("+49 30 1234")
    page.locator("[name='addresses-0-is_default_shipping']").uncheck()
    page.locator(f"{new} [name='addresses-1-is_default_shipping']").check()
    screenshot("new-address")
    page.get_by_role("button", name="Save and continue editing").click()

    expect(page.locator("ul.messagelist")).to_contain_text("was changed successfully")
    jane.refresh_from_db()
    assert (jane.middlename, jane.disable_auto_group_change) == ("Q", 0)
    berlin = jane.addresses.get(city="Berlin")
    assert (berlin.country_id, berlin.region, berlin.is_default_shipping) == ("DE", "Berlin", True)
    expect(page.locator("div.field-default_shipping_address")).to_contain_text("Germany")
    screenshot("saved")

    page.get_by_label("Email:").fill("john@example.com")
    page.get_by_role("button", name="Save and continue editing").click()

    expect(page.locator("ul.messagelist")).to_contain_text(
        "A customer with the same email address already exists in an associated website."
    )
    assert Customer.objects.get(pk=jane.pk).email == "jane@example.com"
    screenshot("refused")
