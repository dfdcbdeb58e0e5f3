"""Small builders for agreement data in tests: plain functions over the real models."""

import itertools
from datetime import date

from django.contrib.auth import get_user_model
from djangocms_versioning.models import Version

from agreements.models import Agreement, AgreementContent, AgreementDocument, JointCommitteeCoChair
from agreements.services import agreement_create_pages, agreement_publish_pages
from demo.standin import standin_pdf

_numbers = itertools.count(1)


def make_agreement(*, published=True, **fields):
    """A new agreement with one version of its data (published unless ``published=False``).

    Returns the version (``AgreementContent``): it reads like the agreement (``.slug``,
    ``.partner_country``, ``.page``) and is what documents, stages and register rows hang off.
    """
    number = next(_numbers)
    country = fields.pop("partner_country", f"Testland {number}")
    slug = fields.pop("slug", f"testland-{number}")
    page = fields.pop("page", None)
    fields.setdefault("partner_party", f"Government of {country}")
    fields.setdefault("signed_on", date(2025, 1, 1))
    agreement = Agreement.objects.create(partner_country=country, slug=slug, page=page)
    content = AgreementContent.objects.with_user(admin_user()).create(agreement=agreement, **fields)
    if published:
        Version.objects.get_for_content(content).publish(admin_user())
    return content


def make_document(agreement, *, kind="annex", letter="A", title=None, pages=2, order=0):
    title = title or (f"Annex {letter}" if kind == "annex" else "Main text")
    document = AgreementDocument(
        agreement=agreement, kind=kind, letter=letter, title=title, order=order
    )
    document.file = standin_pdf(title=title, agreement_title=agreement.title, pages=pages)
    document.file.name = f"{agreement.slug}-{document.url_name}.pdf"
    document.full_clean()
    document.save()
    return document


def make_co_chair(agreement, party="singapore", **fields):
    fields.setdefault("position_title", "Director")
    fields.setdefault("organisation", "Some Agency")
    return JointCommitteeCoChair.objects.create(agreement=agreement, party=party, **fields)


def admin_user():
    User = get_user_model()
    user, _ = User.objects.get_or_create(
        username="test-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    return user


def publish_pages(agreement):
    """Give ``agreement`` (a version of its data) its published page section under the demo
    index page."""
    user = admin_user()
    agreement_create_pages(agreement=agreement.agreement, user=user)
    agreement_publish_pages(agreement=agreement.agreement, user=user)
    agreement.refresh_from_db()
    agreement.agreement.refresh_from_db()
    return agreement


def letters(count):
    """A, B, ..., Z, AA, AB, ...: annex letters for ``count`` annexes."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    result = list(alphabet)
    result += [a + b for a in alphabet for b in alphabet]
    return result[:count]


def published(slug):
    """The published version of the agreement with ``slug``'s data (what visitors see)."""
    return AgreementContent.objects.select_related("agreement").get(agreement__slug=slug)


def draft_of(slug, user=None):
    """The draft version of the agreement with ``slug``'s data, started from the published one
    if there is none (as an editor's "Edit data" does)."""
    from agreements.services import agreement_draft

    return agreement_draft(Agreement.objects.get(slug=slug), user=user or admin_user())


def publish(content, user=None):
    """Publish ``content``'s agreement (data and pages) as a publisher does, in one action,
    and run what the service leaves for after the commit (caches, search index), as a real
    commit would; the test's own transaction never commits."""
    from django.test import TestCase

    from agreements.services import publish_agreement

    with TestCase.captureOnCommitCallbacks(execute=True):
        publish_agreement(agreement=content.agreement, user=user or admin_user())


def bulk_public_agreements(count, *, prefix="bulkland"):
    """``count`` public agreements (a published data version and a published overview page
    under the agreements index), inserted in bulk so that a thousand take seconds.

    The rows are those ``agreement_create_draft`` and ``publish_agreement`` make, copied from
    Peru's published overview page; signals do not run, so callers clear caches themselves.
    """
    from cms.models import Page, PageContent, PageUrl
    from django.contrib.contenttypes.models import ContentType
    from djangocms_versioning.constants import PUBLISHED

    user = admin_user()
    index = Page.objects.get(reverse_id="agreements-index")
    template_page = Agreement.objects.get(slug="peru").page
    template_content = PageContent.objects.get(page=template_page, language="en")
    index_path = PageUrl.objects.get(page=index, language="en").path
    agreements = Agreement.objects.bulk_create(
        Agreement(partner_country=f"{prefix.title()} {n:04d}", slug=f"{prefix}-{n:04d}")
        for n in range(count)
    )
    first_step = index.numchild + 1
    pages = Page.objects.bulk_create(
        Page(
            path=Page._get_path(index.path, index.depth + 1, first_step + n),
            depth=index.depth + 1,
            numchild=0,
            parent=index,
            site_id=index.site_id,
            created_by=template_page.created_by,
            changed_by=template_page.changed_by,
        )
        for n in range(count)
    )
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + count)
    Agreement.objects.bulk_update(
        [setattr(a, "page", p) or a for a, p in zip(agreements, pages, strict=True)], ["page"]
    )
    copied = {
        f.name: getattr(template_content, f.name)
        for f in PageContent._meta.concrete_fields
        if f.name not in ("id", "page", "title", "slug", "menu_title", "page_title")
    }
    page_contents = PageContent._base_manager.bulk_create(
        PageContent(**copied, page=p, title=a.title, slug=a.slug, menu_title="", page_title="")
        for a, p in zip(agreements, pages, strict=True)
    )
    PageUrl.objects.bulk_create(
        PageUrl(
            page=p, language="en", site_id=index.site_id, slug=a.slug, path=f"{index_path}/{a.slug}"
        )
        for a, p in zip(agreements, pages, strict=True)
    )
    contents = AgreementContent._base_manager.bulk_create(
        AgreementContent(
            agreement=a,
            partner_party=f"Government of {a.partner_country}",
            signed_on=date(2020, 1, 1),
            summary=f"{a.partner_country} summary",
        )
        for a in agreements
    )
    versions = []
    for model, rows in ((PageContent, page_contents), (AgreementContent, contents)):
        content_type = ContentType.objects.get_for_model(model)
        versions += [
            Version(
                content_type=content_type,
                object_id=row.pk,
                created_by=user,
                number="1",
                state=PUBLISHED,
            )
            for row in rows
        ]
    Version.objects.bulk_create(versions)
    return contents
