"""Editors see which agreement data still shows English on Spanish pages."""

import pytest
from django.urls import reverse

from agreements.models import AgreementContent
from agreements.selectors import lacking_spanish, spanish_gaps
from tests.agreements.factories import admin_user, make_agreement, make_co_chair, make_document

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:agreements_agreementcontent_changelist"


def translate_everything(content):
    agreement = content.agreement
    agreement.partner_country_es = "Tierra de prueba"
    agreement.save()
    content.summary_es = "Un resumen."
    content.save()
    content.documents.update(title_es="Anexo A")
    content.co_chairs.update(position_title_es="Director", organisation_es="Un organismo")


def test_the_gaps_name_each_english_only_field_until_it_is_translated():
    content = make_agreement(summary="An English summary.")
    make_document(content, letter="A")
    make_co_chair(content)
    assert spanish_gaps(content) == [
        "summary",
        "documents: title",
        "co-chairs: position_title",
        "co-chairs: organisation",
        "partner country",
    ]
    mine = AgreementContent._base_manager.filter(pk=content.pk)
    assert list(lacking_spanish(mine)) == [content]

    translate_everything(content)
    content.refresh_from_db()
    assert spanish_gaps(content) == []
    assert not lacking_spanish(mine).exists()


def test_the_admin_list_has_a_spanish_missing_column_and_filter(client):
    untranslated = make_agreement(summary="English only.")
    translated = make_agreement(summary="Both languages.")
    translate_everything(translated)
    client.force_login(admin_user())

    page = client.get(reverse(CHANGELIST)).content.decode()
    assert "Spanish missing" in page
    assert "summary, partner country" in page

    mine = {untranslated.pk, translated.pk}

    def listed(value):
        rows = client.get(reverse(CHANGELIST), {"spanish": value}).context["cl"].result_list
        return {content.pk for content in rows} & mine

    assert listed("missing") == {untranslated.pk}
    assert listed("complete") == {translated.pk}
