"""Magento_Catalog's attribute and attribute set routes (etc/webapi.xml), over catalog.attributes' fixed table.

Reads answer Magento's bodies for the system attributes this back-office has; writes answer the refusal Magento
gives for a system attribute or the default set, or its "can't be saved" for what is not stored here. The routes
beside /V1/products/:sku are mounted by inventory.api.urls, before the SKU routes (see products.py there).
"""

from __future__ import annotations

import fnmatch

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.rest.routes import RouteView, parse
from backoffice.rest.search_criteria import Filter, SearchCriteria, parse_search_criteria
from backoffice.rest.serializers import MagentoInputSerializer

from .. import attributes as eav

ATTRIBUTES = "Magento_Catalog::attributes_attributes"
SETS = "Magento_Catalog::sets"
PRODUCTS = "Magento_Catalog::products"
READ_ATTRIBUTES = (ATTRIBUTES, "catalog.view_product")
WRITE_ATTRIBUTES = (ATTRIBUTES, "catalog.change_product")
READ_SETS = (SETS, "catalog.view_product")
WRITE_SETS = (SETS, "catalog.change_product")


# The service methods' parameters (Catalog Api/*Interface), bound first: a missing one is ServiceInputProcessor's
# '"%fieldName" is required. Enter and try again.', before the service refuses what it cannot store.
class AttributeSaveInput(MagentoInputSerializer):
    interface = "Magento\\Catalog\\Api\\ProductAttributeRepositoryInterface"
    attribute = serializers.DictField()


class OptionInput(MagentoInputSerializer):
    interface = "Magento\\Catalog\\Api\\ProductAttributeOptionManagementInterface"
    option = serializers.DictField()


class AttributeSetCreateInput(MagentoInputSerializer):
    interface = "Magento\\Catalog\\Api\\AttributeSetManagementInterface"
    attribute_set = serializers.DictField()
    skeleton_id = serializers.IntegerField()


class AttributeSetSaveInput(MagentoInputSerializer):
    interface = "Magento\\Catalog\\Api\\AttributeSetRepositoryInterface"
    attribute_set = serializers.DictField()


class AssignInput(MagentoInputSerializer):
    interface = "Magento\\Catalog\\Api\\ProductAttributeManagementInterface"
    attribute_set_id = serializers.IntegerField()
    attribute_group_id = serializers.IntegerField()
    attribute_code = serializers.CharField()
    sort_order = serializers.IntegerField()


class GroupInput(MagentoInputSerializer):
    interface = "Magento\\Catalog\\Api\\ProductAttributeGroupRepositoryInterface"
    group = serializers.DictField()


def search_result(items: list[dict], criteria: SearchCriteria) -> Response:
    """A searchCriteria result over a fixed list: each filter group ORs its filters, groups AND (eq, neq, in,
    nin, like), one page."""

    def matches(item: dict, flt: Filter) -> bool:
        value = str(item.get(flt.field, ""))
        wanted = [part.strip() for part in flt.value.split(",")]
        test = {
            "eq": lambda: value == flt.value,
            "neq": lambda: value != flt.value,
            "in": lambda: value in wanted,
            "nin": lambda: value not in wanted,
            "like": lambda: fnmatch.fnmatchcase(value.lower(), flt.value.lower().replace("%", "*")),
        }.get(flt.condition_type, lambda: value == flt.value)
        return test()

    found = [item for item in items if all(any(matches(item, f) for f in group) for group in criteria.filter_groups)]
    size, page = criteria.page_size, criteria.current_page or 1
    return Response(
        {"items": found[(page - 1) * size : page * size], "search_criteria": criteria.echo(), "total_count": len(found)}
    )


class AttributeListView(RouteView):
    """GET /V1/products/attributes?searchCriteria (ProductAttributeRepositoryInterface::getList, searchCriteria
    required); POST /V1/products/attributes (save): "The attribute can't be saved." (nothing is stored here)."""

    acl_by_method = {"GET": READ_ATTRIBUTES, "POST": WRITE_ATTRIBUTES}

    @extend_schema(operation_id="products_attributes_list")
    def get(self, request: Request, store_code: str, **kwargs: object) -> Response:
        criteria = parse_search_criteria(request.query_params)
        return search_result([eav.attribute(code) for code in eav.attribute_codes()], criteria)

    def post(self, request: Request, store_code: str, **kwargs: object) -> Response:
        parse(AttributeSaveInput, request.data)
        raise eav.AttributeNotSaved()


