"""Reads for the register and eligibility tabs, their downloads and the comparison table.

Filters come from the query string through forms, so a bad value is ignored with a message
instead of raising, and every listing costs the same few queries whatever the page size.

Only public agreements appear: the rows come from published versions of agreement data
(``agreements.selectors.public_agreement_contents``, the site's one definition of "public").
"""

from dataclasses import dataclass, field

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.utils.http import urlencode

from agreements.selectors import public_agreement_contents

from .models import AuthorisedProject, CreditingProgramme, EligibilityList, Sector

PAGE_SIZES = (10, 25, 50, 100)
DEFAULT_PAGE_SIZE = 25

# Sort keys offered in the query string, mapped to database orderings.
PROJECT_SORTS = {
    "name": ("name", "Project name (A–Z)"),
    "-name": ("-name", "Project name (Z–A)"),
    "country": ("agreement__agreement__partner_country", "Host country (A–Z)"),
    "-country": ("-agreement__agreement__partner_country", "Host country (Z–A)"),
    "-authorised": (F("authorised_on").desc(nulls_last=True), "Date authorised (newest first)"),
    "authorised": (F("authorised_on").asc(nulls_last=True), "Date authorised (oldest first)"),
    "-volume": (F("authorised_volume").desc(nulls_last=True), "Authorised volume (largest first)"),
    "volume": (F("authorised_volume").asc(nulls_last=True), "Authorised volume (smallest first)"),
}
DEFAULT_PROJECT_SORT = "country"


def _programme_choices(programmes):
    return [("", "All programmes")] + [(p.slug, p.short_name) for p in programmes]


