"""System > Integrations: Magento's grid, its New/Edit Integration form, Activate / Reauthorize and Delete.

Wording from Magento_Integration (i18n/en_US.csv, Block/Adminhtml/Integration/Edit/Tab/Info.php, Tokens.php,
templates/integration/activate/permissions.phtml and tokens_exchange.phtml, the admin controllers' messages).
Every write goes through integrations.py; the form's password confirmation goes through the admin account's
lock (backoffice.rest.lockout.sign_in), as Magento's User::performIdentityCheck does.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from backoffice.admin_writes import DomainWritesAdmin, describe
from backoffice.exceptions import DomainError
from backoffice.phrases import phrase
from backoffice.rest.acl import declared_resources, resource_tree
from backoffice.rest.lockout import admin_account_rule, is_locked, sign_in
from backoffice.rest.models import IntegrationStatus, UserType
from backoffice.rest.throttle import TooManyRequests

from .integrations import (
    IntegrationData,
    activate_integration,
    create_integration,
    delete_integration,
    send_credentials,
    update_integration,
    uses_token_exchange,
)
from .models import Integration

INVALID_PASSWORD = "The password entered for the current user is invalid. Verify the password and try again."
ACCOUNT_LOCKED = "Your account is temporarily disabled. Please try again later."
SAVED = "The integration '%1' has been saved."
DELETED = "The integration '%1' has been deleted."
ACTIVATED = "The integration '%1' has been activated."
REAUTHORIZED = "The integration '%1' has been re-authorized."
SENT_FOR_ACTIVATION = "Integration '%1' has been sent for activation."
SENT_FOR_REAUTHORIZATION = "Integration '%1' has been sent for re-authorization."
APPROVE = "The integration you selected asks you to approve access to the following:"
SIGN_IN_THIRD_PARTY = "Please setup or sign in into your 3rd party account to complete setup of this integration."
ALL = "all"
CUSTOM = "custom"


class IntegrationForm(forms.ModelForm):
    """Magento's Integration Info tab (General, Current User Identity Verification) and API tab (Resource
    Access: All or Custom, then the resource tree: one group per Magento module)."""

    resource_access = forms.ChoiceField(label="Resource Access", choices=[(ALL, "All"), (CUSTOM, "Custom")])
    resources = forms.MultipleChoiceField(label="Resources", required=False, widget=forms.CheckboxSelectMultiple)
    current_password = forms.CharField(label="Your Password", widget=forms.PasswordInput, strip=False)

    request: HttpRequest  # set by IntegrationAdmin.get_form
    locked = False

    class Meta:
        model = Integration
        fields = ["name", "email", "endpoint", "identity_link_url"]
        labels = {"endpoint": "Callback URL", "identity_link_url": "Identity link URL"}
        help_texts = {
            "endpoint": "Enter URL where Oauth credentials can be sent when using Oauth for token exchange. "
            "We strongly recommend using https://.",
            "identity_link_url": "URL to redirect user to link their 3rd party account with this Magento "
            "integration credentials.",
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resources"].choices = [
            (module, [(resource, resource) for resource in resources])
            for module, resources in resource_tree(declared_resources())
        ]
        if self.instance.pk:
            self.initial["resource_access"] = ALL if self.instance.all_resources else CUSTOM
            self.initial["resources"] = list(self.instance.resources)
        else:
            self.initial.setdefault("resource_access", CUSTOM)

    def validate_unique(self) -> None:
        """The name's uniqueness is the domain function's check, with Magento's message."""

    def clean_current_password(self) -> str:
        password = self.cleaned_data["current_password"]
        user = self.request.user
        try:
            account = sign_in(
                UserType.ADMIN,
                user.get_username(),
                password,
                find=lambda _name: user,
                rules=[admin_account_rule()],
                address=self.request.META.get("REMOTE_ADDR"),
            )
        except TooManyRequests as refusal:
            raise ValidationError(refusal.message) from None
        if account is None:
            self.locked = is_locked(UserType.ADMIN, user.pk, [admin_account_rule()])
            raise ValidationError(ACCOUNT_LOCKED if self.locked else INVALID_PASSWORD)
        return password

    def data_object(self) -> IntegrationData:
        data = self.cleaned_data
        everything = data["resource_access"] == ALL
        return IntegrationData(
            name=data["name"],
            email=data.get("email") or "",
            endpoint=data.get("endpoint") or "",
            identity_link_url=data.get("identity_link_url") or "",
            all_resources=everything,
            resources=[] if everything else list(data["resources"]),
        )


