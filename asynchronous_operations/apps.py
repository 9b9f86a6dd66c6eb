from django.apps import AppConfig


class AsynchronousOperationsConfig(AppConfig):
    name = "asynchronous_operations"
    verbose_name = "Bulk Actions"
    default_auto_field = "django.db.models.BigAutoField"
