"""Bearer tokens, as Magento clients send them."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from .models import AccessToken, hash_token


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
            return None
        user = token.user if token.user is not None and token.user.is_active else AnonymousUser()
        return user, token

    def authenticate_header(self, request: Request) -> str:
        return "Bearer"
