"""System > Integrations in the admin.

Contract: vendor/magento/module-integration Block/Adminhtml/Integration/Edit/Tab/Info.php (the form's fields),
Block/Adminhtml/Integration/Tokens.php (the four credentials' labels), Controller/Adminhtml/Integration/Save.php,
TokensDialog.php, TokensExchange.php, Delete.php (messages), Magento_User Model/User.php performIdentityCheck.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from backoffice.rest.models import Integration, IntegrationStatus, OauthConsumer, OauthToken, SignInFailures

from .test_handshake import Endpoint

pytestmark = pytest.mark.django_db

ADD = "/admin/integrations/integration/add/"
GRID = "/admin/integrations/integration/"
FORM = {
    "name": "ERP",
    "email": "erp@example.com",
    "endpoint": "",
    "identity_link_url": "",
    "resource_access": "custom",
    "resources": ["Magento_Sales::actions_view", "Magento_InventoryApi::source"],
    "current_password": "password",
}


@pytest.fixture
def admin(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


def credentials_on(page: str) -> dict[str, str]:
    return dict(re.findall(r'name="(consumer_key|consumer_secret|token|token_secret)" value="([a-z0-9]{32})"', page))


def test_the_form_lists_the_routes_acl_resources_by_module(admin):
    """The resource tree comes from the routes' declarations (no hand-kept list), grouped by module."""
    page = admin.get(ADD).content.decode()

    for text in (
        "Callback URL",
        "Identity link URL",
        "Your Password",
        "Resource Access",
        "Magento_Sales",
        'value="Magento_Sales::actions_view"',
        'value="Magento_InventoryApi::source"',
        "Save &amp; Activate",
    ):
        assert text in page


def test_save_activate_and_read_the_credentials_once(admin):
    """Save: "The integration '%1' has been saved."; Activate (Allow): "The integration '%1' has been activated."
    and the Consumer Key, Consumer Secret, Access Token and Access Token Secret."""
    saved = admin.post(ADD, FORM | {"_activate": "1"}, follow=True)
    integration = Integration.objects.get(name="ERP")
    approval = saved.content.decode()
    activated = admin.post(f"{GRID}{integration.pk}/activate/", follow=True)
    page = activated.content.decode()

    assert "The integration &#x27;ERP&#x27; has been saved." in approval
    assert "The integration you selected asks you to approve access to the following:" in approval
    assert "Magento_InventoryApi::source" in approval
    assert "The integration &#x27;ERP&#x27; has been activated." in page
    for label in ("Consumer Key", "Consumer Secret", "Access Token", "Access Token Secret"):
        assert f">{label}:<" in page
    values = credentials_on(page)
    assert values["consumer_key"] == integration.consumer.key
    assert "no-store" in activated["Cache-Control"]
    integration.refresh_from_db()
    assert integration.status == IntegrationStatus.ACTIVE
    assert integration.resources == ["Magento_InventoryApi::source", "Magento_Sales::actions_view"]
    assert "Reauthorize" in admin.get(GRID).content.decode()
    assert values["token"] not in admin.get(f"{GRID}{integration.pk}/change/").content.decode()


def test_reauthorize_issues_new_tokens_and_revokes_the_old(admin):
    """TokensDialog with reauthorize: "The integration '%1' has been re-authorized."."""
    admin.post(ADD, FORM)
    integration = Integration.objects.get(name="ERP")
    first = credentials_on(admin.post(f"{GRID}{integration.pk}/activate/").content.decode())
    second_page = admin.post(f"{GRID}{integration.pk}/activate/", follow=True).content.decode()
    second = credentials_on(second_page)

    assert "The integration &#x27;ERP&#x27; has been re-authorized." in second_page
    assert second["consumer_key"] == first["consumer_key"]
    assert second["token"] != first["token"]
    assert OauthToken.objects.filter(consumer=integration.consumer, revoked=True).count() == 1


