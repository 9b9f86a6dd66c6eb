"""Concurrency of customer groups (PostgreSQL only; SQLite ignores FOR UPDATE): the group row lock
(customers/locks.py) serialises saving, deleting and making a group the default, so Magento's rules hold under races:
a code stays unique ("Customer Group already exists."), the default group is never deleted ("Cannot delete
group.", Model/ResourceModel/GroupRepository::deleteById), and no customer is left in a deleted group."""

from __future__ import annotations

import pytest
from django.db import connection

from backoffice.exceptions import DomainError
from customers.customers import CustomerData, create_customer
from customers.groups import GroupData, delete_group, get_default_group_id, save_group, set_default_group
from customers.models import Customer, CustomerGroup
from tests.concurrency import run_concurrently

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs SELECT ... FOR UPDATE (PostgreSQL)"),
]


def test_parallel_creates_of_one_code_give_one_group():
    results = run_concurrently([lambda: save_group(GroupData(code="VIP"))] * 6)

    assert sum(isinstance(r, CustomerGroup) for r in results) == 1
    assert all(r.message == "Customer Group already exists." for r in results if isinstance(r, DomainError))
    assert CustomerGroup.objects.filter(customer_group_code="VIP").count() == 1


def test_deleting_a_group_while_it_becomes_the_default_never_deletes_the_default():
    for _ in range(5):
        group = save_group(GroupData(code="Race"))

        pk = group.pk
        results = run_concurrently([lambda pk=pk: delete_group(pk), lambda pk=pk: set_default_group(pk)])

        assert not any(isinstance(r, Exception) and not isinstance(r, DomainError) for r in results), results
        assert CustomerGroup.objects.filter(pk=get_default_group_id()).exists()
        set_default_group(1)
        CustomerGroup.objects.filter(pk=pk).delete()


def test_customers_registering_while_their_group_is_deleted_end_in_an_existing_group():
    group = save_group(GroupData(code="Doomed"))

    results = run_concurrently(
        [lambda: delete_group(group.pk)]
        + [
            lambda i=i: create_customer(
                CustomerData(email=f"c{i}@example.com", firstname="C", lastname="D", group_id=group.pk)
            )
            for i in range(6)
        ]
    )

    assert not any(isinstance(r, Exception) and not isinstance(r, DomainError) for r in results), results
    assert not CustomerGroup.objects.filter(pk=group.pk).exists()
    assert set(Customer.objects.values_list("group_id", flat=True)) <= {1}
