"""Reads for the public pages, each in a fixed number of queries whatever the data's size.

"Public" has one definition, in the models (``Agreement.objects.public()``,
``AgreementContent.objects.public()``): a published version of the agreement's data AND a
published overview page. Every public path reads through ``public_agreement_contents``; staff
with the right to change agreement data see the current draft instead, and only where they asked
for it (``sees_drafts``).

Page URLs are read in the same query as the agreements (a subquery on the CMS's page URLs), so
listing ten or two hundred agreements costs the same.
"""

from cms.models import Page, PageContent, PageUrl
from django import forms
from django.conf import settings
from django.db.models import Exists, OuterRef, Q, Subquery, prefetch_related_objects
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext, override

from .models import Agreement, AgreementContent

PREVIEW_PARAMETER = "agreement_version"


def public_agreements(language=None):
    """Agreements a visitor may see (see ``AgreementQuerySet.public``)."""
    return Agreement.objects.public(language)


def public_agreement_contents(language=None):
    """The published data version of every public agreement, with its agreement and page."""
    return AgreementContent.objects.public(language).select_related("agreement__page")


def can_see_drafts(user):
    return bool(user and user.is_authenticated and user.is_staff) and user.has_perm(
        "agreements.change_agreementcontent"
    )


def sees_drafts(request, *, toolbar_mode=True):
    """Whether this request shows the current draft of agreement data instead of the public one.

    Only staff allowed to change agreement data, and (for pages) only in the CMS's edit or
    preview mode, which the CMS itself grants only to staff.
    """
    if request is None or not can_see_drafts(getattr(request, "user", None)):
        return False
    if not toolbar_mode:
        return True
    toolbar = getattr(request, "toolbar", None)
    return bool(toolbar and (toolbar.edit_mode_active or toolbar.preview_mode_active))


def agreement_contents_for(request, *, toolbar_mode=True):
    """The versions ``request`` may see: the current draft (or published) version for staff
    previewing, the published version of public agreements for everyone else."""
    if sees_drafts(request, toolbar_mode=toolbar_mode):
        queryset = AgreementContent.admin_manager.current_content()
        version = request.GET.get(PREVIEW_PARAMETER, "")
        if version.isdigit():
            queryset = AgreementContent.admin_manager.filter(pk=int(version))
        return queryset.select_related("agreement__page")
    return public_agreement_contents()


def _page_url(path, language):
    """The public URL of a CMS page path, as the CMS itself reverses it."""
    if path is None:
        return None
    with override(language):
        try:
            if path == "":
                return reverse("pages-root")
            return reverse("pages-details-by-slug", kwargs={"slug": path})
        except NoReverseMatch:
            return None


def agreements_with_urls(language=None):
    """Public agreements' published data, annotated with ``page_path``, in one query."""
    language = language or settings.LANGUAGE_CODE
    return public_agreement_contents(language).annotate(
        page_path=Subquery(
            PageUrl.objects.filter(
                page_id=OuterRef("agreement__page_id"), language=language
            ).values("path")[:1]
        ),
    )


def _with_public_url(agreements, language):
    for agreement in agreements:
        agreement.public_url = _page_url(agreement.page_path, language)
    return agreements


class AgreementFilterForm(forms.Form):
    """The index's one filter, drawn by the site's filter-form component like the register's."""

    status = forms.ChoiceField(
        label="Application status",
        required=False,
        choices=[("", "All agreements")] + list(Agreement.ApplicationStatus.choices),
    )


def agreements_listing(*, status="", language=None):
    """Every agreement, newest first, optionally only those with application ``status``.

    An unknown ``status`` is ignored (the full list is shown, and ``ignored`` names the filter)
    rather than failing.
    """
    language = language or settings.LANGUAGE_CODE
    form = AgreementFilterForm({"status": status})
    valid = form.is_valid()
    status = form.cleaned_data["status"] if valid else ""
    queryset = agreements_with_urls(language).newest_first()
    if status:
        queryset = queryset.filter(application_status=status)
    return {
        "agreements": _with_public_url(list(queryset), language),
        "form": form,
        "status": status,
        "status_label": Agreement.ApplicationStatus(status).label if status else "",
        "ignored": sorted(form.errors),
    }


def agreements_at_a_glance(*, language=None):
    """Figures for the home page, from one query."""
    language = language or settings.LANGUAGE_CODE
    agreements = _with_public_url(list(agreements_with_urls(language).newest_first()), language)
    signed = [a for a in agreements if a.signed_on]
    return {
        "agreements": agreements,
        "count": len(agreements),
        "signed_count": len(signed),
        "newest": signed[0] if signed else None,
        "open": [a for a in agreements if a.is_open_for_applications],
    }


