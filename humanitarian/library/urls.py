from django.urls import path

from . import views

app_name = "library"
urlpatterns = [
    path("", views.index, name="index"),
    path("compare/", views.compare, name="compare"),
    path("compare/pdf/", views.compare_pdf, name="compare_pdf"),
    path("<str:authorization_id>/", views.detail, name="detail"),
]
