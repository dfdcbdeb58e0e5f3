"""Officers see subscription counts and the outbox; addresses only with a permission.

Everything is read-only here: subscribers add, change and delete their own subscriptions through
the links in their e-mails.
"""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .models import AlertChange, Delivery, Subscription

ADDRESS_PERMISSION = "alerts.view_subscriber_address"


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    list_display = ["agreement_name", "kinds_display", "is_confirmed", "created_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter), "agreement"]
    list_select_related = ["agreement"]

    def get_list_display(self, request):
        if request.user.has_perm(ADDRESS_PERMISSION):
            return ["address", *self.list_display]
        return self.list_display

    def get_search_fields(self, request):
        return ["subscriber__email"] if request.user.has_perm(ADDRESS_PERMISSION) else []

    def get_fields(self, request, obj=None):
        fields = ["agreement", *[kind for kind in obj.kinds], "confirmed_at", "created_at"]
        return ["address", *fields] if request.user.has_perm(ADDRESS_PERMISSION) else fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    @admin.display(description=_("e-mail address"))
    def address(self, obj):
        return obj.subscriber.email

    @admin.display(description=_("agreement"), ordering="agreement__partner_country")
    def agreement_name(self, obj):
        return obj.agreement.partner_country if obj.agreement else _("All agreements")

    @admin.display(description=_("tell them when"))
    def kinds_display(self, obj):
        return "; ".join(str(label) for label in obj.kind_labels)

    @admin.display(boolean=True, description=_("confirmed"), ordering="confirmed_at")
    def is_confirmed(self, obj):
        return obj.confirmed_at is not None


@admin.register(AlertChange)
class AlertChangeAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "agreement_title", "kinds", "no_alert", "sent", "waiting"]
    list_filter = ["no_alert"]
    fields = ["agreement_title", "page_path", "kinds", "summary_lines", "no_alert", "created_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _sent=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
                _waiting=Count(
                    "deliveries",
                    filter=Q(
                        deliveries__status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]
                    ),
                ),
            )
        )

    @admin.display(description=_("e-mails sent"), ordering="_sent")
    def sent(self, obj):
        return obj._sent

    @admin.display(description=_("waiting"), ordering="_waiting")
    def waiting(self, obj):
        return obj._waiting
