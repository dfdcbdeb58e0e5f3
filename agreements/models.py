"""Singapore's Article 6 Implementation Agreements: the one source of structured facts.

CMS pages render these records around editable prose, so a date or a document changes in one
place and every page that shows it follows.
"""

from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from security.uploads import FORM_CONTENT_TYPES

from .validators import inspect_pdf, validate_application_form, validate_image_size


class AgreementStatus(models.TextChoices):
    NEGOTIATING = "negotiating", _("Under negotiation")
    CONCLUDED = "concluded", _("Negotiations concluded")
    SIGNED = "signed", _("Signed")
    IN_FORCE = "in_force", _("In force")


class ApplicationStatus(models.TextChoices):
    NOT_YET_OPEN = "not_yet_open", _("Not yet open for applications")
    OPEN = "open", _("Open for applications")
    PAUSED = "paused", _("Applications paused")
    CLOSED = "closed", _("Closed for applications")


#: An address segment: what the download URLs accept (lowercase, digits, single hyphens).
address_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z",
    _("Use lowercase letters, digits and single hyphens, e.g. “annex-a”."),
)


def _free_slug(base, taken):
    """``base``, or ``base-2``, ``base-3``… : the first not in ``taken``."""
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


class AgreementQuerySet(models.QuerySet):
    def public(self, language=None):
        """Agreements a visitor may see: a published data version AND a published overview page.

        The one definition of "public" for the whole site; every public path goes through it
        (or through ``AgreementContentQuerySet.public``, which applies the same rule).
        """
        return self.filter(page__isnull=False).filter(
            Exists(AgreementContent.objects.filter(agreement=OuterRef("pk"))),
            Exists(_published_page_content(OuterRef("page"), language)),
        )


def _published_page_content(page_ref, language=None):
    """Published content of the page ``page_ref`` (``PageContent.objects`` is published-only)."""
    from cms.models import PageContent

    return PageContent.objects.filter(page=page_ref, language=language or settings.LANGUAGE_CODE)


