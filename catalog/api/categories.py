"""/V1/categories: Magento_Catalog's category routes (etc/webapi.xml), all under Magento_Catalog::categories.

Wire formats: CategoryInterface (get, save, list), CategoryTreeInterface (the tree), CategoryProductLinkInterface
(a category's products). Adapters only: every write is a function of catalog.categories.
"""

from __future__ import annotations

import re

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.exceptions import InputError
from backoffice.rest.routes import ListView, RouteView, parse
from backoffice.rest.serializers import MagentoInputSerializer, MagentoModelSerializer
from backoffice.rest.types import type_mismatch

from ..categories import (
    CategoryNode,
    delete_category,
    delete_category_product_link,
    get_assigned_products,
    get_category,
    get_category_tree,
    move_category,
    save_category,
    save_category_product_link,
)
from ..models import Category

CATEGORIES = "Magento_Catalog::categories"
VIEW = (CATEGORIES, "catalog.view_category")
ADD = (CATEGORIES, "catalog.add_category")
CHANGE = (CATEGORIES, "catalog.change_category")
DELETE = (CATEGORIES, "catalog.delete_category")
ADMIN_STORE = "all"  # Magento's admin scope: the tree starts at the tree root, not at the store's root category
_INTEGER = re.compile(r"-?[0-9]{1,18}")


class CategoryListSerializer(serializers.ListSerializer):
    """A page of categories with their ``children`` found in one query, not one per row."""

    def to_representation(self, data: object) -> list:
        rows = list(data.all() if hasattr(data, "all") else data)
        children: dict[int, list[str]] = {row.pk: [] for row in rows}
        active = Category.objects.filter(parent_id__in=children, is_active=True).order_by("pk")
        for parent_id, pk in active.values_list("parent_id", "pk"):
            children[parent_id].append(str(pk))
        for row in rows:
            row.active_children = children[row.pk]
        return super().to_representation(rows)


class CategorySerializer(MagentoModelSerializer):
    """CategoryInterface in its getter order; path and children_count also come as custom attributes."""

    parent_id = serializers.SerializerMethodField()
    children = serializers.SerializerMethodField()
    available_sort_by = serializers.SerializerMethodField()
    custom_attributes = serializers.SerializerMethodField()

    class Meta:
        model = Category
        list_serializer_class = CategoryListSerializer
        fields = [
            "id",
            "parent_id",
            "name",
            "is_active",
            "position",
            "level",
            "children",
            "created_at",
            "updated_at",
            "path",
            "available_sort_by",
            "include_in_menu",
            "custom_attributes",
        ]

    def get_parent_id(self, category: Category) -> int:
        return category.parent_id or 0

    def get_children(self, category: Category) -> str:
        ids = getattr(category, "active_children", None)
        if ids is None:
            ids = [
                str(pk)
                for pk in Category.objects.filter(parent_id=category.pk, is_active=True)
                .order_by("pk")
                .values_list("pk", flat=True)
            ]
        return ",".join(ids)

    def get_available_sort_by(self, category: Category) -> list:
        return []

    def get_custom_attributes(self, category: Category) -> list[dict]:
        return [
            {"attribute_code": "path", "value": category.path},
            {"attribute_code": "children_count", "value": str(category.children_count)},
        ]


def tree(node: CategoryNode) -> dict:
    """CategoryTreeInterface in its getter order (a null is_active, the tree root's, is left out)."""
    category = node.category
    data = {
        "id": category.pk,
        "parent_id": category.parent_id or 0,
        "name": category.name,
        "is_active": category.is_active,
        "position": category.position,
        "level": category.level,
        "product_count": node.product_count,
        "children_data": [tree(child) for child in node.children],
    }
    return {key: value for key, value in data.items() if value is not None}


class CategoryProductLinkSerializer(serializers.Serializer):
    """CategoryProductLinkInterface as getAssignedProducts answers it (the schema's description of the list)."""

    sku = serializers.CharField()
    position = serializers.IntegerField()
    category_id = serializers.CharField()


