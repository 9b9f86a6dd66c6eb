"""The authentication backend of Django users (the staff): Django's ModelBackend behind the account lock.

Every way a staff user signs in calls ``django.contrib.auth.authenticate``: the admin login page, the admin
token endpoint (with ``token_endpoint=True``, which adds Magento_Integration's token lock), and whatever comes
later (OAuth). So the throttle and the lock of ``lockout.sign_in`` hold on all of them, on one counter.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

from .lockout import admin_account_rule, sign_in, token_rule
from .models import UserType


class LockedModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        token_endpoint: bool = False,
        **kwargs: object,
    ) -> AbstractBaseUser | None:
        """The user, or None; raises ``throttle.TooManyRequests`` beyond the sign-in rate limits."""
        user_model = get_user_model()
        if username is None:
            username = kwargs.get(user_model.USERNAME_FIELD)  # type: ignore[assignment]
        if not isinstance(username, str) or not isinstance(password, str):
            return None
        rules = [admin_account_rule(), token_rule()] if token_endpoint else [admin_account_rule()]
        address = request.META.get("REMOTE_ADDR") if request is not None else None
        user = sign_in(UserType.ADMIN, username, password, find=find_user, rules=rules, address=address)
        return user if user is not None and self.user_can_authenticate(user) else None


def find_user(username: str) -> AbstractBaseUser | None:
    """The user of this name; letter case is ignored when no name matches exactly and one matches without
    case, as Magento's default admin/security/use_case_sensitive_login = 0 (Magento_User etc/config.xml)."""
    user_model = get_user_model()
    manager = user_model._default_manager
    try:
        return manager.get_by_natural_key(username)
    except user_model.DoesNotExist:
        matches = list(manager.filter(**{f"{user_model.USERNAME_FIELD}__iexact": username})[:2])
        return matches[0] if len(matches) == 1 else None
