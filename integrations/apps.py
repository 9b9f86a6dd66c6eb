from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    """Magento_Integration: System > Integrations, integration_create and the OAuth token handshake.

    Its models (integration, oauth_consumer, oauth_token, oauth_nonce) live in backoffice.rest, which verifies
    every signed request with them; this app creates, activates, reauthorizes and deletes integrations.
    Imports backoffice only.
    """

    name = "integrations"
    verbose_name = "Integrations"
    default_auto_field = "django.db.models.BigAutoField"
