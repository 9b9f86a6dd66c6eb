"""Request bodies: JSON only, with Magento's "Decoding error." for anything unreadable.

Two guards keep a hostile body from costing memory or stack: at most ``DATA_UPLOAD_MAX_MEMORY_SIZE``
bytes are read (413 beyond), and JSON nested deeper than ``MAGENTO_MAX_JSON_DEPTH`` is a decoding error
(Magento's json_decode has a depth limit too; no Magento payload nests more than a few levels).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from backoffice.exceptions import DomainError, InputError

DECODING_ERROR = "Decoding error."
UTF8_ONLY = "UTF-8 is the only supported charset."
BODY_TOO_LARGE = "The request body is larger than the %1 bytes allowed."
_CHARSET = re.compile(r";\s*charset=([^;]*)", re.IGNORECASE)


class RequestBodyTooLarge(DomainError):
    message = BODY_TOO_LARGE
    http_status = 413


class MagentoJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):  # noqa: ANN001, ANN201 (DRF signature)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        request = (parser_context or {}).get("request")
        if limit is not None and _declared_length(request) > limit:
            raise RequestBodyTooLarge(parameters=[limit])
        raw = stream.read(limit + 1 if limit is not None else -1) if stream is not None else b""
        if limit is not None and len(raw) > limit:
            raise RequestBodyTooLarge(parameters=[limit])
        if not raw.strip():
            return {}
        charset = _CHARSET.search(media_type or "")
        if charset and charset.group(1).strip().lower() != "utf-8":  # Magento's Rest\Request::getContentType
            raise InputError(UTF8_ONLY)
        try:
            data = json.loads(raw.decode("utf-8"), parse_float=Decimal, parse_constant=_reject_constant)
        except (ValueError, UnicodeDecodeError, RecursionError) as error:
            raise ParseError(DECODING_ERROR) from error
        if _depth(data) > settings.MAGENTO_MAX_JSON_DEPTH:
            raise ParseError(DECODING_ERROR)
        return data


def _declared_length(request: object) -> int:
    meta = getattr(request, "META", {})
    try:
        return int(meta.get("CONTENT_LENGTH") or 0)
    except (TypeError, ValueError):
        return 0


def _depth(data: object) -> int:
    """How deeply arrays and objects nest (a scalar is 0), without recursion."""
    deepest, pending = 0, [(data, 1)]
    while pending:
        node, depth = pending.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        pending.extend((child, depth + 1) for child in children)
    return deepest


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")
