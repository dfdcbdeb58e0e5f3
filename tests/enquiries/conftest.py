"""The contact tests send mail to a real local SMTP server."""

from tests.mailserver import smtp_server  # noqa: F401
