from django.apps import AppConfig


class CheckoutConfig(AppConfig):
    name = "checkout"
    verbose_name = "Checkout"
    default_auto_field = "django.db.models.BigAutoField"
