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
def _demo_site_present(demo_site):
    """Every security check runs against the demo site (reloaded after any flush by the
    hook in ``tests/conftest.py``, so no module has to check for it)."""


@pytest.fixture
def site(demo_site, db):
    """The demo site with every page published, for tests that only read it."""
    return demo_site
