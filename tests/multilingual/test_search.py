"""Search in Spanish: Spanish pages for a Spanish query, with or without accents."""

import pytest

pytestmark = pytest.mark.django_db


def result_urls(response):
    assert response.status_code == 200
    return [result.entry.url for result in response.context["results"]]


@pytest.mark.parametrize("query", ["autorización", "autorizacion", "AUTORIZACIÓN"])
def test_spanish_query_finds_spanish_pages_with_or_without_accents(demo_site, client, query):
    urls = result_urls(client.get("/es/search/", {"q": query}))
    assert "/es/implementation-agreements/peru/" in urls
    assert all(url.startswith("/es/") for url in urls)


def test_spanish_words_in_spanish_data_are_found(demo_site, client):
    urls = result_urls(client.get("/es/search/", {"q": "Comité Conjunto"}))
    assert "/es/implementation-agreements/peru/" in urls


def test_english_search_shows_english_rows_only(demo_site, client):
    urls = result_urls(client.get("/search/", {"q": "Peru"}))
    assert urls
    assert not any(url.startswith("/es/") for url in urls)
    assert result_urls(client.get("/search/", {"q": "autorización"})) == []
