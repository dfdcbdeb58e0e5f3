"""The admin an editor uses: lists, search, filters, inlines, and the one-action page section."""

import pytest
from cms.models import Page, PageContent
from django.contrib.auth import get_user_model
from django.db.models.fields.files import FieldFile
from django.urls import reverse

from agreements.models import Agreement

from .factories import draft_of, make_agreement, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(demo_site, client):
    """Logged in as the demo editor: a non-developer in the Editors group, not a superuser."""
    editor = get_user_model().objects.get(username="editor")
    assert not editor.is_superuser
    client.force_login(editor)
    return client


@pytest.mark.parametrize("name", ["agreement", "agreementcontent", "applicationstage"])
def test_every_changelist_opens_with_search_and_filters(editor_client, name):
    url = reverse(f"admin:agreements_{name}_changelist")
    response = editor_client.get(url, {"q": "peru"})
    assert response.status_code == 200
    assert 'id="searchbar"' in response.content.decode()


def test_agreement_list_filters_by_publication_state(editor_client):
    url = reverse("admin:agreements_agreement_changelist")
    html = editor_client.get(url, {"publication": "published"}).content.decode()
    assert ">Peru<" in html and ">Ghana<" in html
    assert "Published" in html
    draft_of("ghana")
    html = editor_client.get(url, {"publication": "draft"}).content.decode()
    assert ">Ghana<" in html and ">Peru<" not in html
    assert "a draft is waiting to be published" in html


def test_agreement_data_change_form_has_every_inline(editor_client):
    peru = Agreement.objects.get(slug="peru")
    response = editor_client.get(
        reverse("admin:agreements_agreement_edit_data", args=[peru.pk]), follow=True
    )
    html = response.content.decode()
    for prefix in ["documents", "co_chairs", "stages", "milestones"]:
        assert f'id="{prefix}-group"' in html, prefix
    assert "/implementation-agreements/peru/documents/annex-a.pdf" in html
    # The agreement's own page links to its public pages.
    html = editor_client.get(
        reverse("admin:agreements_agreement_change", args=[peru.pk])
    ).content.decode()
    assert 'href="/implementation-agreements/peru/"' in html


def test_stage_admin_edits_its_forms_inline(editor_client):
    stage = draft_of("peru").stages.first()
    html = editor_client.get(
        reverse("admin:agreements_applicationstage_change", args=[stage.pk])
    ).content.decode()
    assert 'id="requirements-group"' in html


def test_published_stages_cannot_be_changed_in_place(editor_client):
    stage = published("peru").stages.first()
    url = reverse("admin:agreements_applicationstage_change", args=[stage.pk])
    response = editor_client.post(url, {"order": stage.order, "title": "Changed in place"})
    assert response.status_code in (302, 403, 404)
    stage.refresh_from_db()
    assert stage.title != "Changed in place"


