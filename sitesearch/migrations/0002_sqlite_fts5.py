"""SQLite only: an FTS5 index over SearchEntry, kept in step by triggers.

On other databases, or a SQLite build without FTS5, this does nothing and search falls back
(PostgreSQL full-text search; a LIKE search on SQLite without FTS5).
"""

from django.db import DatabaseError, migrations

CREATE = [
    "CREATE VIRTUAL TABLE sitesearch_fts USING fts5(title, body, content='sitesearch_searchentry',"
    " content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER sitesearch_fts_ai AFTER INSERT ON sitesearch_searchentry BEGIN"
    " INSERT INTO sitesearch_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER sitesearch_fts_ad AFTER DELETE ON sitesearch_searchentry BEGIN"
    " INSERT INTO sitesearch_fts(sitesearch_fts, rowid, title, body)"
    " VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER sitesearch_fts_au AFTER UPDATE ON sitesearch_searchentry BEGIN"
    " INSERT INTO sitesearch_fts(sitesearch_fts, rowid, title, body)"
    " VALUES ('delete', old.id, old.title, old.body);"
    " INSERT INTO sitesearch_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "INSERT INTO sitesearch_fts(sitesearch_fts) VALUES ('rebuild')",
]
DROP = [
    "DROP TRIGGER IF EXISTS sitesearch_fts_ai",
    "DROP TRIGGER IF EXISTS sitesearch_fts_ad",
    "DROP TRIGGER IF EXISTS sitesearch_fts_au",
    "DROP TABLE IF EXISTS sitesearch_fts",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    try:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(x)")
            cursor.execute("DROP TABLE temp.fts5_probe")
    except DatabaseError:
        return  # no FTS5 in this SQLite build: the LIKE fallback is used
    for statement in CREATE:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    atomic = True
    dependencies = [("sitesearch", "0001_initial")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
