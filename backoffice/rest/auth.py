"""Bearer tokens and OAuth 1.0a signatures, as Magento clients send them."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from .acl import ANONYMOUS, acl_of
from .models import AccessToken, UserType, hash_token
from .oauth import active_integration, integration_bearer_token, signed_request, validate_access_request
from .tokens import credential_fingerprint


class BearerTokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer <token>``; the scheme is compared case-insensitively.

    An unknown, revoked or expired token makes the caller a guest (Magento does the same), so
    the endpoint's ACL check answers 401 "The consumer isn't authorized to access %resources.".
    """

    keyword = b"bearer"

    def authenticate(self, request: Request) -> tuple | None:
        parts = get_authorization_header(request).split(b" ")  # exactly one space, as Magento's explode(" ")
        if len(parts) != 2 or parts[0].lower() != self.keyword:
            return None
        try:
            key = parts[1].decode()
        except UnicodeDecodeError:
            return None
        token = (
            AccessToken.objects.usable(timezone.now()).select_related("user").filter(token_hash=hash_token(key)).first()
        )
        if token is None:
            integration_token = integration_bearer_token(key)  # only when MAGENTO_OAUTH_INTEGRATION_AS_BEARER
            return (AnonymousUser(), integration_token) if integration_token is not None else None
        if not _credentials_unchanged(token):
            return None
        user = token.user if token.user is not None and token.user.is_active else AnonymousUser()
        return user, token

    def authenticate_header(self, request: Request) -> str:
        return "Bearer"


class OAuthSignatureAuthentication(BaseAuthentication):
    """``Authorization: OAuth oauth_consumer_key=..., oauth_token=..., oauth_signature=...``: an integration's
    signed request (Magento's OauthUserContext), verified by oauth.validate_access_request.

    A request Magento refuses raises oauth.OAuthRefused with Magento's message. A valid signature of an inactive
    integration makes the caller a guest (the route's ACL check then answers 401 "The consumer isn't authorized
    to access %resources."). On an anonymous route, or a method the route does not serve, the header is not
    looked at: Magento matches the route first, and its ACL check of ``anonymous`` never asks who calls.
    """

    def authenticate(self, request: Request) -> tuple | None:
        view = request.parser_context.get("view") if request.parser_context else None
        if not hasattr(view, str(request.method).lower()) or acl_of(view, request.method)[0] == ANONYMOUS:
            return None  # no such route (Magento's 404 comes first), or nothing to authorize
        signed = signed_request(request._request)
        if signed is None:
            return None
        token = validate_access_request(signed)
        if active_integration(token) is None:
            return None
        return AnonymousUser(), token

    def authenticate_header(self, request: Request) -> str:
        return 'OAuth realm=""'


def _credentials_unchanged(token: AccessToken) -> bool:
    """An admin token dies with the password it was issued under (the fingerprint no longer matches)."""
    if token.user_type != UserType.ADMIN or token.user is None:
        return True
    return constant_time_compare(token.credential_fingerprint, credential_fingerprint(token.user))
