"""Product attributes and the attribute set this back-office has: Magento's system attributes, no custom ones.

One table, read by the /V1/products/attributes and /V1/products/attribute-sets routes. Values are Magento 2.4.6's
install data: vendor/magento/module-catalog/Setup/CategorySetup.php (getDefaultEntities, catalog_product), the
labels as Setup/Patch/Data/UpdateProductAttributes.php renames them ("Product Name", "Enable Product"), the
defaults of the catalog_eav_attribute columns (Catalog Model/ResourceModel/Setup/PropertyMapper: is_global 1,
is_visible 1, ...; Eav Setup/EavSetup::_prepareValues: is_required 1, is_user_defined 0), the attribute ids of a
fresh install and the option labels of the source models (Product\\Attribute\\Source\\Status, Product\\Visibility).
Nothing here is stored: attributes, sets, groups and options cannot be created, changed or deleted.
"""

from __future__ import annotations

from backoffice.exceptions import DomainError, InputError, NotFoundError

from .models import ProductStatus, ProductType, ProductVisibility

PRODUCT_ENTITY_TYPE_ID = "4"  # eav_entity_type catalog_product
DEFAULT_ATTRIBUTE_SET_ID = 4  # "Default", Magento's default product attribute set
DEFAULT_ATTRIBUTE_SET_NAME = "Default"
SCOPES = {0: "store", 1: "global", 2: "website"}  # ScopedAttributeInterface::SCOPE_*

# The Default set's group that holds these attributes: "General" renamed by Setup/Patch/Data/
# InstallDefaultCategories.php (attribute_group_code product-details, sort 10). Its id is this back-office's own:
# Magento's depends on the install's order.
GROUPS = {7: ("Product Details", 10, "product-details")}
SEARCHABLE = {"is_searchable": "1"}
IN_LISTING = {"used_in_product_listing": "1"}
IN_ADVANCED_SEARCH = {"is_visible_in_advanced_search": "1"}

# code -> (attribute id, label, frontend_input, backend_type, is_required, scope, extra keys), in the group's
# order (InstallDefaultCategories' attributesOrder; status at 5 and visibility at 80 by UpdateProductAttributes).
# Price's scope is global (ChangePriceAttributeDefaultScope); weight, status and visibility are not required.
_TABLE: dict[str, tuple] = {
    "status": (97, "Enable Product", "select", "int", False, 2, SEARCHABLE | IN_LISTING | {"default_value": "1"}),
    "name": (
        73,
        "Product Name",
        "text",
        "varchar",
        True,
        0,
        SEARCHABLE | IN_ADVANCED_SEARCH | IN_LISTING | {"used_for_sort_by": True},
    ),
    "sku": (
        74,
        "SKU",
        "text",
        "static",
        True,
        1,
        SEARCHABLE | IN_ADVANCED_SEARCH | {"is_comparable": "1", "is_unique": "1"},
    ),
    "price": (
        77,
        "Price",
        "price",
        "decimal",
        True,
        1,
        SEARCHABLE
        | IN_ADVANCED_SEARCH
        | IN_LISTING
        | {"is_filterable": True, "used_for_sort_by": True, "apply_to": ["simple", "virtual"]},
    ),
    "weight": (
        82,
        "Weight",
        "weight",
        "decimal",
        False,
        1,
        {"apply_to": ["simple", "virtual"], "is_used_in_grid": True, "is_filterable_in_grid": True},
    ),
    "visibility": (99, "Visibility", "select", "int", False, 0, {"default_value": "4"}),
}
# CategorySetup's 'backend', 'source' and 'frontend_class' of these attributes
_BACKEND_MODELS = {
    "sku": "Magento\\Catalog\\Model\\Product\\Attribute\\Backend\\Sku",
    "price": "Magento\\Catalog\\Model\\Product\\Attribute\\Backend\\Price",
    "weight": "Magento\\Catalog\\Model\\Product\\Attribute\\Backend\\Weight",
}
_SOURCE_MODELS = {
    "status": "Magento\\Catalog\\Model\\Product\\Attribute\\Source\\Status",
    "visibility": "Magento\\Catalog\\Model\\Product\\Visibility",
}
_FRONTEND_CLASSES = {"name": "validate-length maximum-length-255", "sku": "validate-length maximum-length-64"}
_OPTIONS = {"status": ProductStatus, "visibility": ProductVisibility}