class ProjectFilterForm(forms.Form):
    """The register's filters; every field is optional and invalid values are dropped."""

    agreement = forms.ChoiceField(label="Host country", required=False)
    programme = forms.ChoiceField(label="Crediting programme", required=False)
    status = forms.ChoiceField(
        label="Stage / status",
        required=False,
        choices=[("", "Any status")] + list(AuthorisedProject.Status.choices),
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(key, label) for key, (_, label) in PROJECT_SORTS.items()],
    )
    per_page = forms.TypedChoiceField(
        label="Rows per page",
        required=False,
        coerce=int,
        empty_value=DEFAULT_PAGE_SIZE,
        choices=[(size, str(size)) for size in PAGE_SIZES],
    )

    def __init__(self, data, *, programmes, agreements=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["programme"].choices = _programme_choices(programmes)
        if agreements is None:
            del self.fields["agreement"]
        else:
            self.fields["agreement"].choices = [("", "All countries")] + [
                (a.slug, a.partner_country) for a in agreements
            ]


def _clean_values(form):
    """The valid filter values of ``form``; fields with invalid input count as not given."""
    form.is_valid()
    values = {}
    for name in form.fields:
        if name in form.cleaned_data and name not in form.errors:
            values[name] = form.cleaned_data[name]
    return values, sorted(form.errors)


@dataclass
class ProjectListing:
    form: ProjectFilterForm
    page: object
    sort: str
    per_page: int
    ignored: list = field(default_factory=list)
    download_query: str = ""

    @property
    def projects(self):
        return self.page.object_list


def project_queryset(values, agreement=None):
    queryset = AuthorisedProject.objects.for_listing().filter(
        agreement__in=public_agreement_contents().values("pk")
    )
    if agreement is not None:
        queryset = queryset.filter(agreement=agreement)
    elif values.get("agreement"):
        queryset = queryset.filter(agreement__agreement__slug=values["agreement"])
    if values.get("programme"):
        queryset = queryset.filter(programme__slug=values["programme"])
    if values.get("status"):
        queryset = queryset.filter(status=values["status"])
    sort = values.get("sort") or DEFAULT_PROJECT_SORT
    return queryset.order_by(PROJECT_SORTS[sort][0], "name", "pk"), sort


def _project_filters(params, agreement=None):
    programmes = list(CreditingProgramme.objects.all())
    agreements = (
        None
        if agreement
        else list(public_agreement_contents().order_by("agreement__partner_country"))
    )
    # The form shows the sort and page size in use even when the query string leaves them out.
    data = params.copy()
    data.setdefault("sort", "name" if agreement else DEFAULT_PROJECT_SORT)
    data.setdefault("per_page", str(DEFAULT_PAGE_SIZE))
    form = ProjectFilterForm(data, programmes=programmes, agreements=agreements)
    values, ignored = _clean_values(form)
    if agreement is not None:
        values["agreement"] = agreement.slug
    return form, values, ignored


def filtered_projects(params):
    """Every project matching the query string's filters, sorted; for downloads."""
    _, values, _ = _project_filters(params)
    return project_queryset(values)[0]


def project_listing(params, *, agreement=None):
    """The register filtered, sorted and paginated from the query string ``params``."""
    form, values, ignored = _project_filters(params, agreement)
    queryset, sort = project_queryset(values, agreement)
    per_page = values.get("per_page") or DEFAULT_PAGE_SIZE
    page = Paginator(queryset, per_page).get_page(params.get("page"))
    download = {
        name: values[name]
        for name in ("agreement", "programme", "status", "sort")
        if values.get(name) and (name != "sort" or name in params)
    }
    return ProjectListing(
        form=form,
        page=page,
        sort=sort,
        per_page=per_page,
        ignored=ignored,
        download_query=urlencode(download),
    )


class EligibilityFilterForm(forms.Form):
    programme = forms.ChoiceField(label="Crediting programme", required=False)
    sector = forms.ChoiceField(
        label="Sector", required=False, choices=[("", "All sectors")] + list(Sector.choices)
    )

    def __init__(self, data, *, programmes, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["programme"].choices = _programme_choices(programmes)


@dataclass
class EligibilityListing:
    eligibility_list: EligibilityList | None
    form: EligibilityFilterForm
    programmes: list
    methodologies: list
    ignored: list
    query: str


def eligibility_listing(params, *, agreement):
    """The agreement's eligibility list, its methodologies filtered from ``params``."""
    eligibility_list = EligibilityList.objects.filter(agreement=agreement).first()
    programmes, methodologies = [], []
    if eligibility_list:
        programmes = list(eligibility_list.programmes.select_related("programme"))
    form = EligibilityFilterForm(params, programmes=[p.programme for p in programmes])
    values, ignored = _clean_values(form)
    if eligibility_list:
        queryset = eligibility_list.methodologies.select_related("programme")
        if values.get("programme"):
            queryset = queryset.filter(programme__slug=values["programme"])
            programmes = [p for p in programmes if p.programme.slug == values["programme"]]
        if values.get("sector"):
            queryset = queryset.filter(sector=values["sector"])
        methodologies = list(queryset)
    query = urlencode({key: value for key, value in values.items() if value})
    return EligibilityListing(
        eligibility_list=eligibility_list,
        form=form,
        programmes=programmes,
        methodologies=methodologies,
        ignored=ignored,
        query=query,
    )


def agreements_with_counts():
    """Public agreements in signing order, each with its register count, its eligibility
    list's key and date, and its page with its addresses (for links): the rows behind the
    comparison table and the open-data downloads. Each row is the published data version."""
    return (
        public_agreement_contents()
        .annotate(
            # Illustrative (demo) rows are counted apart, so no agreement appears to have an
            # authorised project it does not have.
            project_count=Count(
                "authorised_projects",
                filter=Q(authorised_projects__is_illustrative=False),
                distinct=True,
            ),
            illustrative_project_count=Count(
                "authorised_projects",
                filter=Q(authorised_projects__is_illustrative=True),
                distinct=True,
            ),
            eligibility_list_pk=F("eligibility_list__pk"),
            eligibility_version=F("eligibility_list__version_date"),
        )
        .prefetch_related("agreement__page__urls")
        .order_by(F("signed_on").asc(nulls_last=True), "agreement__partner_country")
    )


def agreements_comparison():
    """Every agreement with its register count and eligibility list date, in three queries."""
    return list(agreements_with_counts())
