"""Model rows rendered as a MagentoModelSerializer renders them, without building a serializer per row.

DRF renders a nested list (20 orders, their items, addresses, payment, status histories, the items again in
extension_attributes) by copying every field of a new serializer per row and calling each field's
``to_representation`` through ``get_attribute``: for ``GET /V1/orders`` that was nine tenths of the answer's time
(README, Performance). ``row_renderer`` reads a serializer class's fields once and turns each into a plain
function of the row: the common column types (decimal, integer, string) inline their conversion, every other
field calls its own DRF methods, so the JSON stays the serializer's byte for byte (the tests compare both).
"""

from __future__ import annotations

import decimal
import functools
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from rest_framework import ISO_8601, serializers
from rest_framework.fields import SkipField, empty
from rest_framework.relations import PKOnlyObject
from rest_framework.settings import api_settings

from backoffice.rest.serializers import MagentoModelSerializer

OMIT = object()  # a field whose get_attribute raised SkipField: DRF leaves its key out
Getter = Callable[[Any], Any]


def json_decimal(value: Decimal) -> int | float:
    """What MagentoJSONEncoder prints for a Decimal, computed here so the encoder is not called per value."""
    if value == value.to_integral_value():
        return int(value)
    return float(value.normalize())


# JSON numbers by decimal value, per (decimal places, digits, rounding): a page repeats few distinct amounts.
_JSON_DECIMALS: dict[tuple[int, int, str | None], dict[Decimal, int | float]] = {}
CACHED_DECIMALS = 4096  # per kind; the cache starts again when full


def decimal_representation(field: serializers.DecimalField) -> Callable[[object], int | float]:
    """DecimalField.to_representation (COERCE_DECIMAL_TO_STRING off) of a value that is not None, with its
    quantum and context made once, as the JSON number MagentoJSONEncoder prints."""
    exponent = Decimal(".1") ** field.decimal_places
    context = decimal.getcontext().copy()
    context.prec = field.max_digits

    def convert(value: object) -> int | float:
        if not isinstance(value, Decimal):
            value = Decimal(str(value).strip())
        return json_decimal(value.quantize(exponent, rounding=field.rounding, context=context))

    return convert


def decimal_getter(attname: str, field: serializers.DecimalField) -> Getter:
    """decimal_representation of the row's value, remembered by the value (a pure function of it: equal
    decimals print the same number)."""
    convert = decimal_representation(field)
    cache = _JSON_DECIMALS.setdefault((field.decimal_places, field.max_digits, field.rounding), {})

    def get(row: object) -> int | float | None:
        value = getattr(row, attname)
        if value is None:
            return None
        if type(value) is not Decimal:  # floats and ints are not cached: 0.1 and Decimal("0.1") differ
            return convert(value)
        try:
            return cache[value]
        except KeyError:
            if len(cache) >= CACHED_DECIMALS:
                cache.clear()
            result = cache[value] = convert(value)
            return result

    return get


def plain_getter(attname: str, convert: Callable[[Any], Any]) -> Getter:
    def get(row: object) -> object:
        value = getattr(row, attname)
        return None if value is None else convert(value)

    return get


def drf_getter(field: serializers.Field) -> Getter:
    """Serializer.to_representation's steps for one field."""

    def get(row: object) -> object:
        try:
            attribute = field.get_attribute(row)
        except SkipField:
            return OMIT
        check_for_none = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
        return None if check_for_none is None else field.to_representation(attribute)

    return get


def is_plain_decimal(field: serializers.Field) -> bool:
    """A DecimalField printed as a JSON number (what decimal_representation computes)."""
    return (
        type(field).to_representation is serializers.DecimalField.to_representation
        and field.decimal_places is not None
        and field.max_digits is not None
        and not getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
        and not field.normalize_output
    )


