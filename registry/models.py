"""What a project may use under each agreement, and which projects have been authorised.

Both hang off a version of agreement data (``agreements.AgreementContent``), so they are drafted,
published and reverted with the rest of the agreement's facts, and a new agreement gets its own
list and register without any code change.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    """Broad sectors used to filter methodologies; the values appear in query strings."""

    ENERGY = "energy", _("Energy")
    HOUSEHOLDS = "households", _("Households and communities")
    TRANSPORT = "transport", _("Transport")
    INDUSTRY = "industry", _("Industry")
    WASTE = "waste", _("Waste")
    AGRICULTURE = "agriculture", _("Agriculture")
    LAND_USE = "land-use", _("Forestry and land use")
    REMOVALS = "removals", _("Carbon removal")


class CreditingProgramme(models.Model):
    """A carbon-crediting programme (Verra VCS, Gold Standard, ...), shared by every agreement."""

    slug = models.SlugField(
        _("slug"), max_length=50, unique=True, help_text=_("Used in filters, e.g. 'verra'.")
    )
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=50)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("crediting programme")
        verbose_name_plural = _("crediting programmes")
        ordering = ["short_name"]

    def __str__(self):
        return self.short_name


class EligibilityListQuerySet(models.QuerySet):
    def with_agreement(self):
        return self.select_related("agreement__agreement")


class EligibilityList(models.Model):
    """The programmes and methodologies a project may use under one agreement."""

    agreement = models.OneToOneField(
        "agreements.AgreementContent",
        on_delete=models.CASCADE,
        related_name="eligibility_list",
        verbose_name=_("agreement"),
    )
    version_date = models.DateField(
        _("version date"),
        null=True,
        blank=True,
        help_text=_("The date of the published list this reproduces; empty if not published."),
    )
    source_url = models.URLField(_("published list"), blank=True)
    note = models.TextField(
        _("note"), blank=True, help_text=_("General conditions, shown above the tables.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = EligibilityListQuerySet.as_manager()

    class Meta:
        verbose_name = _("eligibility list")
        verbose_name_plural = _("eligibility lists")
        ordering = ["agreement__agreement__partner_country"]

    def __str__(self):
        return f"Eligibility list: {self.agreement}"


class EligibleProgramme(models.Model):
    """A crediting programme on an agreement's list, with the conditions that list sets for it."""

    eligibility_list = models.ForeignKey(
        EligibilityList, on_delete=models.CASCADE, related_name="programmes"
    )
    programme = models.ForeignKey(
        CreditingProgramme, on_delete=models.PROTECT, related_name="+", verbose_name=_("programme")
    )
    conditions = models.TextField(_("conditions"), blank=True)
    exclusions = models.TextField(_("exclusions"), blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        verbose_name = _("eligible programme")
        verbose_name_plural = _("eligible programmes")
        ordering = ["programme__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["eligibility_list", "programme"],
                name="eligible_programme_once_per_list",
                violation_error_message=_("This programme is already on the list."),
            )
        ]

    def __str__(self):
        return str(self.programme)


class EligibleMethodology(models.Model):
    """One methodology a project may use under an agreement."""

    eligibility_list = models.ForeignKey(
        EligibilityList, on_delete=models.CASCADE, related_name="methodologies"
    )
    programme = models.ForeignKey(
        CreditingProgramme, on_delete=models.PROTECT, related_name="+", verbose_name=_("programme")
    )
    identifier = models.CharField(
        _("identifier"), max_length=60, help_text=_("As the programme writes it, e.g. 'VM0042'.")
    )
    title = models.CharField(_("title"), max_length=300)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    exclusions = models.TextField(_("exclusions"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Tick for demo rows not taken from a published list."),
    )

    class Meta:
        verbose_name = _("eligible methodology")
        verbose_name_plural = _("eligible methodologies")
        ordering = ["programme__short_name", "identifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["eligibility_list", "programme", "identifier"],
                name="eligible_methodology_once_per_list",
                violation_error_message=_("This methodology is already on the list."),
            )
        ]

    def __str__(self):
        return f"{self.identifier} {self.title}"


class AuthorisedProjectQuerySet(models.QuerySet):
    def for_listing(self):
        """Everything a register row shows, in one query whatever the page size."""
        return self.select_related("agreement__agreement", "programme")


class AuthorisedProject(models.Model):
    """A project in the public register of an agreement. Unknown facts stay empty."""

    class Status(models.TextChoices):
        AUTHORISED = "authorised", _("Authorised")
        ISSUED = "issued", _("ITMOs issued")
        TRANSFERRED = "transferred", _("ITMOs first transferred")
        SUSPENDED = "suspended", _("Authorisation suspended")
        REVOKED = "revoked", _("Authorisation revoked")

    agreement = models.ForeignKey(
        "agreements.AgreementContent",
        on_delete=models.CASCADE,
        related_name="authorised_projects",
        verbose_name=_("agreement"),
    )
    name = models.CharField(_("project name"), max_length=300)
    developer = models.CharField(_("developer"), max_length=300, blank=True)
    programme = models.ForeignKey(
        CreditingProgramme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("crediting programme"),
    )
    programme_project_id = models.CharField(
        _("project ID in the programme's registry"), max_length=60, blank=True
    )
    methodology = models.CharField(_("methodology"), max_length=300, blank=True)
    status = models.CharField(
        _("stage / status"),
        max_length=20,
        choices=Status.choices,
        blank=True,
        help_text=_("Leave empty when the status has not been published."),
    )
    authorised_on = models.DateField(_("date authorised"), null=True, blank=True)
    authorised_volume = models.PositiveBigIntegerField(
        _("authorised volume (tCO2e)"),
        null=True,
        blank=True,
        help_text=_("Tonnes of CO2 equivalent; leave empty when not published."),
    )
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Tick for demo rows that are not an official authorisation record."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AuthorisedProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("authorised project")
        verbose_name_plural = _("authorised projects")
        ordering = ["agreement__agreement__partner_country", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "name"],
                name="project_unique_name_per_agreement",
                violation_error_message=_("This agreement already lists a project of that name."),
            ),
            models.CheckConstraint(
                condition=Q(programme_project_id="") | Q(programme__isnull=False),
                name="project_id_needs_programme",
                violation_error_message=_(
                    "A project ID only makes sense with its crediting programme."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def host_country(self):
        return self.agreement.partner_country