class AttributeDetailView(RouteView):
    """GET, PUT (save: an existing system attribute is not changed here: "can't be saved"), DELETE (deleteById:
    "The attribute can't be deleted.") /V1/products/attributes/{attributeCode}; an unknown code is the 404."""

    acl_by_method = {"GET": READ_ATTRIBUTES, "PUT": WRITE_ATTRIBUTES, "DELETE": WRITE_ATTRIBUTES}

    def get(self, request: Request, store_code: str, attribute_code: str) -> Response:
        return Response(eav.attribute(attribute_code))

    def put(self, request: Request, store_code: str, attribute_code: str) -> Response:
        parse(AttributeSaveInput, request.data)
        eav.attribute(attribute_code)
        raise eav.AttributeNotSaved()

    def delete(self, request: Request, store_code: str, attribute_code: str) -> Response:
        eav.attribute(attribute_code)
        raise eav.AttributeNotDeleted()


class AttributeTypesView(AttributeDetailView):
    """GET /V1/products/attributes/types (ProductAttributeTypesListInterface::getItems); PUT and DELETE on this
    path are the {attributeCode} routes (code "types"), as Magento's router matches per method."""

    @extend_schema(operation_id="products_attributes_types_list")
    def get(self, request: Request, store_code: str, attribute_code: str = "types") -> Response:
        return Response(eav.INPUT_TYPES)

    def put(self, request: Request, store_code: str, attribute_code: str = "types") -> Response:
        return super().put(request, store_code, attribute_code)

    def delete(self, request: Request, store_code: str, attribute_code: str = "types") -> Response:
        return super().delete(request, store_code, attribute_code)


class AttributeOptionsView(RouteView):
    """GET /V1/products/attributes/{attributeCode}/options (the source model's options); POST (add): options of a
    source model are not stored, '"%1" attribute can't be saved.'; an attribute without options: Magento's 400."""

    acl_by_method = {"GET": READ_ATTRIBUTES, "POST": WRITE_ATTRIBUTES}

    def get(self, request: Request, store_code: str, attribute_code: str) -> Response:
        eav.attribute(attribute_code)
        return Response(eav.options(attribute_code))

    def post(self, request: Request, store_code: str, attribute_code: str) -> Response:
        parse(OptionInput, request.data)
        eav.attribute(attribute_code)
        raise eav.OptionsNotSaved(attribute_code) if eav.options(attribute_code) else eav.NoOptions(attribute_code)


class AttributeOptionDetailView(RouteView):
    """PUT (ProductAttributeOptionUpdateInterface::update) and DELETE /V1/products/attributes/{code}/options/{id}."""

    acl_by_method = {"PUT": WRITE_ATTRIBUTES, "DELETE": WRITE_ATTRIBUTES}

    def put(self, request: Request, store_code: str, attribute_code: str, option_id: str) -> Response:
        parse(OptionInput, request.data)
        return self.delete(request, store_code, attribute_code, option_id)

    def delete(self, request: Request, store_code: str, attribute_code: str, option_id: str) -> Response:
        eav.attribute(attribute_code)
        if not eav.options(attribute_code):
            raise eav.NoOptions(attribute_code)
        raise eav.OptionsNotSaved(attribute_code)


class ProductTypesView(RouteView):
    """GET /V1/products/types (ProductTypeListInterface::getProductTypes, ACL Magento_Catalog::products)."""

    acl_by_method = {"GET": (PRODUCTS, "catalog.view_product")}

    def get(self, request: Request, store_code: str, **kwargs: object) -> Response:
        return Response(eav.product_types())


class AttributeSetCreateView(RouteView):
    """POST /V1/products/attribute-sets (AttributeSetManagementInterface::create): no set is stored here."""

    acl_by_method = {"POST": WRITE_SETS}

    def post(self, request: Request, store_code: str, **kwargs: object) -> Response:
        parse(AttributeSetCreateInput, request.data)
        raise eav.AttributeSetNotSaved()


