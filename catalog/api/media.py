"""The product media gallery routes of Magento_Catalog's etc/webapi.xml (ProductAttributeMediaGalleryManagement
and ProductMediaAttributeManagement), each with the ACL resource webapi.xml gives it."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.rest.idempotency import idempotent
from backoffice.rest.routes import RouteView, parse
from backoffice.rest.serializers import MagentoInputSerializer

from ..attributes import attribute_body
from ..exceptions import ImageNotFound, ProductDoesNotExist, ProductNotFound
from ..media import create_entry, remove_entry, update_entry
from ..models import MEDIA_ROLE_LABELS, MEDIA_ROLES, Product, ProductMediaGalleryEntry
from .serializers import MediaGalleryEntrySerializer

CATALOG = "Magento_Catalog::catalog"  # list, create, update, remove
ATTRIBUTES = "Magento_Catalog::attributes_attributes"  # get one entry, the media types of an attribute set
VIEW, CHANGE = "catalog.view_product", "catalog.change_product"
ATTRIBUTE_SETS = {"Default": 4}  # the one attribute set this back-office knows (catalog.admin.ATTRIBUTE_SETS)
ROLE_IDS = {"image": 87, "small_image": 88, "thumbnail": 89, "swatch_image": 134}  # Magento's sample data ids


class ImageContentSerializer(MagentoInputSerializer):
    interface = "Magento\\Framework\\Api\\Data\\ImageContentInterface"
    base64_encoded_data = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    type = serializers.CharField(required=False, allow_blank=True)
    name = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)


class MediaGalleryEntryInputSerializer(MagentoInputSerializer):
    interface = "Magento\\Catalog\\Api\\Data\\ProductAttributeMediaGalleryEntryInterface"
    model = ProductMediaGalleryEntry
    id = serializers.IntegerField(required=False, allow_null=True)
    media_type = serializers.ChoiceField(["image"], required=False)
    label = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=255)
    position = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    disabled = serializers.BooleanField(required=False)
    types = serializers.ListField(child=serializers.CharField(), required=False, allow_null=True)
    file = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    content = ImageContentSerializer(required=False, allow_null=True)
    extension_attributes = serializers.DictField(required=False)


class EntryParameterSerializer(MagentoInputSerializer):
    interface = "Magento\\Catalog\\Api\\ProductAttributeMediaGalleryManagementInterface"
    entry = MediaGalleryEntryInputSerializer()


def _entry(request: Request) -> dict:
    return dict(parse(EntryParameterSerializer, request.data)["entry"])


@idempotent
class MediaListView(RouteView):
    """GET /V1/products/{sku}/media -> the entries ([] without images); POST {"entry": {...}} -> the new id
    (an Idempotency-Key retry answers the first id and stores no second image)."""

    acl_by_method = {"GET": (CATALOG, VIEW), "POST": (CATALOG, CHANGE)}

    @extend_schema(operation_id="products_media_list", responses={200: MediaGalleryEntrySerializer(many=True)})
    def get(self, request: Request, store_code: str, sku: str) -> Response:
        product = Product.objects.filter(sku=sku).prefetch_related("media_gallery_entries").first()
        if product is None:
            raise ProductNotFound()
        return Response(MediaGalleryEntrySerializer(product.media_gallery_entries.all(), many=True).data)

    @extend_schema(request=EntryParameterSerializer, responses={200: OpenApiTypes.INT})
    def post(self, request: Request, store_code: str, sku: str) -> Response:
        return Response(create_entry(sku, _entry(request)).pk)


class MediaDetailView(RouteView):
    """GET (the entry), PUT (the path's entryId is the entry's; -> true) and DELETE (-> true)
    /V1/products/{sku}/media/{entryId}."""

    acl_by_method = {"GET": (ATTRIBUTES, VIEW), "PUT": (CATALOG, CHANGE), "DELETE": (CATALOG, CHANGE)}

    @extend_schema(responses={200: MediaGalleryEntrySerializer})
    def get(self, request: Request, store_code: str, sku: str, entry_id: int) -> Response:
        product = Product.objects.filter(sku=sku).first()
        if product is None:
            raise ProductDoesNotExist()
        entry = ProductMediaGalleryEntry.objects.filter(product=product, pk=entry_id).first()
        if entry is None:
            raise ImageNotFound()
        return Response(MediaGalleryEntrySerializer(entry).data)

    @extend_schema(request=EntryParameterSerializer, responses={200: OpenApiTypes.BOOL})
    def put(self, request: Request, store_code: str, sku: str, entry_id: int) -> Response:
        update_entry(sku, entry_id, _entry(request))
        return Response(True)

    @extend_schema(responses={200: OpenApiTypes.BOOL})
    def delete(self, request: Request, store_code: str, sku: str, entry_id: int) -> Response:
        remove_entry(sku, entry_id)
        return Response(True)


class MediaTypesView(RouteView):
    """GET /V1/products/media/types/{attributeSetName}: the set's media_image attributes ([] for an unknown set)."""

    acl_by_method = {"GET": (ATTRIBUTES, VIEW)}

    @extend_schema(responses={200: OpenApiTypes.ANY})
    def get(self, request: Request, store_code: str, attribute_set_name: str) -> Response:
        if attribute_set_name not in ATTRIBUTE_SETS:
            return Response([])
        return Response([media_attribute(role) for role in MEDIA_ROLES])


def media_attribute(role: str) -> dict:
    """ProductAttributeInterface of a media_image attribute, the keys Magento renders for it."""
    body = attribute_body(ROLE_IDS[role], role, MEDIA_ROLE_LABELS[role], "media_image", "varchar", False, 0)
    return body | {"used_in_product_listing": "1", "is_unique": "0", "validation_rules": []}
