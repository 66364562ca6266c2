from django.urls import path

from . import views

app_name = "questionnaire"
urlpatterns = [
    path("", views.start, name="start"),
    path("d/<str:token>/", views.resume, name="resume"),
    path("d/<str:token>/step/<str:section>/", views.step, name="step"),
    path("d/<str:token>/step/<str:section>/asked/", views.asked, name="asked"),
    path("d/<str:token>/review/", views.review, name="review"),
    path("d/<str:token>/delete/", views.delete, name="delete"),
]
