from django.apps import AppConfig


class HumanitarianConfig(AppConfig):
    """The project package as an app: rule-file system checks and management commands."""

    name = "humanitarian"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the licenses.* checks)
