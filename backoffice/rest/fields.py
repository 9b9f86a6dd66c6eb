"""The ``fields`` query parameter: partial responses, as Magento's ``Webapi\\Rest\\Response\\FieldsFilter``.

``?fields=increment_id,items[sku,qty_ordered],billing_address[city]`` keeps only the named keys of a
successful response, in the response's own key order. Magento's rules (FieldsFilter and its caller,
``Webapi\\Controller\\Rest\\SynchronousRequestProcessor::process``):

- Any method. Only when the parameter is truthy for PHP (not absent, ``""`` or ``"0"``) and the response
  is an array (a JSON object or list): a bare string, number, boolean or null is left alone.
- A list is filtered element by element; a name the response lacks is dropped silently; a bare name keeps
  its whole value; a nested filter on a scalar keeps the scalar.
- A malformed value (a character other than letters, digits, ``_``, ``[``, ``]`` and ``,``, so spaces
  too; an unclosed ``[``; ``fields[]=...``) answers ``[]``.
- PHP's arrays show through: what filters down to nothing prints ``[]`` (not ``{}``), and a nested filter
  on an empty object or list prints ``null`` (``{"items": null}`` for an empty search).
- ``custom_attributes[code,...]`` selects attributes by their ``attribute_code``.

Error responses are never filtered (Magento's exception path skips the filter).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.http import QueryDict

FILTER_PARAMETER = "fields"
CUSTOM_ATTRIBUTES_KEY = "custom_attributes"  # AbstractExtensibleObject::CUSTOM_ATTRIBUTES_KEY

type Fields = dict[str, Fields | None]
"""A parsed filter: each name maps to its nested filter, or to None to keep the whole value."""

_NOT_PERMITTED = re.compile(r"[^\w\[\],]", re.ASCII)  # FieldsFilter::parse: '/[^\w\[\],]+/'


def fields_parameter(query: QueryDict) -> str | list[str] | None:
    """The ``fields`` parameter as PHP's ``getParam`` sees it: a string, or a list when the client sent
    ``fields[...]=`` (PHP builds an array; FieldsFilter refuses it), or None."""
    value: str | list[str] | None = None
    for key, values in query.lists():
        if key == FILTER_PARAMETER:
            value = values[-1]
        elif key.startswith(FILTER_PARAMETER + "[") and "]" in key:
            value = values
    return value


def partial_response(data: object, fields: object) -> object:
    """SynchronousRequestProcessor's guard, then ``FieldsFilter::filter``: the data to render."""
    if not fields or fields == "0" or not isinstance(data, dict | list):
        return data
    tree = parse_fields(fields) if isinstance(fields, str) else None
    if tree is None:
        return []  # "partial response array or empty array if invalid filter criteria is provided"
    return apply_fields(data, tree)


def parse_fields(filter_string: str) -> Fields | None:
    """``FieldsFilter::parse``, quirks included: ``customer[id,email],addresses[city,region[region_code]]``
    -> ``{"customer": {"id": None, "email": None}, "addresses": {"city": None, "region": {...}}}``.

    None when the string is empty, holds a character outside ``[\\w\\[\\],]`` or leaves a ``[`` open. A
    stray ``]`` is not an error: it files what precedes it under the name ``""``, which no response has.
    """
    if not filter_string or _NOT_PERMITTED.search(filter_string):
        return None
    start: int | None = None
    current: Fields = {}
    stack: list[Fields] = []
    parents: list[str] = []
    element = ""  # PHP's null, which becomes "" as an array key
    for position, char in enumerate(filter_string):
        if char in "[],":
            if start is not None:
                element = filter_string[start:position]
                current[element] = None
            start = None
        if char == "[":
            parents.append(element)
            stack.append(current)
            current = {}
        elif char == "]":
            nested = current
            current = stack.pop() if stack else {}
            current[parents.pop() if parents else ""] = nested
        elif char != "," and start is None:
            start = position
    if stack:
        return None
    if start is not None:
        current[filter_string[start:]] = None
    return current


def apply_fields(data: Mapping | list, fields: Fields) -> dict | list | None:
    """``FieldsFilter::applyFilter``: a list (or an empty array, which PHP cannot tell from one) is filtered
    element by element, anything else key by key. An empty array gives PHP's null.

    Magento fails (500) on a list of scalars; here they are kept as they are."""
    if isinstance(data, list) or not data:
        if not data:
            return None
        return [_intersect(item, fields) if isinstance(item, Mapping) else item for item in data]
    return _intersect(data, fields)


def _intersect(data: Mapping, fields: Fields) -> dict | list:
    """``FieldsFilter::recursiveArrayIntersectKey``: the response's keys that the filter names, in the
    response's order; ``[]`` when none is left (PHP's empty array prints as a list)."""
    kept = {}
    for key, value in data.items():
        if key not in fields:
            continue
        nested = fields[key]
        if nested is not None and isinstance(value, Mapping | list) and key == CUSTOM_ATTRIBUTES_KEY:
            value = _custom_attributes(value, nested)
        elif nested is not None and isinstance(value, Mapping | list):
            value = apply_fields(value, nested)
        kept[key] = value
    return kept or []


def _custom_attributes(attributes: Mapping | list, fields: Fields) -> dict | list:
    """``FieldsFilter::filterCustomAttributes``: the attributes whose ``attribute_code`` is named, each as
    ``{attribute_code, value}``; naming ``attribute_code`` or ``value`` keeps that key of every attribute.
    The original positions stay, so a gap makes PHP print an object keyed by position."""
    kept: dict[int | str, dict] = {}
    for position, attribute in attributes.items() if isinstance(attributes, Mapping) else enumerate(attributes):
        if not isinstance(attribute, Mapping):
            continue
        code = attribute.get("attribute_code")
        if isinstance(code, str) and code in fields:
            kept[position] = {"attribute_code": code, "value": attribute.get("value")}
            continue
        entry = {}
        if "attribute_code" in fields:
            entry["attribute_code"] = code
        if "value" in fields:
            entry["value"] = attribute.get("value")
        if entry:
            kept[position] = entry
    if list(kept) == list(range(len(kept))):
        return list(kept.values())
    return {str(position): entry for position, entry in kept.items()}
