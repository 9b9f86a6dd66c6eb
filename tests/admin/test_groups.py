"""The "Sales Clerk" and "Inventory Manager" groups: each sees and does what its Magento ACL resources allow,
in the admin and over REST alike."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from backoffice.rest.tokens import create_admin_access_token
from catalog.models import Category
from inventory.models import SourceItem
from sales.models import Invoice, Order
from tests.admin.conftest import make_order, make_product

pytestmark = pytest.mark.django_db

SALES_CLERK = {
    "sales.view_order", "sales.cancel_order", "sales.hold_order", "sales.unhold_order", "sales.comment_order",
    "sales.view_invoice", "sales.add_invoice", "sales.view_shipment", "sales.add_shipment",
    "sales.add_shipmenttrack", "sales.delete_shipmenttrack",
    # Magento_Sales::creditmemo and ::sales_creditmemo (migration sales.0009)
    "sales.view_creditmemo", "sales.add_creditmemo", "sales.change_creditmemo",
    # Magento_Sales::shipment's and ::sales_invoice's comments (migration sales.0016)
    "sales.add_shipmentcomment", "sales.add_invoicecomment",
}
INVENTORY_MANAGER = {
    f"{app}.{action}_{model}"
    for app, model in (("catalog", "product"), ("inventory", "source"), ("inventory", "stock"),
                       ("inventory", "stocksourcelink"), ("inventory", "saleschannel"), ("inventory", "sourceitem"))
    for action in ("view", "add", "change")
} | {"catalog.view_category", "catalog.add_category", "catalog.change_category"}  # Magento_Catalog::categories


def member_of(group: str) -> User:
    user = User.objects.create_user(group.lower().replace(" ", "-"), password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def rest_client(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {create_admin_access_token(user.username, 'pw')}")
    return client


@pytest.mark.parametrize(("group", "permissions"), [("Sales Clerk", SALES_CLERK),
                                                    ("Inventory Manager", INVENTORY_MANAGER)])
def test_the_groups_hold_their_acl_permissions(group: str, permissions: set[str]) -> None:
    user = member_of(group)

    assert user.get_all_permissions() == permissions


def test_a_sales_clerk_sees_sales_only(order_factory) -> None:
    order = order_factory()
    client = logged_in(member_of("Sales Clerk"))

    index = client.get(reverse("admin:index")).content.decode()
    statuses = {
        name: client.get(reverse(f"admin:{name}")).status_code
        for name in ("sales_order_changelist", "sales_invoice_changelist", "sales_shipment_changelist",
                     "catalog_product_changelist", "inventory_source_changelist", "inventory_stock_changelist",
                     "auth_user_changelist")
    }
    order_page = client.get(reverse("admin:sales_order_change", args=[order.pk])).content.decode()

    assert statuses == {
        "sales_order_changelist": 200, "sales_invoice_changelist": 200, "sales_shipment_changelist": 200,
        "catalog_product_changelist": 403, "inventory_source_changelist": 403, "inventory_stock_changelist": 403,
        "auth_user_changelist": 403,
    }
    assert ">Orders</a>" in index
    assert ">Products</a>" not in index
    assert reverse("admin:sales_order_invoice", args=[order.pk]) in order_page
    assert reverse("admin:sales_order_ship", args=[order.pk]) in order_page


def test_a_sales_clerk_invoices_ships_and_holds_in_the_admin() -> None:
    order = make_order(stock=Decimal("5"))
    item = order.items.get()
    held = make_order()
    client = logged_in(member_of("Sales Clerk"))

    invoiced = client.post(reverse("admin:sales_order_invoice", args=[order.pk]), {f"qty_{item.pk}": "1"})
    shipped = client.post(
        reverse("admin:sales_order_ship", args=[order.pk]), {f"source_{item.pk}_0": "default", f"qty_{item.pk}_0": "1"}
    )
    hold = client.post(reverse("admin:sales_order_changelist"), {"action": "hold_orders", "_selected_action": [held.pk]})

    assert (invoiced.status_code, shipped.status_code, hold.status_code) == (302, 302, 302)
    order.refresh_from_db()
    held.refresh_from_db()
    assert (order.status, held.status) == ("complete", "holded")


def test_an_inventory_manager_sees_catalog_and_inventory_only() -> None:
    order = make_order()
    product = make_product(quantity=Decimal("3"))
    client = logged_in(member_of("Inventory Manager"))

    index = client.get(reverse("admin:index")).content.decode()
    statuses = {
        name: client.get(reverse(f"admin:{name}", args=args)).status_code
        for name, args in (
            ("catalog_product_changelist", []), ("catalog_product_change", [product.pk]),
            ("inventory_source_changelist", []), ("inventory_stock_changelist", []),
            ("sales_order_changelist", []), ("sales_invoice_changelist", []),
            ("sales_order_invoice", [order.pk]), ("sales_order_ship", [order.pk]),
        )
    }

    assert statuses == {
        "catalog_product_changelist": 200, "catalog_product_change": 200, "inventory_source_changelist": 200,
        "inventory_stock_changelist": 200, "sales_order_changelist": 403, "sales_invoice_changelist": 403,
        "sales_order_invoice": 403, "sales_order_ship": 403,
    }
    assert ">Products</a>" in index
    assert ">Orders</a>" not in index


def test_an_inventory_manager_edits_quantities_per_source_in_the_admin() -> None:
    product = make_product(quantity=Decimal("98"))
    item = SourceItem.objects.get(product=product)
    client = logged_in(member_of("Inventory Manager"))

    response = client.post(reverse("admin:catalog_product_change", args=[product.pk]), {
        "name": product.name, "type_id": product.type_id, "attribute_set_id": "4", "price": "10", "weight": "",
        "status": "1", "visibility": "4",
        "source_items-TOTAL_FORMS": "1", "source_items-INITIAL_FORMS": "1",
        "source_items-MIN_NUM_FORMS": "0", "source_items-MAX_NUM_FORMS": "1000",
        "source_items-0-id": str(item.pk), "source_items-0-product": product.sku,
        "source_items-0-source": "default", "source_items-0-quantity": "90", "source_items-0-status": "1",
    })

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.quantity == Decimal("90")


def test_over_rest_a_sales_clerk_invoices_but_cannot_assign_source_items() -> None:
    order = make_order()
    product = make_product(quantity=Decimal("3"))
    client = rest_client(member_of("Sales Clerk"))

    invoiced = client.post(f"/rest/V1/order/{order.pk}/invoice", {}, format="json")
    assign = client.post("/rest/V1/inventory/source-items", {"sourceItems": [
        {"sku": product.sku, "source_code": "default", "quantity": 7, "status": 1},
    ]}, format="json")
    product_save = client.post("/rest/V1/products", {"product": {"sku": "NEW-1", "name": "New", "price": 1}},
                               format="json")

    assert invoiced.status_code == 200
    assert Invoice.objects.get(order=order).pk == int(invoiced.json())
    assert (assign.status_code, assign.json()) == (401, {
        "message": "The consumer isn't authorized to access %resources.",
        "parameters": {"resources": "Magento_InventoryApi::stock_source_item_assign"},
    })
    assert product_save.status_code == 401
    assert SourceItem.objects.get(product=product).quantity == Decimal("3")


def test_over_rest_an_inventory_manager_assigns_source_items_but_cannot_invoice() -> None:
    order = make_order()
    product = make_product(quantity=Decimal("3"))
    client = rest_client(member_of("Inventory Manager"))

    invoiced = client.post(f"/rest/V1/order/{order.pk}/invoice", {}, format="json")
    assign = client.post("/rest/V1/inventory/source-items", {"sourceItems": [
        {"sku": product.sku, "source_code": "default", "quantity": 7, "status": 1},
    ]}, format="json")

    assert (invoiced.status_code, invoiced.json()) == (401, {
        "message": "The consumer isn't authorized to access %resources.",
        "parameters": {"resources": "Magento_Sales::invoice"},
    })
    assert not Invoice.objects.exists()
    assert Order.objects.get(pk=order.pk).status == "pending"
    assert assign.status_code == 200
    assert SourceItem.objects.get(product=product).quantity == Decimal("7")


def test_over_rest_an_inventory_manager_manages_categories_and_a_sales_clerk_does_not() -> None:
    """Magento_Catalog::categories sits beside ::products under Catalog > Inventory (module-catalog etc/acl.xml);
    the category routes declare it (module-catalog etc/webapi.xml). No delete, as for products."""
    manager = rest_client(member_of("Inventory Manager"))
    clerk = rest_client(member_of("Sales Clerk"))
    body = {"category": {"name": "Gear", "is_active": True}}

    created = manager.post("/rest/V1/categories", body, format="json")
    renamed = manager.put(f"/rest/V1/categories/{created.json()['id']}", {"category": {"name": "Gear & Bags"}},
                          format="json")
    deleted = manager.delete(f"/rest/V1/categories/{created.json()['id']}")
    refused = clerk.post("/rest/V1/categories", body, format="json")

    assert (created.status_code, renamed.status_code) == (200, 200)
    assert renamed.json()["name"] == "Gear & Bags"
    assert (deleted.status_code, deleted.json()["parameters"]) == (401, {"resources": "Magento_Catalog::categories"})
    assert (refused.status_code, refused.json()["parameters"]) == (401, {"resources": "Magento_Catalog::categories"})
    assert Category.objects.filter(name="Gear & Bags").count() == 1


def test_a_sales_clerk_comments_a_shipment_over_rest() -> None:
    """Magento_Sales::shipment covers POST /V1/shipment/{id}/comments (module-sales etc/webapi.xml)."""
    order = make_order(stock=Decimal("5"))
    client = rest_client(member_of("Sales Clerk"))
    shipment_id = client.post(f"/rest/V1/order/{order.pk}/ship", {}, format="json").json()

    response = client.post(f"/rest/V1/shipment/{shipment_id}/comments",
                           {"entity": {"parent_id": shipment_id, "comment": "On its way"}}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["comment"] == "On its way"
