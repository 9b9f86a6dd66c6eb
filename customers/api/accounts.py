"""Account management routes of Magento_Customer's webapi.xml (AccountManagementInterface): passwords and their
reset, confirmation, isEmailAvailable, validate, isReadonly. Reading and saving accounts is in customers.py."""

from __future__ import annotations

from django.urls import URLPattern, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.rest.routes import ANONYMOUS_ACL, SELF_ACL, RouteView, parse
from backoffice.rest.serializers import MagentoInputSerializer

from ..accounts import (
    activate_by_email,
    activate_customer,
    confirmation_status,
    is_email_available,
    is_readonly,
    resend_confirmation,
    validate_customer,
)
from ..passwords import change_password, initiate_password_reset, reset_password, validate_reset_token
from .customers import (
    CUSTOMER_ACL,
    MANAGE_ACL,
    CustomerInputSerializer,
    CustomerSerializer,
    customer_data,
    token_customer,
)

INTERFACE = "Magento\\Customer\\Api\\AccountManagementInterface"
VALIDATION_RESULTS = inline_serializer(  # Magento\Customer\Api\Data\ValidationResultsInterface
    "ValidationResults",
    {"valid": serializers.BooleanField(), "messages": serializers.ListField(child=serializers.CharField())},
)


def _string(*, required: bool = True) -> serializers.CharField:
    """A ``string`` parameter: kept as sent (no trimming), "" allowed (the service method decides)."""
    return serializers.CharField(
        required=required,
        allow_blank=True,
        trim_whitespace=False,
        **({} if required else {"allow_null": True, "default": None}),
    )


class ChangePasswordInput(MagentoInputSerializer):
    interface = INTERFACE
    current_password = _string()
    new_password = _string()


class InitiatePasswordResetInput(MagentoInputSerializer):
    interface = INTERFACE
    email = _string()
    template = _string()
    website_id = serializers.IntegerField(required=False, allow_null=True, default=None)


class ResetPasswordInput(MagentoInputSerializer):
    interface = INTERFACE
    email = _string()
    reset_token = _string()
    new_password = _string()


class ActivateInput(MagentoInputSerializer):
    interface = INTERFACE
    confirmation_key = _string()


class ResendConfirmationInput(MagentoInputSerializer):
    interface = INTERFACE
    email = _string()
    website_id = serializers.IntegerField(allow_null=True)
    redirect_url = _string(required=False)


class IsEmailAvailableInput(MagentoInputSerializer):
    interface = INTERFACE
    customer_email = _string()
    website_id = serializers.IntegerField(required=False, allow_null=True, default=None)


class ValidateInput(MagentoInputSerializer):
    interface = INTERFACE
    customer = CustomerInputSerializer()



class MyPasswordView(RouteView):
    """PUT /V1/customers/me/password {"currentPassword", "newPassword"} (changePasswordById): true."""

    acl_by_method = {"PUT": SELF_ACL}

    @extend_schema(request=ChangePasswordInput, responses={200: OpenApiTypes.BOOL})
    def put(self, request: Request, store_code: str) -> Response:
        customer = token_customer(request)
        data = parse(ChangePasswordInput, request.data)
        change_password(
            customer.pk,
            data["current_password"],
            data["new_password"],
            keep_token=request.auth.pk,
            address=request.META.get("REMOTE_ADDR"),
        )
        return Response(True)


class PasswordResetView(RouteView):
    """PUT /V1/customers/password {"email", "template", "websiteId"} (initiatePasswordReset): true."""

    acl_by_method = {"PUT": ANONYMOUS_ACL}

    @extend_schema(request=InitiatePasswordResetInput, responses={200: OpenApiTypes.BOOL})
    def put(self, request: Request, store_code: str) -> Response:
        data = parse(InitiatePasswordResetInput, request.data)
        return Response(initiate_password_reset(data["email"], data["template"], data["website_id"]))


class ResetLinkTokenView(RouteView):
    """GET /V1/customers/{customerId}/password/resetLinkToken/{resetPasswordLinkToken}: true, or why not."""

    acl_by_method = {"GET": ANONYMOUS_ACL}

    @extend_schema(request=None, responses={200: OpenApiTypes.BOOL})
    def get(self, request: Request, store_code: str, customer_id: int, token: str) -> Response:
        return Response(validate_reset_token(customer_id, token))


class ResetPasswordView(RouteView):
    """POST /V1/customers/resetPassword {"email", "resetToken", "newPassword"}: true."""

    acl_by_method = {"POST": ANONYMOUS_ACL}

    @extend_schema(request=ResetPasswordInput, responses={200: OpenApiTypes.BOOL})
    def post(self, request: Request, store_code: str) -> Response:
        data = parse(ResetPasswordInput, request.data)
        return Response(reset_password(data["email"], data["reset_token"], data["new_password"]))


