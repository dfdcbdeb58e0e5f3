"""Toolbar: editors see where they stand; publishers see what waits for them; Help has our guide.

djangocms-versioning's toolbar adds a Publish button for everyone in edit mode; for a user who
may not publish, clicking it only fails afterwards ("You do not have publish permissions"). For
such users this toolbar replaces that button, through the toolbar's public item API
(``find_items``/``remove_item``/``add_item``), with a greyed-out control that says why and
offers "Mark ready for review". The publish view's own check stays the real safeguard.

Everything is keyed on the toolbar object's ``Version``, so it works for any content registered
with djangocms-versioning, not only pages.
"""

from cms.cms_toolbars import HELP_MENU_IDENTIFIER
from cms.toolbar.items import ButtonList, TemplateItem
from cms.toolbar_base import CMSToolbar
from cms.toolbar_pool import toolbar_pool
from django.urls import reverse
from djangocms_versioning import versionables
from djangocms_versioning.constants import DRAFT
from djangocms_versioning.helpers import get_version_for_content
from djangocms_versioning.models import Version

from . import rules, selectors, versions
from .admin import mark_ready_url

PUBLISH_BUTTON_CLASS = "cms-versioning-js-publish-btn"
REVIEW_MENU_IDENTIFIER = "editorial-review"
REVIEW_MENU_ENTRIES = 5


def _user_name(user):
    return (user.get_full_name() or user.get_username()) if user else "an editor"


@toolbar_pool.register
class EditorialToolbar(CMSToolbar):
    class Media:
        css = {"all": ["editorial/toolbar.css"]}

    def populate(self):
        if not self.request.user.is_staff:
            return
        self.add_guide_to_help_menu()
        if rules.may_see_review_list(self.request.user):
            self.add_review_menu()

    def post_template_populate(self):
        version = self.toolbar_version()
        if version is None:
            return
        user = self.request.user
        review_request = selectors.review_request_for(version)
        if not rules.may_publish(user, version):
            self.replace_publish_button(version, review_request)
        elif review_request is not None:
            self.add_review_status(review_request)

    def toolbar_version(self):
        content = self.toolbar.get_object()
        if content is None or not versionables.exists_for_content(content.__class__):
            return None
        if not (self.toolbar.edit_mode_active or self.toolbar.preview_mode_active):
            return None
        try:
            version = get_version_for_content(content)
        except Version.DoesNotExist:
            return None
        return version if version is not None and version.state == DRAFT else None

    def add_guide_to_help_menu(self):
        help_menu = self.toolbar.get_menu(HELP_MENU_IDENTIFIER)
        if help_menu is None:
            return
        help_menu.add_link_item(
            "Editors' guide for this site", url=reverse("admin:editors_guide"), position=0
        )
        help_menu.add_break("editorial-guide-break", position=1)

    def add_review_menu(self):
        waiting = list(selectors.drafts_waiting_for_review()[: REVIEW_MENU_ENTRIES + 1])
        count = selectors.waiting_count() if len(waiting) > REVIEW_MENU_ENTRIES else len(waiting)
        menu = self.toolbar.get_or_create_menu(REVIEW_MENU_IDENTIFIER, f"Review ({count})")
        menu.add_link_item(
            f"Drafts waiting for review ({count})",
            url=reverse("admin:editorial_reviewrequest_changelist"),
        )
        if waiting:
            menu.add_break("editorial-review-break")
        for review_request in waiting[:REVIEW_MENU_ENTRIES]:
            version = review_request.version
            menu.add_link_item(
                f"{versions.kind_label(version)}: {versions.content_label(version)} "
                f"({_user_name(review_request.requested_by)})",
                url=versions.preview_url(version),
            )

    def publish_button_list(self):
        for result in self.toolbar.find_items(ButtonList):
            if any(PUBLISH_BUTTON_CLASS in button.extra_classes for button in result.item.buttons):
                return result
        return None

    def replace_publish_button(self, version, review_request):
        """Swap versioning's Publish button for a greyed-out one that says why, plus the
        review request button (or the request's status). Outside edit mode, where versioning
        shows no Publish button, the review controls are added on their own."""
        found = self.publish_button_list()
        if found is not None:
            self.toolbar.remove_item(found.item)
        refusal = rules.review_request_refusal(self.request.user, version)
        item = TemplateItem(
            "editorial/toolbar/publish_not_allowed.html",
            extra_context={
                "show_publish": found is not None,
                "reason": rules.PUBLISH_REFUSAL,
                "review_request": review_request,
                "requested_by": _user_name(review_request.requested_by) if review_request else "",
                "mark_ready_url": (
                    None if refusal else mark_ready_url(version, back=self.request.get_full_path())
                ),
            },
            side=self.toolbar.RIGHT,
        )
        self.toolbar.add_item(item, position=found.index if found is not None else None)

    def add_review_status(self, review_request):
        """For publishers: who marked this draft ready, when, and their note."""
        self.toolbar.add_item(
            TemplateItem(
                "editorial/toolbar/review_status.html",
                extra_context={
                    "review_request": review_request,
                    "requested_by": _user_name(review_request.requested_by),
                },
                side=self.toolbar.RIGHT,
            )
        )
