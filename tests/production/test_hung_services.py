"""Hung services fail fast and say so: a frozen PostgreSQL or object store gives the 503 page.

Each test starts the server it freezes (a private PostgreSQL cluster, a moto S3 process), runs
the production app against it, stops it with SIGSTOP and checks what a visitor gets.
"""

import json
import os
import re
import stat
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
import psycopg
import pytest

from . import frozen, stack

pytestmark = pytest.mark.slow

PERU = "/implementation-agreements/peru/"
MAIN_TEXT = PERU + "documents/main-text.pdf"
BUCKET = "carbonsite-media"
FRONT_DOOR = {"X-Forwarded-For": "203.0.113.7"}  # what a request relayed by nginx carries


def timed_get(node, path, **kwargs):
    started = time.monotonic()
    status, headers, body = node.get(path, timeout=30, **kwargs)
    return status, headers, body, time.monotonic() - started


def assert_outage_page(status, headers, body, elapsed, path):
    assert status == 503, (path, status, body[:300])
    assert elapsed < 5, (path, elapsed)
    assert headers["Retry-After"] == "30"
    assert b"Temporarily unavailable" in body
    assert b"Traceback" not in body


def static_css(node):
    _, _, body = node.get("/")
    return re.search(rb'href="(/static/[^"]+\.css)"', body).group(1).decode()


@pytest.fixture
def cluster():
    if not frozen.postgres_tools_available():
        pytest.skip("initdb and pg_ctl are not installed (/usr/lib/postgresql/*/bin)")
    own = frozen.PrivateCluster()
    yield own
    own.stop()


def test_a_frozen_postgresql_gives_the_503_page_within_5_seconds(site, cluster):
    database_url = cluster.copy_database(stack.database_url(site["database"]), "carbonsite")
    node = site["server"](DATABASE_URL=database_url, HEALTHZ_TOKEN="operator-token-0123456789")
    css = static_css(node)
    for path in ["/", PERU]:
        assert node.get(path)[0] == 200
    assert node.get("/faq/")[0] == 200  # both workers now hold a database connection
    assert node.get("/healthz")[0] == 200

    cluster.freeze()
    try:
        # Every page needs the database at the app (the copies of anonymous pages are kept by
        # nginx at the door, tested in test_frontdoor.py), visited before or not.
        for path in ["/projects/", "/privacy/", MAIN_TEXT, "/search/?q=peru", "/", PERU]:
            answer = timed_get(node, path)
            print(f"\nPostgreSQL frozen: {path} answered {answer[0]} in {answer[3]:.2f} s")
            assert_outage_page(*answer, path)
        # Static files do not need the database.
        status, _, _, elapsed = timed_get(node, css)
        assert status == 200 and elapsed < 1, (css, status, elapsed)

        status, _, body, elapsed = timed_get(node, "/healthz", headers=FRONT_DOOR)
        assert (status, json.loads(body)) == (503, {"status": "unavailable"})
        assert str(cluster.port).encode() not in body and elapsed < 5
        status, _, body, _ = timed_get(node, "/healthz")  # on the node itself
        report = json.loads(body)["checks"]
        assert report["database"]["ok"] is False and report["cache"]["ok"] is True
        status, _, body, _ = timed_get(
            node,
            "/healthz",
            headers={**FRONT_DOOR, "Authorization": "Bearer operator-token-0123456789"},
        )
        assert json.loads(body)["checks"]["database"]["ok"] is False
    finally:
        cluster.thaw()

    # The node recovers by itself once the server answers again.
    deadline = time.monotonic() + 15
    while node.get("/projects/")[0] != 200:
        assert time.monotonic() < deadline, node.logs()
        time.sleep(0.2)
    logs = Path(node.log_path).read_text()
    events = [json.loads(line) for line in logs.splitlines() if line.startswith("{")]
    assert {"database_unavailable", "deadline_exceeded"} <= {e.get("event") for e in events}, logs


