"""django CMS integration: agreement data is versioned content, and the agreement wizard.

Agreement data (``AgreementContent``, grouped by ``Agreement``) is registered with
djangocms-versioning like pages, so it shares their drafts, publish and unpublish buttons,
version list, compare, revert and the one publish permission (``cms.publish_page``, checked
by ``AgreementContent.has_publish_permission``).
"""

from cms.app_base import CMSAppConfig
from django.conf import settings
from djangocms_versioning.datastructures import VersionableItem

from .cms_wizards import agreement_wizard
from .models import AgreementContent
from .versioning import copy_agreement_content


def agreement_preview_url(content):
    """Where staff preview a version: its overview page with the version's data."""
    from django.urls import reverse

    return reverse("agreements:preview", kwargs={"pk": content.pk})


class AgreementsCMSConfig(CMSAppConfig):
    cms_enabled = True
    cms_wizards = [agreement_wizard]
    djangocms_versioning_enabled = getattr(settings, "VERSIONING_AGREEMENTS_ENABLED", True)
    versioning = [
        VersionableItem(
            content_model=AgreementContent,
            grouper_field_name="agreement",
            copy_function=copy_agreement_content,
            preview_url=agreement_preview_url,
            grouper_selector_option_label=lambda obj, language: str(obj),
        )
    ]
