"""An edit of agreement data shows on the public pages at once.

Django keeps no copy of public pages (the front door caches them for at most a second, see
tests/frontdoor/), so even a change made without signals (``QuerySet.update``) shows on the next
request; a real save also schedules the after-commit invalidation of what the CMS may cache.
"""

import pytest

from agreements.models import Agreement, StageRequirement

from .factories import make_document

pytestmark = pytest.mark.django_db

PERU = "/implementation-agreements/peru/"
INDEX = "/implementation-agreements/"


def text(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def listing(client, **params):
    """The filterable agreements table of the index (the only table there)."""
    html = text(client, INDEX, **params)
    return html.split('<table class="agreements stack">', 1)[1].split("</table>", 1)[0]


def test_saving_an_agreement_refreshes_its_cached_page(
    demo_site, client, django_capture_on_commit_callbacks
):
    assert "Call extended" not in text(client, PERU)
    Agreement.objects.filter(slug="peru").update(application_status_note="Changed quietly.")
    assert "Changed quietly." in text(client, PERU), "Django must not keep a copy of pages"

    with django_capture_on_commit_callbacks(execute=True):
        peru = Agreement.objects.get(slug="peru")
        peru.application_status_note = "Call extended to all sectors."
        peru.save()
    assert "Call extended to all sectors." in text(client, PERU)


def test_a_new_annex_shows_at_once(demo_site, client, django_capture_on_commit_callbacks):
    assert "annex-d.pdf" not in text(client, PERU)
    with django_capture_on_commit_callbacks(execute=True):
        make_document(Agreement.objects.get(slug="peru"), letter="D", title="Annex D - New rules")
    html = text(client, PERU)
    assert "/implementation-agreements/peru/documents/annex-d.pdf" in html
    assert "Annex D - New rules" in html


def test_an_application_call_opening_shows_on_the_index_and_home(
    demo_site, client, django_capture_on_commit_callbacks
):
    assert "/implementation-agreements/chile/" not in listing(client, status="open")
    assert '<a href="/implementation-agreements/chile/">Chile</a>' not in text(client, "/")
    with django_capture_on_commit_callbacks(execute=True):
        chile = Agreement.objects.get(slug="chile")
        chile.application_status = Agreement.ApplicationStatus.OPEN
        chile.application_status_since = chile.signed_on
        chile.save()
    assert "/implementation-agreements/chile/" in listing(client, status="open")
    assert '<a href="/implementation-agreements/chile/">Chile</a>' in text(client, "/")
    assert "notice--open" in text(client, "/implementation-agreements/chile/")


def test_a_form_published_on_a_stage_shows_on_the_process_tab(
    demo_site, client, django_capture_on_commit_callbacks
):
    url = PERU + "application-process/"
    assert "https://example.org/transfer.pdf" not in text(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        form = StageRequirement.objects.get(stage__agreement__slug="peru", title__startswith="Tr")
        form.availability = StageRequirement.Availability.AVAILABLE
        form.external_url = "https://example.org/transfer.pdf"
        form.save()
    assert "https://example.org/transfer.pdf" in text(client, url)


def test_deleting_data_also_refreshes(demo_site, client, django_capture_on_commit_callbacks):
    assert "National Environment Agency" in text(client, PERU)
    with django_capture_on_commit_callbacks(execute=True):
        Agreement.objects.get(slug="peru").co_chairs.filter(party="singapore").delete()
    assert "National Environment Agency" not in text(client, PERU)


def test_a_rolled_back_edit_leaves_the_cache_alone(
    demo_site, client, django_capture_on_commit_callbacks
):
    text(client, PERU)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Agreement.objects.filter(slug="peru").first().save()
    assert len(callbacks) == 1, "invalidation waits for the commit"


def test_publish_and_unpublish_invalidate_after_commit(
    demo_site, django_capture_on_commit_callbacks
):
    """Every publish and unpublish goes through djangocms-versioning's operation signal."""
    from djangocms_versioning import constants
    from djangocms_versioning.signals import post_version_operation

    from agreements.signals import invalidate_public_pages

    for operation in (constants.OPERATION_PUBLISH, constants.OPERATION_UNPUBLISH):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            post_version_operation.send(sender=Agreement, operation=operation, obj=None)
        assert callbacks == [invalidate_public_pages], operation
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post_version_operation.send(sender=Agreement, operation=constants.OPERATION_DRAFT, obj=None)
    assert callbacks == []
