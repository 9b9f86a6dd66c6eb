"""Request bodies: JSON only, with Magento's "Decoding error." for anything unreadable."""

from __future__ import annotations

import json
import re
from decimal import Decimal

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from backoffice.exceptions import InputError

DECODING_ERROR = "Decoding error."
UTF8_ONLY = "UTF-8 is the only supported charset."
_CHARSET = re.compile(r";\s*charset=([^;]*)", re.IGNORECASE)


class MagentoJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):  # noqa: ANN001, ANN201 (DRF signature)
        raw = stream.read() if stream is not None else b""
        if not raw.strip():
            return {}
        charset = _CHARSET.search(media_type or "")
        if charset and charset.group(1).strip().lower() != "utf-8":  # Magento's Rest\Request::getContentType
            raise InputError(UTF8_ONLY)
        try:
            return json.loads(raw.decode("utf-8"), parse_float=Decimal, parse_constant=_reject_constant)
        except (ValueError, UnicodeDecodeError, RecursionError) as error:
            raise ParseError(DECODING_ERROR) from error


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")
