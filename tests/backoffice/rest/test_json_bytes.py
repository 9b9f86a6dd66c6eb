"""MagentoJSONRenderer encodes with orjson and must print the standard library's bytes (which are PHP's
``json_encode``'s: ``Framework/Serialize/Serializer/Json.php`` serialize, ``json_encode($data)``): compared here
on the values where the two encoders differ, and on random nested data."""

from __future__ import annotations

import datetime
import json
import random
import uuid
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy

from backoffice.rest.renderers import MagentoJSONEncoder, MagentoJSONRenderer, magento_json


def standard_library(data: object) -> bytes:
    return json.dumps(data, cls=MagentoJSONEncoder, separators=(",", ":"), ensure_ascii=True, allow_nan=False).encode()


@pytest.mark.parametrize(
    "data",
    [
        {"name": "Zoë’s café", "emoji": "\U0001f600", "del": "\x7f", "controls": "\x00\x01\x1f\t\n\r\b\f"},
        {"quote": '"\\', "sep": "\u2028\u2029", "cjk": "東京"},
        {"tiny": 0.00001, "tinier": -1.5e-7, "in string": "[0.00001]"},
        {"huge": 2**70, "negative huge": -(2**64)},
        {1: "integer key", "x": {2.5: "float key"}},
        {"when": datetime.datetime(2026, 11, 30, 22, 5, 1, 123456, tzinfo=datetime.UTC),
         "day": datetime.date(2026, 11, 30), "naive": datetime.datetime(2026, 1, 2, 3, 4, 5)},
        {"uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"), "lazy": gettext_lazy("Cannot ship %1.")},
        {"amounts": [Decimal("300.0000"), Decimal("1917.6000"), Decimal("-0.0000"), Decimal("0.0001"),
                     Decimal("99999999999999.9999"), Decimal("1E+3")]},
        {"tuple": (1, 2), "nested": [[[[{"a": None, "b": True, "c": False}]]]], "float": 1e16},
        "a bare string/with slash", 17, None, [],
    ],
)
def test_orjson_prints_the_standard_librarys_bytes(data):
    assert magento_json(data, MagentoJSONEncoder()) == standard_library(data)


def random_value(rng: random.Random, depth: int = 0) -> object:
    kind = rng.randrange(9 if depth < 4 else 6)
    if kind == 0:
        return rng.choice([None, True, False])
    if kind == 1:
        return rng.randint(-(2**66), 2**66) if rng.random() < 0.1 else rng.randint(-1000, 10**9)
    if kind == 2:
        return Decimal(rng.randint(-(10**20), 10**20)) / Decimal(10 ** rng.randint(0, 4))
    if kind == 3:
        return rng.choice([0.0, -0.0, 1e-5, 3.14, 1e15 + 0.5, 2.5e-9, 123.456, 1e22])
    if kind in (4, 5):
        return "".join(chr(rng.choice([rng.randint(0, 0x7F), rng.randint(0x80, 0xFFFF), rng.randint(0x10000, 0x10FFFF)]))
                       for _ in range(rng.randint(0, 12))).replace("\ud800", "x")
    if kind in (6, 7):
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {str(random_value(rng, depth + 1))[:8]: random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def test_random_nested_data_prints_the_standard_librarys_bytes():
    rng = random.Random(19)
    for _ in range(3000):
        data = random_value(rng)
        try:
            expected = standard_library(data)
        except UnicodeEncodeError:  # a lone surrogate: neither prints it
            continue
        assert magento_json(data, MagentoJSONEncoder()) == expected, data


def test_the_renderer_escapes_slashes_and_prints_null_for_no_answer():
    renderer = MagentoJSONRenderer()

    assert renderer.render({"path": "/a/b"}) == b'{"path":"\\/a\\/b"}'
    assert renderer.render(None) == b""


def test_an_ascii_page_with_amounts_and_dates_is_encoded_by_orjson_alone(monkeypatch):
    """The speed of ``GET /V1/orders`` (bench/inprocess.py) depends on it: the standard library is not called."""
    from backoffice.rest import renderers

    monkeypatch.setattr(renderers, "json", None)
    page = {"items": [{"increment_id": "000000001", "grand_total": Decimal("1917.6000"), "qty": Decimal("2.0000"),
                       "created_at": datetime.datetime(2026, 11, 30, 22, 5, 1, tzinfo=datetime.UTC),
                       "street": ["1 Main St"], "email": "jdoe@example.com"}], "total_count": 1}

    assert magento_json(page, MagentoJSONEncoder()) == (
        b'{"items":[{"increment_id":"000000001","grand_total":1917.6,"qty":2,"created_at":"2026-11-30T22:05:01Z",'
        b'"street":["1 Main St"],"email":"jdoe@example.com"}],"total_count":1}'
    )
