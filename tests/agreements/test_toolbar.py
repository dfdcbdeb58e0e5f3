"""The CMS toolbar on an agreement's pages offers publishers the one-action publish."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from djangocms_versioning.constants import PUBLISHED
from djangocms_versioning.models import Version

from agreements.models import Agreement

from .factories import draft_of

pytestmark = pytest.mark.django_db

PERU = "/implementation-agreements/peru/"


def login(client, name):
    client.force_login(get_user_model().objects.get(username=name))


def toolbar_links(client, url):
    html = client.get(url, {"toolbar_on": ""}).content.decode()
    return html, re.findall(
        r'href="([^"]*/admin/agreements/agreement/\d+/(?:un)?publish/[^"]*)"', html
    )


@pytest.mark.parametrize("url", [PERU, PERU + "application-process/", PERU + "projects/"])
def test_publishers_get_publish_and_unpublish_on_every_page_of_the_agreement(
    demo_site, client, url
):
    login(client, "publisher")
    html, links = toolbar_links(client, url)
    peru = Agreement.objects.get(slug="peru")
    publish = reverse("admin:agreements_agreement_publish", args=[peru.pk])
    unpublish = reverse("admin:agreements_agreement_unpublish", args=[peru.pk])
    assert any(link.startswith(publish) for link in links), links
    assert any(link.startswith(unpublish) for link in links), links
    assert "Publish agreement…" in html and "Unpublish agreement…" in html


def test_editors_and_other_pages_get_no_such_entry(demo_site, client):
    login(client, "editor")
    html, links = toolbar_links(client, PERU)
    assert links == [] and "Publish agreement…" not in html
    login(client, "publisher")
    html, links = toolbar_links(client, "/faq/")
    assert links == [] and "Publish agreement…" not in html


def test_the_toolbar_link_publishes_after_confirmation_and_returns_to_the_page(demo_site, client):
    draft = draft_of("peru")
    draft.application_status_note = "Published from the toolbar."
    draft.save()
    login(client, "publisher")
    _html, links = toolbar_links(client, PERU)
    publish = next(link for link in links if "/publish/" in link).replace("&amp;", "&")
    confirm = client.get(publish).content.decode()
    assert "Agreement data of Singapore–Peru" in confirm
    assert 'name="next" value="/implementation-agreements/peru/"' in confirm
    response = client.post(publish, {"next": PERU})
    assert response.status_code == 302 and response["Location"] == PERU
    assert Version.objects.get_for_content(draft).state == PUBLISHED


def test_an_outside_next_address_is_ignored(demo_site, client):
    login(client, "publisher")
    peru = Agreement.objects.get(slug="peru")
    url = reverse("admin:agreements_agreement_publish", args=[peru.pk])
    response = client.post(url, {"next": "https://evil.example/"})
    assert response["Location"] == reverse("admin:agreements_agreement_changelist")
