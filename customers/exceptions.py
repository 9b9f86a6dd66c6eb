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


NO_SUCH_ENTITY = "No such entity with %fieldName = %fieldValue"


class AddressNotFound(NotFoundError):
    """AddressRegistry::retrieve: NoSuchEntityException::singleField('addressId', id)."""

    message = NO_SUCH_ENTITY

    def __init__(self, address_id: object) -> None:
        super().__init__(parameters={"fieldName": "addressId", "fieldValue": address_id})


# Customer groups (Model/ResourceModel/GroupRepository.php, Model/GroupManagement.php).
GROUP_DOES_NOT_EXIST = "The specified customer group id does not exist."  # CustomerRepository::validateGroupId


class GroupNotFound(NotFoundError):
    """GroupRegistry::retrieve ('id') and GroupManagement::isReadonly ('groupId')."""

    message = NO_SUCH_ENTITY

    def __init__(self, field_name: str, group_id: object) -> None:
        super().__init__(parameters={"fieldName": field_name, "fieldValue": group_id})


class CustomerGroupExists(DomainError):
    """GroupRepository::save's InvalidTransitionException for a duplicate code (400)."""

    message = "Customer Group already exists."


class CannotDeleteGroup(DomainError):
    """GroupRepository::deleteById's StateException for NOT LOGGED IN and the default group (400)."""

    message = "Cannot delete group."