def agreement_for_page(page, request=None):
    """The agreement data shown on ``page`` (its overview or a tab below it), with its blocks.

    Visitors get the published version of a public agreement, or None; staff previewing get the
    current draft (``sees_drafts``).

    Documents and stages are prefetched (every tab shows the newest document date; the overview
    and process tabs read the stages more than once): one query each. Co-chairs are read once, on
    the overview only, so they are not prefetched. The stages' requirements
    are only listed on the application process tab, which reads them with
    ``prefetch_stage_requirements`` (one more query there, none on the other tabs).
    """
    candidates = [page.pk]
    if page.parent_id:
        candidates.append(page.parent_id)
    agreement = (
        agreement_contents_for(request)
        .filter(agreement__page_id__in=candidates)
        .prefetch_related("documents", "stages")
        .first()
    )
    if agreement is not None and agreement.page_id == page.pk:
        # The page the CMS resolved already holds its URL; without this, the overview's JSON-LD
        # read the same page and its URLs again (two queries on every uncached render).
        agreement.agreement.page = page
    return agreement


def page_belongs_to_agreement(page):
    """Whether ``page`` is the overview or a tab of some agreement's section."""
    candidates = [page.pk, page.parent_id] if page.parent_id else [page.pk]
    return Agreement.objects.filter(page_id__in=candidates).exists()


def prefetch_stage_requirements(agreement):
    """``agreement``'s stages with their requirements, in one query for every stage."""
    stages = list(agreement.stages.all())
    prefetch_related_objects(stages, "requirements")
    return stages


def agreement_tabs(agreement, *, language=None, current_page_id=None):
    """The overview page and its published child pages, in tree order, as tab dicts."""
    language = language or settings.LANGUAGE_CODE
    pages = (
        Page.objects.filter(Q(pk=agreement.page_id) | Q(parent_id=agreement.page_id))
        .order_by("path")
        .annotate(
            url_path=Subquery(
                PageUrl.objects.filter(page_id=OuterRef("pk"), language=language).values("path")[:1]
            ),
            url_slug=Subquery(
                PageUrl.objects.filter(page_id=OuterRef("pk"), language=language).values("slug")[:1]
            ),
            tab_title=Subquery(
                PageContent.objects.filter(page_id=OuterRef("pk"), language=language).values(
                    "menu_title"
                )[:1]
            ),
            content_title=Subquery(
                PageContent.objects.filter(page_id=OuterRef("pk"), language=language).values(
                    "title"
                )[:1]
            ),
        )
        .values("pk", "url_path", "url_slug", "tab_title", "content_title")
    )
    with override(language):
        overview_title, draft_title = gettext("Overview"), gettext("Draft tab")
    tabs = []
    for row in pages:
        is_overview = row["pk"] == agreement.page_id
        is_current = row["pk"] == current_page_id
        published = row["content_title"] is not None
        if not (published or is_current):
            continue
        title = overview_title if is_overview else (row["tab_title"] or row["content_title"])
        if not title:  # an editor previewing an unpublished tab
            title = draft_title
        tabs.append(
            {
                "title": title,
                "url": _page_url(row["url_path"], language),
                "slug": "" if is_overview else row["url_slug"],
                "is_current": is_current,
            }
        )
    return tabs


# --- What still lacks Spanish (the agreement data admin's "Spanish missing" column and filter) ---
# Each model's translated fields, as agreements/translation.py registers them, and how a version's
# rows of that model are reached from the version.
SPANISH_FIELDS = [
    (
        "",
        ("summary", "signed_place", "application_status_note", "process_diagram_long_description"),
    ),
    ("documents", ("title",)),
    ("co_chairs", ("position_title", "organisation")),
    ("stages", ("title", "purpose", "applicant_submits", "applicant_receives")),
    ("milestones", ("description",)),
]


def _lacks_spanish(field):
    """Rows whose English text is filled and whose Spanish column is empty."""
    return (
        ~Q(**{f"{field}_en": ""})
        & Q(**{f"{field}_en__isnull": False})
        & (Q(**{f"{field}_es": ""}) | Q(**{f"{field}_es__isnull": True}))
    )


def spanish_gaps(content):
    """The names of what a version shows in English only, e.g. ["summary", "stages: purpose"];
    empty when everything with English text has its Spanish."""
    missing = []
    for relation, fields in SPANISH_FIELDS:
        rows = (
            AgreementContent._base_manager.filter(pk=content.pk)
            if not relation
            else getattr(content, relation).all()
        )
        for field in fields:
            if rows.filter(_lacks_spanish(field)).exists():
                missing.append(f"{relation.replace('_', '-')}: {field}" if relation else field)
    if content.agreement.partner_country_en and not content.agreement.partner_country_es:
        missing.append("partner country")
    return missing


def lacking_spanish(queryset):
    """Narrow agreement versions to those showing something in English only (one EXISTS per
    related model, so no join multiplies the rows)."""
    condition = Q(
        ~Q(agreement__partner_country_en="")
        & (Q(agreement__partner_country_es="") | Q(agreement__partner_country_es__isnull=True))
    )
    for relation, fields in SPANISH_FIELDS:
        lacks = Q()
        for field in fields:
            lacks |= _lacks_spanish(field)
        if not relation:
            condition |= lacks
            continue
        related = AgreementContent._meta.get_field(relation).related_model
        condition |= Exists(related._base_manager.filter(lacks, agreement=OuterRef("pk")))
    return queryset.filter(condition)
