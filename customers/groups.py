"""Customer groups: Magento_Customer's GroupRepository (getById, save, getList, deleteById), GroupManagement
(getDefaultGroup, isReadonly) and CustomerGroupConfig (setDefaultCustomerGroup)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Case, CharField, QuerySet, Value, When
from django.db.models.functions import Lower

from backoffice.exceptions import InputError, NotFoundError, RequiredFieldError
from backoffice.rest.store import STORE_VIEWS

from .exceptions import GROUP_DOES_NOT_EXIST, NO_SUCH_ENTITY, CannotDeleteGroup, CustomerGroupExists, GroupNotFound
from .locks import lock_customer_group
from .models import Customer, CustomerGroup, CustomerGroupConfig

INVALID_FIELD_VALUE = 'Invalid value of "%value" provided for the %fieldName field.'
DEFAULT_TAX_CLASS_ID = 3  # GroupRepository::DEFAULT_TAX_CLASS_ID
# Magento_Tax's installed tax classes (Setup/Patch/Data/AddTaxAttributeAndTaxClasses): class type CUSTOMER or PRODUCT.
TAX_CLASSES = {2: ("Taxable Goods", "PRODUCT"), 3: ("Retail Customer", "CUSTOMER")}


@dataclass(frozen=True)
class GroupData:
    """A GroupInterface to save: without ``id`` a new group, with one (0 included) that group."""

    code: str | None
    tax_class_id: int | None = None
    id: int | None = None


def tax_class_name(tax_class_id: int) -> str | None:
    return TAX_CLASSES.get(tax_class_id, (None, None))[0]


def with_tax_class_name(groups: QuerySet[CustomerGroup]) -> QuerySet[CustomerGroup]:
    """The groups with their tax class's name as ``tax_class_name`` (Magento's collection joins tax_class), so that a
    search can filter and sort on it."""
    names = [When(tax_class_id=pk, then=Value(name)) for pk, (name, _) in TAX_CLASSES.items()]
    return groups.annotate(tax_class_name=Case(*names, default=Value(None), output_field=CharField()))


def get_group(group_id: int) -> CustomerGroup:
    """GroupRepository::getById: GroupRegistry's "No such entity with id = X" when unknown."""
    try:
        return CustomerGroup.objects.get(pk=group_id)
    except CustomerGroup.DoesNotExist:
        raise GroupNotFound("id", group_id) from None


def save_group(data: GroupData) -> CustomerGroup:
    """GroupRepository::save: the code is required; a new group's tax class defaults to 3, an existing group's
    must be sent; either must be a customer tax class; the code is cut to 32 characters and must be unique
    whatever its letter case ("Customer Group already exists.")."""
    if not (data.code or "").strip():
        raise RequiredFieldError("code")
    tax_class_id = data.tax_class_id if data.id is not None else (data.tax_class_id or DEFAULT_TAX_CLASS_ID)
    _check_tax_class(tax_class_id, sent=data.tax_class_id)
    code = data.code[: CustomerGroup.CODE_MAX_LENGTH]  # Magento cuts it (ResourceModel/Group::_beforeSave)
    with transaction.atomic():
        if data.id is not None:
            group = lock_customer_group(data.id)
            if group is None:
                raise GroupNotFound("id", data.id)
        else:
            group = CustomerGroup()
        same_code = CustomerGroup.objects.alias(code_lower=Lower("customer_group_code")).filter(
            code_lower=Lower(Value(code))
        )
        if same_code.exclude(pk=group.pk).exists():
            raise CustomerGroupExists()
        group.customer_group_code, group.tax_class_id = code, tax_class_id
        try:
            with transaction.atomic():
                group.save()
        except IntegrityError:  # a concurrent save won the unique index on lower(code)
            raise CustomerGroupExists() from None
    return group


def delete_group(group_id: int) -> None:
    """GroupRepository::deleteById: NOT LOGGED IN (0) and the default group are refused ("Cannot delete group.");
    the group's customers join the default group (ResourceModel\\Group::_afterDelete)."""
    with transaction.atomic():
        group = lock_customer_group(group_id)
        if group is None:
            raise GroupNotFound("id", group_id)
        default_group_id = get_default_group_id()
        if group_id <= CustomerGroup.NOT_LOGGED_IN_ID or group_id == default_group_id:
            raise CannotDeleteGroup()
        Customer.objects.filter(group_id=group_id).update(group_id=default_group_id)
        group.delete()


def get_default_group_id() -> int:
    """customer/create_account/default_group."""
    return CustomerGroupConfig.objects.values_list("default_group_id", flat=True).get(pk=CustomerGroupConfig.PK)


def get_default_group(store_id: int | None = None) -> CustomerGroup:
    """GroupManagement::getDefaultGroup: the default group of a store view ("No such entity with storeId = X")."""
    if store_id is not None and store_id not in {store["id"] for store in STORE_VIEWS}:
        raise NotFoundError(NO_SUCH_ENTITY, parameters={"fieldName": "storeId", "fieldValue": store_id})
    return CustomerGroupConfig.objects.select_related("default_group").get(pk=CustomerGroupConfig.PK).default_group


def set_default_group(group_id: int) -> int:
    """CustomerGroupConfig::setDefaultCustomerGroup: an existing group becomes the default; answers its id."""
    with transaction.atomic():
        if lock_customer_group(group_id) is None:  # held until commit: a concurrent delete waits, then refuses
            raise GroupNotFound("id", group_id)
        CustomerGroupConfig.objects.filter(pk=CustomerGroupConfig.PK).update(default_group_id=group_id)
    return group_id


def is_group_readonly(group_id: int) -> bool:
    """GroupManagement::isReadonly: NOT LOGGED IN and the default group cannot be deleted."""
    if not CustomerGroup.objects.filter(pk=group_id).exists():
        raise GroupNotFound("groupId", group_id)
    return group_id == CustomerGroup.NOT_LOGGED_IN_ID or group_id == get_default_group_id()


def check_customer_group(group_id: int | None) -> None:
    """CustomerRepository::validateGroupId: a customer's group (when set and not 0) must exist."""
    if group_id and not CustomerGroup.objects.filter(pk=group_id).exists():
        raise InputError(GROUP_DOES_NOT_EXIST)


def _check_tax_class(tax_class_id: int | None, *, sent: int | None) -> None:
    """GroupRepository::_verifyTaxClassModel: a customer tax class, else the sent value is "invalid"."""
    if tax_class_id is None or TAX_CLASSES.get(tax_class_id, ("", ""))[1] != "CUSTOMER":
        raise InputError(INVALID_FIELD_VALUE, parameters={"fieldName": "taxClassId", "value": sent})
