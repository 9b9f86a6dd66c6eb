"""Customer and customer address attribute metadata: Magento_Customer's CustomerMetadataInterface and
AddressMetadataInterface for the attributes this back-office keeps.

The values are Magento 2.4.6's install data (Setup/CustomerSetup::getDefaultEntities, through
Model/ResourceModel/Setup/PropertyMapper and Magento_Eav's PropertyMapper, as DefaultCustomerGroupsAndAttributes
installs them), with the data patches that change them: UpdateCustomerAttributesMetadata (the grid flags),
UpdateCustomerAttributeInputFilters ("trim" on the names), UpdateCustomerAddressAttributesSortOrder,
UpdateIdentifierCustomerAttributesVisibility, AddCustomerUpdatedAtAttribute and RemoveCheckoutRegisterAndUpdateAttributes
(no "checkout_register" form). Rendering follows Model/AttributeMetadataConverter::createMetadataAttribute.

Two orders: ``sort_order`` is customer_eav_attribute.sort_order (the install data's "position"), which orders a
form (Form\\Attribute\\Collection::setSortOrder); ``set_order`` is eav_entity_attribute.sort_order (the install
data's "sort_order"), which orders getAllAttributesMetadata (the attribute set collection).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models.functions import Lower

from backoffice.exceptions import NotFoundError
from backoffice.rest.store import STORE_GROUPS, STORE_VIEWS, WEBSITES

from .models import CustomerGroup

CUSTOMER = "customer"
CUSTOMER_ADDRESS = "customer_address"
NO_SUCH_ATTRIBUTE = "No such entity with %fieldName = %fieldValue, %field2Name = %field2Value"
NO_SUCH_ENTITY = "No such entity with %fieldName = %fieldValue"
NBSP4 = "\u00a0" * 4  # Magento\Store\Model\System\Store::$nonEscapableNbspChar, four times
NAME_RULES = (("max_text_length", "255"), ("min_text_length", "1"))
# CustomerSetup::installCustomerForms: a customer attribute that is visible or not a system one goes to these forms,
# or to adminhtml_customer alone when "adminhtml_only"; adminhtml_checkout too when "admin_checkout".
ACCOUNT_FORMS = frozenset({"customer_account_create", "customer_account_edit", "adminhtml_customer"})
ADMIN_FORM = frozenset({"adminhtml_customer"})
ADDRESS_FORMS = frozenset({"adminhtml_customer_address", "customer_address_edit", "customer_register_address"})

Option = dict[str, object]


@dataclass(frozen=True)
class Attribute:
    code: str
    label: str
    set_order: int
    sort_order: int = 0
    input: str = "text"
    input_filter: str = ""
    required: bool = True
    visible: bool = True
    system: bool = True
    validation_rules: tuple[tuple[str, str], ...] = ()
    multiline_count: int = 0
    data_model: str = ""
    # is_used_in_grid, is_visible_in_grid, is_filterable_in_grid, is_searchable_in_grid
    grid: tuple[bool, bool, bool, bool] = (False, False, False, False)
    forms: frozenset[str] = frozenset()
    options: Callable[[], list[Option]] | None = None

    def frontend_class(self) -> str:
        """Magento_Eav's AbstractFrontend::getClass: "required-entry", then the input validation's class."""
        classes = ["required-entry"] if self.required else []
        if ("input_validation", "email") in self.validation_rules:
            classes.append("validate-email")
        return " ".join(classes)


def website_options() -> list[Option]:
    """Source\\Website: Magento\\Store\\Model\\System\\Store::getWebsiteValuesForForm (no admin website)."""
    return [{"label": w["name"], "value": str(w["id"])} for w in WEBSITES if w["id"]]


def store_options() -> list[Option]:
    """Source\\Store for store_id: getStoreValuesForForm, each website's store groups and their store views."""
    options: list[Option] = []
    for website in (w for w in WEBSITES if w["id"]):
        groups = [g for g in STORE_GROUPS if g["website_id"] == website["id"]]
        options.append({"label": website["name"], "options": []})
        for group in groups:
            stores = [
                {"label": f"{NBSP4}{s['name']}", "value": str(s["id"])}
                for s in STORE_VIEWS
                if s["store_group_id"] == group["id"]
            ]
            if stores:
                options.append({"label": f"{NBSP4}{group['name']}", "options": stores})
    return options


