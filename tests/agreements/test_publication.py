"""One publication model: nothing of an agreement reaches visitors before a publisher publishes it.

The crawl makes a draft change carrying a unique marker on every kind of agreement data and on a
page, and an unpublished agreement carrying a marker, then fetches every public address as a
visitor (with the CMS's ``?edit``, ``?preview``, ``?toolbar_on`` and ``?structure``, the index
under each filter, every download, the feed, the sitemap, search, JSON and CSV) and never finds a
marker. Then: publishing is one action, a revert brings the old facts back, and staff preview
shows the draft.
"""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from djangocms_versioning.constants import DRAFT, PUBLISHED, UNPUBLISHED
from djangocms_versioning.models import Version

from agreements.models import (
    Agreement,
    AgreementContent,
    AgreementDocument,
    StageRequirement,
)
from agreements.services import (
    agreement_create_draft,
    agreement_draft,
    current_content,
    page_add_text,
    page_content,
    publish_agreement,
    publish_plan,
    unpublish_agreement,
)
from demo.standin import standin_pdf
from registry.models import AuthorisedProject, EligibilityList, EligibleMethodology

pytestmark = pytest.mark.django_db

MARKER = "zqxmarker"
SUFFIXES = ["", "?edit", "?preview", "?toolbar_on", "?structure"]
STATUSES = ["", "open", "not_yet_open", "paused", "closed", "bogus"]


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def user(name):
    return get_user_model().objects.get(username=name)


def mark_draft_of(agreement, editor):
    """An editor's draft of ``agreement`` with a marker on each kind of its data and its page."""
    draft = agreement_draft(agreement, user=editor)
    draft.application_status_note = f"{MARKER} note"
    draft.summary = f"{MARKER} summary"
    draft.signed_place = f"{MARKER} place"
    draft.save()
    document = AgreementDocument(agreement=draft, kind="annex", letter="Z", title=f"{MARKER} annex")
    document.file = standin_pdf(title=f"{MARKER} annex", agreement_title=agreement.title)
    document.file.name = f"{agreement.slug}-{MARKER}.pdf"
    document.save()
    draft.documents.exclude(pk=document.pk).update(title=f"{MARKER} document")
    draft.co_chairs.update(organisation=f"{MARKER} organisation")
    draft.milestones.update(description=f"{MARKER} milestone")
    stage = draft.stages.order_by("order").first()
    stage.purpose = f"{MARKER} purpose"
    stage.save()
    StageRequirement.objects.create(stage=stage, title=f"{MARKER} form")
    elist = EligibilityList.objects.filter(agreement=draft).first()
    if elist:
        elist.note = f"{MARKER} eligibility"
        elist.save()
        EligibleMethodology.objects.filter(eligibility_list=elist).update(title=f"{MARKER} method")
    AuthorisedProject.objects.create(agreement=draft, name=f"{MARKER} project")
    # A page draft too: a new version of the overview page with marked text.
    page_version = Version.objects.get_for_content(page_content(agreement.page))
    if page_version.state == PUBLISHED:
        page_version.copy(editor)
    page_add_text(page=agreement.page, slot="intro", html=f"<p>{MARKER} page</p>")
    return draft


@pytest.fixture
def marked(demo_site):
    editor = user("editor")
    peru = Agreement.objects.get(slug="peru")
    draft = mark_draft_of(peru, editor)
    hidden = agreement_create_draft(
        partner_country=f"{MARKER.title()}land",
        slug="markerland",
        user=editor,
        partner_party=f"{MARKER} party",
        signed_on=date(2025, 5, 1),
        summary=f"{MARKER} hidden",
    )
    document = AgreementDocument(agreement=hidden, kind="main_text", title=f"{MARKER} text")
    document.file = standin_pdf(title=f"{MARKER} text", agreement_title=hidden.title)
    document.file.name = f"markerland-{MARKER}.pdf"
    document.save()
    return peru, draft, hidden


def public_addresses(client):
    """Every address a visitor can reach, with the agreement ones of the hidden agreement."""
    urls = ["/", "/implementation-agreements/", "/projects/", "/feeds/updates.atom"]
    urls += [f"/implementation-agreements/?status={status}" for status in STATUSES]
    urls += ["/sitemap.xml", f"/search/?q={MARKER}", "/implementation-agreements.json"]
    urls += ["/implementation-agreements.csv", "/projects.csv", "/projects.json"]
    for agreement in Agreement.objects.all():
        base = f"/implementation-agreements/{agreement.slug}/"
        for tab in ["", "application-process/", "eligibility/", "projects/"]:
            urls += [base + tab + suffix for suffix in SUFFIXES]
        urls += [
            base + "eligibility.csv",
            base + "documents/main-text.pdf",
            base + "documents/annex-a.pdf",
            base + "documents/annex-z.pdf",
            f"/projects/?agreement={agreement.slug}",
            f"/projects.csv?agreement={agreement.slug}",
        ]
        content = current_content(agreement)
        for stage in content.stages.all() if content else []:
            for requirement in stage.requirements.all():
                urls.append(f"{base}forms/{stage.order}-{requirement.pk}.pdf")
                if requirement.file:
                    urls.append(requirement.get_absolute_url())
    return urls


