"""Keep the search index in step with what the public can see.

Only published CMS content and public agreements (``Agreement.objects.public()``: a published
data version and a published overview page) are indexed; everything else is removed from the
index, so search never reveals drafts. Agreement entries are keyed by the agreement, not by the
rows of a version, so publishing a new version replaces them.
"""

import html

from cms.models import CMSPlugin, Page, PageContent
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from agreements.models import Agreement, AgreementDocument
from agreements.selectors import public_agreement_contents
from registry.models import EligibilityList
from registry.services import ELIGIBILITY_SLUG

from .extraction import clean_text, extract_pdf_text
from .models import DocumentText, SearchEntry

Kind = SearchEntry.Kind


def _plain(markup):
    return clean_text(html.unescape(strip_tags(markup or "")))


def _store(key, kind, *, title, url, body, context="", language=None):
    SearchEntry.objects.update_or_create(
        key=key,
        defaults={
            "language": language or settings.LANGUAGE_CODE,
            "kind": kind,
            "title": title[:400],
            "url": url[:500],
            "body": clean_text(body),
            "context": context[:200],
        },
    )


def _drop(*keys):
    SearchEntry.objects.filter(key__in=keys).delete()


def _published_content(page):
    return PageContent.objects.filter(page=page, language=settings.LANGUAGE_CODE).first()


def page_text(content):
    """The text of the rich-text plugins on a published page content."""
    from djangocms_text.models import Text

    plugin_ids = CMSPlugin.objects.filter(
        placeholder__in=content.get_placeholders(), language=content.language
    ).values("pk")
    bodies = (
        Text.objects.filter(pk__in=plugin_ids).order_by("position").values_list("body", flat=True)
    )
    return "\n".join(_plain(body) for body in bodies)


def _public_agreement(pk):
    """The published data version of the public agreement ``pk``, or None."""
    return (
        public_agreement_contents()
        .filter(agreement_id=pk)
        .prefetch_related("agreement__page__urls")
        .first()
    )


def _agreement_url(agreement):
    return agreement.page.get_absolute_url(settings.LANGUAGE_CODE) or ""


def drop_agreement(pk):
    """Remove every entry of the agreement ``pk``: its facts, list, documents and projects."""
    SearchEntry.objects.filter(
        Q(key__in=[f"agreement:{pk}", f"eligibility:{pk}"])
        | Q(key__startswith=f"document:{pk}:")
        | Q(key__startswith=f"project:{pk}:")
    ).delete()


def index_page_translations(page):
    """One entry per published translation of ``page`` (``page:<pk>:es``), in its language.

    Agreement pages included: a Spanish overview carries the agreement's Spanish facts (the
    data's Spanish columns, English where a column is empty) after its own prose.
    """
    for language, _name in settings.LANGUAGES:
        if language == settings.LANGUAGE_CODE:
            continue
        key = f"page:{page.pk}:{language}"
        content = PageContent.objects.filter(page=page, language=language).first()
        url = page.get_absolute_url(language, fallback=False) if content else None
        section = [page.pk] + ([page.parent_id] if page.parent_id else [])
        agreement = Agreement.objects.filter(page_id__in=section).first()
        public = _public_agreement(agreement.pk) if agreement else None
        if content is None or not url or page.login_required or (agreement and not public):
            _drop(key)
            continue
        body = [content.meta_description, page_text(content)]
        with translation.override(language):
            if agreement is not None and agreement.page_id == page.pk:
                body += [public.summary, public.application_status_note]
                body += [document.title for document in public.documents.all()]
                body += [f"{stage.title}. {stage.purpose}" for stage in public.stages.all()]
            context = str(agreement.title) if agreement else ""
        _store(
            key,
            Kind.PAGE,
            title=content.page_title or content.title,
            url=url,
            body="\n".join(filter(None, body)),
            context=context,
            language=language,
        )


def index_page(page):
    """Index ``page`` if published; an agreement's overview is indexed as the agreement."""
    index_page_translations(page)
    agreement = Agreement.objects.filter(page=page).first()
    if agreement is not None:
        _drop(f"page:{page.pk}")
        index_agreement_all(agreement)
        return
    content = _published_content(page)
    url = page.get_absolute_url(settings.LANGUAGE_CODE) if content else None
    if content is None or url is None or page.login_required:
        _drop(f"page:{page.pk}")
        return
    body = page_text(content)
    parent = Agreement.objects.filter(page_id=page.parent_id).first() if page.parent_id else None
    if parent is not None and not body:
        # Agreement tabs without prose are covered by the agreement's own entries.
        _drop(f"page:{page.pk}")
        return
    _store(
        f"page:{page.pk}",
        Kind.PAGE,
        title=content.page_title or content.title,
        url=url,
        body="\n".join(filter(None, [content.meta_description, body])),
        context=str(parent) if parent else "",
    )


def index_agreement(agreement, public=None):
    """The agreement's facts and its overview page's prose as one result."""
    public = public or _public_agreement(agreement.pk)
    if public is None:
        _drop(f"agreement:{agreement.pk}")
        return
    key = f"agreement:{agreement.pk}"
    agreement = public
    lines = [
        agreement.partner_party,
        agreement.summary,
        agreement.get_status_display(),
        agreement.signed_place,
        agreement.get_application_status_display(),
        agreement.application_status_note,
    ]
    for chair in agreement.co_chairs.all():
        lines.append(f"Joint Committee co-chair: {chair.position_title}, {chair.organisation}")
    for stage in agreement.stages.prefetch_related("requirements"):
        lines += [stage.title, stage.purpose, stage.applicant_submits, stage.applicant_receives]
        lines += [requirement.title for requirement in stage.requirements.all()]
    for milestone in agreement.milestones.all():
        lines.append(f"{milestone.get_kind_display()} {milestone.description}")
    content = _published_content(agreement.page)
    if content is not None:
        lines.append(page_text(content))
    _store(
        key,
        Kind.AGREEMENT,
        title=agreement.title,
        url=_agreement_url(agreement),
        body="\n".join(filter(None, lines)),
        context=agreement.partner_country,
    )


