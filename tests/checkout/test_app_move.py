"""Customers and carts moved out of the sales app (issue 14) without moving a row: an existing database keeps its
customers, carts and the permissions granted on them (sales/migrations/0013_customers_and_carts_move_to_their_apps.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from checkout.models import Quote
from customers.models import Customer

BEFORE_THE_MOVE = [("sales", "0012_creditmemo_verbose_name"), ("customers", None), ("checkout", None)]


def migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_from_before_the_move_keeps_its_customers_carts_and_grants():
    executor = migrate(BEFORE_THE_MOVE)
    old = executor.loader.project_state(BEFORE_THE_MOVE[:1]).apps
    customer = old.get_model("sales", "Customer").objects.create(email="kept@example.com", firstname="K", lastname="E")
    old.get_model("sales", "Quote").objects.create(customer_id=customer.pk)
    permission = old.get_model("auth", "Permission").objects.get(
        content_type__app_label="sales", codename="view_customer"
    )
    group = old.get_model("auth", "Group").objects.create(name="Customer service")
    group.permissions.add(permission)

    executor = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert Customer.objects.get(pk=customer.pk).email == "kept@example.com"
    assert Quote.objects.get(customer_id=customer.pk).is_active
    assert list(group.permissions.values_list("content_type__app_label", "codename")) == [
        ("customers", "view_customer")
    ]
