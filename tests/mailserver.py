"""A real SMTP server on 127.0.0.1 for tests: aiosmtpd, started per test, keeping what it receives.

Use the ``smtp_server`` fixture (import it into a test module or conftest): while the test runs,
Django's SMTP backend sends to it, so a message goes through a real SMTP conversation, not
Django's in-memory outbox.

    from tests.mailserver import smtp_server  # noqa: F401

    def test_something(smtp_server):
        ...
        [message] = smtp_server.wait_for(1)
"""

import email
import socket
import time
from dataclasses import dataclass
from email import policy

import pytest
from django.test import override_settings


@dataclass
class ReceivedMail:
    mail_from: str
    rcpt_tos: list
    message: email.message.EmailMessage

    @property
    def body(self):
        return self.message.get_body(preferencelist=("plain",)).get_content()


class _Collector:
    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.received.append(ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class MailServer:
    """The running server: its address and the messages it has received so far."""

    def __init__(self, host, port, collector):
        self.host, self.port, self._collector = host, port, collector

    @property
    def messages(self):
        return list(self._collector.received)

    def wait_for(self, count, timeout=10):
        """The first ``count`` messages, waiting up to ``timeout`` seconds for them to arrive."""
        deadline = time.monotonic() + timeout
        while len(self._collector.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self._collector.received) >= count, (
            f"expected {count} messages, received {len(self._collector.received)}"
        )
        return self.messages[:count]

    def to(self, address):
        return [mail for mail in self.messages if address in mail.rcpt_tos]


def _free_port(host):
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    """Start aiosmtpd on a free port and point Django's SMTP backend at it for the test."""
    from aiosmtpd.controller import Controller

    host = "127.0.0.1"
    collector = _Collector()
    controller = Controller(collector, hostname=host, port=_free_port(host))
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST=host,
            EMAIL_PORT=controller.port,
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
        ):
            yield MailServer(host, controller.port, collector)
    finally:
        controller.stop()
