"""Sources: Magento's SourceRepository (get, and save with the MSI source validator chain).

Saving is an upsert keyed by ``source_code``, which is the primary key and therefore immutable. On an existing
source only the fields given change, as Magento's resource model updates only the data it was handed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from django.db import IntegrityError, transaction

from backoffice.exceptions import DomainError

from .distance import fill_latitude_and_longitude
from .exceptions import (
    DEFAULT_SOURCE_DISABLED,
    DEFAULT_SOURCE_NOT_PICKUP,
    FIELD_EMPTY,
    FIELD_HAS_WHITESPACE,
    PICKUP_FIELD_EMPTY,
    VALIDATION_FAILED,
    CouldNotSaveSource,
    SourceNotFound,
    ValidationFailed,
    field_error,
)
from .locks import lock_source
from .models import DEFAULT_SOURCE_CODE, Source

# Field -> value stored when the client never gave one (Magento's null columns are our blank strings).
SOURCE_DEFAULTS: dict[str, object] = {
    "name": "", "email": "", "contact_name": "", "enabled": True, "description": "", "latitude": None,
    "longitude": None, "country_id": "", "region_id": None, "region": "", "city": "", "street": "",
    "postcode": "", "phone": "", "fax": "", "use_default_carrier_config": True,
    "is_pickup_location_active": False, "frontend_name": "", "frontend_description": "",
}
COORDINATE = Decimal("0.000001")  # latitude/longitude are decimal(8,6) / decimal(9,6)
_TEMPLATE_DIRECTIVE = re.compile(r"\$[:]*{(.)*}")  # Validators\NoSpecialCharsInString


def get_source(source_code: str) -> Source:
    try:
        return Source.objects.get(pk=source_code)
    except Source.DoesNotExist:
        raise SourceNotFound(source_code) from None


def save_source(fields: Mapping[str, object]) -> Source:
    """Create or update the source named by ``fields["source_code"]`` and return it.

    Refuses with Magento's "Validation Failed" and the list of failed rules (empty name, code, postcode or
    country; whitespace in the code; disabling the default source); then nothing is written.
    """
    unknown = set(fields) - set(SOURCE_DEFAULTS) - {"source_code"}
    if unknown:
        raise TypeError(f"not source fields: {sorted(unknown)}")
    source_code = fields.get("source_code")
    with transaction.atomic():
        source = lock_source(source_code) if isinstance(source_code, str) and source_code else None
        values = {name: getattr(source, name) if source else None for name in SOURCE_DEFAULTS}
        values.update({name: value for name, value in fields.items() if name != "source_code"})
        errors = _validate(str(source_code or ""), values)
        if errors:
            raise ValidationFailed(errors=errors)
        if source is None:
            source = Source(source_code=source_code)
        for name, default in SOURCE_DEFAULTS.items():
            value = values[name]
            if isinstance(value, Decimal):
                value = value.quantize(COORDINATE)
            setattr(source, name, default if value is None else value)
        fill_latitude_and_longitude(source)
        try:
            with transaction.atomic():
                source.save()
        except IntegrityError:  # a concurrent create of the same code
            raise CouldNotSaveSource() from None
    return source


def _validate(source_code: str, values: Mapping[str, object]) -> list[DomainError]:
    """The validator chain in Magento's order: name, code, postcode, country, the default-source rule, then
    InventoryInStorePickup's: a pickup location needs a city, a street and a phone, and is not the default source."""
    errors = []
    name = str(values["name"] or "")
    if not name.strip():
        errors.append(field_error(FIELD_EMPTY, "name"))
    if _TEMPLATE_DIRECTIVE.search(name):
        errors.append(DomainError(VALIDATION_FAILED))
    if not source_code.strip():
        errors.append(field_error(FIELD_EMPTY, "source_code"))
    if re.search(r"\s", source_code):
        errors.append(field_error(FIELD_HAS_WHITESPACE, "source_code"))
    if _TEMPLATE_DIRECTIVE.search(source_code):
        errors.append(DomainError(VALIDATION_FAILED))
    for field in ("postcode", "country_id"):
        if not str(values[field] or "").strip():
            errors.append(field_error(FIELD_EMPTY, field))
    if source_code == DEFAULT_SOURCE_CODE and values["enabled"] is False:
        errors.append(DomainError(DEFAULT_SOURCE_DISABLED))
    if values["is_pickup_location_active"]:  # InventoryInStorePickup Model/Source/Validator/*, in di.xml's order
        for field in ("city", "street", "phone"):
            if not str(values[field] or "").strip():
                errors.append(field_error(PICKUP_FIELD_EMPTY, field))
        if source_code == DEFAULT_SOURCE_CODE:
            errors.append(DomainError(DEFAULT_SOURCE_NOT_PICKUP))
    return errors
