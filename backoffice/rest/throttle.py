"""A cache-backed limiter of sign-in attempts, checked before any database query or password hash.

A password check costs a few hundred milliseconds of CPU, so sign-in attempts are counted per client address
and per user name (letter case ignored) in fixed windows of ``SIGN_IN_THROTTLE_WINDOW_SECONDS``, in Django's
cache: local memory by default (one count per process), Redis when ``REDIS_URL`` is set (one count for every
worker; ``incr`` is atomic in both). Beyond the limit the answer is Magento's 429 "Too Many Requests", and no
counter, row or hash is made. Keys are SHA-256 digests, so any user name (a NUL byte, 100,000 characters)
makes a short, valid key.
"""

from __future__ import annotations

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache

from backoffice.exceptions import DomainError

logger = logging.getLogger(__name__)


class TooManyRequests(DomainError):
    """Magento 2.4.7's REST answer to backpressure (Magento\\Webapi\\Controller\\Rest\\RequestValidator::
    checkBackpressure): ``WebapiException(__('Too Many Requests'), 0, HTTP_TOO_MANY_REQUESTS)``."""

    message = "Too Many Requests"
    http_status = 429


def throttle_sign_in(address: str | None, username: str) -> None:
    """Count this attempt for its client address, then for its user name; raise TooManyRequests beyond either limit."""
    window = settings.SIGN_IN_THROTTLE_WINDOW_SECONDS
    if window <= 0:
        return
    limits = (
        ("address", address, settings.SIGN_IN_THROTTLE_PER_ADDRESS),
        ("username", username.casefold(), settings.SIGN_IN_THROTTLE_PER_USERNAME),
    )
    for scope, value, limit in limits:
        if value and limit > 0 and _count(scope, value, window) > limit:
            raise TooManyRequests()


def _count(scope: str, value: str, window: int) -> int:
    """This window's attempts for ``value``, this one included (0 when the cache cannot be reached)."""
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
    key = f"sign-in:{scope}:{digest}:{int(time.time() // window)}"
    try:
        cache.add(key, 0, timeout=window)
        try:
            return cache.incr(key)
        except ValueError:  # the key expired between add and incr: this attempt starts the window
            cache.set(key, 1, timeout=window)
            return 1
    except Exception:  # a cache outage must not lock everyone out; the accounts' locks still hold
        logger.exception("The sign-in limiter could not reach the cache; attempt not throttled")
        return 0
