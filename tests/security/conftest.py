"""Fixtures for the security tests: the demo site, and a clean login-failure record per test."""

import pytest


@pytest.fixture(autouse=True)
def _reset_axes(db):
    """Lockouts from one test never leak into the next."""
    from axes.utils import reset

    reset()
    yield
    reset()


@pytest.fixture
def site(demo_site, db):
    """The demo site with every page published, for tests that only read it."""
    return demo_site
