"""Path converters for Magento routes."""

from __future__ import annotations

MAX_ENTITY_ID = 2**63 - 1  # the largest value of a 64-bit id column, on every database


class EntityIdConverter:
    """``<id:name>``: a Magento entity id, digits that fit an id column. A longer number matches no route
    (Magento's 404 "Request does not match any route."), so it never reaches the database."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ENTITY_ID:
            raise ValueError(value)
        return number

    def to_url(self, value: int) -> str:
        return str(value)
