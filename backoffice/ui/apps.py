from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "backoffice.ui"
    label = "ui"
    verbose_name = "Admin grid views"
    default_auto_field = "django.db.models.BigAutoField"
