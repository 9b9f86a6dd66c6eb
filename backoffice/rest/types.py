"""Simple types bound as Magento's web API binds them (``Magento\\Framework\\Reflection\\TypeProcessor``).

``TypeProcessor::processSimpleAndAnyType`` lets null through for every simple type; otherwise ``setType``:

- ``bool``: ``filter_var($value, FILTER_VALIDATE_BOOLEAN)``, which never fails: ``true``, ``1``, ``1.0``,
  ``"1"``, ``"true"``, ``"on"``, ``"yes"`` (any case, spaces trimmed) are true, every other scalar is false;
- ``int`` and ``float``: the value must be ``is_numeric`` (a number, or a string such as ``" 1.5e3 "``; not a
  boolean), then PHP's ``settype`` (``"1.9"`` as an int is 1);
- ``string``: ``settype``: ``true`` is ``"1"``, ``false`` ``""``, ``1.0`` ``"1"``.

An array where a simple type is expected is 'The "array" value's type is invalid. The "%type" type was
expected. Verify and try again.', a non-numeric value for a number 'The "%value" value's type is invalid...';
``ServiceInputProcessor::_createFromArray`` prefixes 'Error occurred during "%field_name" processing. ' once per
data object property on the way down, and ``process`` renders the text into a 400 without parameters.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from rest_framework import serializers

from backoffice.exceptions import InputError
from backoffice.phrases import phrase

from .serializers import DEFAULT_INTEGER_RANGE

# TypeProcessor::processSimpleAndAnyType's phrase (Framework/Exception/SerializationException::TYPE_MISMATCH) and
# the one ServiceInputProcessor::_createFromArray wraps it in per data object property: the one home of both.
TYPE_ERROR = 'The "%value" value\'s type is invalid. The "%type" type was expected. Verify and try again.'
WRAPPED = 'Error occurred during "%field_name" processing. %details'
# PHP 8's is_numeric: leading and trailing whitespace, a sign, digits with an optional point, an exponent.
_NUMERIC = re.compile(r"[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*")
_TRUE = frozenset({"1", "true", "on", "yes"})


def is_numeric(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | Decimal):
        return not isinstance(value, float | Decimal) or Decimal(value).is_finite()
    return isinstance(value, str) and _NUMERIC.fullmatch(value) is not None


def php_string(value: object) -> str:
    """PHP's ``(string)`` of a decoded JSON scalar: ``true`` "1", ``false`` "", ``1.0`` "1", ``1e30`` "1.0E+30"
    (a float printed with PHP's 14 significant digits), a number beyond a double "INF"."""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, float | Decimal):
        number = float(value)  # never an int of the value's digits: 1e999999999 must cost nothing
        if math.isinf(number) or math.isnan(number):
            return ("-INF" if number < 0 else "INF") if math.isinf(number) else "NAN"
        text = f"{number:.14G}"
        if "E" in text:
            mantissa, exponent = text.split("E")
            return f"{mantissa if '.' in mantissa else mantissa + '.0'}E{exponent[0]}{int(exponent[1:])}"
        return text
    return str(value)


def type_error(field: serializers.Field, value: object, expected: str) -> InputError:
    """TypeProcessor's message for ``field``, wrapped once per data object property between the service
    method's parameter (not named, as ``process`` does not) and the field, outermost first."""
    names: list[str] = []
    node: serializers.Field | None = field
    while node is not None and node.parent is not None and node.parent.parent is not None:
        if node.field_name:
            names.append(node.field_name)
        node = node.parent
    shown = "array" if isinstance(value, dict | list) else php_string(value)
    return InputError(type_mismatch(shown, expected, *reversed(names)))


def type_mismatch(value: object, expected: str, *trail: str) -> str:
    """TypeProcessor's message filled in, as Magento answers it (ServiceInputProcessor::process renders the
    SerializationException's text into a Webapi\\Exception: no ``parameters``), wrapped once per property name
    of ``trail`` (outermost first): ``value`` is what was sent (``"array"`` for an array), ``expected`` the type."""
    message = phrase(TYPE_ERROR, value=value, type=expected)
    for name in reversed(trail):
        message = phrase(WRAPPED, field_name=name, details=message)
    return message


class PhpBooleanField(serializers.Field):
    """A ``bool`` property: FILTER_VALIDATE_BOOLEAN, so any scalar binds (an unknown word is false)."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data: object) -> bool:
        if isinstance(data, dict | list):
            raise type_error(self, data, "bool")
        if isinstance(data, bool):
            return data
        return php_string(data).strip().lower() in _TRUE

    def to_representation(self, value: bool) -> bool:
        return value


class PhpIntegerField(serializers.Field):
    """An ``int`` property: any numeric value, truncated toward zero as ``settype`` does, within a 32-bit int
    (beyond it Magento's own INVALID_FIELD_VALUE answer, as ``serializers.bounded`` gives every integer)."""

    default_error_messages = {"invalid": "A valid integer is required."}

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data: object) -> int:
        if not is_numeric(data):
            raise type_error(self, data, "int")
        try:
            number = Decimal(str(data).strip()).to_integral_value(rounding=ROUND_DOWN)
        except InvalidOperation:
            raise type_error(self, data, "int") from None
        low, high = DEFAULT_INTEGER_RANGE
        if not low <= number <= high:
            self.fail("invalid")  # rendered as INVALID_FIELD_VALUE with the value as sent
        return int(number)

    def to_representation(self, value: int) -> int:
        return value


class PhpStringField(serializers.Field):
    """A ``string`` property: any scalar, as PHP's ``(string)`` writes it."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data: object) -> str:
        if isinstance(data, dict | list):
            raise type_error(self, data, "string")
        return php_string(data)

    def to_representation(self, value: str) -> str:
        return value
