"""Customer group routes (Magento_Customer etc/webapi.xml, "Customer Group", every one Magento_Customer::group)."""

from __future__ import annotations

import django_filters
from django.urls import URLPattern, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.rest.routes import ListView, RouteView, parse
from backoffice.rest.serializers import MagentoInputSerializer, MagentoModelSerializer

from ..groups import (
    GroupData,
    delete_group,
    get_default_group,
    get_group,
    is_group_readonly,
    save_group,
    set_default_group,
    tax_class_name,
    with_tax_class_name,
)
from ..models import CustomerGroup

GROUP_ACL = "Magento_Customer::group"
VIEW_GROUP = (GROUP_ACL, "customers.view_customergroup")
ADD_GROUP = (GROUP_ACL, "customers.add_customergroup")
CHANGE_GROUP = (GROUP_ACL, "customers.change_customergroup")
DELETE_GROUP = (GROUP_ACL, "customers.delete_customergroup")


class CustomerGroupSerializer(MagentoModelSerializer):
    """Magento\\Customer\\Api\\Data\\GroupInterface."""

    id = serializers.IntegerField(source="pk")
    code = serializers.CharField(source="customer_group_code")
    tax_class_name = serializers.SerializerMethodField()

    class Meta:
        model = CustomerGroup
        fields = ["id", "code", "tax_class_id", "tax_class_name"]

    def get_tax_class_name(self, group: CustomerGroup) -> str | None:
        return tax_class_name(group.tax_class_id)


class GroupInputSerializer(MagentoInputSerializer):
    """GroupInterface as GroupRepositoryInterface::save binds it; tax_class_name is read-only (ignored)."""

    interface = "Magento\\Customer\\Api\\Data\\GroupInterface"
    id = serializers.IntegerField(required=False, allow_null=True)
    code = serializers.CharField(required=False, allow_null=True, allow_blank=True, trim_whitespace=False)
    tax_class_id = serializers.IntegerField(required=False, allow_null=True)
    tax_class_name = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    extension_attributes = serializers.DictField(required=False)


class SaveGroupInputSerializer(MagentoInputSerializer):
    """The body of POST /V1/customerGroups and PUT /V1/customerGroups/{id}: {"group": {...}}."""

    interface = "Magento\\Customer\\Api\\GroupRepositoryInterface"
    group = GroupInputSerializer()


class CustomerGroupFilter(django_filters.FilterSet):
    """searchCriteria fields of GET /V1/customerGroups/search (GroupFilterProcessor's mapping and the columns)."""

    id = django_filters.NumberFilter(field_name="pk")
    customer_group_id = django_filters.NumberFilter(field_name="pk")
    code = django_filters.CharFilter(field_name="customer_group_code")
    customer_group_code = django_filters.CharFilter()
    tax_class_id = django_filters.NumberFilter()
    tax_class_name = django_filters.CharFilter()  # annotated by the view's queryset (groups.with_tax_class_name)
    class_name = django_filters.CharFilter(field_name="tax_class_name")

    class Meta:
        model = CustomerGroup
        fields: list[str] = []


def _group_data(request: Request, group_id: int | None = None) -> GroupData:
    group = parse(SaveGroupInputSerializer, request.data)["group"]
    return GroupData(
        code=group.get("code"),
        tax_class_id=group.get("tax_class_id"),
        id=group.get("id") if group_id is None else group_id,
    )


class GroupCreateView(RouteView):
    """POST /V1/customerGroups {"group": {...}}: answers the saved group (with an id: that group, updated)."""

    acl_by_method = {"POST": ADD_GROUP}

    @extend_schema(request=SaveGroupInputSerializer, responses={200: CustomerGroupSerializer})
    def post(self, request: Request, store_code: str) -> Response:
        return Response(CustomerGroupSerializer(save_group(_group_data(request))).data)


class GroupSearchView(ListView):
    """GET /V1/customerGroups/search?searchCriteria... (GroupRepositoryInterface::getList)."""

    acl_by_method = {"GET": VIEW_GROUP}
    queryset = with_tax_class_name(CustomerGroup.objects.all())
    serializer_class = CustomerGroupSerializer
    filterset_class = CustomerGroupFilter


class GroupDetailView(RouteView):
    """GET, PUT (the path's id is the group's; answers the saved group) and DELETE (answers true)
    /V1/customerGroups/{id}."""

    acl_by_method = {"GET": VIEW_GROUP, "PUT": CHANGE_GROUP, "DELETE": DELETE_GROUP}

    @extend_schema(responses={200: CustomerGroupSerializer})
    def get(self, request: Request, store_code: str, group_id: int) -> Response:
        return Response(CustomerGroupSerializer(get_group(group_id)).data)

    @extend_schema(request=SaveGroupInputSerializer, responses={200: CustomerGroupSerializer})
    def put(self, request: Request, store_code: str, group_id: int) -> Response:
        return Response(CustomerGroupSerializer(save_group(_group_data(request, group_id))).data)

    @extend_schema(responses={200: OpenApiTypes.BOOL})
    def delete(self, request: Request, store_code: str, group_id: int) -> Response:
        delete_group(group_id)
        return Response(True)


class DefaultGroupView(RouteView):
    """GET /V1/customerGroups/default: the default group of the current store view."""

    acl_by_method = {"GET": VIEW_GROUP}

    @extend_schema(responses={200: CustomerGroupSerializer})
    def get(self, request: Request, store_code: str) -> Response:
        return Response(CustomerGroupSerializer(get_default_group()).data)


class DefaultGroupByIdView(RouteView):
    """GET /V1/customerGroups/default/{storeId} (GroupManagementInterface::getDefaultGroup) and
    PUT /V1/customerGroups/default/{id} (CustomerGroupConfigInterface::setDefaultCustomerGroup, answers the id):
    one path, two services, as in webapi.xml."""

    acl_by_method = {"GET": VIEW_GROUP, "PUT": CHANGE_GROUP}

    @extend_schema(responses={200: CustomerGroupSerializer}, operation_id="customerGroups_default_store_retrieve")
    def get(self, request: Request, store_code: str, group_or_store_id: int) -> Response:
        return Response(CustomerGroupSerializer(get_default_group(group_or_store_id)).data)

    @extend_schema(request=None, responses={200: OpenApiTypes.INT})
    def put(self, request: Request, store_code: str, group_or_store_id: int) -> Response:
        return Response(set_default_group(group_or_store_id))


class GroupPermissionsView(RouteView):
    """GET /V1/customerGroups/{id}/permissions (GroupManagementInterface::isReadonly): true when the group cannot
    be deleted."""

    acl_by_method = {"GET": VIEW_GROUP}

    @extend_schema(responses={200: OpenApiTypes.BOOL})
    def get(self, request: Request, store_code: str, group_id: int) -> Response:
        return Response(is_group_readonly(group_id))


urlpatterns: list[URLPattern] = [
    path("customerGroups", GroupCreateView.as_view()),
    path("customerGroups/search", GroupSearchView.as_view()),
    path("customerGroups/default", DefaultGroupView.as_view()),
    path("customerGroups/default/<id:group_or_store_id>", DefaultGroupByIdView.as_view()),
    path("customerGroups/<id:group_id>", GroupDetailView.as_view()),
    path("customerGroups/<id:group_id>/permissions", GroupPermissionsView.as_view()),
]