class CategoryFilter(django_filters.FilterSet):
    """searchCriteria allowlist for GET /V1/categories/list (catalog_category_entity's columns and attributes)."""

    entity_id = django_filters.NumberFilter(field_name="pk")
    parent_id = django_filters.NumberFilter(field_name="parent__pk")
    path = django_filters.CharFilter()
    position = django_filters.NumberFilter()
    level = django_filters.NumberFilter()
    children_count = django_filters.NumberFilter()
    name = django_filters.CharFilter()
    is_active = django_filters.BooleanFilter()
    include_in_menu = django_filters.BooleanFilter()
    created_at = django_filters.DateTimeFilter()
    updated_at = django_filters.DateTimeFilter()

    class Meta:
        model = Category
        fields: list[str] = []


class CategoryInputSerializer(MagentoInputSerializer):
    """CategoryInterface as a client sends it (what GET answers is accepted back). Only name, is_active, position,
    include_in_menu and, on creation, parent_id are written; path, level and children are the tree's."""

    interface = "Magento\\Catalog\\Api\\Data\\CategoryInterface"
    model = Category
    id = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    parent_id = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    name = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, max_length=255, trim_whitespace=False
    )
    is_active = serializers.BooleanField(required=False, allow_null=True)
    position = serializers.IntegerField(required=False, allow_null=True)
    level = serializers.IntegerField(required=False, allow_null=True)
    children = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    created_at = serializers.CharField(required=False, allow_null=True)
    updated_at = serializers.CharField(required=False, allow_null=True)
    path = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    available_sort_by = serializers.JSONField(required=False)
    include_in_menu = serializers.BooleanField(required=False, allow_null=True)
    extension_attributes = serializers.JSONField(required=False)
    custom_attributes = serializers.ListField(required=False)


class CategorySaveInputSerializer(MagentoInputSerializer):
    interface = "Magento\\Catalog\\Api\\CategoryRepositoryInterface"
    category = CategoryInputSerializer()


class CategoryMoveInputSerializer(MagentoInputSerializer):
    interface = "Magento\\Catalog\\Api\\CategoryManagementInterface"
    parent_id = serializers.IntegerField()
    after_id = serializers.IntegerField(required=False, allow_null=True)


class CategoryProductLinkInputSerializer(MagentoInputSerializer):
    interface = "Magento\\Catalog\\Api\\Data\\CategoryProductLinkInterface"
    sku = serializers.CharField(required=False, allow_null=True, allow_blank=True, trim_whitespace=False)
    position = serializers.IntegerField(required=False, allow_null=True)
    category_id = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    extension_attributes = serializers.JSONField(required=False)


class CategoryLinkSaveInputSerializer(MagentoInputSerializer):
    interface = "Magento\\Catalog\\Api\\CategoryLinkRepositoryInterface"
    product_link = CategoryProductLinkInputSerializer()


def int_param(request: Request, name: str) -> int | None:
    """An optional ``int`` query parameter of a service method (getTree's rootCategoryId, depth)."""
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    if not _INTEGER.fullmatch(value):
        raise InputError(type_mismatch(value, "int"))
    return int(value)


def _changes(data: dict) -> dict:
    return {name: data.get(name) for name in ("parent_id", "name", "is_active", "position", "include_in_menu")}


def _saved(category: Category) -> Response:
    return Response(CategorySerializer(get_category(category.pk)).data)


class CategoryTreeView(RouteView):
    """GET /V1/categories?rootCategoryId=&depth= (CategoryManagement::getTree); POST /V1/categories
    {"category": {...}} (CategoryRepository::save) -> the saved category."""

    acl_by_method = {"GET": VIEW, "POST": ADD}

    @extend_schema(
        operation_id="categories_tree_retrieve",
        parameters=[OpenApiParameter("rootCategoryId", int), OpenApiParameter("depth", int)],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, store_code: str) -> Response:
        root = get_category_tree(
            int_param(request, "rootCategoryId"), int_param(request, "depth"), store_root=store_code != ADMIN_STORE
        )
        return Response(tree(root))

    @extend_schema(request=CategorySaveInputSerializer, responses={200: CategorySerializer})
    def post(self, request: Request, store_code: str) -> Response:
        data = parse(CategorySaveInputSerializer, request.data)["category"]
        return _saved(save_category(data.get("id"), _changes(data)))


