from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Delivery API"

    def ready(self):
        from api import schema  # noqa: F401  (registers the token scheme with drf-spectacular)
        from api.signal_handlers import register_signal_handlers

        register_signal_handlers()
