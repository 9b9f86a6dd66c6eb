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
PASSWORD_TOO_LONG = "Please enter a password with at most %1 characters."


class CustomerNotFound(NotFoundError):
    message = "No such entity with %fieldName = %fieldValue"

    def __init__(self, customer_id: object) -> None:
        super().__init__(parameters={"fieldName": "customerId", "fieldValue": customer_id})


class CustomerEmailExists(DomainError):
    message = CUSTOMER_EMAIL_EXISTS


class CustomerEmailNotFound(NotFoundError):
    """CustomerRepository::get($email, $websiteId) (Model/CustomerRegistry.php retrieveByEmail)."""

    message = "No such entity with %fieldName = %fieldValue, %field2Name = %field2Value"

    def __init__(self, email: str, website_id: int) -> None:
        super().__init__(
            parameters={"fieldName": "email", "fieldValue": email, "field2Name": "websiteId", "field2Value": website_id}
        )


class CustomerAddressNotFound(NotFoundError):
    """AddressRepository::save of an address id the customer's book does not hold (AddressRegistry::retrieve)."""

    message = "No such entity with %fieldName = %fieldValue"

    def __init__(self, address_id: object) -> None:
        super().__init__(parameters={"fieldName": "addressId", "fieldValue": address_id})
