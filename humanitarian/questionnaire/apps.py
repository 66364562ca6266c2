from django.apps import AppConfig


class QuestionnaireConfig(AppConfig):
    name = "humanitarian.questionnaire"
    default_auto_field = "django.db.models.BigAutoField"
