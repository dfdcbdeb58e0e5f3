"""Shared fixtures: the demo site, loaded once per test database through the real command.

Most tests read the demo site inside a rolled-back transaction. A transactional test (one using
``transactional_db`` or pytest-django's ``live_server``, or marked ``transaction=True``) commits
its writes and pytest-django flushes the whole database afterwards, demo site included; the
``pytest_runtest_teardown`` hook below loads the demo site again straight after that flush, so
every later test finds it whatever order the tests run in. (pytest-django runs transactional
tests after the other database tests, but tests without database access run after them, and
plugins such as pytest-randomly or a reordering hook can change the order further.)

Tiers (README, "What else there is"): ``make test-fast`` leaves out the ``browser``, ``slow`` and
``checker`` tests; every test that reads the demo site is marked ``demo`` here, so
``-m "not demo"`` selects the tests built on factories alone. Under pytest-xdist each worker has
its own test database (and loads the demo site once into it), its own media folder and ports the
OS hands out.
"""

import pytest
from django.core.management import call_command

_RELOAD_DEMO_SITE = pytest.StashKey()


def pytest_configure(config):
    """The Spanish catalogue compiled as `make messages` does, when it is missing or older than
    its source, so a plain pytest run reads the same Spanish as `make test`."""
    from multilingual.catalogue import compile_catalogue, is_stale

    if is_stale():
        compile_catalogue()


def pytest_collection_modifyitems(items):
    """Mark the tests that need the whole demo site, so a tier can be chosen by marker."""
    for item in items:
        if "demo_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.demo)


def _forget_content_type_ids():
    """A flush recreates content types under new ids, but djangocms-versioning caches the ids
    per versionable; forget them (and Django's own cache) before the ids are used again."""
    from django.contrib.contenttypes.models import ContentType
    from djangocms_versioning import versionables

    ContentType.objects.clear_cache()
    for versionable in versionables._cms_extension().versionables:
        versionable.__dict__.pop("content_types", None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test databases, with server-thread sessions ended before they are dropped.

    Django closes a request thread's connection when the request ends, but a live-server
    thread that ends while a browser connection is still open leaves its PostgreSQL session
    behind, and the test database could then not be dropped. Only sessions of the test
    database are touched.
    """
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


@pytest.fixture(scope="session")
def demo_site(django_db_setup, django_db_blocker, pytestconfig):
    """The whole demo site, built once for the session and kept for read-only tests."""

    def load():
        from django.core.cache import cache

        with django_db_blocker.unblock():
            _forget_content_type_ids()
            cache.clear()
            call_command("load_demo_content", verbosity=0)

    load()
    pytestconfig.stash[_RELOAD_DEMO_SITE] = load
    yield
    pytestconfig.stash[_RELOAD_DEMO_SITE] = None


def _flushes_database(item):
    """Whether pytest-django ran ``item`` transactionally, i.e. flushed the database after it."""
    names = getattr(item, "fixturenames", ())
    if "transactional_db" in names or "live_server" in names:
        return True
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return False
    kwargs = marker.kwargs
    return bool(
        kwargs.get("transaction") or kwargs.get("reset_sequences") or marker.args[:1] == (True,)
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    if nextitem is None or not _flushes_database(item):
        return
    _forget_content_type_ids()
    reload_demo_site = item.config.stash.get(_RELOAD_DEMO_SITE, None)
    if reload_demo_site:
        reload_demo_site()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Every test starts with an empty cache, so cached pages never leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_by_default():
    """Every test starts in English: a request to an /es/ address leaves Spanish active in the
    thread, and modeltranslation reads and writes the active language's columns."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")
