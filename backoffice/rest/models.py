"""Access tokens (Magento's oauth_token), the sign-in failure counters of the authentication locks, and the
Idempotency-Key records of retried POSTs."""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.conf import settings
from django.db import models


def hash_token(token: str) -> str:
    """Only a SHA-256 of each token is stored, so a database leak leaks no usable token."""
    return hashlib.sha256(token.encode()).hexdigest()


class UserType(models.IntegerChoices):
    """Magento's UserContextInterface user types."""

    INTEGRATION = 1, "Integration"
    ADMIN = 2, "Admin"
    CUSTOMER = 3, "Customer"


class AccessTokenQuerySet(models.QuerySet["AccessToken"]):
    def usable(self, now: datetime) -> AccessTokenQuerySet:
        return self.filter(revoked=False, expires_at__gt=now)


class AccessToken(models.Model):
    token_hash = models.CharField(max_length=64, unique=True)
    user_type = models.PositiveSmallIntegerField(choices=UserType.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE)
    # A customer is a domain object (sales.Customer); the plumbing keeps its id as a plain value.
    customer_id = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked = models.BooleanField(default=False)
    # For admin tokens: the user's Django session auth hash (an HMAC of the password hash) when the token was
    # issued. A password change alters it, which makes every older token a guest (no signal needed).
    credential_fingerprint = models.CharField(max_length=128, blank=True, default="")

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_user_type_display()} token #{self.pk}"


class SignInFailures(models.Model):
    """Failed sign-ins of one account under one lock rule (backoffice/rest/lockout.py).

    Magento keeps these counters on the account (``admin_user`` / ``customer_entity``: ``failures_num``,
    ``lock_expires``) and, for the token endpoints, in ``oauth_token_request_log``. Here they are keyed by the
    account (a Django user's or a customer's id), never by the typed user name: letter case cannot open a
    second counter, and an unknown user name writes no row at all.
    """

    user_type = models.PositiveSmallIntegerField(choices=UserType.choices)
    account_id = models.PositiveBigIntegerField()
    rule = models.CharField(max_length=16)
    failures_count = models.PositiveIntegerField(default=0)
    # The end of the counting window: a failure within it adds one, the next attempt after it starts again.
    lock_expires_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user_type", "account_id", "rule"], name="sign_in_failures_unique")
        ]
        verbose_name_plural = "sign-in failures"

    def __str__(self) -> str:
        return f"{self.get_user_type_display()} #{self.account_id} ({self.rule}): {self.failures_count} failures"


class IdempotencyRecord(models.Model):
    """The first answer to a POST sent with an ``Idempotency-Key`` header, replayed to the retries.

    Written in the transaction of the document it answers (see idempotency.py): a rolled-back request
    leaves no record. ``owner`` is who sent it (``admin:<user id>`` / ``customer:<customer id>``), so one
    client's key never answers another's request.
    """

    key = models.CharField(max_length=255)
    owner = models.CharField(max_length=64)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=2048)
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True, default="")
    response_content_type = models.CharField(max_length=100, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="idempotency_owner_key_unique")]

    def __str__(self) -> str:
        return f"{self.owner} {self.method} {self.path} ({self.key})"