@pytest.mark.slow
def test_no_draft_or_unpublished_agreement_reaches_a_visitor(marked, client):
    peru, _draft, hidden = marked
    # The search page repeats the query; a search for a word found nowhere shows how often.
    other = "wvyqwvyqw"
    echoes = body(client.get(f"/search/?q={other}")).lower().count(other)
    assert echoes >= 1
    fetched = 0
    for url in public_addresses(client):
        response = client.get(url)
        assert response.status_code in (200, 301, 302, 404), url
        allowed = echoes if url.startswith("/search/") else 0
        assert body(response).lower().count(MARKER) == allowed, url
        if url.startswith("/implementation-agreements/markerland/") and "?" not in url:
            assert response.status_code == 404, url
        fetched += 1
    assert fetched > 200
    # The public Peru page is still there, with its published facts.
    assert client.get("/implementation-agreements/peru/").status_code == 200
    assert client.get("/implementation-agreements/peru/documents/main-text.pdf").status_code == 200


def test_publishing_is_one_action_for_data_and_pages(marked, client):
    peru, draft, hidden = marked
    publisher = user("publisher")
    plan = publish_plan(peru)
    assert [v.content for v in plan.versions][0] == draft
    assert len(plan.versions) == 2  # the data and the overview page's draft
    publish_agreement(agreement=peru, user=publisher)
    page = body(client.get("/implementation-agreements/peru/"))
    assert f"{MARKER} note" in page
    assert f"{MARKER} page" in page
    assert client.get("/implementation-agreements/peru/documents/annex-z.pdf").status_code == 200
    assert MARKER in body(client.get(f"/search/?q={MARKER}"))
    # The hidden agreement goes live with all its pages in one step as well.
    publish_agreement(agreement=hidden.agreement, user=publisher)
    for tab in ["", "application-process/", "eligibility/", "projects/"]:
        assert client.get(f"/implementation-agreements/markerland/{tab}").status_code == 200
    assert (
        client.get("/implementation-agreements/markerland/documents/main-text.pdf").status_code
        == 200
    )
    # ...and off again.
    unpublish_agreement(agreement=hidden.agreement, user=publisher)
    assert client.get("/implementation-agreements/markerland/").status_code == 404
    assert "markerland" not in body(client.get("/implementation-agreements.json"))


def test_an_editor_may_not_publish(marked, client):
    from django.core.exceptions import PermissionDenied

    peru, draft, _ = marked
    with pytest.raises(PermissionDenied):
        publish_agreement(agreement=peru, user=user("editor"))
    assert Version.objects.get_for_content(draft).state == DRAFT
    client.force_login(user("editor"))
    assert (
        client.get(reverse("admin:agreements_agreement_publish", args=[peru.pk])).status_code == 403
    )
    assert (
        client.post(reverse("admin:agreements_agreement_publish", args=[peru.pk])).status_code
        == 403
    )


def test_publisher_confirms_in_the_admin_what_goes_live(marked, client):
    peru, draft, _ = marked
    client.force_login(user("publisher"))
    url = reverse("admin:agreements_agreement_publish", args=[peru.pk])
    confirm = body(client.get(url))
    assert "Agreement data of Singapore–Peru" in confirm
    assert "Page “" in confirm
    client.post(url)
    assert Version.objects.get_for_content(draft).state == PUBLISHED
    changelist = body(client.get(reverse("admin:agreements_agreement_changelist")))
    assert "Published" in changelist


def test_revert_brings_the_old_facts_back(marked, client, django_capture_on_commit_callbacks):
    peru, draft, _ = marked
    publisher = user("publisher")
    before = AgreementContent.objects.get(agreement=peru)
    old_note = before.application_status_note
    publish_agreement(agreement=peru, user=publisher)
    assert f"{MARKER} note" in body(client.get("/implementation-agreements/peru/"))
    old_version = Version.objects.get_for_content(before)
    assert old_version.state == UNPUBLISHED
    # The version list's "revert" makes a new draft from the old version; publishing it restores.
    reverted = old_version.copy(publisher).content
    assert reverted.documents.count() == before.documents.count()
    with django_capture_on_commit_callbacks(execute=True):  # the page cache is invalidated
        publish_agreement(agreement=peru, user=publisher)
    page = body(client.get("/implementation-agreements/peru/"))
    assert f"{MARKER} note" not in page
    if old_note:
        assert old_note in page
    assert client.get("/implementation-agreements/peru/documents/annex-z.pdf").status_code == 404


def test_staff_preview_shows_the_draft(marked, client):
    peru, draft, _ = marked
    client.force_login(user("editor"))
    response = client.get(reverse("agreements:preview", args=[draft.pk]), follow=True)
    assert response.status_code == 200
    assert f"{MARKER} note" in body(response)
    # The draft's new document is served to staff, privately.
    response = client.get("/implementation-agreements/peru/documents/annex-z.pdf")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    # Staff on the public page without preview mode see what visitors see.
    assert f"{MARKER} note" not in body(client.get("/implementation-agreements/peru/"))
