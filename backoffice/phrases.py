"""Magento's phrases filled in: one function for every ``%1`` / ``%name`` template this back-office prints.

Magento renders ``__('Cannot ship %1.', $x)`` with Framework/Phrase/Renderer/Placeholder: positional arguments
become ``%1``, ``%2``... and named ones ``%name``, substituted by PHP's ``strtr`` (longest placeholder first, each
position replaced once, substituted text never re-read). Error bodies that carry ``parameters`` keep the template
unfilled (backoffice.rest.errors); everything shown filled in goes through ``phrase``.
"""

from __future__ import annotations

import re


def phrase(template: str, *arguments: object, **named: object) -> str:
    """``template`` with ``%1``... from ``arguments`` and ``%name`` from ``named``, as Magento's strtr does."""
    pairs = {f"%{n}": str(value) for n, value in enumerate(arguments, start=1)}
    pairs |= {f"%{name}": str(value) for name, value in named.items()}
    if not pairs:
        return template
    keys = sorted(pairs, key=len, reverse=True)
    return re.sub("|".join(map(re.escape, keys)), lambda match: pairs[match.group(0)], template)
