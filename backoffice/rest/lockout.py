"""One authentication lock per account, across every way in (admin login, admin token, customer token).

Magento's limits (its config.xml defaults, as settings):

- an admin account: ``admin/security/lockout_failures`` 6 and ``lockout_threshold`` 30 minutes
  (Magento_User etc/config.xml), ``MAGENTO_ADMIN_LOCKOUT_FAILURES`` / ``_THRESHOLD_MINUTES``;
- a customer account: ``customer/password/lockout_failures`` 10 and ``lockout_threshold`` 10 minutes
  (Magento_Customer etc/config.xml), ``MAGENTO_CUSTOMER_LOCKOUT_FAILURES`` / ``_THRESHOLD_MINUTES``;
- on top, on the token endpoints only: ``oauth/authentication_lock/max_failures_count`` 6 and ``timeout``
  1800 s (Magento_Integration etc/config.xml, its RequestThrottler), ``MAGENTO_AUTH_LOCK_MAX_FAILURES`` /
  ``MAGENTO_AUTH_LOCK_TIMEOUT_SECONDS``.

A rule with 0 failures or a 0 timeout is off, as in Magento. Failures are counted per account (never per typed
user name) and *before* the password is checked: an attempt first claims one failure with a row lock; a correct
password then clears the account's counters. So however many requests race, at most ``max_failures`` password
checks run until the lock expires, and a locked account costs no password hash. A failure counts while it
comes within the rule's timeout of the previous one (Magento's RequestThrottler); the lock lasts the timeout
from the last counted failure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import SignInFailures
from .throttle import throttle_sign_in

# The longest user name any account can have (a customer's email column); longer ones, and any with a NUL
# byte (which PostgreSQL cannot even compare), are no account: refused without a query.
MAX_USERNAME_LENGTH = 255


class Account(Protocol):
    """What a way in needs of an account: its id and a password check (a Django user has both)."""

    pk: int

    def check_password(self, raw_password: str) -> bool: ...


@dataclass(frozen=True)
class LockRule:
    name: str
    max_failures: int
    timeout: timedelta

    @property
    def active(self) -> bool:
        return self.max_failures > 0 and self.timeout > timedelta(0)


def admin_account_rule() -> LockRule:
    """Magento_User admin/security/lockout_failures and lockout_threshold (minutes)."""
    minutes = settings.MAGENTO_ADMIN_LOCKOUT_THRESHOLD_MINUTES
    return LockRule("account", settings.MAGENTO_ADMIN_LOCKOUT_FAILURES, timedelta(minutes=minutes))


def customer_account_rule() -> LockRule:
    """Magento_Customer customer/password/lockout_failures and lockout_threshold (minutes)."""
    minutes = settings.MAGENTO_CUSTOMER_LOCKOUT_THRESHOLD_MINUTES
    return LockRule("account", settings.MAGENTO_CUSTOMER_LOCKOUT_FAILURES, timedelta(minutes=minutes))


def token_rule() -> LockRule:
    """Magento_Integration oauth/authentication_lock/max_failures_count and timeout (seconds)."""
    seconds = settings.MAGENTO_AUTH_LOCK_TIMEOUT_SECONDS
    return LockRule("token", settings.MAGENTO_AUTH_LOCK_MAX_FAILURES, timedelta(seconds=seconds))


def sign_in[A: Account](
    user_type: int,
    username: str,
    password: str,
    *,
    find: Callable[[str], A | None],
    rules: Sequence[LockRule],
    address: str | None,
) -> A | None:
    """The account these credentials open, or None; every way in goes through here.

    In order, and each before any password hash: the client address and user name are throttled (429), an
    impossible user name is refused, the account is found (``find``: one query, no hash), and one failure is
    claimed against each lock rule. Only then is the password checked; a correct one clears the counters.
    """
    throttle_sign_in(address, username)
    if not _possible(username, password):
        return None
    account = find(username)
    if account is None:
        make_password(password)  # as slow as a real check: the answer's timing tells no one which names exist
        return None
    if not claim_attempt(user_type, account.pk, rules):
        return None
    if not account.check_password(password):
        return None
    clear_failures(user_type, account.pk)
    return account


def claim_attempt(user_type: int, account_id: int, rules: Sequence[LockRule]) -> bool:
    """Count one failure against each active rule, unless one of them is locked (then count nothing).

    The account's counter rows are created if missing (INSERT ... ON CONFLICT DO NOTHING) and locked
    (SELECT ... FOR UPDATE, by rule name) in one transaction, so parallel attempts count one after another.
    """
    active = sorted((rule for rule in rules if rule.active), key=lambda rule: rule.name)
    if not active:
        return True
    now = timezone.now()
    with transaction.atomic():
        SignInFailures.objects.bulk_create(
            [
                SignInFailures(user_type=user_type, account_id=account_id, rule=rule.name, lock_expires_at=now)
                for rule in active
            ],
            ignore_conflicts=True,
        )
        rows = {
            row.rule: row
            for row in SignInFailures.objects.select_for_update()
            .filter(user_type=user_type, account_id=account_id, rule__in=[rule.name for rule in active])
            .order_by("rule")
        }
        if any(_locked(rows[rule.name], rule, now) for rule in active):
            return False
        for rule in active:
            row = rows[rule.name]
            count = 1 if row.lock_expires_at <= now else F("failures_count") + 1
            SignInFailures.objects.filter(pk=row.pk).update(failures_count=count, lock_expires_at=now + rule.timeout)
    return True


def clear_failures(user_type: int, account_id: int) -> None:
    """A successful sign-in resets every counter of the account (Magento resets failures_num and the log)."""
    SignInFailures.objects.filter(user_type=user_type, account_id=account_id).delete()


def _possible(username: str, password: str) -> bool:
    """False for credentials no account can have: a NUL byte or an over-long name (PostgreSQL cannot take a NUL
    in a query), or text that is no UTF-8 (a lone surrogate, which JSON can carry)."""
    if "\x00" in username or len(username) > MAX_USERNAME_LENGTH:
        return False
    try:
        username.encode()
        password.encode()
    except UnicodeEncodeError:
        return False
    return True


def _locked(row: SignInFailures, rule: LockRule, now: datetime) -> bool:
    return row.failures_count >= rule.max_failures and row.lock_expires_at > now


def is_locked(user_type: int, account_id: int, rules: Sequence[LockRule]) -> bool:
    """Whether one of the rules locks the account now (an identity check then signs the admin out, as
    Magento's User::performIdentityCheck does with its UserLockedException)."""
    now = timezone.now()
    rows = {row.rule: row for row in SignInFailures.objects.filter(user_type=user_type, account_id=account_id)}
    return any(rule.active and rule.name in rows and _locked(rows[rule.name], rule, now) for rule in rules)


def locked_accounts(user_type: int, account_ids: Iterable[int], rules: Sequence[LockRule]) -> set[int]:
    """The accounts among ``account_ids`` that one of the rules locks now, in one query (a grid's page)."""
    now, by_name = timezone.now(), {rule.name: rule for rule in rules if rule.active}
    rows = SignInFailures.objects.filter(user_type=user_type, account_id__in=list(account_ids), rule__in=by_name)
    return {row.account_id for row in rows if _locked(row, by_name[row.rule], now)}
