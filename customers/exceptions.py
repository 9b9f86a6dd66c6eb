"""Customer refusals with Magento's message templates (Magento_Customer)."""

from __future__ import annotations

from backoffice.exceptions import DomainError, NotFoundError

# Customers (Magento_Customer) and customer tokens.
CUSTOMER_EMAIL_EXISTS = "A customer with the same email address already exists in an associated website."
PASSWORD_TOO_SHORT = "The password needs at least %1 characters. Create a new password and try again."
PASSWORD_SPACES = "The password can't begin or end with a space. Verify the password and try again."
PASSWORD_CLASSES = (
    "Minimum of different classes of characters in password is %1. "
    "Classes of characters: Lower Case, Upper Case, Digits, Special Characters."
)
PASSWORD_IS_EMAIL = "The password can't be the same as the email address. Create a new password and try again."


class CustomerNotFound(NotFoundError):
    message = "No such entity with %fieldName = %fieldValue"

    def __init__(self, customer_id: object) -> None:
        super().__init__(parameters={"fieldName": "customerId", "fieldValue": customer_id})


class CustomerEmailExists(DomainError):
    message = CUSTOMER_EMAIL_EXISTS
