from django.urls import path

from . import views

app_name = "api"
urlpatterns = [
    path("authorizations", views.authorizations, name="authorizations"),
    path("authorizations/<str:authorization_id>", views.authorization, name="authorization"),
    path("questions", views.questions, name="questions"),
    path("determinations", views.determinations, name="determinations"),
    path("openapi.json", views.openapi, name="openapi"),
]
