"""Fixtures for the security tests: the demo site, and a clean login-failure record per test."""

import pytest


@pytest.fixture(autouse=True)
def _reset_axes(db):
    """Lockouts from one test never leak into the next."""
    from axes.utils import reset

    reset()
    yield
    reset()


@pytest.fixture(scope="module", autouse=True)
def _demo_site_present(demo_site, django_db_blocker):
    """Each module starts with the demo site, even if an earlier module flushed it."""
    from tests.security.site_pages import ensure_demo_content

    with django_db_blocker.unblock():
        ensure_demo_content()


@pytest.fixture
def site(demo_site, db):
    """The demo site with every page published, for tests that only read it."""
    return demo_site
