"""Demo eligibility lists and register rows, and the registry tabs of every demo agreement.

Published facts (shared DOMAIN.md): Ghana lists Gold Standard and Verra VCS only, methodologies
published before 31 March 2023, land use excluded except some named Verra methodologies; Bhutan
lists Gold Standard, Verra VCS, ACR, GCC and ART with sector exclusions; Thailand's list was
published on 18 November 2025. Individual methodology rows are examples of real methodologies
whose place on these lists is not confirmed, so each is marked illustrative. Register rows are
projects Singapore contracted credits from; everything about them beyond name and host country
is left empty because no public source gives it.
"""

from datetime import date

from agreements.models import Agreement
from agreements.services import current_content
from registry.models import (
    AuthorisedProject,
    CreditingProgramme,
    EligibilityList,
    EligibleMethodology,
    EligibleProgramme,
    Sector,
)
from registry.services import agreement_create_registry_pages

PROGRAMMES = [
    # slug, short name, name, website
    ("verra", "Verra VCS", "Verified Carbon Standard (Verra)", "https://verra.org/"),
    (
        "gold-standard",
        "Gold Standard",
        "Gold Standard for the Global Goals",
        "https://www.goldstandard.org/",
    ),
    ("acr", "ACR", "ACR (formerly American Carbon Registry)", "https://acrcarbon.org/"),
    ("gcc", "GCC", "Global Carbon Council", "https://www.globalcarboncouncil.com/"),
    ("art", "ART", "Architecture for REDD+ Transactions", "https://www.artredd.org/"),
]

ILLUSTRATIVE_NOTE = "Example row: not confirmed against the published list."

LISTS = {
    "ghana": {
        "note": (
            "Only Gold Standard and Verra VCS methodologies published before 31 March 2023 are "
            "eligible. Land-use methodologies are excluded, except certain Verra methodologies "
            "the list names. The methodology rows below are examples."
        ),
        "programmes": [
            (
                "gold-standard",
                "Methodologies published before 31 March 2023.",
                "Land-use methodologies.",
            ),
            (
                "verra",
                "Methodologies published before 31 March 2023.",
                "Land-use methodologies, except those the list names.",
            ),
        ],
        "methodologies": [
            (
                "gold-standard",
                "TPDDTEC",
                "Technologies and Practices to Displace Decentralized Thermal Energy Consumption",
                Sector.HOUSEHOLDS,
            ),
            (
                "verra",
                "VMR0006",
                "Methodology for Installation of High Efficiency Firewood Cookstoves",
                Sector.HOUSEHOLDS,
            ),
            ("verra", "VM0007", "REDD+ Methodology Framework (REDD-MF)", Sector.LAND_USE),
            (
                "verra",
                "ACM0002",
                "Grid-connected electricity generation from renewable sources",
                Sector.ENERGY,
            ),
        ],
    },
    "bhutan": {
        "note": (
            "Five programmes are eligible, with exclusions by sector. The methodology rows "
            "below are examples."
        ),
        "programmes": [
            (slug, "", "Sector exclusions apply; see the published list.")
            for slug in ("gold-standard", "verra", "acr", "gcc", "art")
        ],
        "methodologies": [
            (
                "gold-standard",
                "TPDDTEC",
                "Technologies and Practices to Displace Decentralized Thermal Energy Consumption",
                Sector.HOUSEHOLDS,
            ),
            (
                "verra",
                "VM0042",
                "Methodology for Improved Agricultural Land Management",
                Sector.AGRICULTURE,
            ),
            (
                "gcc",
                "ACM0002",
                "Grid-connected electricity generation from renewable sources",
                Sector.ENERGY,
            ),
            (
                "art",
                "TREES",
                "The REDD+ Environmental Excellence Standard",
                Sector.LAND_USE,
            ),
        ],
    },
    "thailand": {
        "version_date": date(2025, 11, 18),
        "note": (
            "The eligibility list was published on 18 November 2025. Its programmes and "
            "methodologies are not yet reproduced on this demo site."
        ),
        "programmes": [],
        "methodologies": [],
    },
}

PROJECTS = [
    # agreement slug, project name
    ("peru", "Kowen Antami REDD+"),
    ("peru", "Together for Forests REDD+"),
    ("ghana", "Kwahu restoration"),
    ("paraguay", "Pampas grassland soil carbon"),
]
PROJECT_NOTE = (
    "Illustrative row: Singapore contracted credits from this project in 2025; its "
    "authorisation details are not published here."
)


def load_demo(*, user):
    """Create or complete the registry demo content; returns the number of pages created."""
    programmes = {}
    for slug, short_name, name, website in PROGRAMMES:
        programmes[slug], _ = CreditingProgramme.objects.get_or_create(
            slug=slug, defaults={"short_name": short_name, "name": name, "website": website}
        )
    # Rows go on each agreement's current version (the draft on a first load, published with
    # the rest of the agreement by the demo loader).
    agreements = {
        a.slug: content
        for a in Agreement.objects.select_related("page")
        if (content := current_content(a)) is not None
    }
    for slug, facts in LISTS.items():
        agreement = agreements.get(slug)
        if agreement is None:
            continue
        elist, made = EligibilityList.objects.get_or_create(
            agreement=agreement,
            defaults={"version_date": facts.get("version_date"), "note": facts["note"]},
        )
        if not made:
            continue
        for programme, conditions, exclusions in facts["programmes"]:
            EligibleProgramme.objects.create(
                eligibility_list=elist,
                programme=programmes[programme],
                conditions=conditions,
                exclusions=exclusions,
            )
        for programme, identifier, title, sector in facts["methodologies"]:
            EligibleMethodology.objects.create(
                eligibility_list=elist,
                programme=programmes[programme],
                identifier=identifier,
                title=title,
                sector=sector,
                notes=ILLUSTRATIVE_NOTE,
                is_illustrative=True,
            )
    for slug, name in PROJECTS:
        if slug in agreements:
            AuthorisedProject.objects.get_or_create(
                agreement=agreements[slug],
                name=name,
                defaults={"is_illustrative": True, "note": PROJECT_NOTE},
            )
    created = 0
    for agreement in agreements.values():
        created += len(agreement_create_registry_pages(agreement=agreement.agreement, user=user))
    return created
