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


class IntegrationStatus(models.IntegerChoices):
    """Magento's Integration::STATUS_* and their grid labels (Model/Integration/Source/Status.php)."""

    INACTIVE = 0, "Inactive"
    ACTIVE = 1, "Active"
    RECREATED = 2, "Reset"


class IntegrationSetupType(models.IntegerChoices):
    """Magento's Integration::TYPE_*: made in the admin (or integration_create), or from a config file."""

    MANUAL = 0, "Manual"
    CONFIG = 1, "Config"


class OauthConsumer(models.Model):
    """Magento's ``oauth_consumer``: the key and secret (32 lowercase letters and digits each) of one integration.

    The secret is kept as it is: the server needs it to compute every HMAC signature.
    """

    name = models.CharField(max_length=255)
    key = models.CharField(max_length=32, unique=True)
    secret = models.CharField(max_length=128, unique=True)
    callback_url = models.TextField(blank=True, default="")
    rejected_callback_url = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # When the credentials were last posted to the integration's endpoint: the handshake must start within
    # oauth/consumer/expiration_period (Consumer::isValidForTokenExchange).
    updated_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        db_table = "oauth_consumer"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Integration(models.Model):
    """Magento's ``integration``; its resources are its ACL (Magento keeps them as an authorization role).

    ``all_resources`` is Magento's "Resource Access: All" (Magento_Backend::all); otherwise ``resources`` lists
    the ACL resource ids it may call, as the REST routes declare them.
    """

    name = models.CharField(max_length=255, unique=True)
    email = models.EmailField(max_length=254, blank=True, default="")
    endpoint = models.URLField(max_length=255, blank=True, default="")
    identity_link_url = models.URLField(max_length=255, blank=True, default="")
    status = models.PositiveSmallIntegerField(choices=IntegrationStatus.choices, default=IntegrationStatus.INACTIVE)
    setup_type = models.PositiveSmallIntegerField(
        choices=IntegrationSetupType.choices, default=IntegrationSetupType.MANUAL
    )
    consumer = models.OneToOneField(OauthConsumer, null=True, blank=True, on_delete=models.CASCADE)
    all_resources = models.BooleanField(default=False)
    resources = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "integration"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def allows(self, resource: str) -> bool:
        """Whether a call to a route of this ACL resource is within the integration's selection."""
        return self.all_resources or resource in self.resources


class OauthTokenType(models.TextChoices):
    """Magento's Token::TYPE_*: one row per consumer goes verifier -> request -> access."""

    VERIFIER = "verifier"
    REQUEST = "request"
    ACCESS = "access"


class OauthTokenQuerySet(models.QuerySet["OauthToken"]):
    def current(self) -> OauthTokenQuerySet:
        """The consumer's token in force (a reauthorized integration keeps its old tokens, revoked)."""
        return self.filter(revoked=False)


class OauthToken(models.Model):
    """Magento's ``oauth_token`` rows of integrations (admin and customer tokens are ``AccessToken``).

    As for every token here, only a SHA-256 of the token is stored; its secret is kept as it is (the HMAC
    key needs it). Integration tokens do not expire (Magento's ExpirationValidator skips them).
    """

    consumer = models.ForeignKey(OauthConsumer, on_delete=models.CASCADE, related_name="tokens")
    type = models.CharField(max_length=16, choices=OauthTokenType.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    secret = models.CharField(max_length=128)
    verifier = models.CharField(max_length=32, blank=True, default="")
    callback_url = models.TextField(default="oob")
    revoked = models.BooleanField(default=False)
    authorized = models.BooleanField(default=False)
    user_type = models.PositiveSmallIntegerField(choices=UserType.choices, default=UserType.INTEGRATION)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = OauthTokenQuerySet.as_manager()

    class Meta:
        db_table = "oauth_token"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.type} token #{self.pk}"


class OauthNonce(models.Model):
    """Magento's ``oauth_nonce``: a nonce is used once per consumer (the unique pair refuses a replay)."""

    consumer = models.ForeignKey(OauthConsumer, on_delete=models.CASCADE)
    nonce = models.CharField(max_length=255)
    timestamp = models.PositiveBigIntegerField(db_index=True)

    class Meta:
        db_table = "oauth_nonce"
        constraints = [models.UniqueConstraint(fields=["nonce", "consumer"], name="oauth_nonce_nonce_consumer_id")]

    def __str__(self) -> str:
        return self.nonce
