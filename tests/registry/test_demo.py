"""Loading the demo content again changes nothing in the open-data apps."""

import pytest
from cms.models import Page
from django.core.management import call_command

from opendata.models import DocumentEvent
from registry.models import (
    AuthorisedProject,
    CreditingProgramme,
    EligibilityList,
    EligibleMethodology,
    EligibleProgramme,
)
from sitesearch.models import DocumentText, SearchEntry

pytestmark = pytest.mark.django_db

MODELS = [
    Page,
    CreditingProgramme,
    EligibilityList,
    EligibleProgramme,
    EligibleMethodology,
    AuthorisedProject,
    DocumentEvent,
    DocumentText,
    SearchEntry,
]


def test_loading_twice_changes_nothing(demo_site):
    before = {model.__name__: model.objects.count() for model in MODELS}
    keys = set(SearchEntry.objects.values_list("key", "title", "url"))
    call_command("load_demo_content", verbosity=0)
    assert {model.__name__: model.objects.count() for model in MODELS} == before
    assert set(SearchEntry.objects.values_list("key", "title", "url")) == keys
    assert before["AuthorisedProject"] == 4
    assert before["DocumentText"] == before["DocumentEvent"] == 13
