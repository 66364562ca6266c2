from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("determinations/", include("humanitarian.determinations.urls")),
    path("library/", include("humanitarian.library.urls")),
    path("api/", include("humanitarian.api.urls")),
    path("", include("humanitarian.questionnaire.urls")),
]
