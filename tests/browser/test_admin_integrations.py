"""An administrator connects an ERP in System > Integrations, in a real browser: New Integration with a custom
resource selection and the password confirmation, Save & Activate, Allow, then the four credentials Magento
shows (Consumer Key, Consumer Secret, Access Token, Access Token Secret), which then sign a REST call.

Wording: vendor/magento/module-integration i18n/en_US.csv, Block/Adminhtml/Integration/Tokens.php,
templates/integration/activate/permissions.phtml.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from oauthlib.oauth1 import Client

from backoffice.rest.models import Integration, IntegrationStatus
from tests.browser.test_admin_walkthrough import PASSWORD, expect, log_in, merchant

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),  # live_server; keeps the data migrations' rows
]

__all__ = ["merchant"]  # the fixture, used by name
RESOURCES = ["Magento_Sales::actions_view", "Magento_Sales::sales_invoice", "Magento_InventoryApi::source"]


def test_create_choose_resources_activate_and_read_the_credentials(
    page: object, live_server: object, merchant: None, screenshot: Callable[[str], Path]
) -> None:
    log_in(page)
    page.goto("/admin/integrations/integration/")
    page.get_by_role("link", name="Add integration").click()
    page.get_by_label("Name:").fill("ERP")
    page.get_by_label("Email:").fill("erp@example.com")
    page.get_by_label("Resource Access:").select_option("custom")
    for resource in RESOURCES:
        page.get_by_label(resource, exact=True).check()
    page.get_by_label("Your Password:").fill(PASSWORD)
    screenshot("new-integration")
    page.get_by_role("button", name="Save & Activate").click()

    expect(page.locator("ul.messagelist")).to_contain_text("The integration 'ERP' has been saved.")
    expect(page.locator("#content-main")).to_contain_text(
        "The integration you selected asks you to approve access to the following:"
    )
    for resource in RESOURCES:
        expect(page.locator("ul.resources")).to_contain_text(resource)
    screenshot("approve")
    page.get_by_role("button", name="Allow").click()

    expect(page.locator("ul.messagelist")).to_contain_text("The integration 'ERP' has been activated.")
    expect(page.locator("#integration-tokens h2")).to_have_text("Integration Tokens for Extensions")
    values = {}
    for label in ("Consumer Key", "Consumer Secret", "Access Token", "Access Token Secret"):
        field = page.get_by_label(f"{label}:", exact=True)
        expect(field).to_have_attribute("readonly", "")
        values[label] = field.input_value()
    screenshot("credentials")

    assert all(len(value) == 32 for value in values.values()), values
    assert Integration.objects.get(name="ERP").status == IntegrationStatus.ACTIVE
    url = f"{live_server.url}/rest/V1/orders?searchCriteria%5BpageSize%5D=1"
    client = Client(
        values["Consumer Key"],
        client_secret=values["Consumer Secret"],
        resource_owner_key=values["Access Token"],
        resource_owner_secret=values["Access Token Secret"],
        signature_method="HMAC-SHA256",
    )
    _, headers, _ = client.sign(url, http_method="GET")
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
        assert response.status == 200
        assert json.loads(response.read())["total_count"] == 0

    page.get_by_role("link", name="Done").click()
    expect(page.locator("#result_list")).to_contain_text("Reauthorize")
    screenshot("grid")
