"""Reading files from the media store without letting an outage take the node down.

Downloads read the whole file from the store before the response starts (django-storages'
``S3File`` spools it anyway), so an outage is a 503 page, never a "Page not found" and never a
200 cut off half way. Three limits keep a hung or failing store from tying up every worker:

- short botocore timeouts and few retries (production settings), so one read gives up in seconds;
- at most ``STORAGE_READ_SLOTS`` reads at a time per node, shared by every worker through lock
  files (the kernel frees a slot when its process dies); a read that finds no slot within
  ``STORAGE_READ_WAIT`` seconds gets the 503 page at once, so the other workers keep serving pages;
- after a read fails because the store is unreachable, every read on the node answers 503 at once
  for ``STORAGE_DOWN_SECONDS``; then the next read tries the store again.
"""

import contextlib
import fcntl
import hashlib
import logging
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings

from .resilience import StorageUnavailable, storage_unavailable

logger = logging.getLogger("operations.storage")


def _folder():
    """The lock folder shared by the workers of one server (keyed by their parent process)."""
    configured = getattr(settings, "STORAGE_READ_SLOTS_DIR", None)
    if configured:
        folder = Path(configured)
    else:
        key = hashlib.sha256(f"{os.getppid()}:{settings.SECRET_KEY}".encode()).hexdigest()[:16]
        folder = Path(tempfile.gettempdir()) / f"carbonsite-storage-{key}"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _down_marker(folder):
    return folder / "down-until"


def _store_down(folder):
    try:
        return _down_marker(folder).stat().st_mtime > time.time()
    except FileNotFoundError:
        return False


def _mark_down(folder, seconds):
    marker = _down_marker(folder)
    marker.touch()
    until = time.time() + seconds
    os.utime(marker, (until, until))


def _acquire_slot(folder, slots, wait):
    """An open, locked slot file, or None when all ``slots`` stay busy for ``wait`` seconds.

    A waiter also gives up as soon as another read has found the store down.
    """
    deadline = time.monotonic() + wait
    while True:
        for number in range(slots):
            fd = os.open(folder / f"slot-{number}", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            return fd
        if time.monotonic() >= deadline or _store_down(folder):
            return None
        time.sleep(0.02)


@contextlib.contextmanager
def storage_read():
    """Run a read from the media store under the node's limits (see the module docstring).

    Raises ``StorageUnavailable`` when the store is down, slow or saturated; a missing file
    (``FileNotFoundError``) passes through unchanged.
    """
    folder = _folder()
    if _store_down(folder):
        raise StorageUnavailable("the media store failed moments ago")
    fd = _acquire_slot(
        folder,
        int(getattr(settings, "STORAGE_READ_SLOTS", 4)),
        float(getattr(settings, "STORAGE_READ_WAIT", 0.5)),
    )
    if fd is None:
        logger.warning("All media store read slots are busy", extra={"event": "storage_busy"})
        raise StorageUnavailable("every media store read slot is busy")
    try:
        yield
    except FileNotFoundError:
        raise
    except Exception as exc:
        if storage_unavailable(exc):
            # The store itself failed (timeout, refused, full): spare it for a few seconds.
            _mark_down(folder, float(getattr(settings, "STORAGE_DOWN_SECONDS", 5)))
        elif not isinstance(exc, OSError):
            raise
        raise StorageUnavailable(f"the media store failed: {type(exc).__name__}: {exc}") from exc
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def open_for_download(file, *, fetch=True):
    """Open a stored file for a download, reading it from the store now when ``fetch``.

    ``file.read(0)`` makes django-storages fetch the whole object at once, inside the limits;
    the response then streams from the local copy. For a HEAD request the open (which reads the
    file's size) is enough.
    """
    # Build the store's client (S3: a boto3 resource per thread, no network) before taking a
    # slot, so a fresh worker does not hold one while it loads botocore's service model.
    getattr(file.storage, "connection", None)
    with storage_read():
        handle = file.open("rb")
        try:
            if fetch:
                handle.read(0)
        except BaseException:
            handle.close()
            raise
    return handle
