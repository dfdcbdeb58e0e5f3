"""What counts as news, from two snapshots of an agreement's public facts."""

import copy

from alerts.changes import detect_changes

THAILAND = {
    "public": True,
    "slug": "thailand",
    "title": "Singapore–Thailand Implementation Agreement",
    "path": "/implementation-agreements/thailand/",
    "status": "signed",
    "signed_on": "2025-08-19",
    "application_status": "not_yet_open",
    "application_status_since": None,
    "documents": {"main-text": {"title": "Main text", "file": "th-main.pdf"}},
    "eligibility": {"version_date": "2025-11-18", "entries": ["programme:verra"]},
}


def changed(**fields):
    snapshot = copy.deepcopy(THAILAND)
    snapshot.update(fields)
    return snapshot


def test_opening_the_call_is_news():
    found = detect_changes(
        THAILAND, changed(application_status="open", application_status_since="2025-12-01")
    )
    assert found.kinds == ["call_opened"]
    assert found.summary_lines == [
        "Project applications under the Singapore–Thailand Implementation Agreement are open "
        "from 1 December 2025."
    ]


def test_a_second_call_is_news_and_an_unchanged_open_call_is_not():
    first = changed(application_status="open", application_status_since="2025-12-01")
    assert not detect_changes(first, copy.deepcopy(first))
    second = changed(application_status="open", application_status_since="2026-06-01")
    assert detect_changes(first, second).kinds == ["call_opened"]


def test_nothing_is_news_while_the_agreement_is_not_public():
    draft = changed(public=False, application_status="open", application_status_since="2025-12-01")
    assert not detect_changes(THAILAND, draft)
    assert not detect_changes(None, draft)


def test_going_public_announces_a_signed_agreement_and_its_open_call():
    found = detect_changes(
        changed(public=False),
        changed(application_status="open", application_status_since="2025-12-01"),
    )
    assert found.kinds == ["agreement_signed", "call_opened"]
    assert "signed on 19 August 2025" in found.summary_lines[0]


def test_documents_added_or_replaced():
    current = changed(
        documents={
            "main-text": {"title": "Main text", "file": "th-main-v2.pdf"},
            "annex-a": {"title": "Annex A", "file": "th-a.pdf"},
        }
    )
    found = detect_changes(THAILAND, current)
    assert found.kinds == ["documents_changed"]
    assert found.summary_lines == ["Added: Annex A.", "Replaced with a new file: Main text."]


def test_eligibility_list_changes():
    current = changed(eligibility={"version_date": "2026-02-01", "entries": ["programme:verra"]})
    found = detect_changes(THAILAND, current)
    assert found.kinds == ["eligibility_changed"]
    assert "version of 1 February 2026" in found.summary_lines[0]


def test_a_trivial_edit_is_not_news():
    assert not detect_changes(THAILAND, changed(title=THAILAND["title"]))
