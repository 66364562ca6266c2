from django.urls import path

import humanitarian.converters  # noqa: F401  (registers <link:...>)

from . import views

app_name = "questionnaire"
urlpatterns = [
    path("", views.start, name="start"),
    path("d/<link:token>/", views.resume, name="resume"),
    path("d/<link:token>/step/<slug:page>/", views.step, name="step"),
    path("d/<link:token>/review/", views.review, name="review"),
    path("d/<link:token>/delete/", views.delete, name="delete"),
]
