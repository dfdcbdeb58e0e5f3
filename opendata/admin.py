from django.contrib import admin

from .models import DocumentEvent


@admin.register(DocumentEvent)
class DocumentEventAdmin(admin.ModelAdmin):
    """Read-only: events are recorded automatically when documents change."""

    list_display = ["occurred_at", "kind", "title", "agreement"]
    list_filter = ["kind", "agreement"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