def pending_documents():
    """Documents with a file whose text has not been extracted from that file yet.

    The state is stored (``DocumentText.source_name`` names the file the text came from), so a
    worker that stops half way, or a file replaced since, is caught up by the next run.
    """
    current = DocumentText.objects.filter(document=OuterRef("pk"), source_name=OuterRef("file"))
    return AgreementDocument.objects.exclude(file="").filter(~Exists(current)).order_by("pk")


def document_text(document):
    """The extracted text of the document's current file, or None while it waits for the worker.

    Versions share files: text already read for another row with the same file is copied (a
    database write, no PDF opened).
    """
    existing = DocumentText.objects.filter(document=document).first()
    if existing and existing.source_name == document.file.name:
        return existing
    shared = DocumentText.objects.filter(source_name=document.file.name, error="").first()
    if shared is None:
        return None
    record, _ = DocumentText.objects.update_or_create(
        document=document,
        defaults={"source_name": shared.source_name, "text": shared.text, "error": ""},
    )
    return record


def extract_document_text(document):
    """Read the PDF's text layer into ``DocumentText``; a broken file records its problem."""
    record = document_text(document)
    if record is not None:
        return record
    try:
        with document.file.open("rb") as handle:
            text, problem = extract_pdf_text(handle)
    except OSError as exc:
        text, problem = "", f"The file could not be opened: {exc}"[:300]
    record, _ = DocumentText.objects.update_or_create(
        document=document,
        defaults={"source_name": document.file.name, "text": text, "error": problem},
    )
    return record


def extract_pending_texts(limit=None):
    """Extract the text of every pending document and index those visitors can see.

    One document at a time, each in its own transaction, so a crash loses at most the one being
    read. Returns the number of documents handled.
    """
    done = 0
    for document in pending_documents()[:limit] if limit else pending_documents():
        with transaction.atomic():
            extract_document_text(document)
            public = public_agreement_contents().filter(pk=document.agreement_id).first()
            if public is not None:
                index_document(document, public)
        done += 1
    return done


def index_document(document, public):
    """One signed document of the published version ``public``.

    Its body is the PDF's extracted text; until the worker has read a new file the entry is
    findable by its title only, and the worker re-indexes it.
    """
    key = f"document:{public.agreement_id}:{document.url_name}"
    if not document.file:
        _drop(key)
        return
    record = document_text(document)
    document.agreement = public
    agreement = public
    # The English entry: its title and address in English whatever language is active (the
    # document's address has an /es/ form too).
    with translation.override(settings.LANGUAGE_CODE):
        _store(
            key,
            Kind.DOCUMENT,
            title=document.title,
            url=document.get_absolute_url(),
            body=record.text if record else "",
            context=agreement.title,
        )


def index_eligibility(agreement, public=None):
    key = f"eligibility:{agreement.pk}"
    public = public or _public_agreement(agreement.pk)
    elist = EligibilityList.objects.filter(agreement=public).first() if public else None
    if public is None or elist is None:
        _drop(key)
        return
    lines = [elist.note]
    for item in elist.programmes.select_related("programme"):
        lines += [item.programme.name, item.conditions, item.exclusions]
    for m in elist.methodologies.select_related("programme"):
        lines.append(
            f"{m.identifier} {m.title} ({m.programme.short_name}, {m.get_sector_display()})"
        )
    _store(
        key,
        Kind.ELIGIBILITY,
        title=f"Eligibility list: {public.title}",
        url=_agreement_url(public) + f"{ELIGIBILITY_SLUG}/",
        body="\n".join(filter(None, lines)),
        context=public.partner_country,
    )


def index_project(project, public):
    """One register row of the published version ``public``."""
    key = f"project:{public.agreement_id}:{project.pk}"
    lines = [
        project.developer,
        project.programme.name if project.programme else "",
        project.programme_project_id,
        project.methodology,
        project.get_status_display() if project.status else "",
        project.note,
    ]
    _store(
        key,
        Kind.PROJECT,
        title=project.name,
        url=f"{reverse('registry:projects')}?agreement={public.slug}#project-{project.pk}",
        body="\n".join(filter(None, lines)),
        context=public.partner_country,
    )


def index_agreement_all(agreement):
    """The agreement and everything hanging off it: its public state may just have changed.

    The agreement's entries are replaced by those of its published version (or dropped).
    """
    drop_agreement(agreement.pk)
    public = _public_agreement(agreement.pk)
    if public is None:
        return
    index_agreement(agreement, public)
    index_eligibility(agreement, public)
    for document in public.documents.all():
        index_document(document, public)
    for project in public.authorised_projects.select_related("programme"):
        index_project(project, public)


def index_agreement_section(agreement):
    """The agreement's entries and those of the pages of its section, after a publish."""
    index_agreement_all(agreement)
    if agreement.page_id:
        for page in Page.objects.filter(parent_id=agreement.page_id):
            index_page(page)
        _drop(f"page:{agreement.page_id}")


def rebuild_index():
    """Rebuild the whole index from the database; returns the number of entries."""
    SearchEntry.objects.all().delete()
    for page in Page.objects.filter(pk__in=PageContent.objects.values("page")):
        index_page(page)
    for agreement in Agreement.objects.filter(page__isnull=True):
        index_agreement_all(agreement)
    return SearchEntry.objects.count()
