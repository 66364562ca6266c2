from django.apps import AppConfig


class DeterminationsConfig(AppConfig):
    name = "humanitarian.determinations"
    default_auto_field = "django.db.models.BigAutoField"
