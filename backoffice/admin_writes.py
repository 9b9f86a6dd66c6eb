"""Admin pages whose saves go through domain functions: a refusal is shown, never a server error.

Imports no domain app: domain functions raise backoffice.exceptions.DomainError, which is all it needs.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from .exceptions import DomainError


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
