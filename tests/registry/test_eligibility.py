"""Eligibility tabs: filters from the query string, the CSV download and the demo facts."""

import csv
import io

import pytest

from registry.models import EligibilityList, EligibleMethodology
from tests.agreements.factories import published

pytestmark = pytest.mark.django_db

GHANA_TAB = "/implementation-agreements/ghana/eligibility/"


def methodology_rows(response):
    html = response.content.decode()
    return {m.identifier for m in EligibleMethodology.objects.all() if f">{m.identifier}<" in html}


def test_programme_filter_gives_different_results_to_anonymous_visitors(demo_site, client):
    gold = client.get(GHANA_TAB, {"programme": "gold-standard"})
    verra = client.get(GHANA_TAB, {"programme": "verra"})
    # Asked again, the page cache must still keep the two apart.
    gold_again = client.get(GHANA_TAB, {"programme": "gold-standard"})
    assert gold.status_code == verra.status_code == 200
    assert "TPDDTEC" in gold.content.decode()
    assert "VM0007" not in gold.content.decode()
    assert "VM0007" in verra.content.decode()
    assert "TPDDTEC" not in verra.content.decode()
    assert gold_again.content == gold.content


def test_sector_filter(demo_site, client):
    html = client.get(GHANA_TAB, {"sector": "land-use"}).content.decode()
    assert "VM0007" in html
    assert "ACM0002" not in html
    assert "1 methodology." in html


def test_unknown_filter_values_are_ignored_with_a_message(demo_site, client):
    response = client.get(GHANA_TAB, {"programme": "<script>", "sector": "nope"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "have been ignored" in html
    assert "<script>" not in html.split("<main", 1)[1]
    assert "VM0007" in html and "TPDDTEC" in html


def test_filter_form_is_labelled_and_works_without_javascript(demo_site, client):
    html = client.get(GHANA_TAB).content.decode()
    assert '<form class="filters" method="get"' in html
    assert '<label for="id_programme">' in html and '<label for="id_sector">' in html
    assert '<th scope="col">Identifier</th>' in html


def test_csv_download_follows_the_filters(demo_site, client):
    response = client.get(
        "/implementation-agreements/ghana/eligibility.csv", {"programme": "verra"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    # The published column order, which spreadsheets and scripts rely on.
    assert text.splitlines()[0] == (
        "agreement,list_version_date,programme,identifier,title,sector,exclusions,notes,"
        "illustrative"
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["programme"] for row in rows} == {"Verra VCS"}
    assert {row["identifier"] for row in rows} == {"VMR0006", "VM0007", "ACM0002"}
    # Every column carries its own value, not an empty cell or a neighbour's.
    redd = next(row for row in rows if row["identifier"] == "VM0007")
    assert redd["agreement"] == "ghana"
    # The demo list states no version date, and the download invents none.
    assert EligibilityList.objects.get(agreement=published("ghana")).version_date is None
    assert redd["list_version_date"] == ""
    assert redd["title"] == "REDD+ Methodology Framework (REDD-MF)"
    assert redd["sector"] == "Forestry and land use"
    assert all(row["illustrative"] == "yes" for row in rows)


def test_csv_of_unknown_agreement_is_404(demo_site, client):
    assert client.get("/implementation-agreements/atlantis/eligibility.csv").status_code == 404


def test_demo_lists_follow_the_published_facts(demo_site):
    ghana = EligibilityList.objects.get(agreement=published("ghana"))
    assert {p.programme.slug for p in ghana.programmes.all()} == {"gold-standard", "verra"}
    assert ghana.version_date is None
    assert "31 March 2023" in ghana.note
    bhutan = EligibilityList.objects.get(agreement=published("bhutan"))
    assert {p.programme.slug for p in bhutan.programmes.all()} == {
        "gold-standard",
        "verra",
        "acr",
        "gcc",
        "art",
    }
    assert all(p.exclusions for p in bhutan.programmes.all())
    thailand = EligibilityList.objects.get(agreement=published("thailand"))
    assert thailand.version_date.isoformat() == "2025-11-18"
    assert not EligibleMethodology.objects.filter(is_illustrative=False).exists()


def test_version_date_is_shown(demo_site, client):
    html = client.get("/implementation-agreements/thailand/eligibility/").content.decode()
    assert '<time datetime="2025-11-18">18 November 2025</time>' in html
    html = client.get("/implementation-agreements/chile/eligibility/").content.decode()
    assert "has not been published yet" in html
