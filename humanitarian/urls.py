from django.contrib import admin
from django.urls import include, path

from humanitarian.api import URL_PREFIX as API_PREFIX

urlpatterns = [
    path("admin/", admin.site.urls),
    path("determinations/", include("humanitarian.determinations.urls")),
    path("library/", include("humanitarian.library.urls")),
    path(API_PREFIX, include("humanitarian.api.urls")),
    path("", include("humanitarian.questionnaire.urls")),
]
