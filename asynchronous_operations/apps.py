from django.apps import AppConfig


class AsynchronousOperationsConfig(AppConfig):
    name = "asynchronous_operations"
    verbose_name = "System"  # Magento: System > Action Logs > Bulk Actions
    default_auto_field = "django.db.models.BigAutoField"
