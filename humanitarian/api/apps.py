from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "humanitarian.api"
    label = "api"
