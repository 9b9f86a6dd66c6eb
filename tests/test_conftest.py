"""tests/conftest.py gives every transactional test serialized rollback, whichever level marks it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db  # a module's mark, under the test's own transactional one (as test_jobs.py)


@pytest.mark.django_db(transaction=True)
def test_a_test_marked_transactional_on_itself_restores_the_data_migrations_rows(request):
    """A test's own transactional marker once won over the one conftest added after it, so it flushed without
    restoring, and on PostgreSQL the next test's restore collided with the content types the flush re-created."""
    assert request.node.get_closest_marker("django_db").kwargs == {"transaction": True, "serialized_rollback": True}
