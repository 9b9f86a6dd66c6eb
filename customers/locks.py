"""Row locks of the customers app (README "lock order"). A customer group is locked alone, before any customer row
its change touches (deleting a group moves its customers); nothing else locks a group."""

from __future__ import annotations

from .models import CustomerGroup


def lock_customer_group(group_id: int) -> CustomerGroup | None:
    """The group, locked until the transaction ends (None when there is no such group)."""
    return CustomerGroup.objects.select_for_update().filter(pk=group_id).first()
