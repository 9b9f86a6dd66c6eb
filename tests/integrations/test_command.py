"""python manage.py integration_create (Magento's equivalent: config-based integrations, module-integration
Model/ConfigBasedIntegrationManager.php; messages from Model/IntegrationService.php)."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command

from backoffice.rest.models import Integration, IntegrationStatus, OauthToken, hash_token

from .conftest import create_integration

pytestmark = pytest.mark.django_db


def test_creates_and_activates_and_prints_the_credentials():
    values = create_integration("ERP", "Magento_Sales::actions_view,Magento_Sales::actions_view")

    integration = Integration.objects.get(pk=values["integration_id"])
    assert integration.status == IntegrationStatus.ACTIVE
    assert integration.resources == ["Magento_Sales::actions_view"]
    assert integration.consumer.key == values["consumer_key"]
    assert all(
        len(values[key]) == 32 for key in ("consumer_key", "consumer_secret", "access_token", "access_token_secret")
    )
    token = OauthToken.objects.get(token_hash=hash_token(values["access_token"]))
    assert (token.type, token.secret, token.revoked) == ("access", values["access_token_secret"], False)
    assert values["access_token"] not in str(list(OauthToken.objects.values()))  # only its hash is stored


def test_prints_magentos_labels_without_json():
    out = io.StringIO()
    call_command("integration_create", "--name", "ERP", stdout=out)

    assert [line.split(":")[0] for line in out.getvalue().splitlines()] == [
        "Consumer Key",
        "Consumer Secret",
        "Access Token",
        "Access Token Secret",
    ]
    assert Integration.objects.get().all_resources is True


def test_refuses_a_duplicate_name_and_an_unknown_resource():
    create_integration("ERP")

    with pytest.raises(CommandError, match=re.escape('The integration with name "ERP" exists.')):
        create_integration("ERP")
    with pytest.raises(CommandError, match=re.escape('The ACL resource "Magento_Sales::sales" is not declared')):
        create_integration("Other", "Magento_Sales::sales")


def test_lists_the_resources_the_routes_declare():
    out = io.StringIO()
    call_command("integration_create", "--name", "x", "--list-resources", stdout=out)

    resources = out.getvalue().split()
    assert {"Magento_Sales::actions_view", "Magento_Sales::sales_invoice", "Magento_InventoryApi::source"} <= set(
        resources
    )
    assert "self" not in resources
    assert "anonymous" not in resources
    assert not Integration.objects.exists()
