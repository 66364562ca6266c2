from django.urls import path

from . import views

app_name = "determinations"
urlpatterns = [
    path("<str:token>/", views.detail, name="detail"),
    path("<str:token>/pdf/", views.pdf, name="pdf"),
    path("<str:token>/check/", views.check, name="check"),
    path("<str:token>/as-of/", views.as_of, name="as_of"),
]
