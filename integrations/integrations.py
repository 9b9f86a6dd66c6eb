"""Integrations as Magento's IntegrationService and OauthService manage them: create, edit, delete, activate,
reauthorize, and the credentials posted to an integration's endpoint.

Every function owns its transaction and locks the integration row first (locks.py), so an activation racing a
reauthorization or a deletion waits for it.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from backoffice.exceptions import AuthenticationError, InputError, NotFoundError
from backoffice.rest.acl import declared_resources
from backoffice.rest.models import Integration, IntegrationSetupType, IntegrationStatus, OauthConsumer
from backoffice.rest.oauth import (
    Credentials,
    create_access_token,
    create_consumer,
    create_verifier_token,
    revoke_tokens,
)

from .locks import lock_integration

logger = logging.getLogger(__name__)

# Magento's messages (module-integration Model/IntegrationService.php, Model/OauthService.php, Controller/...).
INTEGRATION_EXISTS = 'The integration with name "%1" exists.'
INTEGRATION_NOT_FOUND = 'The integration with ID "%1" doesn\'t exist.'
CONFIG_NOT_EDITABLE = "The integrations created in the config file can't be edited."
POST_FAILED = "The attempt to post data to consumer failed due to an unexpected error. Please try again later."
# Not Magento's (it ignores an unknown resource id silently): a typo would otherwise grant nothing, unseen.
UNKNOWN_RESOURCE = 'The ACL resource "%1" is not declared by any REST route.'


@dataclass(frozen=True)
class IntegrationData:
    """The integration form's fields (Magento's Edit\\Tab\\Info and the API tab's Resource Access)."""

    name: str
    email: str = ""
    endpoint: str = ""
    identity_link_url: str = ""
    all_resources: bool = False
    resources: list[str] = field(default_factory=list)


def check_resources(resources: list[str]) -> list[str]:
    """The resources, each one declared by a route (acl.declared_resources), without duplicates, sorted."""
    declared = set(declared_resources())
    for resource in resources:
        if resource not in declared:
            raise InputError(UNKNOWN_RESOURCE, parameters=[resource])
    return sorted(set(resources))


def create_integration(data: IntegrationData) -> Integration:
    """IntegrationService::create: a unique name, then the integration and its consumer (key and secret)."""
    resources = [] if data.all_resources else check_resources(data.resources)
    with transaction.atomic():
        if Integration.objects.filter(name=data.name).exists():
            raise InputError(INTEGRATION_EXISTS, parameters=[data.name])
        integration = Integration.objects.create(
            name=data.name,
            email=data.email,
            endpoint=data.endpoint,
            identity_link_url=data.identity_link_url,
            all_resources=data.all_resources,
            resources=resources,
            setup_type=IntegrationSetupType.MANUAL,
        )
        integration.consumer = create_consumer(f"Integration{integration.pk}")
        integration.save(update_fields=["consumer"])
    return integration


def update_integration(integration_id: int, data: IntegrationData) -> Integration:
    """IntegrationService::update. The new resources apply from the integration's next request on."""
    resources = [] if data.all_resources else check_resources(data.resources)
    with transaction.atomic():
        integration = _locked(integration_id)
        if integration.setup_type == IntegrationSetupType.CONFIG:
            raise InputError(CONFIG_NOT_EDITABLE)
        if data.name != integration.name and Integration.objects.filter(name=data.name).exists():
            raise InputError(INTEGRATION_EXISTS, parameters=[data.name])
        integration.name, integration.email = data.name, data.email
        integration.endpoint, integration.identity_link_url = data.endpoint, data.identity_link_url
        integration.all_resources, integration.resources = data.all_resources, resources
        integration.save()
    return integration


def delete_integration(integration_id: int) -> None:
    """Integration\\Delete: the integration and its consumer, and with it every token and nonce."""
    with transaction.atomic():
        integration = _locked(integration_id)
        consumer_id = integration.consumer_id
        integration.delete()
        OauthConsumer.objects.filter(pk=consumer_id).delete()


def activate_integration(integration_id: int) -> Credentials:
    """TokensDialog (an integration without endpoint): new access token, the integration active.

    Activating again is Magento's Reauthorize: the tokens issued before are revoked, so a client still using
    them is refused from its next request ("Access token has been revoked").
    """
    with transaction.atomic():
        integration = _locked(integration_id)
        consumer = integration.consumer or create_consumer(f"Integration{integration.pk}")
        if integration.consumer_id is None:
            integration.consumer = consumer
        revoke_tokens(consumer)
        token, secret = create_access_token(consumer)
        integration.status = IntegrationStatus.ACTIVE
        integration.save()
    return Credentials(consumer.key, consumer.secret, token, secret)


def uses_token_exchange(integration: Integration) -> bool:
    """Magento's grid: an integration with an endpoint and an identity link URL is activated by the handshake."""
    return bool(integration.endpoint and integration.identity_link_url)


def send_credentials(integration_id: int, *, store_base_url: str) -> None:
    """TokensExchange + OauthService::postToConsumer: revoke the current tokens (the integration is inactive until
    the handshake completes), issue a verifier, and once committed POST the consumer key and secret, the store's
    base URL and the verifier to the endpoint (form-encoded, ``MAGENTO_OAUTH_POST_TIMEOUT_SECONDS``, no redirect).

    A failing endpoint (no answer, a timeout, or an answer that is no 2xx: Magento only notices the first two)
    raises Magento's "The attempt to post data to consumer failed ..." and the integration stays inactive.
    """
    with transaction.atomic():
        integration = _locked(integration_id)
        consumer = integration.consumer
        revoke_tokens(consumer)
        integration.status = IntegrationStatus.INACTIVE
        integration.save(update_fields=["status", "updated_at"])
        consumer.updated_at = timezone.now()  # the handshake must start within oauth/consumer/expiration_period
        consumer.save(update_fields=["updated_at"])
        verifier = create_verifier_token(consumer)
        form = {
            "oauth_consumer_key": consumer.key,
            "oauth_consumer_secret": consumer.secret,
            "store_base_url": store_base_url,
            "oauth_verifier": verifier,
        }
        transaction.on_commit(lambda: post_to_endpoint(integration.endpoint, form))


def post_to_endpoint(url: str, form: dict[str, str]) -> None:
    request = urllib.request.Request(url, data=urllib.parse.urlencode(form).encode(), method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=settings.MAGENTO_OAUTH_POST_TIMEOUT_SECONDS) as response:
            if not 200 <= response.status < 300:
                raise urllib.error.HTTPError(url, response.status, "not 2xx", response.headers, None)
    except (OSError, ValueError) as error:  # URLError, HTTPError, timeouts, a malformed URL
        logger.warning("Posting the OAuth credentials to %s failed: %s", url, error)
        raise AuthenticationError(POST_FAILED) from error


def complete_token_exchange(consumer_id: int) -> None:
    """Token\\Access: after the access token is sent, the integration is active."""
    with transaction.atomic():
        integration = Integration.objects.filter(consumer_id=consumer_id).first()
        if integration is not None:
            integration = _locked(integration.pk)
            integration.status = IntegrationStatus.ACTIVE
            integration.save(update_fields=["status", "updated_at"])


def _locked(integration_id: int) -> Integration:
    integration = lock_integration(integration_id)
    if integration is None:
        raise NotFoundError(INTEGRATION_NOT_FOUND, parameters=[str(integration_id)])
    return integration


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """oauth/consumer/post_maxredirects is 0: a redirect is the endpoint's answer, not followed."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None
