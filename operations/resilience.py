"""Failures a real deployment meets, answered with a friendly page instead of a traceback.

Django turns any exception into ``handler500``; this handler looks at what went wrong first.
When the database or the media store is unreachable the visitor gets a 503 page with
``Retry-After`` (the outage is temporary, and crawlers and proxies then keep their copy), and
the page is rendered from a self-contained template that needs neither the database nor the
cache. Every other error keeps the ordinary 500 page.
"""

import errno
import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.defaults import server_error as default_server_error

logger = logging.getLogger("operations.resilience")

RETRY_AFTER_SECONDS = 30

try:
    from botocore.exceptions import BotoCoreError, ClientError

    STORAGE_ERRORS = (BotoCoreError, ClientError)
except ImportError:  # pragma: no cover - botocore comes with the production extras
    STORAGE_ERRORS = ()

# OSErrors that mean "the media disk refused the write", not a bug in our code.
STORAGE_ERRNOS = {errno.ENOSPC, errno.EACCES, errno.EROFS, errno.EDQUOT, errno.EIO}


class StorageUnavailable(Exception):
    """The media store (S3 or the media disk) could not store or read a file."""


def database_unavailable(exc):
    """True for errors meaning "PostgreSQL cannot serve us now" rather than a bad query.

    ``OperationalError`` covers refused connections, a server shutting down, timeouts and
    cancelled statements; ``InterfaceError`` a connection that broke under us.
    """
    return isinstance(exc, OperationalError | InterfaceError)


def storage_unavailable(exc):
    if isinstance(exc, StorageUnavailable) or (STORAGE_ERRORS and isinstance(exc, STORAGE_ERRORS)):
        return True
    return isinstance(exc, OSError) and exc.errno in STORAGE_ERRNOS


def service_unavailable(request, *, what, detail):
    """A friendly 503 with ``Retry-After``, rendered without the database or the cache."""
    html = loader.get_template("503.html").render({"what": what, "detail": detail})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, template_name="500.html"):
    """``handler500``: a 503 for outages of the database or the media store, else a 500."""
    exc = sys.exc_info()[1]
    if exc is not None and isinstance(exc, DatabaseError) and database_unavailable(exc):
        logger.error("Database unavailable: %s", exc, extra={"event": "database_unavailable"})
        return service_unavailable(
            request,
            what="database",
            detail="The site's database cannot be reached at the moment.",
        )
    if exc is not None and storage_unavailable(exc):
        logger.error("Media storage unavailable: %s", exc, extra={"event": "storage_unavailable"})
        if request.method in ("GET", "HEAD"):
            detail = "The document store cannot be reached at the moment; the file cannot be sent."
        else:
            detail = (
                "The document store cannot be reached at the moment, so nothing was saved. "
                "Please try the upload again in a few minutes."
            )
        return service_unavailable(request, what="storage", detail=detail)
    return default_server_error(request, template_name)