class Agreement(models.Model):
    """A bilateral Implementation Agreement between Singapore and one host country: its identity.

    Everything that changes over an agreement's life (parties, status, dates, documents, stages,
    eligibility list, register) lives in its ``AgreementContent`` versions, which go through
    djangocms-versioning's drafts, publishing, history and revert like CMS pages. This row only
    holds what names the agreement and ties it to its page section.
    """

    partner_country = models.CharField(_("partner country"), max_length=100, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Used in addresses, e.g. 'peru' gives /implementation-agreements/peru/."),
    )
    page = models.OneToOneField(
        "cms.Page",
        verbose_name=_("overview page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreement",
        help_text=_("The CMS page that shows this agreement's overview tab."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    Status = AgreementStatus
    ApplicationStatus = ApplicationStatus

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("implementation agreement")
        verbose_name_plural = _("implementation agreements")
        ordering = ["partner_country"]

    def __str__(self):
        return f"Singapore–{self.partner_country}"

    def get_absolute_url(self):
        """The overview page's address, or None while the agreement has no published page."""
        if not self.page_id:
            return None
        return self.page.get_absolute_url()

    @property
    def title(self):
        """In the active language: "Singapore–Peru Implementation Agreement"."""
        return _("Singapore–%(country)s Implementation Agreement") % {
            "country": self.partner_country
        }

    @property
    def short_title(self):
        return _("Singapore–%(country)s") % {"country": self.partner_country}


class AgreementContentQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by(F("signed_on").desc(nulls_last=True), "agreement__partner_country")

    def open_for_applications(self):
        return self.filter(application_status=AgreementContent.ApplicationStatus.OPEN)

    def public(self, language=None):
        """Of these versions, those a visitor may see: on ``AgreementContent.objects`` (which
        returns published versions only), those whose agreement's overview page is published."""
        return self.filter(agreement__page__isnull=False).filter(
            Exists(_published_page_content(OuterRef("agreement__page"), language))
        )


class AgreementContent(models.Model):
    """One version of an agreement's facts, with every row hanging off it.

    Registered with djangocms-versioning (``agreements.cms_config``): each row has one
    ``Version`` (draft, published, unpublished or archived). ``AgreementContent.objects`` returns
    published versions only; ``admin_manager`` returns all of them. A new draft is a deep copy
    (``agreements.versioning.copy_agreement_content``) of the version it starts from.
    """

    Status = AgreementStatus
    ApplicationStatus = ApplicationStatus

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="contents",
        verbose_name=_("agreement"),
    )
    singapore_party = models.CharField(
        _("Singapore party"), max_length=200, default="Government of the Republic of Singapore"
    )
    partner_party = models.CharField(
        _("partner party"),
        max_length=200,
        help_text=_("The other signatory, e.g. 'Government of the Republic of Peru'."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AgreementStatus.choices,
        default=AgreementStatus.SIGNED,
    )
    negotiations_concluded_on = models.DateField(
        _("negotiations concluded on"), null=True, blank=True
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_place = models.CharField(
        _("place of signing"),
        max_length=200,
        blank=True,
        help_text=_("City, event or 'virtual signing'. Leave empty if not published."),
    )
    entered_into_force_on = models.DateField(_("entered into force on"), null=True, blank=True)
    application_status = models.CharField(
        _("application status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.NOT_YET_OPEN,
    )
    application_status_since = models.DateField(
        _("application status since"),
        null=True,
        blank=True,
        help_text=_("The date the current call opened, or was paused or closed."),
    )
    application_status_note = models.CharField(
        _("application status note"),
        max_length=300,
        blank=True,
        help_text=_("Shown beside the status, e.g. 'Forms and fees are being finalised.'"),
    )
    press_release_url = models.URLField(_("press release link"), blank=True)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two plain sentences for lists and search.")
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    process_diagram = models.ImageField(
        _("process diagram"),
        upload_to="agreements/diagrams/",
        blank=True,
        validators=[validate_image_size],
        help_text=_(
            "Optional picture of the process. The stages listed below are always shown as text."
        ),
    )
    process_diagram_alt = models.CharField(
        _("diagram description (alt text)"),
        max_length=500,
        blank=True,
        help_text=_("Required with a diagram: say in words what the picture shows."),
    )
    process_diagram_long_description = models.TextField(
        _("diagram long description"),
        blank=True,
        help_text=_(
            "Optional: the diagram's full content in words, for a picture too detailed for its "
            "alt text (boxes, arrows, decisions, in order). Shown under the picture."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = AgreementContentQuerySet.as_manager()
    admin_manager = AgreementContentQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement data")
        verbose_name_plural = _("agreement data")
        ordering = ["agreement__partner_country", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["signed", "in_force"]) | Q(signed_on__isnull=False),
                name="agreement_content_signed_needs_date",
                violation_error_message=_("A signed agreement needs the date it was signed."),
            ),
            models.CheckConstraint(
                condition=~Q(status="in_force") | Q(entered_into_force_on__isnull=False),
                name="agreement_content_in_force_needs_date",
                violation_error_message=_("An agreement in force needs its entry-into-force date."),
            ),
            models.CheckConstraint(
                condition=Q(application_status="not_yet_open")
                | Q(application_status_since__isnull=False),
                name="agreement_content_application_status_needs_date",
                violation_error_message=_(
                    "Give the date the application call opened, paused or closed."
                ),
            ),
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True)
                | Q(negotiations_concluded_on__isnull=True)
                | Q(negotiations_concluded_on__lte=F("signed_on")),
                name="agreement_content_concluded_before_signed",
                violation_error_message=_("Negotiations must conclude on or before signing."),
            ),
            models.CheckConstraint(
                condition=Q(application_status="not_yet_open")
                | Q(status__in=["signed", "in_force"]),
                name="agreement_content_applications_need_signature",
                violation_error_message=_("Only a signed agreement can take applications."),
            ),
            models.CheckConstraint(
                condition=Q(entered_into_force_on__isnull=True)
                | Q(signed_on__isnull=True)
                | Q(entered_into_force_on__gte=F("signed_on")),
                name="agreement_content_in_force_after_signed",
                violation_error_message=_("An agreement cannot enter into force before signing."),
            ),
            models.CheckConstraint(
                condition=Q(application_status_since__isnull=True)
                | Q(signed_on__isnull=True)
                | Q(application_status_since__gte=F("signed_on")),
                name="agreement_content_applications_after_signed",
                violation_error_message=_(
                    "The application status cannot date from before the signing."
                ),
            ),
            models.CheckConstraint(
                condition=Q(process_diagram="") | ~Q(process_diagram_alt=""),
                name="agreement_content_diagram_needs_alt",
                violation_error_message=_(
                    "Describe the process diagram in words (alt text) or remove the diagram."
                ),
            ),
        ]

    def __str__(self):
        return str(self.agreement)

    def get_absolute_url(self):
        return self.agreement.get_absolute_url()

    # The agreement's identity, so templates and records read one object.
    @property
    def partner_country(self):
        return self.agreement.partner_country

    @property
    def slug(self):
        return self.agreement.slug

    @property
    def page(self):
        return self.agreement.page

    @property
    def page_id(self):
        return self.agreement.page_id

    @property
    def title(self):
        return self.agreement.title

    @property
    def short_title(self):
        return self.agreement.short_title

    @property
    def is_open_for_applications(self):
        return self.application_status == self.ApplicationStatus.OPEN

    def co_chair_rows(self):
        """(party, co-chair or None) for both parties, Singapore first; uses prefetched rows."""
        by_party = {chair.party: chair for chair in self.co_chairs.all()}
        return [
            ("Singapore", by_party.get(JointCommitteeCoChair.Party.SINGAPORE)),
            (self.partner_country, by_party.get(JointCommitteeCoChair.Party.PARTNER)),
        ]

    def has_publish_permission(self, user):
        """Agreement data publishes on the same rule as pages: ``cms.publish_page``."""
        return user.has_perm("cms.publish_page") and user.has_perm(
            "agreements.change_agreementcontent"
        )

    def has_change_permission(self, user):
        return user.has_perm("agreements.change_agreementcontent")


class AgreementDocument(models.Model):
    """A signed document of an agreement: its main text or a lettered annex, as a PDF."""

    class Kind(models.TextChoices):
        MAIN_TEXT = "main_text", _("Main text")
        ANNEX = "annex", _("Annex")

    agreement = models.ForeignKey(
        AgreementContent, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ANNEX)
    letter = models.CharField(
        _("annex letter"),
        max_length=2,
        blank=True,
        help_text=_("A, B, C… for annexes; empty for the main text."),
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("address"),
        max_length=100,
        blank=True,
        validators=[address_validator],
        help_text=_(
            "The end of the document's address: …/documents/<address>.pdf. Leave empty for "
            "“main-text” or “annex-a”. When you change it, the old address redirects to the new."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    file = models.FileField(_("PDF file"), upload_to="agreements/documents/", blank=True)
    file_size = models.PositiveBigIntegerField(_("file size in bytes"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("number of pages"), null=True, blank=True)
    file_es = models.FileField(
        _("Spanish PDF file"),
        upload_to="agreements/documents/",
        blank=True,
        help_text=_(
            "Optional. Spanish pages link to it at the same address under /es/; without it they "
            "offer the English file."
        ),
    )
    file_es_size = models.PositiveBigIntegerField(
        _("Spanish file size in bytes"), null=True, blank=True
    )
    file_es_page_count = models.PositiveIntegerField(
        _("number of pages of the Spanish file"), null=True, blank=True
    )
    is_stand_in = models.BooleanField(
        _("stand-in file"),
        default=False,
        help_text=_("The file is a placeholder until the published document is uploaded."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("signed document")
        verbose_name_plural = _("signed documents")
        ordering = ["order", "letter"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "letter"],
                condition=Q(kind="annex"),
                name="document_unique_annex_letter",
                violation_error_message=_("This agreement already has an annex with that letter."),
            ),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(kind="main_text"),
                name="document_one_main_text",
                violation_error_message=_("This agreement already has a main text."),
            ),
            models.UniqueConstraint(
                fields=["agreement", "slug"],
                name="document_unique_slug",
                violation_error_message=_(
                    "Another document of this agreement already has this address."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(kind="main_text") & Q(letter=""))
                | (Q(kind="annex") & Q(letter__regex=r"^[A-Z]{1,2}$")),
                name="document_letter_matches_kind",
                violation_error_message=_(
                    "An annex needs a capital letter (A, B, …); the main text has none."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # A blank address is filled here, so rows made outside the admin get one too.
        if not self.slug:
            self.slug = self.default_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "agreements:document",
            kwargs={"slug": self.agreement.slug, "name": self.url_name},
        )

    def clean(self):
        super().clean()
        if self.kind == self.Kind.MAIN_TEXT:
            self.letter = ""
        else:
            self.letter = self.letter.strip().upper()
        # A newly chosen file is checked and measured once, here, so pages never open it.
        if self.file and not getattr(self.file, "_committed", True):
            info = inspect_pdf(self.file)
            self.file_size, self.page_count = info.size, info.page_count
        if self.file_es and not getattr(self.file_es, "_committed", True):
            info = inspect_pdf(self.file_es)
            self.file_es_size, self.file_es_page_count = info.size, info.page_count

    def _spanish_file_shown(self):
        return bool(self.file_es) and get_language() == "es"

    @property
    def shown_file(self):
        """The file a visitor gets in the active language: the Spanish one on Spanish pages
        when there is one, else the English one."""
        return self.file_es if self._spanish_file_shown() else self.file

    @property
    def shown_file_size(self):
        return self.file_es_size if self._spanish_file_shown() else self.file_size

    @property
    def shown_page_count(self):
        return self.file_es_page_count if self._spanish_file_shown() else self.page_count

    def default_slug(self):
        """The address a document gets when the editor leaves it empty: its designation
        (``main-text``, ``annex-a``), as the documents have always been addressed, and free
        within the version."""
        base = "main-text" if self.kind == self.Kind.MAIN_TEXT else f"annex-{self.letter.lower()}"
        taken = set(
            AgreementDocument._base_manager.filter(agreement_id=self.agreement_id)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        return _free_slug(base, taken)

    @property
    def url_name(self):
        """The stored address used in the document's stable URL."""
        return self.slug or self.default_slug()

    @property
    def download_filename(self):
        return f"Singapore-{self.agreement.slug.title()}-IA-{self.url_name}.pdf"


class JointCommitteeCoChair(models.Model):
    """One of the two co-chairs of an agreement's Joint Committee: a position, not a person."""

    class Party(models.TextChoices):
        SINGAPORE = "singapore", _("Singapore")
        PARTNER = "partner", _("Partner country")

    agreement = models.ForeignKey(
        AgreementContent, on_delete=models.CASCADE, related_name="co_chairs"
    )
    party = models.CharField(_("party"), max_length=20, choices=Party.choices)
    position_title = models.CharField(_("position title"), max_length=300)
    organisation = models.CharField(_("organisation"), max_length=300)
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Tick when this is demo content not yet confirmed by a published source."),
    )

    class Meta:
        verbose_name = _("Joint Committee co-chair")
        verbose_name_plural = _("Joint Committee co-chairs")
        ordering = ["party"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "party"],
                name="cochair_one_per_party",
                violation_error_message=_("Each party has one co-chair per agreement."),
            )
        ]

    def __str__(self):
        return f"{self.position_title}, {self.organisation}"


class ApplicationStage(models.Model):
    """One ordered stage of an agreement's application process for project authorisation."""

    agreement = models.ForeignKey(AgreementContent, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField(_("order"), validators=[MinValueValidator(1)])
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("what this stage is for"))
    applicant_submits = models.TextField(_("what the applicant submits"), blank=True)
    applicant_receives = models.TextField(_("what the applicant receives"), blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_(
            "Tick when this stage's wording (what it is for, what is submitted and received) and "
            "its form names are examples, not taken from a published source: the site marks them."
        ),
    )

    class Meta:
        verbose_name = _("application stage")
        verbose_name_plural = _("application stages")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "order"],
                name="stage_unique_order",
                violation_error_message=_("Two stages cannot share the same position."),
            ),
            models.CheckConstraint(condition=Q(order__gte=1), name="stage_order_positive"),
        ]

    def __str__(self):
        return f"Stage {self.order}: {self.title}"


class StageRequirement(models.Model):
    """A form or document an applicant needs at a stage: downloadable, or still to be published."""

    class Availability(models.TextChoices):
        AVAILABLE = "available", _("Available to download")
        TO_BE_PUBLISHED = "to_be_published", _("To be published")

    stage = models.ForeignKey(
        ApplicationStage, on_delete=models.CASCADE, related_name="requirements"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("address"),
        max_length=100,
        blank=True,
        validators=[address_validator],
        help_text=_(
            "The end of the form's address: …/forms/<address>.docx. Leave empty to make it from "
            "the stage number and the title. When you change it, the old address redirects."
        ),
    )
    availability = models.CharField(
        _("availability"),
        max_length=20,
        choices=Availability.choices,
        default=Availability.TO_BE_PUBLISHED,
    )
    file = models.FileField(
        _("file"),
        upload_to="agreements/forms/",
        blank=True,
        validators=[validate_application_form],
        help_text=_("A PDF, a Word document (.docx) or an Excel workbook (.xlsx), up to 20 MB."),
    )
    external_url = models.URLField(_("or a link"), blank=True)

    class Meta:
        verbose_name = _("required form or document")
        verbose_name_plural = _("required forms and documents")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "slug"],
                name="requirement_unique_slug",
                violation_error_message=_("Another form of this stage already has this address."),
            ),
            models.CheckConstraint(
                condition=Q(availability="to_be_published") | ~Q(file="") | ~Q(external_url=""),
                name="requirement_available_has_file",
                violation_error_message=_(
                    "A form marked available needs a file or a link; otherwise mark it "
                    "'to be published'."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Filled at save, not in clean(): two new forms with one title in one admin submission
        # are saved one after the other, so the second sees the first and gets "-2".
        if not self.slug:
            self.slug = self.default_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The form's stable address; None when it has no uploaded file.

        A file stored before forms were checked may have another ending; it keeps its storage URL.
        """
        if not self.file:
            return None
        if self.extension not in FORM_CONTENT_TYPES:
            return self.file.url
        return reverse(
            "agreements:form",
            kwargs={
                "slug": self.stage.agreement.slug,
                "name": self.url_name,
                "extension": self.extension,
            },
        )

    @property
    def extension(self):
        """The stored file's ending (``pdf``, ``docx``, ``xlsx``), checked by content on upload."""
        return PurePosixPath(self.file.name or "").suffix.lower().lstrip(".")

    def clean(self):
        super().clean()
        # The address names the agreement, not the stage: it must be free in the whole version.
        if self.slug and self.stage_id:
            others = StageRequirement._base_manager.filter(
                stage__agreement_id=self.stage.agreement_id, slug=self.slug
            ).exclude(stage_id=self.stage_id)
            if others.exists():
                raise ValidationError(
                    {
                        "slug": _(
                            "A form of another stage of this agreement already has this address."
                        )
                    }
                )

    def default_slug(self):
        """``<stage order>-<slug of the title>``, free within the agreement version (``-2``…).

        Stored once, so reordering stages or forms, or renaming a form, never moves it.
        """
        base = f"{self.stage.order}-{slugify(self.title)[:80].strip('-') or 'form'}"
        taken = set(
            StageRequirement._base_manager.filter(stage__agreement_id=self.stage.agreement_id)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        return _free_slug(base, taken)

    @property
    def url_name(self):
        """The stored address used in the form's stable URL."""
        return self.slug or self.default_slug()

    @property
    def download_filename(self):
        agreement = self.stage.agreement.slug.title()
        return f"Singapore-{agreement}-IA-stage-{self.url_name}.{self.extension}"


class FormerAddress(models.Model):
    """An address a signed document or form had before an editor changed it: it redirects.

    Kept per agreement (not per version), so the old link keeps answering with a permanent
    redirect to the current address in every later version.
    """

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Signed document")
        FORM = "form", _("Form or document of a stage")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="former_addresses"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    old_slug = models.SlugField(_("old address"), max_length=100)
    new_slug = models.SlugField(_("new address"), max_length=100)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("former address")
        verbose_name_plural = _("former addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind", "old_slug"], name="former_address_unique"
            )
        ]

    def __str__(self):
        return f"{self.old_slug} → {self.new_slug}"


class Milestone(models.Model):
    """A dated event in an agreement's life, shown as its timeline."""

    class Kind(models.TextChoices):
        MOU = "mou", _("Memorandum of understanding signed")
        NEGOTIATIONS_CONCLUDED = "negotiations_concluded", _("Negotiations concluded")
        SIGNED = "signed", _("Implementation Agreement signed")
        ENTERED_INTO_FORCE = "entered_into_force", _("Entered into force")
        ELIGIBILITY_LIST = "eligibility_list", _("Eligibility list published")
        CALL_OPENED = "call_opened", _("Application call opened")
        CALL_CLOSED = "call_closed", _("Application call closed")
        OTHER = "other", _("Other")

    agreement = models.ForeignKey(
        AgreementContent, on_delete=models.CASCADE, related_name="milestones"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.date:%d %b %Y}: {self.get_kind_display()}"
