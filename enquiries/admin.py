"""Officers read enquiries here; nobody adds or edits them (they are what the visitor sent)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Enquiry


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "created_at",
        "topic",
        "agreement",
        "email",
        "name",
        "acknowledgement_sent",
        "notification_sent",
    ]
    list_filter = ["topic", "agreement", "created_at", "notification_sent"]
    search_fields = ["email", "name", "message"]
    date_hierarchy = "created_at"
    list_select_related = ["agreement"]
    fields = [
        "created_at",
        "email",
        "name",
        "agreement",
        "topic",
        "message",
        "consent_text",
        "acknowledgement_sent",
        "notification_sent",
    ]
    readonly_fields = fields

    @admin.display(description=_("reference"), ordering="pk")
    def reference(self, obj):
        return obj.reference

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
