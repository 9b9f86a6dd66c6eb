"""Output as Magento's DataObjectProcessor renders it: getter order, and null fields left out."""

from __future__ import annotations

from datetime import UTC

from django.db import models
from rest_framework import serializers

from backoffice.exceptions import InputError


class UTCDateTimeField(serializers.DateTimeField):
    """Magento reads and prints dates in UTC ("YYYY-MM-DD HH:MM:SS"), whatever TIME_ZONE the admin uses."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("default_timezone", UTC)
        super().__init__(*args, **kwargs)


class MagentoModelSerializer(serializers.ModelSerializer):
    """``Meta.fields`` lists the wire keys in the interface's getter order. A null value is omitted,
    unless its key is in ``Meta.non_nullable`` (Magento prints those as null)."""

    serializer_field_mapping = {**serializers.ModelSerializer.serializer_field_mapping,
                                models.DateTimeField: UTCDateTimeField}

    def to_representation(self, instance: object) -> dict:
        data = super().to_representation(instance)
        keep = getattr(self.Meta, "non_nullable", ())
        return {key: value for key, value in data.items() if value is not None or key in keep}


UNKNOWN_PROPERTY = 'Property "%1" does not have accessor method "%2" in class "%3".'


class MagentoInputSerializer(serializers.Serializer):
    """Input bound the way Magento's ServiceInputProcessor binds it: camelCase or snake_case keys; at the top
    (the service method's parameters) other keys are ignored, inside a data object an unknown key is refused (400)."""

    interface = ""  # the Magento interface named in the unknown-property message

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
