"""What changed in an agreement's public facts, from two snapshots: the alert's content.

A snapshot is a plain dict of what a visitor can see about an agreement in one version of its
data (``AgreementContent``): the publish compares the previously published version with the new
one (``alerts.hooks``), and the confirmation page the published version with the draft about to
go live. Only ``snapshot`` knows the models; adapt it alone when they change.

Snapshot keys::

    public                   bool: visitors can see the agreement (published data and overview page)
    slug, title, path        identity and the overview page's address ("" while unpublished)
    status, signed_on        Agreement.Status value, ISO date or None
    application_status       Agreement.ApplicationStatus value
    application_status_since ISO date or None (a new date means a new call)
    documents                {url_name: {"title": str, "file": stored file name}}
    eligibility              {"version_date": ISO date or None, "entries": [str, ...]} or None
"""

from dataclasses import dataclass, field
from datetime import date

from django.apps import apps

from .kinds import AlertKind

SIGNED = {"signed", "in_force"}
OPEN = "open"


@dataclass(frozen=True)
class ChangeSet:
    """The kinds of alert a change calls for, and one plain sentence per thing that changed."""

    kinds: list = field(default_factory=list)
    summary_lines: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.kinds)


def _iso(value):
    return value.isoformat() if value else None


def _long_date(iso):
    if not iso:
        return ""
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def snapshot(content, *, public=None):
    """The public facts of one data version, ``content`` (an ``AgreementContent``).

    ``public`` says whether visitors can (or could) see this version; by default, whether it is
    the published version of a public agreement now (``AgreementContent.objects.public``).
    """
    from agreements.models import AgreementContent

    if public is None:
        public = AgreementContent.objects.public().filter(pk=content.pk).exists()
    agreement = content.agreement
    path = (agreement.get_absolute_url() or "") if public and agreement.page_id else ""
    documents = {
        document.url_name: {"title": document.title, "file": document.file.name or ""}
        for document in content.documents.all()
    }
    return {
        "public": bool(public),
        "slug": agreement.slug,
        "title": agreement.title,
        "path": path,
        "status": content.status,
        "signed_on": _iso(content.signed_on),
        "application_status": content.application_status,
        "application_status_since": _iso(content.application_status_since),
        "documents": documents,
        "eligibility": _eligibility_snapshot(content),
    }


def _eligibility_snapshot(agreement):
    if not apps.is_installed("registry"):
        return None
    from registry.models import EligibilityList

    eligibility = (
        EligibilityList.objects.filter(agreement=agreement)
        .prefetch_related("programmes__programme", "methodologies__programme")
        .first()
    )
    if eligibility is None:
        return None
    entries = [f"programme:{row.programme.slug}" for row in eligibility.programmes.all()]
    entries += [
        f"methodology:{row.programme.slug}:{row.identifier}"
        for row in eligibility.methodologies.all()
    ]
    return {"version_date": _iso(eligibility.version_date), "entries": sorted(entries)}


def detect_changes(previous, current):
    """Compare two snapshots (``previous`` may be None: the agreement was not there before).

    Nothing is reported unless ``current`` is public: a draft never alerts anyone.
    """
    if not current or not current.get("public"):
        return ChangeSet()
    was_public = bool(previous and previous.get("public"))
    previous = previous or {}
    kinds, lines = [], []
    title = current["title"]

    if current["status"] in SIGNED and (not was_public or previous.get("status") not in SIGNED):
        kinds.append(AlertKind.AGREEMENT_SIGNED.value)
        when = _long_date(current.get("signed_on"))
        lines.append(f"The {title} was signed{' on ' + when if when else ''}.")

    is_open = current["application_status"] == OPEN
    new_call = previous.get("application_status") != OPEN or previous.get(
        "application_status_since"
    ) != current.get("application_status_since")
    if is_open and (not was_public or new_call):
        kinds.append(AlertKind.CALL_OPENED.value)
        since = _long_date(current.get("application_status_since"))
        lines.append(
            f"Project applications under the {title} are open{' from ' + since if since else ''}."
        )

    if was_public:
        old_documents = previous.get("documents") or {}
        document_lines = []
        for name, document in sorted((current.get("documents") or {}).items()):
            old = old_documents.get(name)
            if old is None and document["file"]:
                document_lines.append(f"Added: {document['title']}.")
            elif old is not None and document["file"] and old["file"] != document["file"]:
                document_lines.append(f"Replaced with a new file: {document['title']}.")
        if document_lines:
            kinds.append(AlertKind.DOCUMENTS_CHANGED.value)
            lines += document_lines

        old_list, new_list = previous.get("eligibility"), current.get("eligibility")
        if new_list and old_list != new_list:
            kinds.append(AlertKind.ELIGIBILITY_CHANGED.value)
            version = _long_date(new_list.get("version_date"))
            lines.append(
                "The eligibility list of crediting programmes and methodologies was updated"
                f"{' (version of ' + version + ')' if version else ''}."
            )
    return ChangeSet(kinds=kinds, summary_lines=lines)
