from django.apps import AppConfig


class RestConfig(AppConfig):
    """Magento Web API plumbing: tokens, errors, searchCriteria. Imports no domain app."""

    name = "backoffice.rest"
    label = "webapi"
    verbose_name = "Web API"
    default_auto_field = "django.db.models.BigAutoField"
