"""Writes that touch several rows: an agreement's data versions and its CMS pages.

Publishing an agreement is one action (``publish_agreement``): its draft data version and the
draft versions of every page of its section go live together, in one transaction, through
djangocms-versioning's own ``Version.publish`` (so its permission check and history apply).
``unpublish_agreement`` takes it all off the public site again. What other apps do about it is
a list of explicit steps at the end of each service (``agreements.signals``): hooks inside the
transaction for rows that must commit with the publish (alerts, the update feed), then, after
the commit, the cache and the search index.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from cms.api import add_plugin, create_page
from cms.models import Page, PageContent
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from djangocms_versioning.constants import DRAFT, PUBLISHED
from djangocms_versioning.models import Version

from .models import Agreement, AgreementContent, FormerAddress

OVERVIEW_TEMPLATE = "pages/agreement_overview.html"
PROCESS_TEMPLATE = "pages/agreement_process.html"
PROCESS_SLUG = "application-process"
INDEX_REVERSE_ID = "agreements-index"


def page_content(page, language=None):
    """The newest content (draft or published) of ``page`` in ``language``."""
    language = language or settings.LANGUAGE_CODE
    return PageContent.admin_manager.filter(page=page, language=language).order_by("-pk").first()


def page_publish(*, page, user, language=None):
    """Publish the current draft of ``page``; a page already published is left as it is."""
    content = page_content(page, language)
    version = Version.objects.get_for_content(content)
    if version.state != PUBLISHED:
        version.publish(user)
    return version


def page_add_text(*, page, slot, html, language=None):
    """Append a rich-text plugin with ``html`` to the placeholder ``slot`` of the page's draft."""
    language = language or settings.LANGUAGE_CODE
    content = page_content(page, language)
    content.rescan_placeholders()
    placeholder = content.get_placeholders().get(slot=slot)
    return add_plugin(placeholder, "TextPlugin", language, body=html)


@transaction.atomic
def agreement_create_draft(*, partner_country, slug, user, **data):
    """A new agreement with a first draft version of its data, and its draft page section.

    Nothing is public until a publisher runs ``publish_agreement``. Returns the draft content.
    """
    agreement = Agreement.objects.create(partner_country=partner_country, slug=slug)
    content = AgreementContent.objects.with_user(user).create(agreement=agreement, **data)
    agreement_create_pages(agreement=agreement, user=user, summary=content.summary)
    return content


def address_change(*, agreement: Agreement, kind, old_slug, new_slug):
    """Remember that a document or form of ``agreement`` moved from ``old_slug`` to
    ``new_slug``, so the old address redirects (301) to the new one in every later version.

    Earlier addresses that led to ``old_slug`` now lead to ``new_slug`` (no chains), and an
    address taken into use again stops redirecting.
    """
    if not old_slug or old_slug == new_slug:
        return
    former = FormerAddress.objects.filter(agreement=agreement, kind=kind)
    former.filter(old_slug=new_slug).delete()
    former.filter(new_slug=old_slug).update(new_slug=new_slug)
    FormerAddress.objects.update_or_create(
        agreement=agreement, kind=kind, old_slug=old_slug, defaults={"new_slug": new_slug}
    )


def agreement_draft(agreement: Agreement, *, user):
    """The agreement's draft data version, created from the current one if there is none."""
    current = current_content(agreement)
    if current is None:
        raise ValueError(f"{agreement} has no data version.")
    version = Version.objects.get_for_content(current)
    if version.state == DRAFT:
        return current
    return version.copy(user).content


def current_content(agreement: Agreement):
    """The draft version of the agreement's data, else its published one (or None)."""
    return (
        AgreementContent.admin_manager.filter(agreement=agreement)
        .current_content()
        .order_by("-pk")
        .first()
    )


@transaction.atomic
def agreement_create_pages(
    *, agreement: Agreement, user, parent=None, intro_html=None, summary=None
):
    """Create the draft page section of ``agreement``: an overview page and its process tab.

    The pages start as drafts for an editor to fill in and publish. Returns the overview page.
    Raises ValueError if the agreement already has its pages.
    """
    if agreement.page_id:
        raise ValueError(f"{agreement} already has its pages.")
    if parent is None:
        parent = (
            PageContent.admin_manager.filter(page__reverse_id=INDEX_REVERSE_ID)
            .select_related("page")
            .first()
        )
        parent = parent.page if parent else None
    language = settings.LANGUAGE_CODE
    overview = create_page(
        agreement.title,
        OVERVIEW_TEMPLATE,
        language,
        menu_title=agreement.partner_country,
        slug=agreement.slug,
        parent=parent,
        created_by=user,
        in_navigation=True,
        meta_description=(summary or _newest_summary(agreement))[:155],
    )
    create_page(
        "Application process",
        PROCESS_TEMPLATE,
        language,
        menu_title="Application process",
        page_title=f"Application process: {agreement.title}",
        slug=PROCESS_SLUG,
        parent=overview,
        created_by=user,
        in_navigation=True,
    )
    if intro_html:
        page_add_text(page=overview, slot="intro", html=intro_html)
    agreement.page = overview
    agreement.save(update_fields=["page"])
    # Other apps add their own tabs (registry: eligibility list, authorised projects).
    from .signals import agreement_pages_created

    agreement_pages_created.send(sender=Agreement, agreement=agreement, user=user)
    return overview


def _newest_summary(agreement):
    content = current_content(agreement)
    return content.summary if content else ""


