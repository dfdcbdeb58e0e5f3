"""The editorial roles as groups, with exactly the permissions each needs.

Editors write drafts, upload files and keep agreement data current; Publishers can also publish
and unpublish. Superusers are for IT only.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

# (app_label, model) pairs an editor may add, change and view.
EDITOR_MODELS = [
    ("cms", "page"),
    ("cms", "pagecontent"),
    ("cms", "placeholder"),
    ("cms", "cmsplugin"),
    ("djangocms_text", "text"),
    ("djangocms_alias", "alias"),
    ("djangocms_alias", "aliascontent"),
    ("djangocms_alias", "category"),
    ("djangocms_versioning", "version"),
    ("filer", "file"),
    ("filer", "folder"),
    ("filer", "image"),
    ("agreements", "agreement"),
    ("agreements", "agreementdocument"),
    ("agreements", "jointcommitteecochair"),
    ("agreements", "applicationstage"),
    ("agreements", "stagerequirement"),
    ("agreements", "milestone"),
    ("registry", "creditingprogramme"),
    ("registry", "eligibilitylist"),
    ("registry", "eligibleprogramme"),
    ("registry", "eligiblemethodology"),
    ("registry", "authorisedproject"),
]
EDITOR_EXTRA = [
    ("cms", "use_structure"),
    ("filer", "can_use_directory_listing"),
]
PUBLISHER_EXTRA = [
    ("djangocms_versioning", "publish_version"),
    ("djangocms_versioning", "unpublish_version"),
    ("djangocms_versioning", "delete_versionlock"),
]


def _permissions(pairs):
    query = Q(pk__in=[])
    for app_label, codename in pairs:
        query |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(query))


def editor_permissions():
    pairs = [
        (app_label, f"{action}_{model}")
        for app_label, model in EDITOR_MODELS
        for action in ("add", "change", "view")
    ]
    pairs += [("cms", "delete_cmsplugin"), ("cms", "delete_placeholder")]
    return _permissions(pairs + EDITOR_EXTRA)


def ensure_roles():
    """Create or refresh the Editors and Publishers groups. Safe to run on every deploy."""
    editors, _ = Group.objects.get_or_create(name="Editors")
    publishers, _ = Group.objects.get_or_create(name="Publishers")
    base = editor_permissions()
    editors.permissions.set(base)
    publishers.permissions.set(base + _permissions(PUBLISHER_EXTRA))
    return editors, publishers
