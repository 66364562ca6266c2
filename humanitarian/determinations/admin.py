from django.contrib import admin

from humanitarian.admin import DeclaredLookupsOnly

from .models import Determination


@admin.register(Determination)
class DeterminationAdmin(DeclaredLookupsOnly, admin.ModelAdmin):
    """Read-only: a saved determination is a record someone may have filed with a bank or donor."""

    list_display = ["reference", "organization", "as_of", "created", "catalogue_digest"]
    search_fields = ["reference", "organization"]
    list_filter = ["created", "as_of"]
    date_hierarchy = "created"
    readonly_fields = [f.name for f in Determination._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def view_on_site(self, obj):
        return obj.get_absolute_url()
