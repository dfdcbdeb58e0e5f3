"""Toolbar: editors see the Publish button greyed out instead of a button that only fails.

djangocms-versioning adds its Publish button for everyone in edit mode and refuses the publish
afterwards ("You do not have publish permissions"). The refusal stays the real safeguard; this
only spares editors a button they cannot use.
"""

from cms.toolbar.items import ButtonList
from cms.toolbar_base import CMSToolbar
from cms.toolbar_pool import toolbar_pool

PUBLISH_BUTTON_CLASS = "cms-versioning-js-publish-btn"


@toolbar_pool.register
class PublishPermissionToolbar(CMSToolbar):
    def post_template_populate(self):
        content = self.toolbar.get_object()
        if content is None or not self.toolbar.edit_mode_active:
            return
        from djangocms_versioning.models import Version

        try:
            version = Version.objects.get_for_content(content)
        except (KeyError, Version.DoesNotExist):
            return  # not versioned content
        if version.has_publish_permission(self.request.user):
            return
        for item in self.toolbar.right_items + self.toolbar.last_right_items:
            if not isinstance(item, ButtonList):
                continue
            for button in item.buttons:
                if PUBLISH_BUTTON_CLASS in button.extra_classes:
                    button.disabled = True
                    button.url = ""
                    button.extra_classes = ["cms-btn-action", "carbonsite-publish-not-allowed"]
