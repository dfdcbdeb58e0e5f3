"""Reads for the review workflow: the drafts waiting for a publisher."""

from djangocms_versioning.constants import DRAFT

from .models import ReviewRequest


def drafts_waiting_for_review():
    """Review requests whose version is still a draft, oldest first, with what the list shows.

    A request whose version left the draft state is removed by ``editorial.signals``; the
    state filter also keeps out anything changed behind versioning's back (a shell, a restore).
    """
    return (
        ReviewRequest.objects.filter(version__state=DRAFT)
        .select_related("version__content_type", "version__created_by", "requested_by")
        .prefetch_related("version__content")
    )


def waiting_count():
    return ReviewRequest.objects.filter(version__state=DRAFT).count()


def review_request_for(version):
    """The open review request of ``version``, or None."""
    if version is None or version.state != DRAFT:
        return None
    return ReviewRequest.objects.filter(version=version).select_related("requested_by").first()
