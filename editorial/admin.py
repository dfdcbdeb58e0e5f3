"""The admin side of the review workflow.

- "Drafts waiting for review": the publishers' list, with preview and publish for each draft.
- "Mark ready for review": the page an editor reaches from the toolbar or the version list.
- Every djangocms-versioning version list gains a "Mark ready for review" button, and its
  greyed-out Publish button says why it is greyed out.
"""

from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from djangocms_versioning.models import Version

from . import rules, selectors, services, versions
from .forms import ReviewRequestForm
from .models import ReviewRequest


def mark_ready_url(version, back=""):
    url = reverse("admin:editorial_reviewrequest_mark_ready", args=[version.pk])
    if back:
        url += "?" + urlencode({"back": back})
    return url


@admin.register(ReviewRequest)
class ReviewRequestAdmin(admin.ModelAdmin):
    """Publishers' list of drafts waiting for them. Requests are made and cleared by the
    workflow (mark ready, publish, archive, discard), never edited here."""

    list_display = ("draft", "kind", "requested_by_name", "requested_at", "note")
    list_display_links = None

    def get_queryset(self, request):
        return selectors.drafts_waiting_for_review()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return rules.may_see_review_list(request.user)

    def has_module_permission(self, request):
        return rules.may_see_review_list(request.user)

    def get_actions(self, request):
        return {}

    @admin.display(description="Draft")
    def draft(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            versions.preview_url(obj.version),
            versions.content_label(obj.version),
        )

    @admin.display(description="Kind")
    def kind(self, obj):
        return versions.kind_label(obj.version)

    @admin.display(description="Marked ready by", ordering="requested_by__username")
    def requested_by_name(self, obj):
        user = obj.requested_by
        return (user.get_full_name() or user.get_username()) if user else "—"

    def changelist_view(self, request, extra_context=None):
        context = {"title": "Drafts waiting for review", **(extra_context or {})}
        return super().changelist_view(request, context)

    def get_list_display(self, request):
        return (*self.list_display, self.review_links(request))

    def review_links(self, request):
        """The last column: preview, versions and (for publishers) a Publish button.

        A closure, like django CMS's own list actions, because the Publish button depends on
        the user's publish permission.
        """
        back = request.get_full_path()

        def review(obj):
            version = obj.version
            links = format_html(
                '<a href="{}">Preview</a> · <a href="{}">Versions</a>',
                versions.preview_url(version),
                versions.versions_url(version),
            )
            if not rules.may_publish(request.user, version):
                return links
            # The changelist is itself a POST form with the CSRF token; the button posts it
            # to versioning's publish view instead (a nested form would be ignored).
            return format_html(
                '{} <button type="submit" class="button editorial-publish" formaction="{}?{}">'
                "Publish</button>",
                links,
                versions.publish_url(version),
                urlencode({"next": back}),
            )

        review.short_description = "Review"
        return review

    def get_urls(self):
        return [
            path(
                "mark-ready/<int:version_id>/",
                self.admin_site.admin_view(self.mark_ready_view),
                name="editorial_reviewrequest_mark_ready",
            ),
            *super().get_urls(),
        ]

    def mark_ready_view(self, request, version_id):
        """Mark a draft version ready for review, with an optional note for the publisher."""
        version = get_object_or_404(Version.objects.select_related("content_type"), pk=version_id)
        if version.content is None:
            raise Http404
        refusal = rules.review_request_refusal(request.user, version)
        if refusal:
            raise PermissionDenied(refusal)
        back = request.POST.get("back") or request.GET.get("back") or ""
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = ""
        existing = selectors.review_request_for(version)
        form = ReviewRequestForm(request.POST or None, instance=None)
        if existing and request.method != "POST":
            form = ReviewRequestForm(initial={"note": existing.note})
        if request.method == "POST" and form.is_valid():
            services.review_request_create(
                version=version,
                user=request.user,
                note=form.cleaned_data["note"],
                site_url=f"{request.scheme}://{request.get_host()}",
            )
            self.message_user(
                request,
                f"“{versions.content_label(version)}” is marked ready for review. "
                "The publishers can see it in their list of drafts waiting for review.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(back or versions.preview_url(version))
        context = {
            **self.admin_site.each_context(request),
            "title": "Mark ready for review",
            "opts": self.model._meta,
            "version": version,
            "draft_label": versions.content_label(version),
            "kind": versions.kind_label(version),
            "preview_url": versions.preview_url(version),
            "existing": existing,
            "form": form,
            "back": back,
        }
        return TemplateResponse(request, "admin/editorial/reviewrequest/mark_ready.html", context)


class ReviewVersionAdminMixin:
    """Added to each djangocms-versioning version admin: a "Mark ready for review" button on
    drafts the user may not publish, and the reason on a greyed-out Publish button."""

    def get_actions_list(self):
        return [*super().get_actions_list(), self.get_mark_ready_link]

    def get_mark_ready_link(self, obj, request, disabled=False):
        if rules.review_request_refusal(request.user, obj) or rules.may_publish(request.user, obj):
            return ""
        return self.admin_action_button(
            mark_ready_url(obj, back=request.get_full_path()),
            icon="check-circle",
            title="Mark ready for review",
            name="mark-ready-for-review",
            keepsideframe=False,
        )

    def _get_publish_link(self, obj, request):
        # Overrides djangocms-versioning's (private) publish button builder, which greys the
        # button out without a word, only to give the reason; the publish view still decides.
        if rules.may_publish(request.user, obj) or not obj.can_be_published():
            return super()._get_publish_link(obj, request)
        return self.admin_action_button(
            "", icon="publish", title=rules.PUBLISH_REFUSAL, name="publish", disabled=True
        )


def extend_version_admins(site=None):
    """Give every registered version admin the review button (see ReviewVersionAdminMixin)."""
    site = site or admin.site
    extension = apps.get_app_config("djangocms_versioning").cms_extension
    for versionable in extension.versionables:
        proxy = versionable.version_model_proxy
        if not site.is_registered(proxy):
            continue
        current = type(site.get_model_admin(proxy))
        if issubclass(current, ReviewVersionAdminMixin):
            continue
        extended = type(f"Review{current.__name__}", (ReviewVersionAdminMixin, current), {})
        site.unregister(proxy)
        site.register(proxy, extended)
