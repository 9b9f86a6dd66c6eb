"""Data-object parameters of GET routes, bound from bracketed query parameters as PHP and Magento's REST layer bind
them (``skuRequests[0][sku]=24-MB01&skuRequests[0][qty]=2``, ``searchRequest[area][radius]=50``)."""

from __future__ import annotations

import re

from backoffice.exceptions import InputError
from backoffice.rest.search_criteria import INVALID_FIELD_VALUE, MAX_VALUE_LENGTH

_KEY = re.compile(r"\[([^\[\]]*)\]")


def query_parameter(query_params: object, *names: str) -> object:
    """The PHP value of the first of ``names`` (a parameter's camelCase and snake_case spellings) that was sent:
    a string, or a dict for bracketed keys (the last assignment to a key wins; a scalar and an array at one key
    replace each other, as in PHP); None when absent. NUL bytes and over-long values are refused (Magento's
    INVALID_FIELD_VALUE), as in searchCriteria."""
    for name in names:
        tree: dict = {}
        found = False
        for key, values in query_params.lists():  # type: ignore[attr-defined]
            if key != name and not key.startswith(name + "["):
                continue
            value = values[-1]
            if "\x00" in value or len(value) > MAX_VALUE_LENGTH:
                raise InputError(INVALID_FIELD_VALUE, parameters={"value": value, "fieldName": name})
            if key == name:
                tree, found = {None: value}, True
                continue
            steps, position = [], len(name)
            for match in _KEY.finditer(key, position):
                if match.start() != position:
                    break  # PHP ignores what follows a closing bracket that no opening bracket follows
                steps.append(match.group(1))
                position = match.end()
            if None in tree:
                tree = {}
            found = True
            node = tree
            for step in steps[:-1]:
                if not isinstance(node.get(step), dict):
                    node[step] = {}
                node = node[step]
            node[steps[-1]] = value
        if found:
            return tree.get(None, tree)
    return None


def member(node: dict, *names: str) -> object:
    """A data object's property, by its camelCase or snake_case name (the first spelling found)."""
    for name in names:
        if name in node:
            return node[name]
    return None


def ordered(node: object) -> list[object]:
    """An array parameter's elements in key order (Magento binds a scalar where it expects an array as null)."""
    if not isinstance(node, dict):
        return []
    numeric = sorted(((int(key), value) for key, value in node.items() if key.isdigit()), key=lambda pair: pair[0])
    return [value for _, value in numeric] + [value for key, value in node.items() if not key.isdigit()]
