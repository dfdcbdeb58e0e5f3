"""Backups on SQLite (the PostgreSQL snapshot test is in tests/production/test_hung_services.py)."""

import json
import sqlite3
import stat

import pytest
from django.db import connection

from operations.backup import backup


@pytest.mark.django_db
def test_a_backup_is_private_and_counts_the_copy(demo_site, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite backup path; PostgreSQL is covered by the production tests")
    folder = tmp_path / "backup"
    manifest = backup(folder)

    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for name in ["database.sqlite3", "media.tar", "manifest.json"]:
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600, name
    assert json.loads((folder / "manifest.json").read_text()) == manifest
    assert manifest["rows"]["agreements_agreement"] == 10
    copy = sqlite3.connect(folder / "database.sqlite3")
    try:
        for table, rows in manifest["rows"].items():
            assert copy.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] == rows  # noqa: S608
    finally:
        copy.close()
