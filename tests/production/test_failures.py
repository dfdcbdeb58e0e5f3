"""The failures a real deployment meets: Redis down, PostgreSQL down, backup and restore."""

import hashlib
import json

import pytest

from . import stack

pytestmark = pytest.mark.slow

PAGES = ["/", "/implementation-agreements/", "/implementation-agreements/peru/"]


def test_pages_answer_while_redis_is_down(site):
    # Nothing listens on this port: every cache call fails with "connection refused".
    dead_redis = f"redis://127.0.0.1:{stack.free_port()}/5"
    node = site["server"](REDIS_URL=dead_redis)
    for _ in range(3):
        for path in PAGES:
            status, _, body = node.get(path)
            assert status == 200, (path, body[:500])
            assert b"Implementation Agreement" in body
    status, _, body = node.get("/healthz")
    assert status == 503
    report = json.loads(body)
    assert report["checks"]["database"]["ok"] is True
    assert report["checks"]["cache"]["ok"] is False
    assert "Traceback" not in node.logs()


def test_uncached_pages_get_the_503_page_while_postgresql_is_down(site):
    # Pages are cached at the front door (tests/production/test_frontdoor.py), not by the app.
    dead_database = f"postgres://postgres@127.0.0.1:{stack.free_port()}/{site['database']}"
    node = site["server"](DATABASE_URL=dead_database)
    for path in ["/faq/", "/implementation-agreements/peru/documents/main-text.pdf", "/admin/"]:
        status, headers, body = node.get(path)
        assert status == 503, (path, status, body[:300])
        assert headers["Retry-After"] == "30"
        assert b"Temporarily unavailable" in body
        assert b"Traceback" not in body and b"OperationalError" not in body

    status, _, body = node.get("/healthz")
    assert status == 503
    report = json.loads(body)
    assert report["checks"]["database"]["ok"] is False
    assert "OperationalError" in report["checks"]["database"]["error"]
    assert report["checks"]["cache"]["ok"] is True


def test_backup_restores_into_an_empty_instance(site, tmp_path):
    backup_dir = tmp_path / "backup"
    result = stack.manage(site["env"], "backup_site", str(backup_dir))
    assert "Backed up" in result.stdout
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert manifest["rows"]["agreements_agreement"] == 10
    assert manifest["media"], "the demo documents should be in the backup"

    target = stack.database_name("restored")
    stack.create_database(target)
    try:
        restored_media = tmp_path / "restored-media"
        env = stack.production_env(
            database=stack.database_url(target),
            prefix=stack.redis_prefix(),
            static_root=site["env"]["DJANGO_STATIC_ROOT"],
            media_root=restored_media,
        )
        result = stack.manage(env, "restore_site", str(backup_dir))
        assert "Restored" in result.stdout

        counts = stack.manage(
            env,
            "shell",
            "-c",
            "import json; from operations.backup import table_row_counts; "
            "print(json.dumps(table_row_counts()))",
        )
        assert json.loads(counts.stdout.strip().splitlines()[-1]) == manifest["rows"]
        for name, digest in manifest["media"].items():
            assert hashlib.sha256((restored_media / name).read_bytes()).hexdigest() == digest

        # A second restore into the now full instance is refused and changes nothing.
        again = stack.manage(env, "restore_site", str(backup_dir), check=False)
        assert again.returncode != 0
        assert "already has tables" in again.stderr

        node = stack.Gunicorn(env, log_path=tmp_path / "restored.log")
        try:
            node.wait_ready()
            for path in [
                *PAGES,
                "/faq/",
                "/implementation-agreements/peru/documents/main-text.pdf",
            ]:
                status, _, _ = node.get(path)
                assert status == 200, (path, node.logs())
        finally:
            node.stop()
            stack.flush_redis_prefix(env["REDIS_KEY_PREFIX"])
    finally:
        stack.drop_database(target)
