"""Customer groups in the admin: listed read-only (Magento's Customers > Customer Groups grid: ID, Group, Tax Class)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_installed_groups_are_listed(admin_client: Client) -> None:
    response = admin_client.get(reverse("admin:customers_customergroup_changelist"))

    html = response.content.decode()
    assert response.status_code == 200
    for code in ("NOT LOGGED IN", "General", "Wholesale", "Retailer"):
        assert code in html
    assert "Retail Customer" in html


def test_groups_are_read_only_in_the_admin(admin_client: Client) -> None:
    assert admin_client.get(reverse("admin:customers_customergroup_add")).status_code == 403
    assert admin_client.post(reverse("admin:customers_customergroup_delete", args=[2])).status_code == 403
