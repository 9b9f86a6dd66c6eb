"""Concurrency: the tree lock serialises category writes, so parallel creates and moves keep every path, level,
position and children_count right (PostgreSQL only; SQLite ignores FOR UPDATE)."""

from __future__ import annotations

import pytest
from django.db import connection

from catalog.categories import move_category, save_category
from catalog.models import Category
from tests.concurrency import run_concurrently

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),  # keeps Magento's two root categories
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs SELECT ... FOR UPDATE (PostgreSQL)"),
]


def test_parallel_creates_and_moves_keep_the_tree_consistent():
    gear = save_category(None, {"name": "Gear", "is_active": True})
    men = save_category(None, {"name": "Men", "is_active": True})
    bags = save_category(None, {"name": "Bags", "is_active": True, "parent_id": gear.pk})

    results = run_concurrently(
        [
            lambda n=n: save_category(None, {"name": f"Sub {n}", "is_active": True, "parent_id": men.pk})
            for n in range(6)
        ]
        + [lambda: move_category(bags.pk, men.pk, None)]
    )

    assert not [result for result in results if isinstance(result, Exception)]
    under_men = list(Category.objects.filter(parent_id=men.pk).order_by("position").values_list("position", flat=True))
    assert under_men == list(range(1, 8))
    for category in Category.objects.all():
        below = Category.objects.filter(path__startswith=f"{category.path}/").count()
        assert category.children_count == below, category.name
        assert category.level == category.path.count("/")
