"""The real site's old addresses, as rows of django.contrib.redirects' table.

The old site published each agreement under ``/overview-<country>/`` and
``/processes-<country>/``, its signed documents as ``/files/<Country>_Singapore_IA_*.pdf`` and
its flow chart as ``/images/SG<XX>_flow.png``; press releases still link there. Each old address
answers a 301 to its new one. Editors manage the rows in the admin (Redirects); seeding never
changes a row an editor has edited.

Only public agreements get their old addresses, read from their published data version (the one
rule, ``agreements.selectors.public_agreement_contents``): a draft's documents, or an agreement
not yet published, never become redirect targets.

django.contrib.redirects' middleware looks the table up only for requests that would otherwise
end in a 404, so an ordinary page hit costs no query for it.
"""

from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site

from agreements.models import AgreementDocument
from agreements.selectors import agreement_tabs, public_agreement_contents
from agreements.services import PROCESS_SLUG

# ISO 3166-1 alpha-2 codes of the partner countries the old site published, for its flow-chart
# image names (SGPE_flow.png for Peru). Agreements signed later never had an old address.
ISO_ALPHA2 = {
    "bhutan": "BT",
    "chile": "CL",
    "ghana": "GH",
    "mongolia": "MN",
    "papua-new-guinea": "PG",
    "paraguay": "PY",
    "peru": "PE",
    "rwanda": "RW",
    "thailand": "TH",
    "vietnam": "VN",
}
FLOW_CHART_ANCHOR = "flow-chart"


def _file_country(agreement):
    """The country as the old site spelt it in file names: ``Peru``, ``Papua_New_Guinea``."""
    return agreement.partner_country.replace(" ", "_")


def legacy_addresses(agreement):
    """``(old path, new URL)`` pairs for one agreement's published data version
    (``AgreementContent``); only new addresses that exist now."""
    overview = agreement.get_absolute_url()
    if not overview:
        return []
    pairs = [(f"/overview-{agreement.slug}/", overview)]
    process = next(
        (tab["url"] for tab in agreement_tabs(agreement) if tab["slug"] == PROCESS_SLUG), None
    )
    if process:
        pairs.append((f"/processes-{agreement.slug}/", process))
    country = _file_country(agreement)
    for document in agreement.documents.exclude(file=""):
        if document.kind == AgreementDocument.Kind.MAIN_TEXT:
            old = f"/files/{country}_Singapore_IA_Main_Text.pdf"
        else:
            old = f"/files/{country}_Singapore_IA_Annex_{document.letter}.pdf"
        pairs.append((old, document.get_absolute_url()))
    code = ISO_ALPHA2.get(agreement.slug)
    has_chart = agreement.stages.exists() or bool(agreement.process_diagram)
    if code and process and has_chart:
        pairs.append((f"/images/SG{code}_flow.png", f"{process}#{FLOW_CHART_ANCHOR}"))
    return pairs


def seed_redirects(*, site=None):
    """Add the old addresses of every agreement to the redirect table; returns (added, kept).

    Idempotent: a row that already exists for an old path is kept as it is, so an editor's
    correction survives the next deploy.
    """
    site = site or Site.objects.get(pk=settings.SITE_ID)
    added = kept = 0
    for agreement in public_agreement_contents().order_by("agreement__slug"):
        for old_path, new_path in legacy_addresses(agreement):
            _redirect, created = Redirect.objects.get_or_create(
                site=site, old_path=old_path, defaults={"new_path": new_path}
            )
            added, kept = (added + 1, kept) if created else (added, kept + 1)
    return added, kept