def test_a_wrong_password_is_refused_and_counted(admin, admin_user):
    """performIdentityCheck: "The password entered for the current user is invalid. Verify the password and try
    again."; the failure counts against the admin account's lock (lockout.sign_in)."""
    response = admin.post(ADD, FORM | {"current_password": "wrong"})

    assert "The password entered for the current user is invalid. Verify the password and try again." in (
        response.content.decode()
    )
    assert not Integration.objects.exists()
    assert SignInFailures.objects.get(account_id=admin_user.pk).failures_count == 1


def test_the_lock_signs_the_admin_out(admin, settings):
    """performIdentityCheck: a locked account (UserLockedException) is signed out."""
    settings.MAGENTO_ADMIN_LOCKOUT_FAILURES = 1

    response = admin.post(ADD, FORM | {"current_password": "wrong"})

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert admin.get(GRID).status_code == 302


def test_a_duplicate_name_gets_magentos_message(admin):
    """IntegrationService::_checkIntegrationByName: 'The integration with name "%1" exists.'."""
    admin.post(ADD, FORM)

    response = admin.post(ADD, FORM, follow=True)

    assert "The integration with name &quot;ERP&quot; exists." in response.content.decode()
    assert Integration.objects.count() == 1


def test_delete(admin):
    """Delete.php: "The integration '%1' has been deleted."; its consumer and tokens go with it."""
    admin.post(ADD, FORM)
    integration = Integration.objects.get(name="ERP")
    admin.post(f"{GRID}{integration.pk}/activate/")

    response = admin.post(f"{GRID}{integration.pk}/delete/", {"post": "yes"}, follow=True)

    assert "The integration &#x27;ERP&#x27; has been deleted." in response.content.decode()
    assert not Integration.objects.exists()
    assert not OauthToken.objects.exists()


def test_edit_sets_resource_access_to_all(admin):
    """The edit form starts from the saved selection; Resource Access: All replaces it (Magento_Backend::all)."""
    admin.post(ADD, FORM)
    integration = Integration.objects.get(name="ERP")
    page = admin.get(f"{GRID}{integration.pk}/change/").content.decode()

    admin.post(f"{GRID}{integration.pk}/change/", FORM | {"resource_access": "all", "resources": []})
    integration.refresh_from_db()

    assert re.search(r'value="Magento_InventoryApi::source"[^>]*checked', page)
    assert (integration.all_resources, integration.resources) == (True, [])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the POST to the endpoint runs on commit
def test_activate_with_an_endpoint_sends_the_credentials(admin):
    """TokensExchange: "Integration '%1' has been sent for activation." and "Please setup or sign in into your 3rd
    party account to complete setup of this integration."; a failing endpoint: OauthService's message."""
    server = Endpoint()
    try:
        admin.post(ADD, FORM | {"endpoint": server.url, "identity_link_url": "https://erp.example.com/link"})
        integration = Integration.objects.get(name="ERP")
        sent = admin.post(f"{GRID}{integration.pk}/activate/", follow=True).content.decode()
    finally:
        server.close()
    failing = admin.post(f"{GRID}{integration.pk}/activate/", follow=True).content.decode()
    integration.refresh_from_db()

    assert "Integration &#x27;ERP&#x27; has been sent for activation." in sent
    assert "Please setup or sign in into your 3rd party account to complete setup of this integration." in sent
    assert f"https://erp.example.com/link?oauth_consumer_key={integration.consumer.key}" in sent
    assert server.posted[0]["oauth_consumer_key"] == integration.consumer.key
    assert "The attempt to post data to consumer failed due to an unexpected error. Please try again later." in failing
    assert integration.status == IntegrationStatus.INACTIVE


def test_delete_selected_in_the_grid_deletes_consumers_and_tokens(admin):
    """The grid's bulk delete goes through delete_integration too: no consumer or token is left behind."""
    admin.post(ADD, FORM)
    admin.post(ADD, FORM | {"name": "Marketplace"})
    for integration in Integration.objects.all():
        admin.post(f"{GRID}{integration.pk}/activate/")
    ids = [str(pk) for pk in Integration.objects.values_list("pk", flat=True)]

    admin.post(GRID, {"action": "delete_selected", "_selected_action": ids, "post": "yes"})

    assert not Integration.objects.exists()
    assert not OauthConsumer.objects.exists()
    assert not OauthToken.objects.exists()