def test_admin_action_creates_the_page_section(editor_client):
    agreement = make_agreement(slug="newland", partner_country="Newland").agreement
    response = editor_client.post(
        reverse("admin:agreements_agreement_changelist"),
        {"action": "create_page_section", "_selected_action": [agreement.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "Created draft pages for Newland" in response.content.decode()
    agreement.refresh_from_db()
    overview = agreement.page
    assert overview is not None
    index = Page.objects.get(reverse_id="agreements-index")
    assert overview.parent_id == index.pk
    children = list(overview.get_child_pages())
    # The process tab, then the registry's eligibility and projects tabs.
    assert len(children) == 3
    contents = {
        c.page_id: c
        for c in PageContent.admin_manager.filter(page__in=[overview, *children], language="en")
    }
    assert contents[overview.pk].template == "pages/agreement_overview.html"
    assert contents[children[0].pk].template == "pages/agreement_process.html"
    # Drafts: the CMS keeps the slug on the content and routes it once published.
    assert contents[overview.pk].slug == "newland"
    assert contents[children[0].pk].slug == "application-process"


def test_admin_action_leaves_existing_pages_alone(editor_client):
    peru = Agreement.objects.get(slug="peru")
    pages_before = Page.objects.count()
    response = editor_client.post(
        reverse("admin:agreements_agreement_changelist"),
        {"action": "create_page_section", "_selected_action": [peru.pk]},
        follow=True,
    )
    assert "Already had pages, left unchanged: Peru." in response.content.decode()
    assert Page.objects.count() == pages_before


def test_created_pages_render_once_published(editor_client, client):
    from agreements.services import agreement_publish_pages

    agreement = make_agreement(slug="freshland", partner_country="Freshland").agreement
    editor_client.post(
        reverse("admin:agreements_agreement_changelist"),
        {"action": "create_page_section", "_selected_action": [agreement.pk]},
    )
    agreement.refresh_from_db()
    client.logout()
    assert client.get("/implementation-agreements/freshland/").status_code == 404  # still a draft
    agreement_publish_pages(
        agreement=agreement, user=get_user_model().objects.get(username="admin")
    )
    html = client.get("/implementation-agreements/freshland/").content.decode()
    assert "Singapore–Freshland Implementation Agreement" in html
    assert 'href="/implementation-agreements/freshland/application-process/"' in html


def test_user_without_page_rights_does_not_get_the_action(demo_site, client):
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user("viewer", password="x" * 16, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_agreement", "change_agreement"])
    )
    client.force_login(user)
    html = client.get(reverse("admin:agreements_agreement_changelist")).content.decode()
    assert "create_page_section" not in html


def admin_form_data(client, url):
    """The POST data of the admin change form at ``url``, as the browser would send it."""
    response = client.get(url)
    form = response.context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields and name != "process_diagram"
    }
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        prefix = formset.prefix
        management = formset.management_form
        for field in management.fields:
            data[f"{prefix}-{field}"] = management[field].value()
        for index, inline_form in enumerate(formset.forms):
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is None or isinstance(value, FieldFile):
                    continue
                data[f"{prefix}-{index}-{name}"] = value
    return data


def test_an_edit_in_the_admin_shows_on_the_public_page_once_published(
    editor_client, django_capture_on_commit_callbacks
):
    from django.test import Client

    public = Client()
    assert (
        "Applications paused"
        not in public.get("/implementation-agreements/ghana/").content.decode()
    )
    ghana = Agreement.objects.get(slug="ghana")
    response = editor_client.get(
        reverse("admin:agreements_agreement_edit_data", args=[ghana.pk]), follow=True
    )
    url = response.redirect_chain[-1][0]
    data = admin_form_data(editor_client, url)
    data.update(application_status="paused", application_status_since="2026-01-05")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    # A saved draft: visitors still see the published facts.
    html = public.get("/implementation-agreements/ghana/").content.decode()
    assert "<strong>Applications paused</strong>" not in html
    # The editor cannot publish it ...
    publish_url = reverse("admin:agreements_agreement_publish", args=[ghana.pk])
    assert editor_client.post(publish_url).status_code == 403
    # ... a publisher can, and then visitors see it.
    publisher = Client()
    publisher.force_login(get_user_model().objects.get(username="publisher"))
    with django_capture_on_commit_callbacks(execute=True):
        assert publisher.post(publish_url).status_code == 302
    html = public.get("/implementation-agreements/ghana/").content.decode()
    assert "<strong>Applications paused</strong>" in html


def test_editors_cannot_rename_a_published_agreement(editor_client):
    peru = Agreement.objects.get(slug="peru")
    url = reverse("admin:agreements_agreement_change", args=[peru.pk])
    html = editor_client.get(url).content.decode()
    assert 'name="partner_country"' not in html and 'name="slug"' not in html
    editor_client.post(url, {"partner_country": "Renamed", "slug": "renamed", "page": ""})
    peru.refresh_from_db()
    assert (peru.partner_country, peru.slug) == ("Peru", "peru")
    assert peru.page_id is not None


def test_editors_may_name_an_agreement_not_yet_published(editor_client):
    agreement = make_agreement(slug="drafty", partner_country="Drafty", published=False).agreement
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    assert 'name="partner_country"' in editor_client.get(url).content.decode()
