"""What the review list, the toolbar and the e-mails say about a version, for any versioned model.

Everything here goes through djangocms-versioning's public helpers and the versionable's own
configuration, so a model registered as a ``VersionableItem`` (pages today, agreement data
next) appears without code of its own.
"""

from django.urls import reverse
from djangocms_versioning.helpers import get_preview_url, version_list_url


def _proxy_url_name(version, action):
    proxy = version.versionable.version_model_proxy
    return f"admin:{proxy._meta.app_label}_{proxy._meta.model_name}_{action}"


def kind_label(version):
    """ "Page", "Agreement", ...: the versioned thing, named by its grouper model."""
    name = str(version.versionable.grouper_model._meta.verbose_name)
    return name[:1].upper() + name[1:]


def content_label(version):
    """The content's title where it has one (a page's ``str`` adds its language code)."""
    content = version.content
    return str(getattr(content, "title", "") or content)


def preview_url(version):
    return get_preview_url(version.content)


def versions_url(version):
    return version_list_url(version.content)


def publish_url(version):
    """djangocms-versioning's publish view for this version (it takes a POST)."""
    return reverse(_proxy_url_name(version, "publish"), args=[version.pk])