def group_options() -> list[Option]:
    """Source\\Group: GroupManagement::getLoggedInGroups, every group but NOT LOGGED IN, by code."""
    groups = CustomerGroup.objects.exclude(pk=CustomerGroup.NOT_LOGGED_IN_ID).order_by(Lower("customer_group_code"))
    return [{"label": code, "value": str(pk)} for pk, code in groups.values_list("pk", "customer_group_code")]


def no_options() -> list[Option]:
    """country_id and region_id have a source in Magento (the directory's countries and regions, with their
    localised names); this back-office keeps no names for them."""
    return []


CUSTOMER_ATTRIBUTES = (
    Attribute(
        "website_id",
        "Associate to Website",
        10,
        10,
        "select",
        grid=(True, True, True, False),
        forms=ADMIN_FORM,
        options=website_options,
    ),
    Attribute("store_id", "Create In", 20, 0, "select", visible=False, options=store_options),
    Attribute("created_in", "Created From", 20, 20, required=False, grid=(True, True, False, True), forms=ADMIN_FORM),
    Attribute(
        "group_id",
        "Group",
        25,
        25,
        "select",
        grid=(True, True, True, False),
        forms=ADMIN_FORM | {"adminhtml_checkout"},
        options=group_options,
    ),
    Attribute("firstname", "First Name", 40, 40, input_filter="trim", validation_rules=NAME_RULES, forms=ACCOUNT_FORMS),
    Attribute("lastname", "Last Name", 60, 60, input_filter="trim", validation_rules=NAME_RULES, forms=ACCOUNT_FORMS),
    Attribute(
        "email",
        "Email",
        80,
        80,
        validation_rules=(("input_validation", "email"),),
        grid=(True, True, True, True),
        forms=ACCOUNT_FORMS | {"adminhtml_checkout"},
    ),
    Attribute("default_billing", "Default Billing Address", 82, required=False, visible=False),
    Attribute("default_shipping", "Default Shipping Address", 83, required=False, visible=False),
    Attribute(
        "created_at",
        "Created At",
        86,
        0,
        "date",
        required=False,
        visible=False,
        system=False,
        grid=(True, True, True, False),
        forms=ACCOUNT_FORMS,
    ),
    Attribute("updated_at", "Updated At", 87, 0, "date", required=False, visible=False, system=False),
    # No sort_order in the install data: EavSetup::getAttributeSortOrder puts it after the attributes before it.
    Attribute(
        "disable_auto_group_change",
        "Disable Automatic Group Change Based on VAT ID",
        121,
        28,
        "boolean",
        required=False,
        forms=ADMIN_FORM,
    ),
)
ADDRESS_ATTRIBUTES = (
    Attribute(
        "firstname",
        "First Name",
        20,
        20,
        input_filter="trim",
        validation_rules=NAME_RULES,
        grid=(True, False, False, True),
        forms=ADDRESS_FORMS,
    ),
    Attribute(
        "lastname",
        "Last Name",
        40,
        40,
        input_filter="trim",
        validation_rules=NAME_RULES,
        grid=(True, False, False, True),
        forms=ADDRESS_FORMS,
    ),
    Attribute(
        "company",
        "Company",
        60,
        60,
        required=False,
        validation_rules=NAME_RULES,
        grid=(True, False, False, True),
        forms=ADDRESS_FORMS,
    ),
    Attribute(
        "street",
        "Street Address",
        70,
        70,
        "multiline",
        multiline_count=2,
        validation_rules=NAME_RULES,
        grid=(True, False, False, True),
        forms=ADDRESS_FORMS,
    ),
    Attribute(
        "city", "City", 80, 100, validation_rules=NAME_RULES, grid=(True, False, False, True), forms=ADDRESS_FORMS
    ),
    Attribute(
        "country_id",
        "Country",
        90,
        80,
        "select",
        grid=(True, True, True, False),
        forms=ADDRESS_FORMS,
        options=no_options,
    ),
    Attribute("region", "State/Province", 100, 90, required=False, grid=(True, True, False, True), forms=ADDRESS_FORMS),
    Attribute(
        "region_id", "State/Province", 100, 90, "hidden", required=False, forms=ADDRESS_FORMS, options=no_options
    ),
    Attribute(
        "postcode",
        "Zip/Postal Code",
        110,
        110,
        required=False,
        data_model="Magento\\Customer\\Model\\Attribute\\Data\\Postcode",
        grid=(True, True, True, True),
        forms=ADDRESS_FORMS,
    ),
    Attribute(
        "telephone",
        "Phone Number",
        120,
        120,
        validation_rules=NAME_RULES,
        grid=(True, True, True, True),
        forms=ADDRESS_FORMS,
    ),
)
ATTRIBUTES = {CUSTOMER: CUSTOMER_ATTRIBUTES, CUSTOMER_ADDRESS: ADDRESS_ATTRIBUTES}


