from django.apps import AppConfig


class RestConfig(AppConfig):
    """Magento Web API plumbing: tokens, errors, searchCriteria. Imports no domain app."""

    name = "backoffice.rest"
    label = "webapi"
    verbose_name = "Web API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.urls import register_converter

        from backoffice import checks  # noqa: F401 (registers the project's system checks)

        from .converters import EntityIdConverter

        register_converter(EntityIdConverter, "id")