class AttributeNotFound(NotFoundError):
    """Eav Model/AttributeRepository::get."""

    message = 'The attribute with a "%1" attributeCode doesn\'t exist. Verify the attribute and try again.'

    def __init__(self, code: str) -> None:
        super().__init__(parameters=[code])


class AttributeNotSaved(DomainError):
    """Eav AttributeRepository::save's StateException: this back-office stores no attribute definitions."""

    message = "The attribute can't be saved."


class AttributeNotDeleted(DomainError):
    """Eav AttributeRepository::delete's StateException (a system attribute cannot be deleted)."""

    message = "The attribute can't be deleted."


class SystemAttributeNotRemoved(InputError):
    """Eav Model/AttributeManagement::unassign: a system attribute stays in its set."""

    message = "The system attribute can't be deleted."


class OptionsNotSaved(DomainError):
    """Eav Entity/Attribute/OptionManagement::saveOption / delete: the options come from a source model here."""

    message = 'The "%1" attribute can\'t be saved.'

    def __init__(self, code: str) -> None:
        super().__init__(parameters=[code])


class NoOptions(DomainError):
    """Eav Entity/Attribute/OptionManagement::loadAttribute for an attribute without a source."""

    message = 'The "%1" attribute doesn\'t work with options.'

    def __init__(self, code: str) -> None:
        super().__init__(parameters=[code])


class AttributeSetNotFound(NotFoundError):
    """NoSuchEntityException::singleField('id', $attributeSetId) (Eav AttributeSetRepository::get)."""

    message = "No such entity with %fieldName = %fieldValue"

    def __init__(self, set_id: object) -> None:
        super().__init__(parameters={"fieldName": "id", "fieldValue": set_id})


class AttributeSetNotSaved(DomainError):
    """Eav AttributeSetRepository::save's CouldNotSaveException."""

    message = (
        "The attribute set couldn't be saved due to an error. Verify your information and try again. "
        "If the error persists, please try again later."
    )


class DefaultAttributeSetNotDeleted(DomainError):
    """Eav AttributeSetRepository::delete: the entity type's default set is refused."""

    message = "The default attribute set can't be deleted."


class AttributeGroupNotSaved(DomainError):
    """Eav Model/Attribute/GroupRepository::save's StateException."""

    message = "The attributeGroup can't be saved."


def options(code: str) -> list[dict]:
    """AttributeOptionInterface items (label, value as strings), as the source model lists them."""
    choices = _OPTIONS.get(code)
    return [{"label": str(label), "value": str(value)} for value, label in choices.choices] if choices else []


def attribute_body(
    attribute_id: int, code: str, label: str, frontend_input: str, backend_type: str, required: bool, scope: int,
    attribute_options: list[dict] | None = None,
) -> dict:
    """The keys every ProductAttributeInterface body starts with, in Magento's order, with the defaults of
    catalog_eav_attribute (the system attributes here, the gallery's media_image attributes in catalog.api.media)."""
    return {
        "is_wysiwyg_enabled": False,
        "is_html_allowed_on_front": False,
        "used_for_sort_by": False,
        "is_filterable": False,
        "is_filterable_in_search": False,
        "is_used_in_grid": False,
        "is_visible_in_grid": False,
        "is_filterable_in_grid": False,
        "position": 0,
        "apply_to": [],
        "is_searchable": "0",
        "is_visible_in_advanced_search": "0",
        "is_comparable": "0",
        "is_used_for_promo_rules": "0",
        "is_visible_on_front": "0",
        "used_in_product_listing": "0",
        "is_visible": True,
        "scope": SCOPES[scope],
        "attribute_id": attribute_id,
        "attribute_code": code,
        "frontend_input": frontend_input,
        "entity_type_id": PRODUCT_ENTITY_TYPE_ID,
        "is_required": required,
        "options": attribute_options or [],
        "is_user_defined": False,
        "default_frontend_label": label,
        "frontend_labels": [],
        "backend_type": backend_type,
    }


