"""Request bodies: JSON only, with Magento's "Decoding error." for anything unreadable.

Guards keep a hostile body from costing memory or stack or from reaching the database: at most
``DATA_UPLOAD_MAX_MEMORY_SIZE`` bytes are read (413 beyond); JSON nested deeper than ``MAGENTO_MAX_JSON_DEPTH``
is a decoding error (Magento's json_decode has a depth limit too; no Magento payload nests more than a few
levels); and one walk over the decoded body refuses any string (key or value) holding a NUL byte, which no
PostgreSQL text column can store, or longer than ``MAGENTO_MAX_STRING_LENGTH`` characters (65,535 by default:
MySQL's TEXT, the widest column a Magento REST string of these entities lands in), with Magento's
InputException::INVALID_FIELD_VALUE body naming the field, before any view runs.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from backoffice.exceptions import DomainError, InputError

from .serializers import field_name, to_snake_case

DECODING_ERROR = "Decoding error."
UTF8_ONLY = "UTF-8 is the only supported charset."
BODY_TOO_LARGE = "The request body is larger than the %1 bytes allowed."
INVALID_FIELD_VALUE = 'Invalid value of "%value" provided for the %fieldName field.'
# Keys whose string may be as long as the body allows: ImageContentInterface's base64 image (catalog/media.py
# bounds its decoded size).
UNBOUNDED_KEYS = frozenset({"base64_encoded_data"})
ECHOED_CHARACTERS = 255  # an over-long value is echoed cut to this many characters, then "..."
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
        _check(data)
        return data


def _declared_length(request: object) -> int:
    meta = getattr(request, "META", {})
    try:
        return int(meta.get("CONTENT_LENGTH") or 0)
    except (TypeError, ValueError):
        return 0


type _Path = tuple[str | int, "_Path"] | None  # (key, parent): a key's path without copying its parent's


def _check(data: object) -> None:
    """One walk over the decoded body, without recursion: its depth, and every key and string in it. Only
    containers are queued, each with a shared path, so a wide body costs little more memory than itself."""
    max_depth, max_length = settings.MAGENTO_MAX_JSON_DEPTH, settings.MAGENTO_MAX_STRING_LENGTH
    if isinstance(data, str) and ("\x00" in data or len(data) > max_length):
        raise _invalid_string(data, None, max_length)
    if isinstance(data, dict | list) and max_depth < 1:
        raise ParseError(DECODING_ERROR)
    pending: list[tuple[dict | list, int, _Path]] = [(data, 1, None)] if isinstance(data, dict | list) else []
    while pending:
        node, depth, path = pending.pop()
        for key, value in node.items() if isinstance(node, dict) else enumerate(node):
            if isinstance(key, str) and ("\x00" in key or len(key) > max_length):
                raise _invalid_string(key, (key, path), max_length)
            if isinstance(value, str) and (
                "\x00" in value or (len(value) > max_length and key not in UNBOUNDED_KEYS)
            ):
                raise _invalid_string(value, (key, path), max_length)
            if isinstance(value, dict | list):
                if depth + 1 > max_depth:
                    raise ParseError(DECODING_ERROR)
                if value:  # an empty container has nothing more to check
                    pending.append((value, depth + 1, (key, path)))


def _invalid_string(value: str, path: _Path, max_length: int) -> InputError:
    """Magento's INVALID_FIELD_VALUE, the field named as validation errors name it (the first key, the
    service method's parameter, in camelCase; the data object's keys in snake_case)."""
    steps: list[str | int] = []
    while path is not None:
        key, path = path
        steps.append(key)
    steps.reverse()
    name = field_name(tuple(to_snake_case(step) if isinstance(step, str) and i else step for i, step in enumerate(steps)))
    shown = value if len(value) <= max_length else value[: min(ECHOED_CHARACTERS, max_length)] + "..."
    return InputError(INVALID_FIELD_VALUE, parameters={"value": shown, "fieldName": name})


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")
