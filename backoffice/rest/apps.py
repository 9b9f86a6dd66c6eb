from django.apps import AppConfig


class RestConfig(AppConfig):
    """Magento Web API plumbing: tokens, errors, searchCriteria. Imports no domain app."""

    name = "backoffice.rest"
    label = "webapi"
    verbose_name = "Web API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.urls import register_converter

        from backoffice import checks  # noqa: F401 (registers the project's system checks)
        from backoffice.admin_session import mark_signed_in

        from .converters import EntityIdConverter

        register_converter(EntityIdConverter, "id")
        user_logged_in.connect(mark_signed_in, dispatch_uid="backoffice.admin_session")  # the project's one ready()
