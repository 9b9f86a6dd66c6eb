"""Writing a user's grid bookmarks: the columns shown now, and saved views (Magento_Ui's BookmarkManagement).

A user writes only their own bookmarks; each write is one statement in its own transaction."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.text import slugify

from backoffice.exceptions import DomainError

from .models import CURRENT, Bookmark

TITLE_LENGTH = 64
QUERY_LENGTH = 2000
NO_COLUMN = "Choose at least one column."
NO_TITLE = "Enter a name for the view."
TITLE_TOO_LONG = "The view's name is longer than 64 characters."
QUERY_TOO_LONG = "The view's filters are too long to save."


def grid_bookmarks(user: AbstractBaseUser, namespace: str) -> list[Bookmark]:
    """The user's bookmarks of one grid, the current one included (one query)."""
    return list(Bookmark.objects.filter(user=user, namespace=namespace))


def _columns(columns: Sequence[str], allowed: Sequence[str]) -> list[str]:
    chosen = [name for name in allowed if name in set(columns)]  # the grid's order; unknown names dropped
    if not chosen:
        raise DomainError(NO_COLUMN)
    return chosen


def save_columns(user: AbstractBaseUser, namespace: str, columns: Sequence[str], allowed: Sequence[str]) -> Bookmark:
    """Show these of the grid's ``allowed`` columns from now on."""
    config = {"columns": _columns(columns, allowed)}
    with transaction.atomic():
        bookmark, _ = Bookmark.objects.update_or_create(
            user=user, namespace=namespace, identifier=CURRENT, defaults={"config": config}
        )
    return bookmark


def save_view(
    user: AbstractBaseUser, namespace: str, title: str, query: str, columns: Sequence[str], allowed: Sequence[str]
) -> Bookmark:
    """Save the grid as it is (filters, search and sort in ``query``, the columns) under ``title``; a view of the
    same name is replaced."""
    title = " ".join(title.replace("\x00", "").split())
    if not title or not slugify(title):
        raise DomainError(NO_TITLE)
    if len(title) > TITLE_LENGTH:
        raise DomainError(TITLE_TOO_LONG)
    if len(query) > QUERY_LENGTH or "\x00" in query:
        raise DomainError(QUERY_TOO_LONG)
    config = {"columns": _columns(columns, allowed), "query": query.lstrip("?")}
    with transaction.atomic():
        bookmark, _ = Bookmark.objects.update_or_create(
            user=user, namespace=namespace, identifier=f"view-{slugify(title)}", defaults={"title": title, "config": config}
        )
    return bookmark


def delete_view(user: AbstractBaseUser, namespace: str, identifier: str) -> bool:
    with transaction.atomic():
        deleted, _ = Bookmark.objects.filter(user=user, namespace=namespace, identifier=identifier).exclude(
            identifier=CURRENT
        ).delete()
    return bool(deleted)