def attribute_metadata(attribute: Attribute) -> dict[str, object]:
    """AttributeMetadataInterface in DataObjectProcessor's order: the interface's getters, then the inherited
    MetadataObjectInterface::getAttributeCode."""
    used, visible, filterable, searchable = attribute.grid
    return {
        "frontend_input": attribute.input,
        "input_filter": attribute.input_filter,
        "store_label": attribute.label,
        "validation_rules": [{"name": name, "value": value} for name, value in attribute.validation_rules],
        "multiline_count": attribute.multiline_count,
        "visible": attribute.visible,
        "required": attribute.required,
        "data_model": attribute.data_model,
        "options": attribute.options() if attribute.options else [],
        "frontend_class": attribute.frontend_class(),
        "user_defined": False,
        "sort_order": attribute.sort_order,
        "frontend_label": attribute.label,
        "note": "",
        "system": attribute.system,
        "backend_type": "static",
        "is_used_in_grid": used,
        "is_visible_in_grid": visible,
        "is_filterable_in_grid": filterable,
        "is_searchable_in_grid": searchable,
        "attribute_code": attribute.code,
    }


def get_attribute_metadata(entity_type: str, attribute_code: str) -> dict[str, object]:
    """getAttributeMetadata: one attribute, or Magento's two-field NoSuchEntityException (404)."""
    for attribute in ATTRIBUTES[entity_type]:
        if attribute.code == attribute_code:
            return attribute_metadata(attribute)
    raise NotFoundError(
        NO_SUCH_ATTRIBUTE,
        parameters={
            "fieldName": "entityType",
            "fieldValue": entity_type,
            "field2Name": "attributeCode",
            "field2Value": attribute_code,
        },
    )


def get_all_attributes_metadata(entity_type: str) -> list[dict[str, object]]:
    """getAllAttributesMetadata: the attribute set's attributes in the set's order."""
    attributes = sorted(ATTRIBUTES[entity_type], key=lambda attribute: attribute.set_order)
    return [attribute_metadata(attribute) for attribute in attributes]


def get_form_attributes(entity_type: str, form_code: str) -> list[dict[str, object]]:
    """getAttributes(formCode): the form's attributes by sort order, or "No such entity with formCode = X"."""
    attributes = sorted((a for a in ATTRIBUTES[entity_type] if form_code in a.forms), key=lambda a: a.sort_order)
    if not attributes:
        raise NotFoundError(NO_SUCH_ENTITY, parameters={"fieldName": "formCode", "fieldValue": form_code})
    return [attribute_metadata(attribute) for attribute in attributes]


def get_custom_attributes_metadata(entity_type: str) -> list[dict[str, object]]:
    """getCustomAttributesMetadata: the attributes without a getter on CustomerInterface / AddressInterface; every
    attribute kept here has one."""
    return []
