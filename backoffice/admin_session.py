"""The admin session ends after ``MAGENTO_ADMIN_SESSION_LIFETIME_SECONDS`` of idleness, as Magento's does.

Magento's admin session lifetime (admin/security/session_lifetime, 900 s) counts from the last request:
Magento_Backend's Auth\\Session::prolong moves it on every page. Django's SESSION_SAVE_EVERY_REQUEST would write
the session row on every page (three queries on each admin grid); this middleware moves the expiry at most
once every fifteenth of the lifetime (60 s of 900), so a session ends between 14/15 of the lifetime and the
lifetime after its last request, and most pages write nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REFRESHED_AT = "_idle_refreshed_at"


def mark_signed_in(sender: object, request: HttpRequest | None, **kwargs: object) -> None:
    """``user_logged_in``: the login saves the session anyway, so it counts as a refresh."""
    if request is not None and hasattr(request, "session"):
        request.session[REFRESHED_AT] = int(time.time())


class IdleSessionMiddleware:
    """Place it after SessionMiddleware: its answer passes here first, then the session is saved."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or settings.SESSION_COOKIE_NAME not in request.COOKIES or session.is_empty():
            return response  # no session to prolong (REST calls carry none)
        now = int(time.time())
        interval = max(1, settings.SESSION_COOKIE_AGE // 15)
        if now - session.get(REFRESHED_AT, 0) >= interval:
            session[REFRESHED_AT] = now  # a change: SessionMiddleware saves it, with a new expiry and cookie
        return response
