"""Magento_Ui's ``ui_bookmark``: a user's saved state of one grid (``namespace``, e.g. ``sales_order``).

``identifier`` "current" holds the columns the user shows now (Magento's "current" bookmark); any other holds a
saved view: its title, the grid's query string (filters, search, sort) and its columns."""

from __future__ import annotations

from django.conf import settings
from django.db import models

CURRENT = "current"


class Bookmark(models.Model):
    bookmark_id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ui_bookmarks")
    namespace = models.CharField(max_length=255)
    identifier = models.CharField(max_length=255)
    title = models.CharField(max_length=255, blank=True)
    config = models.JSONField(default=dict)  # {"columns": [...], "query": "..."}
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "ui_bookmark"
        ordering = ["title", "bookmark_id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "namespace", "identifier"], name="ui_bookmark_user_namespace_id")
        ]

    def __str__(self) -> str:
        return self.title or self.identifier