class AttributeSetListView(RouteView):
    """GET /V1/products/attribute-sets/sets/list?searchCriteria (AttributeSetRepositoryInterface::getList)."""

    acl_by_method = {"GET": READ_SETS}

    def get(self, request: Request, store_code: str) -> Response:
        return search_result(
            [eav.attribute_set(eav.DEFAULT_ATTRIBUTE_SET_ID)], parse_search_criteria(request.query_params)
        )


class AttributeSetDetailView(RouteView):
    """GET, PUT (save: "couldn't be saved"), DELETE ("The default attribute set can't be deleted.")
    /V1/products/attribute-sets/{attributeSetId}; another id is NoSuchEntityException's 404."""

    acl_by_method = {"GET": READ_SETS, "PUT": WRITE_SETS, "DELETE": WRITE_SETS}

    def get(self, request: Request, store_code: str, attribute_set_id: int) -> Response:
        return Response(eav.attribute_set(attribute_set_id))

    def put(self, request: Request, store_code: str, attribute_set_id: int) -> Response:
        parse(AttributeSetSaveInput, request.data)
        eav.attribute_set(attribute_set_id)
        raise eav.AttributeSetNotSaved()

    def delete(self, request: Request, store_code: str, attribute_set_id: int) -> Response:
        eav.attribute_set(attribute_set_id)
        raise eav.DefaultAttributeSetNotDeleted()


class AttributeSetAttributesView(RouteView):
    """GET /V1/products/attribute-sets/{attributeSetId}/attributes (ProductAttributeManagementInterface)."""

    acl_by_method = {"GET": READ_SETS}

    def get(self, request: Request, store_code: str, attribute_set_id: int) -> Response:
        return Response(eav.set_attributes(attribute_set_id))


class AttributeAssignView(RouteView):
    """POST /V1/products/attribute-sets/attributes (assign): every attribute is already in set 4; nothing stored."""

    acl_by_method = {"POST": WRITE_SETS}

    def post(self, request: Request, store_code: str) -> Response:
        sent = parse(AssignInput, request.data)
        eav.attribute_set(sent["attribute_set_id"])
        eav.attribute(sent["attribute_code"])
        raise eav.AttributeNotSaved()


class AttributeUnassignView(RouteView):
    """DELETE /V1/products/attribute-sets/{id}/attributes/{code}: "The system attribute can't be deleted."."""

    acl_by_method = {"DELETE": WRITE_SETS}

    def delete(self, request: Request, store_code: str, attribute_set_id: int, attribute_code: str) -> Response:
        eav.unassign(attribute_set_id, attribute_code)
        return Response(True)


class AttributeGroupListView(RouteView):
    """GET /V1/products/attribute-sets/groups/list?searchCriteria (ProductAttributeGroupRepositoryInterface)."""

    acl_by_method = {"GET": READ_SETS}

    def get(self, request: Request, store_code: str) -> Response:
        return search_result(eav.attribute_groups(), parse_search_criteria(request.query_params))


class AttributeGroupCreateView(RouteView):
    """POST /V1/products/attribute-sets/groups (save): "The attributeGroup can't be saved." (not stored here)."""

    acl_by_method = {"POST": WRITE_SETS}

    def post(self, request: Request, store_code: str) -> Response:
        parse(GroupInput, request.data)
        raise eav.AttributeGroupNotSaved()


class AttributeGroupSaveView(RouteView):
    """PUT /V1/products/attribute-sets/{attributeSetId}/groups (save): "The attributeGroup can't be saved."."""

    acl_by_method = {"PUT": WRITE_SETS}

    def put(self, request: Request, store_code: str, attribute_set_id: int) -> Response:
        parse(GroupInput, request.data)
        eav.attribute_set(attribute_set_id)
        raise eav.AttributeGroupNotSaved()


class AttributeGroupDeleteView(RouteView):
    """DELETE /V1/products/attribute-sets/groups/{groupId}: the Default set's groups are kept; others: 404."""

    acl_by_method = {"DELETE": WRITE_SETS}

    def delete(self, request: Request, store_code: str, group_id: int) -> Response:
        if group_id not in eav.GROUPS:
            raise eav.AttributeGroupNotFound(group_id)
        raise eav.AttributeGroupNotDeleted(str(group_id))  # $group->getId(): the column's string
