"""Access tokens and the token endpoint's failure counter (Magento's oauth_token / oauth_token_request_log)."""

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

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_user_type_display()} token #{self.pk}"


class TokenRequestLog(models.Model):
    """Failed token requests per user name, for Magento's authentication lock."""

    user_name = models.CharField(max_length=255)
    user_type = models.PositiveSmallIntegerField(choices=UserType.choices)
    failures_count = models.PositiveIntegerField(default=0)
    lock_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user_name", "user_type"], name="token_log_user_unique")]

    def __str__(self) -> str:
        return f"{self.user_name}: {self.failures_count} failures"
