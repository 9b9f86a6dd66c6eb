"""TypeProcessor's type-mismatch message has one home (backoffice/rest/types.py) and one function.

vendor/magento/framework/Exception/SerializationException.php (TYPE_MISMATCH), Reflection/TypeProcessor.php
(processSimpleAndAnyType: ``['value' => ..., 'type' => ...]``) and Webapi/ServiceInputProcessor.php
(``'Error occurred during "%field_name" processing. %details'`` per property; ``process`` renders the text, no
"parameters").
"""

from __future__ import annotations

from pathlib import Path

from backoffice.rest.types import type_mismatch

ROOT = Path(__file__).resolve().parents[3]
MISMATCH = 'The "%s" value\'s type is invalid. The "%s" type was expected. Verify and try again.'


def test_the_message_is_filled_in() -> None:
    assert type_mismatch("deep", "int") == MISMATCH % ("deep", "int")


def test_each_property_of_the_trail_wraps_it_outermost_first() -> None:
    assert type_mismatch("array", "string", "filter_groups", "filters", "field") == (
        'Error occurred during "filter_groups" processing. Error occurred during "filters" processing. '
        'Error occurred during "field" processing. ' + MISMATCH % ("array", "string")
    )


def test_a_sent_value_is_not_read_again_as_a_placeholder() -> None:
    """Magento's strtr substitutes once: a value "%type" stays "%type"."""
    assert type_mismatch("%type", "int", "%details") == (
        'Error occurred during "%details" processing. ' + MISMATCH % ("%type", "int")
    )


def test_the_phrase_is_spelled_once_in_the_code() -> None:
    spelled = [
        path.relative_to(ROOT).as_posix()
        for app in ("backoffice", "catalog", "inventory", "sales", "customers", "checkout", "asynchronous_operations")
        for path in (ROOT / app).rglob("*.py")
        if "value\\'s type is invalid" in path.read_text() or "value's type is invalid" in path.read_text()
    ]
    assert spelled == ["backoffice/rest/types.py"]
