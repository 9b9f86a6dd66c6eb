"""Input bound and output rendered the way Magento's REST layer does it.

Output: Magento's DataObjectProcessor (getter order, null fields left out). Input: Magento's
ServiceInputProcessor (camelCase or snake_case keys, strict data objects), with every integer bounded by the
column that stores it (``bounded``: the one place where integer fields get their range).
"""

from __future__ import annotations

import copy
import threading
from datetime import UTC

from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.text import format_lazy
from rest_framework import serializers

from backoffice.exceptions import InputError

# A plain integer that no column stores is still a PHP int bound for a MySQL ``int``: signed 32-bit.
DEFAULT_INTEGER_RANGE = (-(2**31), 2**31 - 1)


class UTCDateTimeField(serializers.DateTimeField):
    """Magento reads and prints dates in UTC ("YYYY-MM-DD HH:MM:SS"), whatever TIME_ZONE the admin uses."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("default_timezone", UTC)
        super().__init__(*args, **kwargs)


def column_range(model: type[models.Model] | None, name: str) -> tuple[int, int] | None:
    """The range of the integer column ``name`` (a field name or attname: ``stock_id`` is the ``stock`` foreign
    key, whose column is the stock's id) on every database: Django's portable ranges, PostgreSQL's, not SQLite's
    64-bit ones, so both databases refuse the same values."""
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if field.is_relation and field.target_field is not None:
        field = field.target_field
    return BaseDatabaseOperations.integer_field_ranges.get(field.get_internal_type())


def bounded(field: serializers.Field, bounds: tuple[int, int] | None) -> serializers.Field:
    """Give an integer field (or a list's integer child) the range ``bounds``, or DEFAULT_INTEGER_RANGE: a
    value beyond it is a 400 (Magento's INVALID_FIELD_VALUE body) instead of a database error. A bound the
    field declares itself is kept (a domain validator may want the values below the column's, to answer them
    with Magento's own message)."""
    if isinstance(field, serializers.ListField):
        bounded(field.child, bounds)
        return field
    if not isinstance(field, serializers.IntegerField):
        return field
    low, high = bounds or DEFAULT_INTEGER_RANGE
    if field.min_value is None:
        field.min_value = low
        field.validators.append(MinValueValidator(low, format_lazy(field.error_messages["min_value"], min_value=low)))
    if field.max_value is None:
        field.max_value = high
        field.validators.append(MaxValueValidator(high, format_lazy(field.error_messages["max_value"], max_value=high)))
    return field


_MODEL_FIELDS: dict[type[serializers.ModelSerializer], dict[str, serializers.Field]] = {}


class MagentoModelSerializer(serializers.ModelSerializer):
    """``Meta.fields`` lists the wire keys in the interface's getter order. A null value is omitted,
    unless its key is in ``Meta.non_nullable`` (Magento prints those as null)."""

    serializer_field_mapping = {**serializers.ModelSerializer.serializer_field_mapping,
                                models.DateTimeField: UTCDateTimeField}

    def get_fields(self) -> dict[str, serializers.Field]:
        """ModelSerializer's fields, built from the model once per class and copied for each instance (as DRF
        copies declared fields): an order list builds a nested serializer per order, address and item, and
        building their fields was over half of its rendering time."""
        built = _MODEL_FIELDS.get(type(self))
        if built is None:
            built = _MODEL_FIELDS[type(self)] = super().get_fields()
        model = self.Meta.model
        return {name: bounded(copy.deepcopy(field), column_range(model, field.source or name))
                for name, field in built.items()}

    def to_representation(self, instance: object) -> dict:
        data = super().to_representation(instance)
        keep = getattr(self.Meta, "non_nullable", ())
        return {key: value for key, value in data.items() if value is not None or key in keep}


_INPUT_FIELDS = threading.local()  # by_class: MagentoInputSerializer.get_fields's fields of each class, per thread
UNKNOWN_PROPERTY = 'Property "%1" does not have accessor method "%2" in class "%3".'


class MagentoInputSerializer(serializers.Serializer):
    """Input bound the way Magento's ServiceInputProcessor binds it: camelCase or snake_case keys; at the top
    (the service method's parameters) other keys are ignored, inside a data object an unknown key is refused (400).

    ``model`` names the model whose columns store these keys: each integer field is bounded by the column of
    its name, the others by DEFAULT_INTEGER_RANGE (``bounded``)."""

    interface = ""  # the Magento interface named in the unknown-property message
    model: type[models.Model] | None = None

    def get_fields(self) -> dict[str, serializers.Field]:
        """The declared fields, bounded (``bounded``). A body's serializer (the root) takes them built once per class
        and thread, with the data objects inside them, whose own fields are then built once too: DRF deep-copies
        the whole tree for each body, and that copy and ``bounded`` were most of the time it took to bind one (3.5
        ms of a payment-information's 4.5). A field keeps nothing of a body it bound (values and errors go back up
        the call stack); binding gives it its name and parent, the same for every body but the root, which binding
        each root sets again. Per thread, so that two threads never bind one field at once."""
        if self.parent is not None:  # a data object inside a body: built with its root's, once
            return self._bounded_fields()
        built = _INPUT_FIELDS.__dict__.setdefault("by_class", {})
        fields = built.get(type(self))
        if fields is None:
            fields = built[type(self)] = {name: (field, field.source) for name, field in self._bounded_fields().items()}
        for field, declared_source in fields.values():
            field.source = declared_source  # as declared: binding sets it, and refuses a source equal to the name
        return {name: field for name, (field, _) in fields.items()}

    def _bounded_fields(self) -> dict[str, serializers.Field]:
        return {name: bounded(field, column_range(self.model, field.source or name))
                for name, field in super().get_fields().items()}

    def run_validation(self, data: object = serializers.empty) -> object:
        """A null item of a list of data objects is an empty object: ServiceInputProcessor::_createFromArray
        binds ``[null]`` as ``[{}]``, and the data object's own validation then decides."""
        if data is None and isinstance(self.parent, serializers.ListSerializer):
            data = {}
        return super().run_validation(data)

    def to_internal_value(self, data: object) -> dict:
        if isinstance(data, dict):
            data = {to_snake_case(key): value for key, value in data.items()}
            if self.parent is None:  # the service method's parameters: ServiceInputProcessor::process ignores others
                return super().to_internal_value({key: value for key, value in data.items() if key in self.fields})
            for key in data:
                if key not in self.fields:
                    camel = "".join(part.capitalize() for part in key.split("_"))
                    raise InputError(UNKNOWN_PROPERTY, parameters=[camel, f"get{camel}", self.interface])
        return super().to_internal_value(data)


def to_snake_case(key: str) -> str:
    return "".join(f"_{char.lower()}" if char.isupper() else char for char in str(key))


def field_name(path: tuple) -> str:
    """Magento's way of naming a field: the service method's parameter in camelCase (``cartItem``,
    ``unassignFromOrigin``), then the data object's keys as they are (``cartItem.quote_id``)."""
    if not path:
        return "input"
    first, *rest = (str(step) for step in path)
    head, *tail = first.split("_")
    return ".".join([head + "".join(part.capitalize() for part in tail), *rest])
