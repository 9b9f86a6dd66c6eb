"""OAuth 1.0a as Magento's Framework\\Oauth verifies it: signed requests of integrations, and the token handshake.

Magento's order of checks and its messages (vendor/magento/framework/Oauth/Oauth.php, Helper/Request.php,
module-integration Model/Oauth/Token/Provider.php, Model/Oauth/Nonce/Generator.php):

1. the protocol parameters come from the ``Authorization: OAuth ...`` header only (``oauth_*`` names);
2. ``oauth_version``, if sent, is 1.0; the required parameters are present (400, "%fieldName" is required);
   ``oauth_token`` is 32 characters (400); the signature method is supported (400);
3. the consumer key is 32 characters and known (401);
4. the timestamp is positive and at most 600 s ahead, and the nonce is new for the consumer; the nonce is then
   stored (401 "An error occurred validating the nonce" / "The nonce is already being used ...");
5. the token exists, belongs to the consumer, is an access token, is not revoked (401);
6. the signature matches (401 "The signature is invalid. Verify and try again.").

The signature base string is RFC 5849's (oauthlib's ``signature`` module computes it): the method, the base
string URI (scheme and host lower-cased, default port dropped, no query), and every parameter: the header's
``oauth_*`` ones but ``oauth_signature``, the query's, and the body's only when it is form-encoded (a JSON body
is never signed). Where Magento differs from RFC 5849 (it keeps only the last of two query parameters of one name,
decodes ``+`` in the query as a plus, drops a parameter without ``=``), the RFC wins: it is what every client
library signs.

Better than Magento, and why: a timestamp older than the nonce retention (``MAGENTO_OAUTH_NONCE_LIFETIME_MINUTES``,
Magento's oauth/cleanup/expiration_period, 120) is refused too. Magento accepts any past timestamp but deletes
nonces after that period, so it accepts the replay of a request two hours old; here a nonce outlives every
timestamp that could reuse it.
"""

from __future__ import annotations

import random
import secrets
import string
import time
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import iri_to_uri
from oauthlib.oauth1.rfc5849 import signature as rfc5849
from oauthlib.oauth1.rfc5849.utils import parse_authorization_header, unescape
from rest_framework.exceptions import AuthenticationFailed

from backoffice.exceptions import (
    AGGREGATE_INPUT_MESSAGE,
    AuthenticationError,
    DomainError,
    InputError,
    RequiredFieldError,
)

from .models import (
    Integration,
    IntegrationStatus,
    OauthConsumer,
    OauthNonce,
    OauthToken,
    OauthTokenType,
    UserType,
    hash_token,
)

KEY_LENGTH = 32  # Magento's Helper\Oauth::LENGTH_* (token, secret, verifier, consumer key and secret)
TIME_DEVIATION = 600  # Nonce\Generator::TIME_DEVIATION: how far ahead of the server's clock a timestamp may be
CALLBACK_ESTABLISHED = "oob"
SIGNERS = {"HMAC-SHA1": rfc5849.sign_hmac_sha1_with_client, "HMAC-SHA256": rfc5849.sign_hmac_sha256_with_client}
REQUIRED = ("oauth_consumer_key", "oauth_signature", "oauth_signature_method", "oauth_nonce", "oauth_timestamp")
_ALPHABET = string.ascii_lowercase + string.digits

# Magento's messages (module-integration i18n/en_US.csv, framework/Oauth/Oauth.php).
VERSION_NOT_SUPPORTED = 'The "%1" Oauth version isn\'t supported.'
TOKEN_LENGTH_INVALID = "The token length is invalid. Check the length and try again."
SIGNATURE_METHOD_NOT_SUPPORTED = "Signature method %1 is not supported"
CONSUMER_KEY_LENGTH = "Consumer key is not the correct length"
CONSUMER_KEY_UNKNOWN = "A consumer having the specified key does not exist"
NONCE_ERROR = "An error occurred validating the nonce"
NONCE_USED = "The nonce is already being used by the consumer with ID %1"
TOKEN_UNKNOWN = "Specified token does not exist"
TOKEN_NOT_OF_CONSUMER = "Token is not associated with the specified consumer"
NOT_ACCESS_TOKEN = "Token is not an access token"
TOKEN_REVOKED = "Access token has been revoked"
SIGNATURE_INVALID = "The signature is invalid. Verify and try again."
CONSUMER_KEY_EXPIRED = "Consumer key has expired"
NOT_VERIFIER_TOKEN = "Cannot create request token because consumer token is not a verifier token"
CONSUMER_TOKEN_MISSING = "A token with consumer ID %1 does not exist"
REQUEST_TOKEN_NOT_OF_CONSUMER = "Request token is not associated with the specified consumer"
TOKEN_ALREADY_USED = "Token is already being used"
VERIFIER_LENGTH = "Verifier is not the correct length"
VERIFIER_MISMATCH = "Token verifier and verifier token do not match"


