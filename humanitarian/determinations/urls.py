from django.urls import path

from . import views

app_name = "determinations"
urlpatterns = [
    path("<str:token>/", views.detail, name="detail"),
]
