"""Mass actions write the admin log (issue 15): each object a mass action changed gets a LogEntry naming the
action ("Mass action: Update attributes (Enable Product, Price)"; an order keeps the line its button writes, "Put on
hold"), all of them in one insert whatever the selection's size, so that they show in Recent actions and in each
object's history. A refused action logs nothing.

The actions are Magento's: module-catalog's product_listing.xml (Change status, Update attributes, Delete),
magento/inventory's InventoryCatalogAdminUi product_listing.xml (Assign / Unassign Inventory Source, Transfer
Inventory To Source), module-sales' sales_order_grid.xml (Cancel, Hold, Unhold) and InventoryAdminUi's
inventory_source_listing.xml (Enable, Disable). Magento Open Source keeps no action log (Adobe Commerce's
Magento_Logging does: System > Action Logs); Django's LogEntry is the admin's own.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Product
from inventory.models import Source
from sales.models import Invoice, Order
from tests.admin.conftest import make_product

pytestmark = pytest.mark.django_db

PRODUCTS = reverse("admin:catalog_product_changelist")
ORDERS = reverse("admin:sales_order_changelist")
SOURCES = reverse("admin:inventory_source_changelist")


def logged(model: type) -> list[tuple[str, int, str]]:
    """(object id, action flag, message) of the model's log entries, sorted (compare with sorted())."""
    rows = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))
    return sorted((row.object_id, row.action_flag, row.change_message) for row in rows)


def act(client: Client, url: str, action: str, objects: list, **fields: object) -> CaptureQueriesContext:
    data = {"action": action, "index": 0, "_selected_action": [obj.pk for obj in objects], **fields}
    with CaptureQueriesContext(connection) as queries:
        client.post(url, data)
    return queries


def log_inserts(queries: CaptureQueriesContext) -> int:
    return sum(query["sql"].startswith('INSERT INTO "django_admin_log"') for query in queries.captured_queries)


def test_update_attributes_logs_each_product_in_one_insert(admin_client: Client) -> None:
    few, many = [make_product() for _ in range(2)], [make_product() for _ in range(7)]
    act(admin_client, PRODUCTS, "update_product_attributes", few, apply="1", status="1")  # caches warmed

    small = act(admin_client, PRODUCTS, "update_product_attributes", few, apply="1", status="2", price="5")
    large = act(admin_client, PRODUCTS, "update_product_attributes", many, apply="1", status="2", price="5")

    assert log_inserts(small) == log_inserts(large) == 1
    assert len(small.captured_queries) == len(large.captured_queries)
    message = "Mass action: Update attributes (Enable Product, Price)"
    assert [entry for entry in logged(Product) if entry[2] == message] == sorted(
        (str(p.pk), CHANGE, message) for p in few + many
    )


def test_change_status_and_a_refused_update_log_only_what_changed(admin_client: Client) -> None:
    first, second = make_product(), make_product()

    act(admin_client, PRODUCTS, "disable_products", [first])
    act(admin_client, PRODUCTS, "update_product_attributes", [second], apply="1", status="", price="-1")

    assert logged(Product) == [(str(first.pk), CHANGE, "Mass action: Change status: Disable")]


def test_assign_source_and_delete_log_each_product(admin_client: Client) -> None:
    Source.objects.create(source_code="ne_wh", name="Northeast Warehouse", country_id="US", postcode="10001")
    first, second = make_product(), make_product()

    assigned = act(admin_client, PRODUCTS, "assign_inventory_source", [first, second], apply="1", sources=["ne_wh"])
    deleted = act(admin_client, PRODUCTS, "delete_products", [first, second], apply="1")

    assert log_inserts(assigned) == log_inserts(deleted) == 1
    assign = "Mass action: Assign Inventory Source (Northeast Warehouse)"
    assert logged(Product) == sorted(
        [
            (str(first.pk), CHANGE, assign),
            (str(first.pk), DELETION, "Mass action: Delete"),
            (str(second.pk), CHANGE, assign),
            (str(second.pk), DELETION, "Mass action: Delete"),
        ]
    )


def test_order_mass_actions_log_in_one_insert(admin_client: Client, order_factory: Callable) -> None:
    orders = [order_factory() for _ in range(3)]

    held = act(admin_client, ORDERS, "hold_orders", orders)
    refused = act(admin_client, ORDERS, "hold_orders", orders)  # already on hold: Magento refuses each

    assert log_inserts(held) == 1
    assert log_inserts(refused) == 0
    assert logged(Order) == sorted((str(order.pk), CHANGE, "Put on hold") for order in orders)


def test_invoice_all_remaining_items_logs_orders_and_invoices_in_one_insert(
    admin_client: Client, order_factory: Callable
) -> None:
    orders = [order_factory() for _ in range(3)]

    invoiced = act(admin_client, ORDERS, "invoice_remaining", orders)

    assert log_inserts(invoiced) == 1
    invoices = {invoice.order_id: invoice for invoice in Invoice.objects.all()}
    assert logged(Order) == sorted((str(o.pk), CHANGE, f"Invoiced #{invoices[o.pk].increment_id}") for o in orders)
    assert logged(Invoice) == sorted(
        (str(invoices[o.pk].pk), ADDITION, f"Created for order #{o.increment_id}") for o in orders
    )


def test_source_enable_and_disable_log_each_source(admin_client: Client) -> None:
    for code in ("a_wh", "b_wh"):
        Source.objects.create(source_code=code, name=code.upper(), country_id="US", postcode="10001")
    chosen = list(Source.objects.filter(source_code__in=["a_wh", "b_wh"]).order_by("pk"))

    disabled = act(admin_client, SOURCES, "disable_sources", chosen)

    assert log_inserts(disabled) == 1
    assert logged(Source) == [("a_wh", CHANGE, "Mass action: Disable"), ("b_wh", CHANGE, "Mass action: Disable")]
