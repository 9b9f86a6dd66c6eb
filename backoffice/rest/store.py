"""Magento's store structure, read-only: GET /V1/store/websites, /V1/store/storeGroups, /V1/store/storeViews and
/V1/store/storeConfigs (Magento_Store's webapi.xml, ACL resource Magento_Backend::store).

This back-office is the store structure of a fresh Magento install: website "base", store group
"main_website_store", store view "default", each with id 1, plus Magento's admin entries (id 0). The website,
group and store view lists include the admin entries (the repositories' getList loads them); storeConfigs does not
(Magento_Store's store collection leaves store 0 out). Keys follow the data interfaces' getters
(Magento\\Store\\Api\\Data\\WebsiteInterface, GroupInterface, StoreInterface, StoreConfigInterface).
"""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.exceptions import InputError

from .errors import REST_METHODS
from .models import UserType
from .permissions import HasAclResource
from .routes import RouteView
from .types import type_mismatch

STORE = "Magento_Backend::store"
# No Django model stands for the store structure, so no Permission row: the admin token of any active staff user
# (User.is_staff, checked by AnyStaffUser) reads it. Every Magento client reads it first, whatever the user's role
# (my-magento checks its token with GET /V1/store/websites).
ANY_STAFF_USER = "auth.is_staff"

WEBSITES = [
    {"id": 0, "code": "admin", "name": "Admin", "default_group_id": 0},
    {"id": 1, "code": "base", "name": "Main Website", "default_group_id": 1},
]
STORE_GROUPS = [
    {"id": 0, "website_id": 0, "root_category_id": 0, "default_store_id": 0, "name": "Default", "code": "default"},
    {
        "id": 1,
        "website_id": 1,
        "root_category_id": 2,
        "default_store_id": 1,
        "name": "Main Website Store",
        "code": "main_website_store",
    },
]
STORE_VIEWS = [
    {"id": 0, "code": "admin", "name": "Admin", "website_id": 0, "store_group_id": 0, "is_active": 1},
    {"id": 1, "code": "default", "name": "Default Store View", "website_id": 1, "store_group_id": 1, "is_active": 1},
]


class AnyStaffUser(HasAclResource):
    """An admin token of an active staff user, whatever its permissions, or an integration given
    Magento_Backend::store; customer tokens and guests get 401."""

    def has_permission(self, request: Request, view: object) -> bool:
        if request.method not in REST_METHODS or not hasattr(view, request.method.lower()):
            raise MethodNotAllowed(request.method)  # Magento's 404 "Request does not match any route."
        token, user = request.auth, request.user
        if token is not None and token.user_type == UserType.INTEGRATION:  # its resources decide, as everywhere
            return super().has_permission(request, view)
        if token is None or token.user_type != UserType.ADMIN:
            return False
        return bool(user and user.is_active and user.is_staff)


class StoreStructureView(RouteView):
    acl_by_method = {"GET": (STORE, ANY_STAFF_USER)}
    permission_classes = [AnyStaffUser]


def _list_of(name: str, fields: dict[str, serializers.Field]) -> serializers.Serializer:
    return inline_serializer(name, fields, many=True)


def _ints(*names: str) -> dict[str, serializers.Field]:
    return {name: serializers.IntegerField() for name in names}


def _strings(*names: str) -> dict[str, serializers.Field]:
    return {name: serializers.CharField() for name in names}


class WebsiteListView(StoreStructureView):
    """GET /V1/store/websites -> [WebsiteInterface] (WebsiteRepositoryInterface::getList)."""

    @extend_schema(
        responses={
            200: _list_of(
                "StoreDataWebsiteInterface", {**_ints("id"), **_strings("code", "name"), **_ints("default_group_id")}
            )
        }
    )
    def get(self, request: Request, store_code: str) -> Response:
        return Response(WEBSITES)


