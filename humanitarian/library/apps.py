from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "humanitarian.library"
    default_auto_field = "django.db.models.BigAutoField"
