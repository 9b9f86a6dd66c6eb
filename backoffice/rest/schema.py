"""The OpenAPI 3 schema (drf-spectacular): Bearer auth, Magento's error body on every operation, one URL form.

Each route is documented once, under /rest/V1/ (the same views also answer under /rest/<store_code>/V1/).
Every operation lists Magento's error answers (400, 401, 404, 500; 413 when it takes a body; 409 and 422 when it
honours an Idempotency-Key), all with the ``MagentoError`` body. Dates are Magento's "YYYY-MM-DD HH:MM:SS".
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiFilterExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from rest_framework.fields import DateTimeField, Field, ReadOnlyField
from rest_framework.generics import GenericAPIView
from rest_framework.serializers import BaseSerializer

from .acl import ANONYMOUS, SELF, acl_of
from .serializers import MagentoModelSerializer

_PARAMETERS = {"anyOf": [{"type": "array", "items": {}}, {"type": "object", "additionalProperties": True}]}
MAGENTO_ERROR_SCHEMA = {
    "type": "object",
    "description": "Magento's error body (Webapi Rest\\Response::_renderMessages); templates keep %1 / %name.",
    "properties": {
        "message": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"message": {"type": "string"}, "parameters": _PARAMETERS},
                "required": ["message", "parameters"],
            },
        },
        "code": {"type": "integer"},
        "parameters": _PARAMETERS,
        "trace": {"type": "string"},
    },
    "required": ["message"],
}
MAGENTO_DATETIME = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"
ERROR_DESCRIPTIONS = {
    "400": "Invalid input or a refused operation",
    "401": "Not authorized for the resource, or (token routes) sign-in incorrect or locked",
    "404": "Unknown entity, or no such route",
    "409": "Idempotency-Key held by another request (retry)",
    "413": "Request body too large",
    "422": "Idempotency-Key already used with a different request",
    "429": "Too many sign-in attempts from this address or for this user name (Magento's Too Many Requests)",
    "500": "Internal error (details only in the server log)",
}


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "backoffice.rest.auth.BearerTokenAuthentication"
    name = "MagentoBearer"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An admin token (POST /V1/integration/admin/token) or a customer token "
            "(POST /V1/integration/customer/token).",
        }


class OAuthSignatureScheme(OpenApiAuthenticationExtension):
    """OpenAPI 3 has no OAuth 1.0a scheme type: the signed Authorization header is described as an API key."""

    target_class = "backoffice.rest.auth.OAuthSignatureAuthentication"
    name = "MagentoOAuth1"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "An integration's OAuth 1.0a signature (System > Integrations, or manage.py "
            'integration_create): \'OAuth oauth_consumer_key="...", oauth_token="...", '
            'oauth_signature_method="HMAC-SHA256", oauth_timestamp="...", oauth_nonce="...", '
            'oauth_version="1.0", oauth_signature="..."\' (RFC 5849; HMAC-SHA1 too unless '
            "MAGENTO_OAUTH_SIGNATURE_METHODS says otherwise). Opens the routes of the integration's resources.",
        }


class SearchCriteriaParameters(OpenApiFilterExtension):
    """The searchCriteria query parameters of a list route (not the FilterSet's own names)."""

    target_class = "backoffice.rest.search_criteria.SearchCriteriaFilterBackend"
    priority = 1  # ahead of drf-spectacular's DjangoFilterBackend extension

    def get_schema_operation_parameters(self, auto_schema: AutoSchema, *args: object, **kwargs: object) -> list:
        group = "searchCriteria[filter_groups][0][filters][0]"
        fields = [
            (
                "searchCriteria[pageSize]",
                "integer",
                "Page size (at most MAGENTO_MAX_PAGE_SIZE, 300); without it MAGENTO_DEFAULT_PAGE_SIZE (20) rows",
            ),
            ("searchCriteria[currentPage]", "integer", "1-based page number"),
            (f"{group}[field]", "string", "A field of the resource's allowlist"),
            (f"{group}[value]", "string", "The value to compare with"),
            (f"{group}[condition_type]", "string", "eq (default), neq, gt, gteq, lt, lteq, like, in, null..."),
            ("searchCriteria[sortOrders][0][field]", "string", "Sort field"),
            ("searchCriteria[sortOrders][0][direction]", "string", "ASC or DESC"),
        ]
        return [
            {"name": name, "in": "query", "required": False, "description": text, "schema": {"type": kind}}
            for name, kind, text in fields
        ]


class MagentoAutoSchema(AutoSchema):
    def _is_anonymous(self) -> bool:
        return acl_of(self.view, self.method)[0] == ANONYMOUS

    def get_auth(self) -> list[dict]:
        auths = super().get_auth()
        if acl_of(self.view, self.method)[0] == SELF:  # a customer's own data: no integration opens it
            auths = [auth for auth in auths if OAuthSignatureScheme.name not in auth]
        return [*auths, {}] if self._is_anonymous() and auths else auths

    def _resolve_path_parameters(self, variables: list[str]) -> list[dict]:
        """A guest cart's masked id is Magento's 32 characters (QuoteIdMask: a unique hash): so declared, the
        fuzzer also has wrong lengths to send (answered 404 like any unknown cart)."""
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            if parameter["name"] == "masked_id":
                parameter["schema"] = {"type": "string", "minLength": 32, "maxLength": 32}
        return parameters

    def _serializer_known(self) -> bool:
        """Generic views declare what they read; every other handler parses its own body with its own
        input serializer, so without an annotation (backoffice/openapi.py) its shapes are free-form."""
        return self.method == "GET" and isinstance(self.view, GenericAPIView)

    def get_request_serializer(self) -> object:
        if self._serializer_known():
            return super().get_request_serializer()
        return OpenApiTypes.OBJECT if self.method in {"POST", "PUT"} else None

    def get_response_serializers(self) -> object:
        if self._serializer_known():
            return super().get_response_serializers()
        return {200: OpenApiTypes.ANY}  # Magento answers 200 with a value, also to DELETE

    def _map_basic_serializer(self, serializer: BaseSerializer, direction: str) -> dict:
        """Magento leaves a null field out of its answer unless the getter is non-nullable
        (``Meta.non_nullable``): only those keys are always present."""
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "response" and isinstance(serializer, MagentoModelSerializer):
            always = set(getattr(serializer.Meta, "non_nullable", ()))
            schema["required"] = [name for name in schema.get("required", []) if name in always]
            if not schema["required"]:
                del schema["required"]
            for name in always & set(schema.get("properties", {})):
                if "$ref" not in schema["properties"][name]:
                    schema["properties"][name]["nullable"] = True
        return schema

    def _map_serializer_field(self, field: Field, direction: str, bypass_extensions: bool = False) -> dict:
        if isinstance(field, ReadOnlyField) and not _reads_the_model(field):
            return {"readOnly": True}  # a constant or computed value: any JSON value
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, DateTimeField) and schema.get("format") == "date-time":
            del schema["format"]  # Magento's dates are "YYYY-MM-DD HH:MM:SS" (UTC), not RFC 3339
            schema["pattern"] = MAGENTO_DATETIME
        return schema

    def get_tags(self) -> list[str]:
        parts = [part for part in self.path.split("/") if part and not part.startswith("{")]
        rest = parts[parts.index("V1") + 1 :] if "V1" in parts else parts
        return rest[:1] or ["schema"]

    def _get_response_bodies(self, direction: str = "response") -> dict:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        codes = ["400", "401", "404", "500"]  # 401 also on anonymous routes: the token routes' wrong credentials
        if self.method in {"POST", "PUT"}:
            codes.append("413")
        if getattr(getattr(self.view, self.method.lower(), None), "idempotent", False):
            codes += ["409", "422"]
        if getattr(self.view, "sign_in", False):
            codes.append("429")
        error = self._error_component()
        for code in sorted(codes):
            responses.setdefault(
                code, {"description": ERROR_DESCRIPTIONS[code], "content": {"application/json": {"schema": error}}}
            )
        return responses

    def _error_component(self) -> dict:
        component = ResolvedComponent(
            name="MagentoError", type=ResolvedComponent.SCHEMA, object="MagentoError", schema=MAGENTO_ERROR_SCHEMA
        )
        self.registry.register_on_missing(component)
        return component.ref


def _reads_the_model(field: Field) -> bool:
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    name = (field.source or "").split(".")[0]
    if model is None:
        return False
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return hasattr(model, name)
    return True


def default_store_routes_only(endpoints: list[tuple], **kwargs: object) -> list[tuple]:
    """Preprocessing hook: keep /rest/V1/...; the /rest/<store_code>/V1/... twins are the same views."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/rest/V1/")]