class ActivateView(RouteView):
    """PUT /V1/customers/{email}/activate {"confirmationKey"} (activate): the customer."""

    acl_by_method = {"PUT": (MANAGE_ACL, "customers.change_customer")}

    @extend_schema(request=ActivateInput, responses={200: CustomerSerializer})
    def put(self, request: Request, store_code: str, email: str) -> Response:
        data = parse(ActivateInput, request.data)
        return Response(CustomerSerializer(activate_by_email(email, data["confirmation_key"])).data)


class MyActivateView(RouteView):
    """PUT /V1/customers/me/activate {"confirmationKey"} (activateById of the token's customer): the customer."""

    acl_by_method = {"PUT": SELF_ACL}

    @extend_schema(request=ActivateInput, responses={200: CustomerSerializer})
    def put(self, request: Request, store_code: str) -> Response:
        customer = token_customer(request)
        data = parse(ActivateInput, request.data)
        activated = activate_customer(customer.pk, data["confirmation_key"])
        return Response(CustomerSerializer(activated, context={"self": True}).data)


class ConfirmationStatusView(RouteView):
    """GET /V1/customers/{customerId}/confirm (getConfirmationStatus): one of the three status strings."""

    acl_by_method = {"GET": (MANAGE_ACL, "customers.view_customer")}

    @extend_schema(request=None, responses={200: OpenApiTypes.STR})
    def get(self, request: Request, store_code: str, customer_id: int) -> Response:
        return Response(confirmation_status(customer_id))


class ResendConfirmationView(RouteView):
    """POST /V1/customers/confirm {"email", "websiteId", "redirectUrl"} (resendConfirmation): true."""

    acl_by_method = {"POST": (MANAGE_ACL, "customers.change_customer")}

    @extend_schema(request=ResendConfirmationInput, responses={200: OpenApiTypes.BOOL})
    def post(self, request: Request, store_code: str) -> Response:
        data = parse(ResendConfirmationInput, request.data)
        return Response(resend_confirmation(data["email"], data["website_id"], data["redirect_url"] or ""))


class IsEmailAvailableView(RouteView):
    """POST /V1/customers/isEmailAvailable {"customerEmail", "websiteId"}: a bool."""

    acl_by_method = {"POST": ANONYMOUS_ACL}

    @extend_schema(request=IsEmailAvailableInput, responses={200: OpenApiTypes.BOOL})
    def post(self, request: Request, store_code: str) -> Response:
        data = parse(IsEmailAvailableInput, request.data)
        return Response(is_email_available(data["customer_email"], data["website_id"]))


class ValidateView(RouteView):
    """PUT /V1/customers/validate {"customer"}: ValidationResultsInterface {"valid", "messages"}."""

    acl_by_method = {"PUT": (MANAGE_ACL, "customers.view_customer")}

    @extend_schema(request=ValidateInput, responses={200: VALIDATION_RESULTS})
    def put(self, request: Request, store_code: str) -> Response:
        data = parse(ValidateInput, request.data)
        messages = validate_customer(customer_data(data["customer"]))
        return Response({"valid": not messages, "messages": messages})


class ReadonlyView(RouteView):
    """GET /V1/customers/{customerId}/permissions/readonly (isReadonly): a bool."""

    acl_by_method = {"GET": (CUSTOMER_ACL, "customers.view_customer")}

    @extend_schema(request=None, responses={200: OpenApiTypes.BOOL})
    def get(self, request: Request, store_code: str, customer_id: int) -> Response:
        return Response(is_readonly(customer_id))


# Literal segments before the <email> one: /V1/customers/me/activate is not the activation of an email "me".
urlpatterns: list[URLPattern] = [
    path("customers/me/password", MyPasswordView.as_view()),
    path("customers/me/activate", MyActivateView.as_view()),
    path("customers/password", PasswordResetView.as_view()),
    path("customers/resetPassword", ResetPasswordView.as_view()),
    path("customers/confirm", ResendConfirmationView.as_view()),
    path("customers/isEmailAvailable", IsEmailAvailableView.as_view()),
    path("customers/validate", ValidateView.as_view()),
    path("customers/<id:customer_id>/password/resetLinkToken/<str:token>", ResetLinkTokenView.as_view()),
    path("customers/<id:customer_id>/confirm", ConfirmationStatusView.as_view()),
    path("customers/<id:customer_id>/permissions/readonly", ReadonlyView.as_view()),
    path("customers/<str:email>/activate", ActivateView.as_view()),
]