def attribute(code: str) -> dict:
    """ProductAttributeInterface of one system attribute; raises AttributeNotFound."""
    if code not in _TABLE:
        raise AttributeNotFound(code)
    attribute_id, label, frontend_input, backend_type, required, scope, extra = _TABLE[code]
    body = attribute_body(attribute_id, code, label, frontend_input, backend_type, required, scope, options(code))
    # AttributeInterface's getters in order; a null one (no model, no default) is left out, as Magento does
    tail = {
        "backend_model": _BACKEND_MODELS.get(code),
        "source_model": _SOURCE_MODELS.get(code),
        "default_value": extra.get("default_value"),
        "is_unique": "0",
        "frontend_class": _FRONTEND_CLASSES.get(code),
        "validation_rules": [],
    }
    body |= {key: value for key, value in tail.items() if value is not None}
    body |= extra  # an existing key keeps its place
    return body


def attribute_codes() -> list[str]:
    return list(_TABLE)


def attribute_set(set_id: int) -> dict:
    """AttributeSetInterface of set 4 "Default"; any other id is Magento's NoSuchEntityException."""
    if set_id != DEFAULT_ATTRIBUTE_SET_ID:
        raise AttributeSetNotFound(set_id)
    return {
        "attribute_set_id": DEFAULT_ATTRIBUTE_SET_ID,
        "attribute_set_name": DEFAULT_ATTRIBUTE_SET_NAME,
        "sort_order": 1,
        "entity_type_id": int(PRODUCT_ENTITY_TYPE_ID),
    }


def attribute_groups() -> list[dict]:
    """AttributeGroupInterface items of the Default set (extension_attributes as ProductAttributeGroup has)."""
    return [
        {
            "attribute_group_id": str(group_id),
            "attribute_group_name": name,
            "attribute_set_id": DEFAULT_ATTRIBUTE_SET_ID,
            "extension_attributes": {"attribute_group_code": code, "sort_order": str(sort)},
        }
        for group_id, (name, sort, code) in GROUPS.items()
    ]


def set_attributes(set_id: int) -> list[dict]:
    """ProductAttributeManagementInterface::getAttributes: the set's attributes (here: all of them)."""
    attribute_set(set_id)
    return [attribute(code) for code in _TABLE]


def unassign(set_id: int, code: str) -> None:
    """AttributeManagement::unassign: every attribute here is a system attribute; refused."""
    attribute_set(set_id)
    attribute(code)
    raise SystemAttributeNotRemoved()


def product_types() -> list[dict]:
    """ProductTypeInterface items (name, label) of the types this back-office sells (Catalog etc/product_types.xml)."""
    return [{"name": str(value), "label": str(label)} for value, label in ProductType.choices]


# GET /V1/products/attributes/types (Catalog Model/Product/Attribute/TypesList): Catalog's Source\\Inputtype adds
# price and media_image to its optionsArray, which only etc/adminhtml/di.xml fills: in the webapi_rest area, these two.
INPUT_TYPES = [{"value": "price", "label": "Price"}, {"value": "media_image", "label": "Media Image"}]


class AttributeGroupNotFound(NotFoundError):
    """Eav Model/Attribute/GroupRepository::get."""

    message = 'The group with the "%1" ID doesn\'t exist. Verify the ID and try again.'

    def __init__(self, group_id: object) -> None:
        super().__init__(parameters=[group_id])


class AttributeGroupNotDeleted(DomainError):
    """Eav GroupRepository::delete's StateException (a group of the default set holding system attributes)."""

    message = 'The attribute group with id "%1" can\'t be deleted.'

    def __init__(self, group_id: object) -> None:
        super().__init__(parameters=[group_id])
