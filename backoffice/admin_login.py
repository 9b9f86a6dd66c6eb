"""The admin login page: Django's, behind the sign-in throttle and the account lock.

The lock itself is in the authentication backend (backoffice.rest.backends), which every sign-in passes; this
module only turns the limiter's refusal into the form's error and Magento's 429 status.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from backoffice.rest.throttle import TooManyRequests


class SignInForm(AdminAuthenticationForm):
    throttled = False

    def clean(self) -> dict:
        try:
            return super().clean()
        except TooManyRequests as refusal:
            self.throttled = True
            raise ValidationError(refusal.message, code="throttled") from None


admin.site.login_form = SignInForm


def admin_login(request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
    """``admin.site.login`` with SignInForm; a throttled attempt answers 429 with the form and its error."""
    response = admin.site.login(request, extra_context)
    form = (getattr(response, "context_data", None) or {}).get("form")
    if getattr(form, "throttled", False):
        response.status_code = 429
    return response
