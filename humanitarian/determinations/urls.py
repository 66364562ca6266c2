from django.urls import path

import humanitarian.converters  # noqa: F401  (registers <link:...>)

from . import views

app_name = "determinations"
urlpatterns = [
    path("<link:token>/", views.detail, name="detail"),
    path("<link:token>/pdf/", views.pdf, name="pdf"),
    path("<link:token>/check/", views.check, name="check"),
    path("<link:token>/as-of/", views.as_of, name="as_of"),
]