def agreement_publish_pages(*, agreement: Agreement, user):
    """Publish the overview page of ``agreement`` and every tab below it."""
    page_publish(page=agreement.page, user=user)
    for child in agreement.page.get_child_pages():
        page_publish(page=child, user=user)


def section_pages(agreement: Agreement):
    """The overview page of ``agreement`` and the pages below it, in tree order."""
    if not agreement.page_id:
        return Page.objects.none()
    return Page.objects.filter(Q(pk=agreement.page_id) | Q(parent_id=agreement.page_id)).order_by(
        "path"
    )


@dataclass
class PublicationPlan:
    """What ``publish_agreement`` or ``unpublish_agreement`` would change, for the confirmation
    page: each item is a (what, version) pair."""

    agreement: Agreement
    versions: list = field(default_factory=list)

    @property
    def items(self):
        return [(describe_version(v), v) for v in self.versions]


def describe_version(version):
    content = version.content
    if isinstance(content, AgreementContent):
        return f"Agreement data of {content.agreement} (version {version.number})"
    title = content.title or content.page.get_slug(content.language)
    return f"Page “{title}” (version {version.number})"


def _page_versions(agreement, state):
    """Versions of the section's pages in ``state``, overview first (tabs' URLs build on it)."""
    contents = PageContent.admin_manager.filter(
        page__in=section_pages(agreement), language=settings.LANGUAGE_CODE
    )
    versions = list(_versions_of(contents, state))
    paths = dict(section_pages(agreement).values_list("pk", "path"))
    return sorted(versions, key=lambda version: paths.get(version.content.page_id, ""))


def _versions_of(contents, state):
    from django.contrib.contenttypes.models import ContentType

    model = contents.model
    return (
        Version.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=contents.values("pk"),
            state=state,
        )
        .prefetch_related("content")
        .order_by("pk")
    )


def publish_plan(agreement: Agreement) -> PublicationPlan:
    """The drafts that ``publish_agreement`` would publish: data first, then the pages."""
    data = _versions_of(AgreementContent.admin_manager.filter(agreement=agreement), DRAFT)
    return PublicationPlan(agreement, list(data) + list(_page_versions(agreement, DRAFT)))


def unpublish_plan(agreement: Agreement) -> PublicationPlan:
    """The published versions that ``unpublish_agreement`` would take off the site."""
    data = _versions_of(AgreementContent.admin_manager.filter(agreement=agreement), PUBLISHED)
    return PublicationPlan(agreement, list(data) + list(_page_versions(agreement, PUBLISHED)))


_publication = ContextVar("agreements_publication", default=False)


def running_publication() -> bool:
    """True while ``publish_agreement`` or ``unpublish_agreement`` publishes versions: their
    version operations are then not announced one by one (see ``signals.version_operation``)."""
    return _publication.get()


@contextmanager
def _publishing():
    token = _publication.set(True)
    try:
        yield
    finally:
        _publication.reset(token)


def can_publish_agreements(user) -> bool:
    """The same rule as for pages: ``cms.publish_page`` (see ``editorial.roles``)."""
    return user.has_perm("cms.publish_page") and user.has_perm("agreements.change_agreementcontent")


@transaction.atomic
def publish_agreement(*, agreement: Agreement, user, no_alert=False) -> PublicationPlan:
    """Publish the agreement's draft data and every draft page of its section, together.

    Runs in one transaction: if any version refuses (a permission, a lock, a URL clash) nothing
    is published. The previous published versions become "unpublished" versions in the history,
    from where they can be compared and reverted. Then, in order:

    1. ``agreement_data_published`` (when a data version was published) and
       ``agreement_published``, inside the transaction, with the previous and the new published
       data version: the update feed's events and the alerts commit or roll back with the publish;
    2. after the commit: the CMS caches are cleared, then ``public_content_changed`` re-indexes
       the agreement's section for search (once, whatever the number of versions published).

    Returns what was published.
    """
    from .signals import after_commit, agreement_data_published, agreement_published

    if not can_publish_agreements(user):
        raise PermissionDenied("You may not publish agreements.")
    plan = publish_plan(agreement)
    previous = AgreementContent.objects.filter(agreement=agreement).first()
    if not plan.versions and previous is None:
        raise ValueError(f"{agreement} has no draft to publish.")
    previous_public = Agreement.objects.public().filter(pk=agreement.pk).exists()
    with _publishing():
        for version in plan.versions:
            version.publish(user)
    current = AgreementContent.objects.filter(agreement=agreement).first()
    if current is not None and current != previous:
        agreement_data_published.send(
            sender=Agreement, agreement=agreement, previous=previous, current=current
        )
    agreement_published.send(
        sender=Agreement,
        agreement=agreement,
        previous=previous,
        previous_public=previous_public,
        current=current,
        user=user,
        no_alert=no_alert,
    )
    after_commit(agreement=agreement)
    return plan


@transaction.atomic
def unpublish_agreement(*, agreement: Agreement, user) -> PublicationPlan:
    """Take the agreement's data and every page of its section off the public site.

    After the commit the CMS caches are cleared and the search index drops the agreement.
    """
    from .signals import after_commit

    if not can_publish_agreements(user):
        raise PermissionDenied("You may not unpublish agreements.")
    plan = unpublish_plan(agreement)
    with _publishing():
        for version in plan.versions:
            version.unpublish(user)
    after_commit(agreement=agreement)
    return plan
