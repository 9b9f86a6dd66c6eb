"""Domain error types shared by every app. Imports nothing from catalog, inventory or sales."""

from __future__ import annotations

from .phrases import phrase


class DomainError(Exception):
    """A business rule refused the operation; safe to show to API clients.

    ``message`` is a Magento-style template (``%1`` or ``%name``); values go in
    ``parameters`` (a list for ``%1``, a dict for ``%name``), as Magento returns them.
    """

    message = "The request could not be processed."
    http_status = 400

    def __init__(
        self,
        message: str | None = None,
        *,
        parameters: list | dict | None = None,
        errors: list[DomainError] | None = None,
    ) -> None:
        self.message = message or self.message
        self.parameters = parameters
        self.errors = errors or []  # Magento's aggregate exceptions list their parts under "errors"
        super().__init__(self.rendered())

    def rendered(self) -> str:
        """The message with parameters filled in, for logs and the admin."""
        if isinstance(self.parameters, dict):
            return phrase(self.message, **{str(key): value for key, value in self.parameters.items()})
        return phrase(self.message, *(self.parameters or []))


class NotFoundError(DomainError):
    message = "The entity that was requested doesn't exist. Verify the entity and try again."
    http_status = 404


class InputError(DomainError):
    """Magento's InputException: bad or missing input."""


AGGREGATE_INPUT_MESSAGE = "One or more input exceptions have occurred."


class RequiredFieldError(InputError):
    message = '"%fieldName" is required. Enter and try again.'

    def __init__(self, field_name: str) -> None:
        super().__init__(parameters={"fieldName": field_name})


class AuthenticationError(DomainError):
    http_status = 401


class IdRequired(InputError):
    """Magento's repositories refuse an empty or zero id before looking anything up."""

    message = "An ID is needed. Set the ID and try again."
