"""Drafts never reach anonymous visitors, whatever they add to the address."""

import pytest
from cms.toolbar.utils import get_object_edit_url, get_object_preview_url
from django.test import Client
from djangocms_text.models import Text

from agreements.models import Agreement

from .cms_helpers import edit_text_url, open_draft, placeholder

PERU = "/implementation-agreements/peru/"
DRAFT_WORDS = "Draft words that must not leak."


@pytest.mark.django_db
def test_anonymous_visitors_never_see_a_draft(editor_client):
    anonymous = Client()
    assert DRAFT_WORDS not in anonymous.get(PERU).content.decode()  # warms the page cache

    draft = open_draft(editor_client, Agreement.objects.get(slug="peru").page)
    plugin = Text.objects.get(placeholder=placeholder(draft, "intro"))
    response = editor_client.post(
        edit_text_url(plugin) + f"?cms_path={PERU}", {"body": f"<p>{DRAFT_WORDS}</p>"}
    )
    assert response.status_code == 200
    preview = editor_client.get(get_object_preview_url(draft.content))
    assert DRAFT_WORDS in preview.content.decode()

    for url in [PERU, f"{PERU}?edit", f"{PERU}?preview", f"{PERU}?toolbar_on", f"{PERU}?edit_on"]:
        response = anonymous.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert DRAFT_WORDS not in html, url
        assert "concluded negotiations at COP29" in html, url
    for url in [get_object_preview_url(draft.content), get_object_edit_url(draft.content)]:
        response = anonymous.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
