"""Admin pages whose saves go through domain functions: a refusal is shown, never a server error.

Imports no domain app: domain functions raise backoffice.exceptions.DomainError, which is all it needs.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from .exceptions import DomainError

MASS_ACTION = "Mass action: {}"  # the admin log's message for each object a mass action changed


def log_entries(request: HttpRequest, entries: Iterable[tuple[models.Model, int, str]]) -> None:
    """The admin log (Django's LogEntry: Recent actions, the object's history) of many objects at once, each
    (object, action flag, message), in one bulk insert: a mass action over a thousand rows logs in one query."""
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                user_id=request.user.pk,
                content_type_id=ContentType.objects.get_for_model(obj, for_concrete_model=False).pk,
                object_id=str(obj.pk),
                object_repr=str(obj)[:200],
                action_flag=flag,
                change_message=message,
            )
            for obj, flag, message in entries
        ]
    )


def log_mass_action(request: HttpRequest, objects: Iterable[models.Model], action: str, flag: int = CHANGE) -> None:
    """Logs "Mass action: <action>" on each object a mass action changed (or, with DELETION, deleted)."""
    message = MASS_ACTION.format(action)
    log_entries(request, ((obj, flag, message) for obj in objects))


def describe(error: DomainError) -> str:
    """The rendered message, followed by the parts of an aggregate error ("Validation Failed: ...")."""
    parts = [part.rendered() for part in error.errors]
    return f"{error.rendered()}: {' '.join(parts)}" if parts else error.rendered()


class DomainWritesAdmin(admin.ModelAdmin):
    """save_model / save_formset / delete_model of subclasses call domain functions. Django's admin runs
    them inside one transaction, so a DomainError rolls everything back; the page then comes back with the
    reason as an error message."""

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "", extra_context: dict | None = None
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as error:
            self.message_user(request, describe(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: dict | None = None) -> HttpResponse:
        try:
            return super().delete_view(request, object_id, extra_context)
        except DomainError as error:
            self.message_user(request, describe(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
