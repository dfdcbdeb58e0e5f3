"""A real SMTP server for tests and the benchmark: aiosmtpd on a free local port.

Messages are kept as parsed ``email.message.EmailMessage`` objects once the server has
accepted them (``messages``). ``hold_after(n)`` makes the server stop before accepting the
message after the ``n``-th: its DATA is read but the reply waits, as a slow relay's would,
until ``release()``, which then refuses it with a temporary error, the way a relay treats a
message whose sender vanished before the end of the transaction. ``fail_next(n, reply)`` answers the
next ``n`` messages with ``reply`` (by default ``451``, a temporary failure).
"""

import email
import email.policy
import logging
import threading
import time

from aiosmtpd.controller import Controller

logging.getLogger("mail.log").setLevel(logging.WARNING)


class _Handler:
    def __init__(self, server):
        self.server = server

    async def handle_DATA(self, smtp_server, session, envelope):
        import asyncio

        server = self.server
        if not server.parse:  # the benchmark only counts
            with server.lock:
                server.recipients.extend(envelope.rcpt_tos)
            return "250 2.0.0 Message accepted"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with server.lock:
            server.attempts.append(message)
            if server._fail_next > 0:
                server._fail_next -= 1
                return server._fail_reply
            hold = server._hold_after is not None and len(server.messages) >= server._hold_after
            if hold:
                server.held.append(message)
        if hold:
            while not server._released.is_set():
                await asyncio.sleep(0.01)
            return "451 4.4.2 Sender went away"
        with server.lock:
            server.messages.append(message)
            for recipient in envelope.rcpt_tos:
                server.recipients.append(recipient)
        return "250 2.0.0 Message accepted"


class LocalSMTPServer:
    def __init__(self, host="127.0.0.1", port=0, parse=True):
        self.parse = parse
        self.lock = threading.Lock()
        self.messages = []
        self.attempts = []
        self.recipients = []
        self.held = []
        self._hold_after = None
        self._fail_next = 0
        self._fail_reply = "451 4.3.0 Try again later"
        self._released = threading.Event()
        self.controller = Controller(_Handler(self), hostname=host, port=port or _free_port())

    @property
    def host(self):
        return self.controller.hostname

    @property
    def port(self):
        return self.controller.port

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self._released.set()
        self.controller.stop()

    def hold_after(self, count):
        self._hold_after = count

    def release(self):
        self._hold_after = None
        self._released.set()

    def fail_next(self, count, reply="451 4.3.0 Try again later"):
        self._fail_next, self._fail_reply = count, reply

    def wait_for(self, predicate, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if predicate(self):
                    return True
            time.sleep(0.02)
        return False

    def to(self, address):
        with self.lock:
            return [
                m for m in self.messages if any(a.addr_spec == address for a in m["To"].addresses)
            ]

    def settings(self):
        """Django settings that send through this server."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": self.host,
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
        }

    def environment(self):
        """The same, as the environment variables a subprocess reads."""
        return {
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "DJANGO_EMAIL_HOST": self.host,
            "DJANGO_EMAIL_PORT": str(self.port),
        }


def _free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def text_part(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message):
    return message.get_body(preferencelist=("html",)).get_content()
