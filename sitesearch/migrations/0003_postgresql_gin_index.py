"""PostgreSQL only: a GIN index on the exact tsvector expression the search query uses."""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

INDEX_NAME = "sitesearch_entry_fts_gin"


def _index():
    # Must stay identical to sitesearch.backends.search_vector() for the planner to use it;
    # tests/sitesearch/test_backends.py checks the plan on PostgreSQL.
    from django.contrib.postgres.search import SearchVector

    vector = SearchVector("title", weight="A", config="english") + SearchVector(
        "body", weight="B", config="english"
    )
    return GinIndex(vector, name=INDEX_NAME)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.add_index(apps.get_model("sitesearch", "SearchEntry"), _index())


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.remove_index(apps.get_model("sitesearch", "SearchEntry"), _index())


class Migration(migrations.Migration):
    dependencies = [("sitesearch", "0002_sqlite_fts5")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