class OAuthRefused(AuthenticationFailed):
    """A signed request Magento refuses: DRF treats it as a failed authentication, the error handler renders
    ``error`` (Magento's message, 401 for an Oauth\\Exception, 400 for an OauthInputException)."""

    def __init__(self, error: DomainError) -> None:
        self.error = error
        super().__init__(error.rendered())


@dataclass(frozen=True)
class SignedRequest:
    """What the signature covers: the method, the URL as the client sent it, the protocol and other parameters."""

    method: str
    url: str
    protocol: dict[str, str]
    params: list[tuple[str, str]]


@dataclass(frozen=True)
class Credentials:
    """The four values an integration signs with (shown once, on activation)."""

    consumer_key: str
    consumer_secret: str
    access_token: str
    access_token_secret: str

    def as_dict(self) -> dict[str, str]:
        return {
            "consumer_key": self.consumer_key,
            "consumer_secret": self.consumer_secret,
            "access_token": self.access_token,
            "access_token_secret": self.access_token_secret,
        }


def random_key() -> str:
    """Magento's Helper\\Oauth::generateRandomString(32): lowercase letters and digits."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(KEY_LENGTH))


def signed_request(request: HttpRequest) -> SignedRequest | None:
    """The request's OAuth parameters, or None when it carries no ``Authorization: OAuth`` header (then it is
    no OAuth request at all, as for Magento's Helper\\Request::prepareRequest)."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header[:6].lower() != "oauth ":
        return None
    try:
        pairs = parse_authorization_header(header)
    except ValueError:
        return None
    protocol = {unescape(name): unescape(value) for name, value in pairs if name.startswith("oauth_")}
    params = _form_pairs(request.META.get("QUERY_STRING", ""))
    if request.content_type == "application/x-www-form-urlencoded":
        params += _form_pairs(request.body.decode(errors="replace"))
    return SignedRequest(request.method or "GET", request_url(request), protocol, params)


def _form_pairs(text: str) -> list[tuple[str, str]]:
    """RFC 5849 3.4.1.3.1: decoded as application/x-www-form-urlencoded, at most as many fields as Django takes."""
    try:
        return parse_qsl(text, keep_blank_values=True, max_num_fields=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)
    except ValueError:
        raise TooManyFieldsSent from None  # the REST error handler's 400, as for any over-long query


def request_url(request: HttpRequest) -> str:
    """The URL the client signed: scheme, host (with its port) and path as sent (gunicorn's RAW_URI keeps the
    client's own percent-encoding; elsewhere the decoded path is encoded again)."""
    raw = request.META.get("RAW_URI")
    path = urlsplit(raw).path if raw else iri_to_uri(request.path)
    return f"{request.scheme}://{request.get_host()}{path}"


def check_signature(signed: SignedRequest, consumer_secret: str, token_secret: str | None) -> bool:
    """RFC 5849 section 3.4 with oauthlib's base string and HMAC; compared in constant time."""
    params = [(k, v) for k, v in signed.protocol.items() if k != "oauth_signature"] + signed.params
    base_string = rfc5849.signature_base_string(
        signed.method.upper(), rfc5849.base_string_uri(signed.url), rfc5849.normalize_parameters(params)
    )
    sign = SIGNERS[signed.protocol["oauth_signature_method"]]
    secrets_ = SimpleNamespace(client_secret=consumer_secret, resource_owner_secret=token_secret or "")
    expected = sign(base_string, secrets_)
    return constant_time_compare(expected, signed.protocol.get("oauth_signature", ""))


def supported_methods() -> list[str]:
    return [method for method in settings.MAGENTO_OAUTH_SIGNATURE_METHODS if method in SIGNERS]


def validate_protocol_params(signed: SignedRequest, required: tuple[str, ...] = REQUIRED) -> OauthConsumer:
    """Magento's Oauth::_validateProtocolParams: version, required parameters, token length, signature method,
    consumer, then the timestamp and nonce (the nonce is stored). Returns the consumer."""
    protocol = signed.protocol
    if "oauth_version" in protocol and protocol["oauth_version"] != "1.0":
        raise OAuthRefused(InputError(VERSION_NOT_SUPPORTED, parameters=[protocol["oauth_version"]]))
    missing = [RequiredFieldError(name) for name in required if name not in protocol]
    if len(missing) == 1:
        raise OAuthRefused(missing[0])
    if missing:
        raise OAuthRefused(InputError(AGGREGATE_INPUT_MESSAGE, errors=missing))
    if "oauth_token" in protocol and len(protocol["oauth_token"]) != KEY_LENGTH:
        raise OAuthRefused(InputError(TOKEN_LENGTH_INVALID))
    if protocol["oauth_signature_method"] not in supported_methods():
        raise OAuthRefused(InputError(SIGNATURE_METHOD_NOT_SUPPORTED, parameters=[protocol["oauth_signature_method"]]))
    consumer = consumer_by_key(protocol["oauth_consumer_key"])
    use_nonce(consumer, protocol["oauth_nonce"], protocol["oauth_timestamp"])
    return consumer


