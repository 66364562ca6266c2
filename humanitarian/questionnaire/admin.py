from django.contrib import admin

from humanitarian.admin import DeclaredLookupsOnly

from .models import Draft


@admin.register(Draft)
class DraftAdmin(DeclaredLookupsOnly, admin.ModelAdmin):
    """Read-only: drafts belong to whoever holds the link; staff only see that they exist."""

    list_display = ("created", "updated", "as_of", "answer_count")
    fields = ("created", "updated", "as_of", "answer_count")
    readonly_fields = fields
    # Found only by the exact link a person reads out to staff; deleted on request or by purge_drafts.
    search_fields = ["=token"]
    search_help_text = "Paste the draft's token: the last part of its link."
    list_filter = ["updated", "as_of"]

    @admin.display(description="Answers")
    def answer_count(self, draft):
        return len(draft.answers)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
