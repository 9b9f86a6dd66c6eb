"""Row locks of the integrations app, in the one global lock order: the table in the README's "Layout" section.

An integration is locked alone (no order or stock lock is ever taken with it), so
it has no place in the global lock order of the domain documents."""

from __future__ import annotations

from backoffice.rest.models import Integration


def lock_integration(integration_id: int) -> Integration | None:
    return (
        Integration.objects.select_for_update(of=("self",)).select_related("consumer").filter(pk=integration_id).first()
    )
