"""Attribute metadata routes (Magento_Customer etc/webapi.xml, "Customer Metadata" and "Customer Address Metadata",
every one Magento_Customer::customer): CustomerMetadataInterface and AddressMetadataInterface."""

from __future__ import annotations

from django.urls import URLPattern, path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.rest.routes import RouteView

from ..metadata import (
    CUSTOMER,
    CUSTOMER_ADDRESS,
    get_all_attributes_metadata,
    get_attribute_metadata,
    get_custom_attributes_metadata,
    get_form_attributes,
)

READ = ("Magento_Customer::customer", "customers.view_customer")
OPTION = inline_serializer(
    "CustomerAttributeOption",
    {
        "label": serializers.CharField(),
        "value": serializers.CharField(required=False),
        "options": serializers.ListField(child=serializers.DictField(), required=False),
    },
)
ATTRIBUTE_METADATA = inline_serializer(
    "CustomerAttributeMetadata",
    {
        "frontend_input": serializers.CharField(),
        "input_filter": serializers.CharField(),
        "store_label": serializers.CharField(),
        "validation_rules": serializers.ListField(
            child=inline_serializer(
                "CustomerAttributeValidationRule", {"name": serializers.CharField(), "value": serializers.CharField()}
            )
        ),
        "multiline_count": serializers.IntegerField(),
        "visible": serializers.BooleanField(),
        "required": serializers.BooleanField(),
        "data_model": serializers.CharField(),
        "options": serializers.ListField(child=OPTION),
        "frontend_class": serializers.CharField(),
        "user_defined": serializers.BooleanField(),
        "sort_order": serializers.IntegerField(),
        "frontend_label": serializers.CharField(),
        "note": serializers.CharField(),
        "system": serializers.BooleanField(),
        "backend_type": serializers.CharField(),
        "is_used_in_grid": serializers.BooleanField(),
        "is_visible_in_grid": serializers.BooleanField(),
        "is_filterable_in_grid": serializers.BooleanField(),
        "is_searchable_in_grid": serializers.BooleanField(),
        "attribute_code": serializers.CharField(),
    },
)
ONE = {200: ATTRIBUTE_METADATA}
MANY = {200: serializers.ListSerializer(child=ATTRIBUTE_METADATA)}


class MetadataView(RouteView):
    """A metadata route of one entity type (``entity_type``: customer or customer_address)."""

    acl_by_method = {"GET": READ}
    entity_type = CUSTOMER


class AllAttributesView(MetadataView):
    """GET /V1/attributeMetadata/customer and /customerAddress (getAllAttributesMetadata)."""

    @extend_schema(responses=MANY)
    def get(self, request: Request, store_code: str) -> Response:
        return Response(get_all_attributes_metadata(self.entity_type))


class AttributeView(MetadataView):
    """GET /V1/attributeMetadata/{customer|customerAddress}/attribute/{attributeCode} (getAttributeMetadata)."""

    @extend_schema(responses=ONE)
    def get(self, request: Request, store_code: str, attribute_code: str) -> Response:
        return Response(get_attribute_metadata(self.entity_type, attribute_code))


class FormAttributesView(MetadataView):
    """GET /V1/attributeMetadata/{customer|customerAddress}/form/{formCode} (getAttributes)."""

    @extend_schema(responses=MANY)
    def get(self, request: Request, store_code: str, form_code: str) -> Response:
        return Response(get_form_attributes(self.entity_type, form_code))


class CustomAttributesView(MetadataView):
    """GET /V1/attributeMetadata/{customer|customerAddress}/custom (getCustomAttributesMetadata)."""

    @extend_schema(responses=MANY)
    def get(self, request: Request, store_code: str) -> Response:
        return Response(get_custom_attributes_metadata(self.entity_type))


urlpatterns: list[URLPattern] = [
    route
    for prefix, entity_type in (
        ("attributeMetadata/customer", CUSTOMER),
        ("attributeMetadata/customerAddress", CUSTOMER_ADDRESS),
    )
    for route in (
        path(prefix, AllAttributesView.as_view(entity_type=entity_type)),
        path(f"{prefix}/custom", CustomAttributesView.as_view(entity_type=entity_type)),
        path(f"{prefix}/attribute/<str:attribute_code>", AttributeView.as_view(entity_type=entity_type)),
        path(f"{prefix}/form/<str:form_code>", FormAttributesView.as_view(entity_type=entity_type)),
    )
]
