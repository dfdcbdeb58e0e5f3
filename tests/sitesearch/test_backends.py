"""Each database uses its own real search engine: FTS5 on SQLite, full-text search on PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sitesearch.backends import normalise_query, query_terms, search

pytestmark = pytest.mark.django_db


def test_query_terms_quote_everything():
    assert query_terms('annex "joint committee" stand-in NEAR(') == [
        ["joint", "committee"],
        ["annex"],
        ["stand", "in"],
        ["NEAR"],
    ]
    assert query_terms(normalise_query("\x00 \ue000")) == []
    assert len(normalise_query("x" * 1000)) == 200


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite FTS5 path; PostgreSQL runs its own test"
)
def test_sqlite_uses_fts5(demo_site):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sitesearch_fts WHERE sitesearch_fts MATCH '\"annex\"'")
        assert cursor.fetchone()[0] > 0
    with CaptureQueriesContext(connection) as queries:
        assert search("Joint Committee")
    assert any("MATCH" in q["sql"] and "bm25" in q["sql"] for q in queries)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text path; SQLite runs FTS5"
)
def test_postgresql_uses_full_text_search(demo_site):
    with CaptureQueriesContext(connection) as queries:
        found = search("authorising the Joint Committee")
    assert found
    sql = " ".join(q["sql"] for q in queries)
    assert "websearch_to_tsquery" in sql and "ts_rank" in sql and "ts_headline" in sql
    assert "@@" in sql
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'sitesearch_entry_fts_gin'"
        )
        (indexdef,) = cursor.fetchone()
    assert "gin" in indexdef.lower() and "to_tsvector" in indexdef


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text path; SQLite runs FTS5"
)
def test_postgresql_plan_can_use_the_gin_index(demo_site):
    from django.contrib.postgres.search import SearchQuery

    from sitesearch.backends import search_vector
    from sitesearch.models import SearchEntry

    queryset = SearchEntry.objects.annotate(document=search_vector()).filter(
        document=SearchQuery("annex", search_type="websearch", config="english")
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = queryset.explain()
    assert "sitesearch_entry_fts_gin" in plan
