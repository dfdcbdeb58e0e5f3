"""Fixtures for tests over real PostgreSQL, Redis and gunicorn processes.

One template database (migrated, demo content loaded) and one collectstatic run are made per
session; each test copies the template (``CREATE DATABASE ... TEMPLATE``, a fraction of a
second) so tests never see each other's writes. Redis keys carry a per-run prefix in database 5
and only those keys are deleted afterwards.
"""

import shutil
import tempfile
from pathlib import Path

import pytest

from . import stack


def _require_services():
    if not stack.postgres_available():
        stack.unavailable(
            f"PostgreSQL is not reachable at {stack.PG_SERVER}; start it with .ci/run"
        )
    if not stack.redis_available():
        stack.unavailable(f"Redis is not reachable at {stack.REDIS_SERVER}; start it with .ci/run")


@pytest.fixture(scope="session")
def stack_root():
    root = Path(tempfile.mkdtemp(prefix="carbonsite-stack-"))
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def template_site(stack_root):
    """A migrated database with the demo site, and collected static files, made once."""
    _require_services()
    name = stack.database_name("tmpl")
    stack.create_database(name)
    prefix = stack.redis_prefix()
    static_root, media_root = stack_root / "static", stack_root / "template-media"
    env = stack.production_env(
        database=stack.database_url(name),
        prefix=prefix,
        static_root=static_root,
        media_root=media_root,
    )
    try:
        stack.manage(env, "migrate", "--noinput")
        stack.manage(env, "load_demo_content")
        stack.manage(env, "collectstatic", "--noinput", "-v0")
        yield {"database": name, "static_root": static_root, "media_root": media_root}
    finally:
        stack.flush_redis_prefix(prefix)
        stack.drop_database(name)


@pytest.fixture
def site(template_site, stack_root, tmp_path):
    """A fresh copy of the demo site: its own database, media folder and Redis prefix."""
    name = stack.database_name("site")
    stack.create_database(name, template=template_site["database"])
    media_root = tmp_path / "media"
    shutil.copytree(template_site["media_root"], media_root, dirs_exist_ok=True)
    prefix = stack.redis_prefix()
    env = stack.production_env(
        database=stack.database_url(name),
        prefix=prefix,
        static_root=template_site["static_root"],
        media_root=media_root,
    )
    servers = []

    def server(**overrides):
        """Start a gunicorn on this site, optionally with other environment values."""
        gunicorn = stack.Gunicorn(
            {**env, **overrides}, log_path=tmp_path / f"gunicorn-{len(servers)}.log"
        )
        servers.append(gunicorn)
        return gunicorn.wait_ready()

    try:
        yield {"env": env, "database": name, "prefix": prefix, "server": server, "tmp": tmp_path}
    finally:
        for gunicorn in servers:
            gunicorn.stop()
        stack.flush_redis_prefix(prefix)
        stack.drop_database(name)
