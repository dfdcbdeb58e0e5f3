"""The editorial roles as groups, with exactly the permissions each needs.

Editors write drafts, upload files, keep agreement data current and mark drafts ready for
review; Publishers can also publish and unpublish, and see the drafts waiting for review.
Superusers are for IT only.

Who may publish is decided by djangocms-versioning's ``Version.check_publish`` (and
``check_unpublish``): it asks the content object. For pages that is
``PageContent.has_publish_permission`` -> ``Page.has_publish_permission`` ->
``cms.utils.page_permissions.user_can_publish_page``, which requires the Django permission
``cms.publish_page``. So the one permission that separates a publisher from an editor is
``cms.publish_page``. Agreement data (``AgreementContent``) asks the same permission
(``AgreementContent.has_publish_permission``), and so does the one-action
``agreements.services.publish_agreement``. Alias content (shared blocks: the footer links, the
commitments text) has no publish check of its own, so ``editorial.shared_blocks`` adds the same
rule to versioning's publish and unpublish conditions: editors change drafts of shared blocks,
publishers publish them.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

EDITORS = "Editors"
PUBLISHERS = "Publishers"
# Officers who answer the contact page's enquiries: they read them (personal data), nothing else.
ENQUIRY_OFFICERS = "Enquiry officers"
ENQUIRY_OFFICER_PERMISSIONS = [("enquiries", "view_enquiry")]

# (app_label, model) pairs an editor may add, change and view.
EDITOR_MODELS = [
    ("cms", "page"),
    ("cms", "cmsplugin"),
    ("djangocms_text", "text"),
    ("djangocms_versioning", "version"),
    ("djangocms_versioning", "pagecontentversion"),
    ("filer", "file"),
    ("filer", "folder"),
    ("filer", "image"),
    ("filer", "clipboard"),
    ("filer", "clipboarditem"),
    ("agreements", "agreement"),
    ("agreements", "agreementcontent"),
    ("djangocms_versioning", "agreementcontentversion"),
    ("agreements", "agreementdocument"),
    ("agreements", "jointcommitteecochair"),
    ("agreements", "applicationstage"),
    ("agreements", "stagerequirement"),
    ("agreements", "milestone"),
    ("registry", "eligibilitylist"),
    ("registry", "eligibleprogramme"),
    ("registry", "eligiblemethodology"),
    ("registry", "authorisedproject"),
    ("redirects", "redirect"),
    # Shared blocks (editorial.shared_blocks): drafts only; publishing needs cms.publish_page.
    ("djangocms_alias", "alias"),
    ("djangocms_alias", "aliascontent"),
    ("djangocms_versioning", "aliascontentversion"),
]
# Rows an editor may remove: plugins in a draft and the parts of a draft of agreement data (the
# published version keeps them until a publisher publishes the draft; a revert brings them
# back). Whole agreements and pages are not deleted by editors.
EDITOR_DELETE = [
    ("cms", "cmsplugin"),
    ("djangocms_text", "text"),
    ("filer", "clipboarditem"),
    ("agreements", "agreementdocument"),
    ("agreements", "jointcommitteecochair"),
    ("agreements", "applicationstage"),
    ("agreements", "stagerequirement"),
    ("agreements", "milestone"),
    ("redirects", "redirect"),
]
EDITOR_EXTRA = [
    ("cms", "use_structure"),
    ("registry", "view_creditingprogramme"),
    ("filer", "can_use_directory_listing"),
    ("djangocms_alias", "view_category"),
    # Mark a draft ready for review (editorial.rules).
    ("editorial", "add_reviewrequest"),
]
# Crediting programmes are reference data shown on public pages as saved, so only publishers
# change them; shared-block categories only sort blocks in the admin.
PUBLISHER_MODELS = [
    ("registry", "creditingprogramme"),
    ("djangocms_alias", "category"),
]
PUBLISHER_EXTRA = [
    ("cms", "publish_page"),
    # See the drafts waiting for review.
    ("editorial", "view_reviewrequest"),
    ("djangocms_alias", "add_aliasplugin"),
    ("djangocms_alias", "change_aliasplugin"),
    ("djangocms_alias", "view_aliasplugin"),
]


def _permissions(pairs):
    query = Q(pk__in=[])
    for app_label, codename in pairs:
        query |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(query))


def _model_pairs(models, actions=("add", "change", "view")):
    return [(app_label, f"{action}_{model}") for app_label, model in models for action in actions]


def editor_permissions():
    pairs = _model_pairs(EDITOR_MODELS) + _model_pairs(EDITOR_DELETE, actions=("delete",))
    return _permissions(pairs + EDITOR_EXTRA)


def publisher_permissions():
    return editor_permissions() + _permissions(_model_pairs(PUBLISHER_MODELS) + PUBLISHER_EXTRA)


def ensure_roles():
    """Create or refresh the Editors, Publishers and Enquiry officers groups. Safe on every deploy.

    Returns the Editors and Publishers groups.
    """
    officers, _ = Group.objects.get_or_create(name=ENQUIRY_OFFICERS)
    officers.permissions.set(_permissions(ENQUIRY_OFFICER_PERMISSIONS))
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    publishers, _ = Group.objects.get_or_create(name=PUBLISHERS)
    editors.permissions.set(editor_permissions())
    publishers.permissions.set(publisher_permissions())
    return editors, publishers
