"""Columns and Views on every grid: each admin user's column choice and saved views, kept as Magento_Ui's bookmarks.

Contract: Magento_Ui etc/db_schema.xml (table ``ui_bookmark``: user_id, namespace, identifier "current" or a view,
title, config), Api/BookmarkManagementInterface.php (a user's bookmarks of one namespace), and the grids' column
chooser and "Save View As" of Magento's admin (view/base/web/js/grid/controls/columns.js, bookmarks/bookmarks.js).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from backoffice.ui.models import Bookmark
from sales.models import Order

pytestmark = pytest.mark.django_db

ORDERS_URL = reverse("admin:sales_order_changelist")
COLUMNS_URL = reverse("admin:sales_order_grid_columns")
VIEWS_URL = reverse("admin:sales_order_grid_views")


def headers(client: Client, url: str = ORDERS_URL) -> list[str]:
    html = client.get(url).content.decode()
    return [part.split('"')[0] for part in html.split('<th scope="col" class="')[1:]]


def shown(client: Client, url: str = ORDERS_URL) -> set[str]:
    """The data columns of the grid (the class names of its headers)."""
    return {
        next((c.removeprefix("column-") for c in cls.split() if c.startswith("column-")), cls)
        for cls in headers(client, url)
    }


def test_a_user_chooses_the_columns_and_the_grid_and_its_csv_show_only_those(admin_client: Client, order_factory):
    order_factory()
    response = admin_client.post(COLUMNS_URL, {"columns": ["increment_id", "status_column", "not-a-column"],
                                               "query": "?status__exact=pending&o=3"})

    assert response.status_code == 302
    assert response["Location"] == f"{ORDERS_URL}?status__exact=pending"  # filters kept; a sort names a position
    assert shown(admin_client) == {"action-checkbox-column", "increment_id", "status_column"}
    csv = b"".join(admin_client.get(reverse("admin:sales_order_export_csv")).streaming_content).decode()
    assert csv.splitlines()[0] == "ID,Status"
    assert Bookmark.objects.get().config == {"columns": ["increment_id", "status_column"]}


def test_the_column_choice_is_the_users_own(admin_client: Client, django_user_model, order_factory):
    order_factory()
    admin_client.post(COLUMNS_URL, {"columns": ["increment_id"]})
    other = Client()
    other.force_login(django_user_model.objects.create_superuser("other", "o@example.com", "pw"))

    assert "purchase_date" in shown(other)
    assert "purchase_date" not in shown(admin_client)


def test_no_column_is_refused_and_writes_nothing(admin_client: Client, order_factory):
    order_factory()
    response = admin_client.post(COLUMNS_URL, {"query": ""}, follow=True)

    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Choose at least one column."]
    assert not Bookmark.objects.exists()
    assert "purchase_date" in shown(admin_client)


def test_a_saved_view_keeps_filters_sort_and_columns_and_opens_again(admin_client: Client, order_factory):
    order_factory()
    admin_client.post(COLUMNS_URL, {"columns": ["increment_id", "grand_total_column", "status_column"]})
    saved = admin_client.post(VIEWS_URL, {"title": "  Pending  orders ", "query": "?status__exact=pending&o=-2"})

    view = Bookmark.objects.get(identifier="view-pending-orders")
    assert (view.title, view.config) == ("Pending orders", {
        "columns": ["increment_id", "grand_total_column", "status_column"], "query": "status__exact=pending&o=-2"})
    assert saved["Location"] == f"{ORDERS_URL}?status__exact=pending&o=-2"
    assert "Pending orders" in admin_client.get(ORDERS_URL).content.decode()

    admin_client.post(COLUMNS_URL, {"columns": ["increment_id"]})  # the user changes the columns since
    opened = admin_client.post(reverse("admin:sales_order_grid_view", args=[view.identifier]), {"open": ""})

    assert opened["Location"] == f"{ORDERS_URL}?status__exact=pending&o=-2"
    assert shown(admin_client, opened["Location"]) == {
        "action-checkbox-column", "increment_id", "grand_total_column", "status_column"}


def test_a_view_is_deleted_by_its_owner_only(admin_client: Client, django_user_model):
    admin_client.post(VIEWS_URL, {"title": "Mine", "query": ""})
    view_url = reverse("admin:sales_order_grid_view", args=["view-mine"])
    other = Client()
    other.force_login(django_user_model.objects.create_superuser("other", "o@example.com", "pw"))

    response = other.post(view_url, {"delete": "1"}, follow=True)
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["This view no longer exists."]
    assert Bookmark.objects.filter(identifier="view-mine").exists()

    admin_client.post(view_url, {"delete": "1"})
    assert not Bookmark.objects.filter(identifier="view-mine").exists()


@pytest.mark.parametrize(("title", "message"), [
    ("", "Enter a name for the view."),
    ("\x00 \t", "Enter a name for the view."),
    ("x" * 65, "The view's name is longer than 64 characters."),
])
def test_a_view_without_a_usable_name_is_refused_and_writes_nothing(admin_client: Client, title: str, message: str):
    response = admin_client.post(VIEWS_URL, {"title": title, "query": ""}, follow=True)

    assert [str(m) for m in get_messages(response.wsgi_request)] == [message]
    assert not Bookmark.objects.exists()


def test_the_writes_are_posts_for_users_who_may_see_the_grid(client: Client, admin_client: Client, django_user_model):
    assert admin_client.get(COLUMNS_URL).status_code == 405
    clerk = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    client.force_login(clerk)
    assert client.post(COLUMNS_URL, {"columns": ["increment_id"]}).status_code == 403
    clerk.user_permissions.add(Permission.objects.get(codename="view_order"))
    clerk = User.objects.get(pk=clerk.pk)
    assert client.post(COLUMNS_URL, {"columns": ["increment_id"]}).status_code == 302
    assert Bookmark.objects.get().user == clerk


def test_every_grid_has_columns_and_views(admin_client: Client, order_factory: Callable[..., Order]):
    order_factory()
    for url in (ORDERS_URL, reverse("admin:sales_invoice_changelist"), reverse("admin:catalog_product_changelist")):
        html = admin_client.get(url).content.decode()
        assert "<summary>Columns</summary>" in html
        assert "Save current view" in html


def test_a_column_edited_in_the_grid_always_shows(admin_client: Client, product_factory):
    """Source Items edits its quantities in the grid (list_editable): hiding that column would leave the form
    without its field."""
    url = reverse("admin:inventory_sourceitem_changelist")
    product_factory(quantity=Decimal(5))
    admin_client.post(reverse("admin:inventory_sourceitem_grid_columns"), {"columns": ["sku_column"]})

    html = admin_client.get(url).content.decode()
    assert 'value="quantity" checked disabled' in html
    assert Bookmark.objects.get().config == {"columns": ["sku_column"]}
    assert "column-source_name" not in html
    assert ("column-quantity" in html, 'name="form-0-quantity"' in html) == (True, True), [
        line for line in html.splitlines() if "column-" in line]