def s3_client(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


@pytest.fixture
def object_store(site):
    """moto's S3 server with the site's media copied into the bucket."""
    moto = frozen.MotoServer()
    client = s3_client(moto.endpoint)
    client.create_bucket(Bucket=BUCKET)
    media = Path(site["env"]["DJANGO_MEDIA_ROOT"])
    for path in media.rglob("*"):
        if path.is_file():
            client.upload_file(str(path), BUCKET, f"media/{path.relative_to(media)}")
    yield moto
    moto.stop()


def s3_server(site, moto, **overrides):
    return site["server"](
        AWS_STORAGE_BUCKET_NAME=BUCKET,
        AWS_S3_ENDPOINT_URL=moto.endpoint,
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        **overrides,
    )


def parallel_downloads_and_home_page(node, documents):
    """Six downloads at once, then the home page: ``(download answers, home page seconds)``."""
    with ThreadPoolExecutor(max_workers=7) as pool:
        downloads = [pool.submit(timed_get, node, path) for path in documents]
        time.sleep(0.2)
        home = pool.submit(timed_get, node, "/").result()
        answers = [future.result() for future in downloads]
    assert home[0] == 200
    return answers, home[3]


@pytest.mark.parametrize("down_seconds", ["5", "0"], ids=["default", "without-rest-period"])
def test_a_frozen_object_store_gives_the_503_page_and_spares_the_workers(
    site, object_store, down_seconds
):
    node = s3_server(site, object_store, STORAGE_DOWN_SECONDS=down_seconds)
    _, _, page = node.get(PERU)
    documents = sorted(set(re.findall(rb'href="(' + PERU.encode() + rb'documents/[^"]+)"', page)))
    documents = [path.decode() for path in documents]
    assert MAIN_TEXT in documents
    six = (documents * 6)[:6]

    # Healthy: a burst of downloads is served in full (once both workers have read a file).
    for path in six:
        assert node.get(path)[0] == 200
    answers, _ = parallel_downloads_and_home_page(node, six)
    assert [answer[0] for answer in answers] == [200] * 6
    assert answers[0][1]["Content-Type"] == "application/pdf"

    object_store.freeze()
    try:
        answer = timed_get(node, MAIN_TEXT)
        print(f"\nstore frozen: {MAIN_TEXT} answered {answer[0]} in {answer[3]:.2f} s")
        assert_outage_page(*answer, MAIN_TEXT)
        answers, home_seconds = parallel_downloads_and_home_page(node, six)
        for status, headers, body, elapsed in answers:
            assert_outage_page(status, headers, body, elapsed, "download")
        print(f"\nstore frozen, rest {down_seconds} s: home page {home_seconds:.2f} s beside six "
              f"downloads (slowest {max(a[3] for a in answers):.2f} s)")  # fmt: skip
        assert home_seconds < 3
        status, _, _, elapsed = timed_get(node, "/")
        assert status == 200 and elapsed < 1
    finally:
        object_store.thaw()

    deadline = time.monotonic() + 15
    while node.get(MAIN_TEXT)[0] != 200:
        assert time.monotonic() < deadline, node.logs()
        time.sleep(0.5)


def test_a_missing_file_is_still_a_404_with_the_store_up(site, object_store):
    node = s3_server(site, object_store)
    client = s3_client(object_store.endpoint)
    for key in client.list_objects_v2(Bucket=BUCKET)["Contents"]:
        client.delete_object(Bucket=BUCKET, Key=key["Key"])
    status, _, body, _ = timed_get(node, MAIN_TEXT)
    assert status == 404, body[:300]
    assert node.get("/")[0] == 200  # a missing file does not count as an outage


def test_backup_is_private_and_counts_rows_of_the_dumped_snapshot(site, tmp_path):
    """Rows written while the backup runs: the manifest counts exactly what the dump holds."""
    url = stack.database_url(site["database"])
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE backup_probe (id serial PRIMARY KEY, at timestamptz)")
    stop = threading.Event()
    written = []

    def write():
        with psycopg.connect(url, autocommit=True) as conn:
            while not stop.is_set():
                conn.execute("INSERT INTO backup_probe (at) VALUES (now())")
                written.append(1)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        time.sleep(0.3)
        backup_dir = tmp_path / "backup"
        stack.manage(site["env"], "backup_site", str(backup_dir))
        time.sleep(0.3)
    finally:
        stop.set()
        writer.join()

    assert stat.S_IMODE(backup_dir.stat().st_mode) == 0o700
    for name in ["database.dump", "media.tar", "manifest.json"]:
        assert stat.S_IMODE((backup_dir / name).stat().st_mode) == 0o600, name
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    dumped = manifest["rows"]["backup_probe"]
    assert 0 < dumped < len(written)  # rows were written before, during and after the backup

    restored = stack.database_name("snapshot")
    stack.create_database(restored)
    try:
        env = {**os.environ, "PGHOST": "127.0.0.1", "PGUSER": "postgres"}
        subprocess.run(
            [frozen.pg_tool("pg_restore"), "--no-owner", "--exit-on-error", "-d", restored,
             str(backup_dir / "database.dump")],
            env=env, check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        with psycopg.connect(stack.database_url(restored)) as conn:
            for table, rows in manifest["rows"].items():
                count = conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
                assert count == rows, table
    finally:
        stack.drop_database(restored)
