"""Spanish beside English: addresses, the switcher, hreflang links and the untranslated fallback."""

import re

import pytest

pytestmark = pytest.mark.django_db

PERU = "/implementation-agreements/peru/"
FAQ = "/faq/"


def alternates(response):
    return dict(
        re.findall(
            r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)">', response.content.decode()
        )
    )


def html_lang(response):
    return re.search(r'<html lang="([a-z-]+)"', response.content.decode()).group(1)


def test_english_addresses_stay_as_they_were(demo_site, client):
    for url in ["/", PERU, FAQ, "/implementation-agreements/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert html_lang(response) == "en"
        assert not response.cookies
    assert client.get("/en/").status_code == 404
    # A Spanish-speaking browser still gets English at the English address: no redirect.
    response = client.get(PERU, HTTP_ACCEPT_LANGUAGE="es-PE,es;q=0.9")
    assert response.status_code == 200
    assert html_lang(response) == "en"
    assert not response.cookies


def test_spanish_page_has_its_own_address_language_and_content(demo_site, client):
    response = client.get("/es" + PERU)
    assert response.status_code == 200
    assert html_lang(response) == "es"
    body = response.content.decode()
    assert "Traducción no oficial" in body
    assert "el 31 de marzo de 2025" in body
    assert not response.cookies


def test_translated_pages_link_each_other_with_hreflang(demo_site, client):
    for url in [PERU, "/es" + PERU]:
        response = client.get(url)
        assert alternates(response) == {
            "en": "http://testserver" + PERU,
            "x-default": "http://testserver" + PERU,
            "es": "http://testserver/es" + PERU,
        }
    english = client.get(PERU).content.decode()
    switcher = re.search(r'<nav class="language-switcher.*?</nav>', english, re.S).group(0)
    assert f'<a href="/es{PERU}" lang="es" hreflang="es">Español</a>' in switcher
    spanish = client.get("/es" + PERU).content.decode()
    switcher = re.search(r'<nav class="language-switcher.*?</nav>', spanish, re.S).group(0)
    assert f'<a href="{PERU}" lang="en" hreflang="en">English</a>' in switcher
    assert 'aria-current="page" lang="es"' in switcher


def test_untranslated_page_shows_english_with_a_spanish_notice(demo_site, client):
    response = client.get("/es" + FAQ)
    assert response.status_code == 200
    body = response.content.decode()
    assert html_lang(response) == "en"  # the content shown is English
    assert 'lang="es" role="note">Esta página todavía no está disponible en español' in body
    assert f'<link rel="canonical" href="http://testserver{FAQ}">' in body
    assert alternates(response) == {}  # one language only: no switcher, no hreflang
    assert "language-switcher" not in body
    assert "language-notice" not in client.get(FAQ).content.decode()


def test_peru_data_reads_in_spanish_on_spanish_pages_only(demo_site, client):
    spanish = client.get("/es" + PERU).content.decode()
    assert "Anexo B - Términos de referencia del Comité Conjunto" in spanish
    assert "Ministerio del Ambiente" in spanish
    assert "desde el 24 de octubre de 2025" in spanish or "24 de octubre de 2025" in spanish
    process = client.get("/es" + PERU + "application-process/").content.decode()
    assert "Diseño del proyecto" in process
    english = client.get(PERU).content.decode()
    assert "Annex B - Terms of Reference of the Joint Committee" in english
    assert "24 October 2025" in english
    assert "Anexo" not in english and "octubre" not in english


def test_untranslated_data_falls_back_to_english(demo_site, client):
    # Chile has no Spanish data: its Spanish address shows the English text.
    response = client.get("/es/implementation-agreements/chile/")
    assert response.status_code == 200
    assert "7 April 2025" in response.content.decode()


def test_site_words_and_search_answer_in_spanish(demo_site, client):
    body = client.get("/es" + PERU).content.decode()
    assert "Acuerdo de Implementación Singapur–Perú</h1>" in body
    assert "Estado de las solicitudes:" in body
    assert 'action="/es/search/"' in body
    assert "Saltar al contenido principal" in body
    search = client.get("/es/search/", {"q": "autorizacion"}).content.decode()
    assert re.search(r"\d+ resultados? para «autorizacion»", search)
    empty = client.get("/es/search/", {"q": "zzzzqqq"}).content.decode()
    assert "No hay resultados para «zzzzqqq»" in empty
    english = client.get("/search/", {"q": "zzzzqqq"}).content.decode()
    assert "No results for “zzzzqqq”" in english
    assert 'action="/search/"' in client.get(PERU).content.decode()


def test_sitemap_lists_each_translation_with_its_alternates(demo_site, client):
    body = client.get("/sitemap.xml").content.decode()
    for loc in [PERU, "/es" + PERU]:
        entry = re.search(
            rf"<url><loc>http://[^<]+{re.escape(loc)}</loc>.*?</url>", body, re.S
        ).group(0)
        assert re.search(rf'hreflang="es" href="http://[^"]+/es{re.escape(PERU)}"', entry)
        assert 'hreflang="en"' in entry and 'hreflang="x-default"' in entry
    faq = re.search(r"<url><loc>http://[^<]+/faq/</loc>.*?</url>", body, re.S).group(0)
    assert "xhtml:link" not in faq  # English only: no alternates
    assert "/es/faq/" not in body  # an untranslated page has no Spanish address to list


def test_json_ld_names_the_page_language(demo_site, client):
    assert '"inLanguage": "es"' in client.get("/es" + PERU).content.decode()
    assert '"inLanguage": "en"' in client.get(PERU).content.decode()


ENGLISH_LABELS = [
    "Joint Committee",
    "Co-chair",
    "You submit",
    "You receive",
    "Open for project applications",
    "Application Process tab",
    "Signed documents of the",
    "The application process at a glance",
    "Stages of the application process",
    "Forms and documents for stage",
    "Get e-mail alerts",
    "Government of Singapore",
    "Last updated",
    "signed an Implementation Agreement",
    'contact-heading">Contact<',
    ">Document<",
    ">Overview<",
]


def test_spanish_agreement_pages_show_none_of_the_english_labels(demo_site, client):
    overview = client.get("/es" + PERU).content.decode()
    process = client.get("/es" + PERU + "application-process/").content.decode()
    for label in ENGLISH_LABELS:
        assert label not in overview, label
        assert label not in process, label
    assert "Comité Conjunto" in overview
    assert "Acuerdo de Implementación" in overview
    assert "Usted presenta" in process
    # The English pages still read in English.
    english = client.get(PERU).content.decode()
    assert "Joint Committee" in english
    assert "Open for project applications" in english
    assert ">Overview<" in english
