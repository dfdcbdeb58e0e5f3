"""Shared fixtures: the demo site, loaded once per test database through the real command."""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def demo_site(django_db_setup, django_db_blocker):
    """The whole demo site, built once for the session and kept for read-only tests."""
    with django_db_blocker.unblock():
        call_command("load_demo_content", verbosity=0)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Every test starts with an empty cache, so cached pages never leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_content_type_ids():
    """A transactional test's flush recreates content types under new ids, but
    djangocms-versioning caches the ids per versionable; forget them before every test."""
    from django.contrib.contenttypes.models import ContentType
    from djangocms_versioning import versionables

    ContentType.objects.clear_cache()
    for versionable in versionables._cms_extension().versionables:
        versionable.__dict__.pop("content_types", None)
