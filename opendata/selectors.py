"""Reads behind the open-data downloads, the update feed and the JSON-LD.

Each runs a fixed number of queries whatever the number of agreements or documents.
"""

from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from agreements.models import AgreementDocument, Milestone
from agreements.selectors import public_agreement_contents
from registry.selectors import agreements_with_counts

from .models import DocumentEvent


def agreements_with_details():
    """Public agreements (their published data) with documents, milestones, register count and
    eligibility date."""
    return list(
        agreements_with_counts().prefetch_related(
            Prefetch("documents", queryset=AgreementDocument.objects.order_by("order", "letter")),
            Prefetch("milestones", queryset=Milestone.objects.order_by("date", "pk")),
        )
    )


def agreement_url(agreement):
    """The overview page's address of ``agreement`` (an agreement or a version of its data)."""
    if agreement.page_id:
        return agreement.page.get_absolute_url() or ""
    return ""


def _date(value):
    return value.isoformat() if value else None


def agreement_record(agreement, absolute):
    """One agreement as plain data; ``absolute`` turns a path into a full URL."""
    return {
        "partner_country": agreement.partner_country,
        "slug": agreement.slug,
        "title": agreement.title,
        "url": absolute(agreement_url(agreement)),
        "parties": [agreement.singapore_party, agreement.partner_party],
        "status": agreement.status,
        "status_label": str(agreement.get_status_display()),
        "negotiations_concluded_on": _date(agreement.negotiations_concluded_on),
        "signed_on": _date(agreement.signed_on),
        "signed_place": agreement.signed_place or None,
        "entered_into_force_on": _date(agreement.entered_into_force_on),
        "application_status": agreement.application_status,
        "application_status_label": str(agreement.get_application_status_display()),
        "application_status_since": _date(agreement.application_status_since),
        "application_status_note": agreement.application_status_note or None,
        "summary": agreement.summary or None,
        "press_release_url": agreement.press_release_url or None,
        "eligibility_list_published": agreement.eligibility_list_pk is not None,
        "eligibility_list_version_date": _date(agreement.eligibility_version),
        # Official rows only; the demo's illustrative rows are counted apart.
        "authorised_projects": agreement.project_count,
        "illustrative_projects": agreement.illustrative_project_count,
        "documents": [
            {
                "kind": document.kind,
                "letter": document.letter or None,
                "title": document.title,
                "url": absolute(document.get_absolute_url()) if document.file else None,
                "file_size_bytes": document.file_size,
                "page_count": document.page_count,
                "stand_in": document.is_stand_in,
                "updated_at": document.updated_at.isoformat(timespec="seconds"),
            }
            for document in agreement.documents.all()
        ],
        "milestones": [
            {
                "date": _date(milestone.date),
                "kind": milestone.kind,
                "label": str(milestone.get_kind_display()),
                "description": milestone.description or None,
            }
            for milestone in agreement.milestones.all()
        ],
    }


@dataclass(frozen=True)
class FeedItem:
    guid: str
    title: str
    description: str
    link: str
    updated: datetime
    category: str


FEED_MILESTONES = {
    Milestone.Kind.SIGNED,
    Milestone.Kind.ENTERED_INTO_FORCE,
    Milestone.Kind.CALL_OPENED,
    Milestone.Kind.CALL_CLOSED,
    Milestone.Kind.ELIGIBILITY_LIST,
    Milestone.Kind.NEGOTIATIONS_CONCLUDED,
}


def _start_of_day(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _facts_without_milestones(agreements, tag_prefix):
    """Signings and open calls recorded on the agreement but not (yet) as a milestone.

    Editors may open a call by changing the agreement's status without adding a milestone;
    the feed still reports it, once. When a milestone with the same date is added later, the
    milestone's entry takes this one's place.
    """
    recorded = set(
        Milestone.objects.filter(
            agreement_id__in=agreements,
            kind__in=[Milestone.Kind.SIGNED, Milestone.Kind.CALL_OPENED],
        ).values_list("agreement_id", "kind", "date")
    )
    items = []
    for agreement in agreements.values():
        facts = [(Milestone.Kind.SIGNED, agreement.signed_on)]
        if agreement.is_open_for_applications:
            facts.append((Milestone.Kind.CALL_OPENED, agreement.application_status_since))
        for kind, day in facts:
            if day is None or (agreement.pk, kind, day) in recorded:
                continue
            label = Milestone.Kind(kind).label
            items.append(
                FeedItem(
                    guid=f"{tag_prefix}agreement-{agreement.agreement_id}-{kind}-{day.isoformat()}",
                    title=f"{agreement}: {label}",
                    description=f"{label} on {date_format(day, 'j F Y')}.",
                    link=agreement_url(agreement),
                    updated=_start_of_day(day),
                    category=kind,
                )
            )
    return items


def feed_items(*, tag_prefix="", limit=50):
    """Milestones and document events of public agreements, newest first.

    Milestones and facts come from the published version of each agreement's data; their entry
    ids name the agreement, the kind and the date, so publishing a new version of the same facts
    keeps every entry's id.
    """
    agreements = {
        a.pk: a for a in public_agreement_contents().prefetch_related("agreement__page__urls")
    }
    by_agreement = {a.agreement_id: a for a in agreements.values()}
    items = []
    milestones = (
        Milestone.objects.filter(agreement_id__in=agreements, kind__in=FEED_MILESTONES)
        .order_by("-date", "-pk")
        .only("pk", "date", "kind", "description", "agreement_id")[:limit]
    )
    for milestone in milestones:
        agreement = agreements[milestone.agreement_id]
        label = milestone.get_kind_display()
        description = f"{label} on {date_format(milestone.date, 'j F Y')}."
        if milestone.description:
            description += f" {milestone.description}."
        items.append(
            FeedItem(
                guid=(
                    f"{tag_prefix}milestone-{agreement.agreement_id}-{milestone.kind}-"
                    f"{milestone.date.isoformat()}"
                ),
                title=f"{agreement}: {label}",
                description=description,
                link=agreement_url(agreement) or reverse("registry:projects"),
                updated=_start_of_day(milestone.date),
                category=milestone.kind,
            )
        )
    items += _facts_without_milestones(agreements, tag_prefix)
    # Stand-in files are demo placeholders, not news; their replacement by the real PDF is.
    events = (
        DocumentEvent.objects.filter(agreement_id__in=by_agreement)
        .exclude(document__is_stand_in=True)
        .select_related("document")[:limit]
    )
    for event in events:
        agreement = by_agreement[event.agreement_id]
        link = agreement_url(agreement)
        if event.document and event.document.file:
            event.document.agreement = agreement
            link = event.document.get_absolute_url()
        items.append(
            FeedItem(
                guid=f"{tag_prefix}document-event-{event.pk}",
                title=f"{agreement}: {event.get_kind_display()}, {event.title}",
                description=(
                    f"{event.get_kind_display()} to the {agreement.title}: {event.title}."
                ),
                link=link,
                updated=event.occurred_at,
                category=f"document_{event.kind}",
            )
        )
    items.sort(key=lambda item: item.updated, reverse=True)
    return items[:limit]