@admin.register(Integration)
class IntegrationAdmin(DomainWritesAdmin):
    form = IntegrationForm
    list_display = ["name", "status", "activate_link"]
    list_display_links = ["name"]
    search_fields = ["name"]
    fieldsets = [
        ("General", {"fields": ["name", "email", "endpoint", "identity_link_url"]}),
        ("API", {"fields": ["resource_access", "resources"]}),
        ("Current User Identity Verification", {"fields": ["current_password"]}),
    ]

    def get_form(
        self, request: HttpRequest, obj: Integration | None = None, change: bool = False, **kwargs: object
    ) -> type[IntegrationForm]:
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    @admin.display(description="Activate")
    def activate_link(self, obj: Integration) -> str:
        caption = "Activate" if obj.status != IntegrationStatus.ACTIVE else "Reauthorize"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:integrations_integration_activate", args=[obj.pk]), caption
        )

    def render_change_form(self, request: HttpRequest, context: dict, *args: object, **kwargs: object) -> HttpResponse:
        form = context["adminform"].form
        if getattr(form, "locked", False):  # Magento signs the admin out when the identity check locked the account
            logout(request)
            messages.error(request, ACCOUNT_LOCKED)
            return HttpResponseRedirect(reverse("admin:login"))
        context["show_save_and_activate"] = True
        return super().render_change_form(request, context, *args, **kwargs)

    def save_model(self, request: HttpRequest, obj: Integration, form: IntegrationForm, change: bool) -> None:
        data = form.data_object()
        saved = update_integration(obj.pk, data) if change else create_integration(data)
        obj.pk, obj.consumer_id, obj.status = saved.pk, saved.consumer_id, saved.status

    def delete_model(self, request: HttpRequest, obj: Integration) -> None:
        delete_integration(obj.pk)

    def delete_queryset(self, request: HttpRequest, queryset: object) -> None:
        """The grid's "Delete selected": each through delete_integration, so the consumers and tokens go too."""
        for pk in list(queryset.values_list("pk", flat=True)):
            delete_integration(pk)

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        return super().changelist_view(request, {"title": "Integrations", **(extra_context or {})})

    def response_add(
        self, request: HttpRequest, obj: Integration, post_url_continue: str | None = None
    ) -> HttpResponse:
        return self._after_save(request, obj)

    def response_change(self, request: HttpRequest, obj: Integration) -> HttpResponse:
        return self._after_save(request, obj)

    def response_delete(self, request: HttpRequest, obj_display: str, obj_id: object) -> HttpResponse:
        messages.success(request, phrase(DELETED, obj_display))
        return HttpResponseRedirect(reverse("admin:integrations_integration_changelist"))

    def _after_save(self, request: HttpRequest, obj: Integration) -> HttpResponse:
        messages.success(request, phrase(SAVED, obj.name))
        if "_activate" in request.POST:  # Magento's "Save & Activate"
            return HttpResponseRedirect(reverse("admin:integrations_integration_activate", args=[obj.pk]))
        return HttpResponseRedirect(reverse("admin:integrations_integration_changelist"))

    def get_urls(self) -> list[URLPattern]:
        activate = self.admin_site.admin_view(self.activate_view)
        return [
            path("<int:object_id>/activate/", activate, name="integrations_integration_activate"),
            *super().get_urls(),
        ]

    def activate_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Activate / Reauthorize: the resources to approve, then (Allow) the tokens, shown this once; or, for an
        integration with an endpoint and an identity link, the credentials posted to the endpoint."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        integration = get_object_or_404(Integration.objects.select_related("consumer"), pk=object_id)
        reauthorize = integration.status != IntegrationStatus.INACTIVE
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": integration,
            "title": "Reauthorize" if reauthorize else "Activate",
            "approve": APPROVE,
            "resources": declared_resources() if integration.all_resources else integration.resources,
            "all_resources": integration.all_resources,
        }
        if request.method != "POST":
            return TemplateResponse(request, "admin/integrations/integration/activate.html", context)
        changelist = reverse("admin:integrations_integration_changelist")
        try:
            if uses_token_exchange(integration):
                send_credentials(integration.pk, store_base_url=request.build_absolute_uri("/"))
            else:
                credentials = activate_integration(integration.pk)
        except DomainError as error:
            messages.error(request, describe(error))
            return HttpResponseRedirect(changelist)
        if uses_token_exchange(integration):
            notice = SENT_FOR_REAUTHORIZATION if reauthorize else SENT_FOR_ACTIVATION
            messages.info(request, phrase(notice, integration.name))
            query = urlencode({"oauth_consumer_key": integration.consumer.key, "success_call_back": changelist})
            context |= {"sign_in_text": SIGN_IN_THIRD_PARTY, "identity_url": f"{integration.identity_link_url}?{query}"}
            return TemplateResponse(request, "admin/integrations/integration/exchange.html", context)
        messages.success(request, phrase(REAUTHORIZED if reauthorize else ACTIVATED, integration.name))
        fields = [
            ("consumer_key", "Consumer Key", credentials.consumer_key),
            ("consumer_secret", "Consumer Secret", credentials.consumer_secret),
            ("token", "Access Token", credentials.access_token),
            ("token_secret", "Access Token Secret", credentials.access_token_secret),
        ]
        response = TemplateResponse(
            request, "admin/integrations/integration/tokens.html", context | {"fields": fields, "done_url": changelist}
        )
        response["Cache-Control"] = "no-store"  # the secrets are shown once and never kept by a cache
        return response
