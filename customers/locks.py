"""Row locks of the customers app, in the one global lock order: the table in the README's "Layout" section.

A customer group is locked alone, before any customer row its change touches (deleting a group moves its
customers); nothing else locks a group. An account write takes its customer's row and no other lock of the global
order while holding it: saves, password changes and resets, activation. That lock is FOR NO KEY UPDATE: it
serialises account writes without waiting on (or for) the key-share lock that PostgreSQL takes on the customer row
when an order or a cart referring to the customer is written."""

from __future__ import annotations

from .models import Customer, CustomerGroup


def lock_customer_group(group_id: int) -> CustomerGroup | None:
    """The group, locked until the transaction ends (None when there is no such group)."""
    return CustomerGroup.objects.select_for_update().filter(pk=group_id).first()


def lock_customer(customer_id: int) -> Customer | None:
    """The customer's row, locked until the transaction ends (read again: the values other writers committed)."""
    return Customer.objects.select_for_update(no_key=True).filter(pk=customer_id).first()