def consumer_by_key(key: str) -> OauthConsumer:
    """Token\\Provider::getConsumerByKey."""
    if key and len(key) != KEY_LENGTH:
        raise OAuthRefused(AuthenticationError(CONSUMER_KEY_LENGTH))
    # A NUL byte (which PostgreSQL cannot compare) is no key: refused without a query.
    consumer = OauthConsumer.objects.filter(key=key).first() if key and "\x00" not in key else None
    if consumer is None:
        raise OAuthRefused(AuthenticationError(CONSUMER_KEY_UNKNOWN))
    return consumer


def use_nonce(consumer: OauthConsumer, nonce: str, timestamp: str) -> None:
    """Nonce\\Generator::validateNonce: a timestamp in the window and a nonce not used before by the consumer.

    The insert itself is the check (the unique pair): two racing replays cannot both pass.
    """
    now = int(time.time())
    oldest = now - settings.MAGENTO_OAUTH_NONCE_LIFETIME_MINUTES * 60
    seconds = int(timestamp) if timestamp.isascii() and timestamp.isdigit() and len(timestamp) < 19 else 0
    if not oldest <= seconds <= now + TIME_DEVIATION or not 0 < len(nonce) <= 255 or "\x00" in nonce:
        raise OAuthRefused(AuthenticationError(NONCE_ERROR))
    try:
        with transaction.atomic():
            OauthNonce.objects.create(consumer=consumer, nonce=nonce, timestamp=seconds)
    except IntegrityError:
        raise OAuthRefused(AuthenticationError(NONCE_USED, parameters=[str(consumer.pk)])) from None
    if random.randrange(settings.MAGENTO_OAUTH_CLEANUP_PROBABILITY or 1) == 0:
        OauthNonce.objects.filter(timestamp__lt=oldest).delete()  # Magento's oauth/cleanup, on the same odds


def token_by_key(token: str) -> OauthToken:
    """Token\\Provider::_getToken."""
    if len(token) != KEY_LENGTH:
        raise OAuthRefused(AuthenticationError(TOKEN_LENGTH_INVALID))
    found = OauthToken.objects.select_related("consumer__integration").filter(token_hash=hash_token(token)).first()
    if found is None:
        raise OAuthRefused(AuthenticationError(TOKEN_UNKNOWN))
    return found


def validate_access_request(signed: SignedRequest) -> OauthToken:
    """Oauth::validateAccessTokenRequest: the access token of a signed REST request, or OAuthRefused."""
    consumer = validate_protocol_params(signed, (*REQUIRED, "oauth_token"))
    token = token_by_key(signed.protocol["oauth_token"])
    if token.consumer_id != consumer.pk:
        raise OAuthRefused(AuthenticationError(TOKEN_NOT_OF_CONSUMER))
    if token.type != OauthTokenType.ACCESS:
        raise OAuthRefused(AuthenticationError(NOT_ACCESS_TOKEN))
    if token.revoked:
        raise OAuthRefused(AuthenticationError(TOKEN_REVOKED))
    if not check_signature(signed, consumer.secret, token.secret):
        raise OAuthRefused(AuthenticationError(SIGNATURE_INVALID))
    return token


def active_integration(token: OauthToken) -> Integration | None:
    """IntegrationService::findActiveIntegrationByConsumerId: an inactive (or deleted) integration is a guest."""
    integration = getattr(token.consumer, "integration", None)
    if integration is None or integration.status != IntegrationStatus.ACTIVE:
        return None
    return integration


def integration_bearer_token(key: str) -> OauthToken | None:
    """An integration's access token sent as ``Bearer`` (OpaqueToken\\Reader), when
    ``MAGENTO_OAUTH_INTEGRATION_AS_BEARER`` allows it (Magento 2.4.4+: oauth/consumer/enable_integration_as_bearer,
    off by default)."""
    if not settings.MAGENTO_OAUTH_INTEGRATION_AS_BEARER or len(key) != KEY_LENGTH:
        return None
    token = (
        OauthToken.objects.select_related("consumer__integration")
        .filter(token_hash=hash_token(key), type=OauthTokenType.ACCESS, revoked=False)
        .first()
    )
    return token if token is not None and active_integration(token) is not None else None


