"""The site-wide register page and the register and eligibility downloads (CSV and JSON).

Downloads take the same query string as the pages, so "download what I see" is one link.
"""

from django.db.models import Max
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from agreements.downloads import csv_response, json_response
from agreements.selectors import public_agreement_contents

from .models import AuthorisedProject
from .selectors import eligibility_listing, filtered_projects, project_listing

PROJECT_FIELDS = [
    "name",
    "host_country",
    "agreement",
    "developer",
    "programme",
    "programme_project_id",
    "methodology",
    "status",
    "authorised_on",
    "authorised_volume_tco2e",
    "illustrative",
    "note",
]
METHODOLOGY_FIELDS = [
    "agreement",
    "list_version_date",
    "programme",
    "identifier",
    "title",
    "sector",
    "exclusions",
    "notes",
    "illustrative",
]


def project_record(project, request=None):
    return {
        "name": project.name,
        "host_country": project.agreement.partner_country,
        "agreement": project.agreement.slug,
        "developer": project.developer or None,
        "programme": project.programme.short_name if project.programme else None,
        "programme_project_id": project.programme_project_id or None,
        "methodology": project.methodology or None,
        "status": project.status or None,
        "authorised_on": project.authorised_on.isoformat() if project.authorised_on else None,
        "authorised_volume_tco2e": project.authorised_volume,
        "illustrative": project.is_illustrative,
        "note": project.note or None,
    }


@require_safe
def projects_page(request):
    listing = project_listing(request.GET)
    # The footer's "Last updated": the register's own last change.
    updated = AuthorisedProject.objects.aggregate(latest=Max("updated_at"))["latest"]
    return render(
        request,
        "registry/projects_page.html",
        {"listing": listing, "content_updated_at": updated},
    )


@require_safe
def projects_csv(request):
    rows = [project_record(p) for p in filtered_projects(request.GET)]
    return csv_response("authorised-projects.csv", PROJECT_FIELDS, rows)


@require_safe
def projects_json(request):
    rows = [project_record(p) for p in filtered_projects(request.GET)]
    return json_response(
        request,
        title="Authorised project register",
        source_path=reverse("registry:projects"),
        key="projects",
        rows=rows,
    )


@require_safe
def eligibility_csv(request, slug):
    agreement = get_object_or_404(public_agreement_contents(), agreement__slug=slug)
    listing = eligibility_listing(request.GET, agreement=agreement)
    version = listing.eligibility_list.version_date if listing.eligibility_list else None
    rows = [
        {
            "agreement": agreement.slug,
            "list_version_date": version.isoformat() if version else "",
            "programme": m.programme.short_name,
            "identifier": m.identifier,
            "title": m.title,
            "sector": m.get_sector_display(),
            "exclusions": m.exclusions,
            "notes": m.notes,
            "illustrative": "yes" if m.is_illustrative else "no",
        }
        for m in listing.methodologies
    ]
    return csv_response(f"eligibility-list-{agreement.slug}.csv", METHODOLOGY_FIELDS, rows)