def prints_utc_seconds(field: serializers.Field) -> bool:
    """A DateTimeField printing its value in UTC as "YYYY-MM-DD HH:MM:SS" (UTCDateTimeField, the settings'
    format) by DRF's own method."""
    zone = getattr(field, "timezone", None)
    return (
        isinstance(field, serializers.DateTimeField)
        and type(field).to_representation is serializers.DateTimeField.to_representation
        and zone is not None
        and zone.utcoffset(None) == timedelta(0)
        and getattr(field, "format", api_settings.DATETIME_FORMAT) == "%Y-%m-%d %H:%M:%S"
    )


def datetime_representation(field: serializers.DateTimeField) -> Callable[[Any], Any]:
    """DateTimeField.to_representation of a field with a time zone of its own (UTCDateTimeField): an aware
    datetime moved to the zone and formatted by the format of the moment, without the field's checks; any
    other value, or format (ISO 8601, none), takes the field's own method."""
    zone = getattr(field, "timezone", None)
    if type(field).to_representation is not serializers.DateTimeField.to_representation or zone is None:
        return field.to_representation

    def represent(value: Any) -> Any:
        output_format = getattr(field, "format", api_settings.DATETIME_FORMAT)
        if (type(value) is not datetime or value.utcoffset() is None or output_format is None
                or output_format.lower() == ISO_8601):
            return field.to_representation(value)
        try:
            return value.astimezone(zone).strftime(output_format)
        except OverflowError:
            return field.to_representation(value)  # DRF's own error

    return represent


def representation(field: serializers.Field) -> tuple[Callable[[Any], Any], bool]:
    """``field.to_representation`` of a value that is not None as a plain function, and whether it is pure (a
    function of the value alone, whose answers may be remembered): decimals, integers, strings, choices and
    dates inline or keep their conversion, every other field calls its own method. A date's depends on the
    settings (its format, a time zone): not pure."""
    method = type(field).to_representation
    if is_plain_decimal(field):
        return decimal_representation(field), True
    if method is serializers.IntegerField.to_representation:
        return int, True
    if method is serializers.BigIntegerField.to_representation and not getattr(
        field, "coerce_to_string", api_settings.COERCE_BIGINT_TO_STRING
    ):
        return int, True
    if method is serializers.CharField.to_representation:
        return str, True
    if method is serializers.ChoiceField.to_representation:
        return field.to_representation, True
    if isinstance(field, serializers.DateTimeField):
        return datetime_representation(field), False
    return field.to_representation, False


def field_getter(field: serializers.Field, columns: set[str]) -> Getter:
    representation = type(field).to_representation
    attname = field.source_attrs[0] if len(field.source_attrs) == 1 else ""
    if attname not in columns or field.default is not empty:
        return drf_getter(field)
    if is_plain_decimal(field):
        return decimal_getter(attname, field)
    if representation is serializers.IntegerField.to_representation:
        return plain_getter(attname, int)
    if representation is serializers.CharField.to_representation:
        return plain_getter(attname, str)
    return drf_getter(field)


def row_renderer(
    serializer_class: type[MagentoModelSerializer], **getters: Getter
) -> Callable[[object], dict[str, Any]]:
    """A function rendering one row as ``serializer_class`` does: its keys in order, a null left out unless
    ``Meta.non_nullable``. ``getters`` replace the fields this module cannot read from the row alone (nested
    serializers, SerializerMethodFields). The fields are built on the first call (the apps must be ready)."""
    keep = frozenset(getattr(serializer_class.Meta, "non_nullable", ()))

    @functools.cache
    def steps() -> tuple[tuple[str, Getter], ...]:
        columns = {field.attname for field in serializer_class.Meta.model._meta.concrete_fields}
        built = []
        for name, field in serializer_class().fields.items():
            if name not in getters and isinstance(
                field, serializers.BaseSerializer | serializers.SerializerMethodField
            ):
                raise TypeError(f"{serializer_class.__name__}.{name} needs a getter")
            built.append((name, getters.get(name) or field_getter(field, columns)))
        return tuple(built)

    def render(row: object) -> dict[str, Any]:
        data = {}
        for name, get in steps():
            value = get(row)
            if value is OMIT or (value is None and name not in keep):
                continue
            data[name] = value
        return data

    return render