# --- The token lifecycle (Magento's Model\Oauth\Token and Token\Provider) ---


def create_consumer(name: str) -> OauthConsumer:
    return OauthConsumer.objects.create(name=name, key=random_key(), secret=random_key())


def revoke_tokens(consumer: OauthConsumer) -> int:
    """Reauthorize: the consumer's tokens stop working (Magento deletes the row; here it stays, revoked)."""
    return OauthToken.objects.filter(consumer=consumer, revoked=False).update(revoked=True)


def create_access_token(consumer: OauthConsumer) -> tuple[str, str]:
    """OauthService::createAccessToken without an endpoint: verifier -> request -> access at once.
    Returns the token and its secret (only the hash of the token is stored)."""
    token, secret = random_key(), random_key()
    OauthToken.objects.create(
        consumer=consumer, type=OauthTokenType.ACCESS, token_hash=hash_token(token), secret=secret, authorized=True
    )
    return token, secret


def create_verifier_token(consumer: OauthConsumer) -> str:
    """Token::createVerifierToken (for the credentials posted to the endpoint); returns the verifier."""
    verifier = random_key()
    OauthToken.objects.create(
        consumer=consumer,
        type=OauthTokenType.VERIFIER,
        token_hash=hash_token(random_key()),
        secret=random_key(),
        verifier=verifier,
    )
    return verifier


def integration_token(consumer: OauthConsumer) -> OauthToken:
    """Token\\Provider::getIntegrationTokenByConsumerId."""
    token = OauthToken.objects.current().filter(consumer=consumer, user_type=UserType.INTEGRATION).first()
    if token is None:
        raise OAuthRefused(AuthenticationError(CONSUMER_TOKEN_MISSING, parameters=[str(consumer.pk)]))
    return token


def get_request_token(signed: SignedRequest) -> dict[str, str]:
    """Oauth::getRequestToken (POST /oauth/token/request): the consumer's verifier token becomes a request token."""
    consumer = validate_protocol_params(signed)
    expiry = timedelta(seconds=settings.MAGENTO_OAUTH_CONSUMER_EXPIRATION_SECONDS)
    if consumer.updated_at is None or timezone.now() - consumer.updated_at >= expiry:
        raise OAuthRefused(AuthenticationError(CONSUMER_KEY_EXPIRED))
    if not check_signature(signed, consumer.secret, None):
        raise OAuthRefused(AuthenticationError(SIGNATURE_INVALID))
    token = integration_token(consumer)
    key, secret = random_key(), random_key()
    # The verifier becomes the request token once: a second, racing call finds it no longer a verifier.
    updated = OauthToken.objects.filter(pk=token.pk, type=OauthTokenType.VERIFIER).update(
        type=OauthTokenType.REQUEST,
        token_hash=hash_token(key),
        secret=secret,
        callback_url=consumer.callback_url or CALLBACK_ESTABLISHED,
    )
    if not updated:
        raise OAuthRefused(AuthenticationError(NOT_VERIFIER_TOKEN))
    return {"oauth_token": key, "oauth_token_secret": secret}


def get_access_token(signed: SignedRequest) -> tuple[OauthConsumer, dict[str, str]]:
    """Oauth::getAccessToken (POST /oauth/token/access): the request token and verifier -> the access token."""
    required = (*REQUIRED, "oauth_token", "oauth_verifier")
    consumer = validate_protocol_params(signed, required)
    token = token_by_key(signed.protocol["oauth_token"])
    if token.consumer_id != consumer.pk:
        raise OAuthRefused(AuthenticationError(REQUEST_TOKEN_NOT_OF_CONSUMER))
    if token.type != OauthTokenType.REQUEST:
        raise OAuthRefused(AuthenticationError(TOKEN_ALREADY_USED))
    verifier = signed.protocol["oauth_verifier"]
    if len(verifier) != KEY_LENGTH:
        raise OAuthRefused(AuthenticationError(VERIFIER_LENGTH))
    if not constant_time_compare(token.verifier, verifier):
        raise OAuthRefused(AuthenticationError(VERIFIER_MISMATCH))
    if not check_signature(signed, consumer.secret, token.secret):
        raise OAuthRefused(AuthenticationError(SIGNATURE_INVALID))
    key, secret = random_key(), random_key()
    updated = OauthToken.objects.filter(pk=token.pk, type=OauthTokenType.REQUEST).update(
        type=OauthTokenType.ACCESS, token_hash=hash_token(key), secret=secret, authorized=True
    )
    if not updated:  # a second exchange of the same request token raced this one
        raise OAuthRefused(AuthenticationError(TOKEN_ALREADY_USED))
    return consumer, {"oauth_token": key, "oauth_token_secret": secret}