class StoreGroupListView(StoreStructureView):
    """GET /V1/store/storeGroups -> [GroupInterface] (GroupRepositoryInterface::getList)."""

    @extend_schema(
        responses={
            200: _list_of(
                "StoreDataGroupInterface",
                {**_ints("id", "website_id", "root_category_id", "default_store_id"), **_strings("name", "code")},
            )
        }
    )
    def get(self, request: Request, store_code: str) -> Response:
        return Response(STORE_GROUPS)


class StoreViewListView(StoreStructureView):
    """GET /V1/store/storeViews -> [StoreInterface] (StoreRepositoryInterface::getList)."""

    @extend_schema(
        responses={
            200: _list_of(
                "StoreDataStoreInterface",
                {**_ints("id"), **_strings("code", "name"), **_ints("website_id", "store_group_id", "is_active")},
            )
        }
    )
    def get(self, request: Request, store_code: str) -> Response:
        return Response(STORE_VIEWS)


class StoreConfigListView(StoreStructureView):
    """GET /V1/store/storeConfigs[?storeCodes[]=default...] -> [StoreConfigInterface]
    (StoreConfigManagerInterface::getStoreConfigs): every store view but admin, or those of the codes given."""

    @extend_schema(
        parameters=[OpenApiParameter("storeCodes[]", str, many=True, description="Store view codes (all if none)")],
        responses={
            200: _list_of(
                "StoreDataStoreConfigInterface",
                {
                    **_ints("id"),
                    **_strings("code"),
                    **_ints("website_id"),
                    **_strings(
                        "locale",
                        "base_currency_code",
                        "default_display_currency_code",
                        "timezone",
                        "weight_unit",
                        "base_url",
                        "base_link_url",
                        "base_static_url",
                        "base_media_url",
                        "secure_base_url",
                        "secure_base_link_url",
                        "secure_base_static_url",
                        "secure_base_media_url",
                    ),
                },
            )
        },
    )
    def get(self, request: Request, store_code: str) -> Response:
        codes = store_codes(request.query_params)
        stores = [store for store in STORE_VIEWS if store["id"] != 0 and (codes is None or store["code"] in codes)]
        return Response([store_config(store, request.build_absolute_uri("/")) for store in stores])


def store_codes(params: object) -> list[str] | None:
    """The ``string[] $storeCodes`` parameter (or ``store_codes``, as Magento also reads it): ``storeCodes[]=a``,
    ``storeCodes[0]=a``...; None when absent. A plain ``storeCodes=a`` is a string, refused as Magento's
    TypeProcessor refuses a scalar for an array type."""
    for name in ("storeCodes", "store_codes"):  # Magento takes the camelCase name first
        keys = [key for key in params if key == name or key.startswith(f"{name}[")]  # type: ignore[attr-defined]
        if not keys:
            continue
        if keys == [name]:
            raise InputError(type_mismatch("string", "string[]"))
        return [value for key in keys if key != name for value in params.getlist(key)]  # type: ignore[attr-defined]
    return None


def store_config(store: dict, base_url: str) -> dict:
    """StoreConfigInterface of one store view; its URLs are those of the host the request came to (Magento's
    web/unsecure/base_url and web/secure/base_url, the same on a fresh install)."""
    return {
        "id": store["id"],
        "code": store["code"],
        "website_id": store["website_id"],
        "locale": settings.MAGENTO_LOCALE,
        "base_currency_code": settings.MAGENTO_CURRENCY_CODE,
        "default_display_currency_code": settings.MAGENTO_CURRENCY_CODE,
        "timezone": settings.TIME_ZONE,
        "weight_unit": settings.MAGENTO_WEIGHT_UNIT,
        "base_url": base_url,
        "base_link_url": base_url,
        "base_static_url": f"{base_url}static/",
        "base_media_url": f"{base_url}media/",
        "secure_base_url": base_url,
        "secure_base_link_url": base_url,
        "secure_base_static_url": f"{base_url}static/",
        "secure_base_media_url": f"{base_url}media/",
    }
