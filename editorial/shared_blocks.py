"""Shared blocks: text that many pages show and editors change in the CMS (djangocms-alias).

A block is a djangocms-alias "static alias": its content is versioned like a page
(djangocms-versioning), so an editor's change is a draft that visitors do not see until a
publisher publishes it. Templates render it with ``{% shared_block CODE %}``
(``editorial.templatetags.shared_blocks``): in the CMS's edit and preview modes that is
djangocms-alias's own ``{% static_alias CODE %}`` (editable, drafts shown); for everyone else
it reads the published block's text plugins in one query (``published_texts``), where
``static_alias`` takes five, which every page's 20-query budget cannot afford. A block that does
not exist, or has no published version, renders nothing: the page around it still works.

djangocms-alias gives ``AliasContent`` no publish check of its own, so versioning would let
anyone who may edit a block also publish it. ``publishers_only`` adds the pages' rule
(``cms.publish_page``, Publishers only) to versioning's publish and unpublish conditions.
"""

from cms.api import add_plugin
from django.db import transaction
from djangocms_versioning.exceptions import ConditionFailed

FOOTER_LINKS = "footer-links"
PROJECT_COMMITMENTS = "project-commitments"
PUBLISH_PERMISSION = "cms.publish_page"


def published_texts(static_code, language):
    """The top-level text plugins of the published content of block ``static_code`` in
    ``language``, in order, with their placeholder: one query. Shared blocks hold text (the
    only content plugin the site installs)."""
    from django.contrib.contenttypes.models import ContentType
    from djangocms_alias.models import AliasContent
    from djangocms_text.models import Text

    # AliasContent.objects returns published versions only (djangocms-versioning's manager).
    published = AliasContent.objects.filter(
        alias__static_code=static_code, alias__site__isnull=True, language=language
    )
    return list(
        Text.objects.filter(
            placeholder__content_type=ContentType.objects.get_for_model(AliasContent),
            placeholder__object_id__in=published.values("pk"),
            placeholder__slot=static_code,
            parent__isnull=True,
            language=language,
        )
        .select_related("placeholder")
        .order_by("position")
    )


def _is_shared_block(version):
    from djangocms_alias.models import AliasContent

    return version.content_type.model_class() is AliasContent


def may_publish_block(user, version):
    """False when ``version`` is a shared block's and ``user`` is not a publisher; True for
    every other content, which keeps its own rule."""
    return not _is_shared_block(version) or user.has_perm(PUBLISH_PERMISSION)


def publishers_only(message):
    """A versioning condition: a shared block's version is published or unpublished by a
    publisher only."""

    def condition(version, user):
        if not may_publish_block(user, version):
            raise ConditionFailed(message)

    return condition


def add_publish_conditions():
    """Called once from ``EditorialConfig.ready``: versioning's conditions are its extension
    point for who may do what to a version."""
    from djangocms_versioning.models import Version

    Version.check_publish.append(publishers_only("You do not have publish permissions"))
    Version.check_unpublish.append(publishers_only("You do not have unpublish permissions"))


@transaction.atomic
def create_shared_block(*, static_code, name, html, user, language="en", publish=True):
    """Create the block ``static_code`` with one text plugin holding ``html``, published by
    ``user`` (or left a draft). Does nothing if the block already has content in ``language``;
    returns True when it created it."""
    from djangocms_alias.constants import DEFAULT_STATIC_ALIAS_CATEGORY_NAME
    from djangocms_alias.models import Alias, AliasContent, Category
    from djangocms_versioning.models import Version

    alias = Alias.objects.filter(static_code=static_code, site__isnull=True).first()
    if alias is None:
        category = Category.objects.filter(
            translations__name=DEFAULT_STATIC_ALIAS_CATEGORY_NAME
        ).first() or Category.objects.create(name=DEFAULT_STATIC_ALIAS_CATEGORY_NAME)
        alias = Alias.objects.create(
            category=category, static_code=static_code, creation_method=Alias.CREATION_BY_TEMPLATE
        )
    if AliasContent.admin_manager.filter(alias=alias, language=language).exists():
        return False
    content = AliasContent.objects.with_user(user).create(alias=alias, name=name, language=language)
    add_plugin(content.placeholder, "TextPlugin", language, body=html)
    if publish:
        Version.objects.get_for_content(content).publish(user)
    return True
