from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Topic pages"

    def ready(self):
        from pages import compare
        from pages.signal_handlers import register_signal_handlers

        register_signal_handlers()
        compare.register()