class CategoryListView(ListView):
    """GET /V1/categories/list?searchCriteria... (CategoryList::getList)."""

    acl_by_method = {"GET": VIEW}
    queryset = Category.objects.order_by("pk")
    serializer_class = CategorySerializer
    filterset_class = CategoryFilter


class CategoryDetailView(RouteView):
    """GET /V1/categories/{categoryId}; PUT /V1/categories/{id} {"category": {...}} (the path's id is forced into
    the body, as Magento's ParamsOverrider does) -> the saved category; DELETE -> true (its subtree goes too)."""

    acl_by_method = {"GET": VIEW, "PUT": CHANGE, "DELETE": DELETE}

    @extend_schema(responses={200: CategorySerializer})
    def get(self, request: Request, store_code: str, category_id: int) -> Response:
        return Response(CategorySerializer(get_category(category_id)).data)

    @extend_schema(request=CategorySaveInputSerializer, responses={200: CategorySerializer})
    def put(self, request: Request, store_code: str, category_id: int) -> Response:
        data = parse(CategorySaveInputSerializer, request.data)["category"]
        return _saved(save_category(category_id, _changes(data)))

    @extend_schema(responses={200: OpenApiTypes.BOOL})
    def delete(self, request: Request, store_code: str, category_id: int) -> Response:
        delete_category(category_id)
        return Response(True)


class CategoryMoveView(RouteView):
    """PUT /V1/categories/{categoryId}/move {"parentId": 3, "afterId": 4} -> true."""

    acl_by_method = {"PUT": CHANGE}

    @extend_schema(request=CategoryMoveInputSerializer, responses={200: OpenApiTypes.BOOL})
    def put(self, request: Request, store_code: str, category_id: int) -> Response:
        data = parse(CategoryMoveInputSerializer, request.data)
        move_category(category_id, data["parent_id"], data.get("after_id"))
        return Response(True)


class CategoryProductsView(RouteView):
    """GET /V1/categories/{categoryId}/products -> [CategoryProductLink]; POST and PUT {"productLink": {"sku",
    "position", "category_id"}} -> true. As in Magento, POST takes the category from the body; PUT forces the
    path's id into it."""

    acl_by_method = {"GET": VIEW, "POST": CHANGE, "PUT": CHANGE}

    @extend_schema(responses={200: CategoryProductLinkSerializer(many=True)})
    def get(self, request: Request, store_code: str, category_id: int) -> Response:
        links = get_assigned_products(category_id)
        return Response(
            [{"sku": sku, "position": position, "category_id": str(category_id)} for sku, position in links]
        )

    @extend_schema(request=CategoryLinkSaveInputSerializer, responses={200: OpenApiTypes.BOOL})
    def post(self, request: Request, store_code: str, category_id: int) -> Response:
        link = parse(CategoryLinkSaveInputSerializer, request.data)["product_link"]
        save_category_product_link(link.get("category_id"), link.get("sku") or "", link.get("position"))
        return Response(True)

    @extend_schema(request=CategoryLinkSaveInputSerializer, responses={200: OpenApiTypes.BOOL})
    def put(self, request: Request, store_code: str, category_id: int) -> Response:
        link = parse(CategoryLinkSaveInputSerializer, request.data)["product_link"]
        save_category_product_link(category_id, link.get("sku") or "", link.get("position"))
        return Response(True)


class CategoryProductView(RouteView):
    """DELETE /V1/categories/{categoryId}/products/{sku} -> true."""

    acl_by_method = {"DELETE": CHANGE}

    @extend_schema(responses={200: OpenApiTypes.BOOL})
    def delete(self, request: Request, store_code: str, category_id: int, sku: str) -> Response:
        delete_category_product_link(category_id, sku)
        return Response(True)
