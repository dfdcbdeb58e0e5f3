import pytest

from .smtp import LocalSMTPServer


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server for this test; Django sends through it."""
    server = LocalSMTPServer().start()
    for name, value in server.settings().items():
        setattr(settings, name, value)
    settings.ALERTS_DIGEST_DELAY = 0
    settings.SITE_URL = "https://alerts.test"
    yield server
    server.stop()
