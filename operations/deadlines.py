"""Client-side deadlines for sockets that may hang: a server that is frozen, not refusing.

A frozen PostgreSQL (stopped process, hung host, lost packets) leaves its TCP connection open:
the kernel may even acknowledge what we send, so neither the server's ``statement_timeout`` nor
TCP keepalives end the wait, and a worker would hang until gunicorn kills it (no page at all).
One watchdog thread per process holds the deadline of every guarded wait; when a deadline
passes it shuts the socket down (``shutdown(2)`` on a duplicate of the descriptor, which every
thread may do). The blocked client library then sees the connection closed, raises its
ordinary "connection lost" error, and the request ends with the 503 page.
"""

import contextlib
import itertools
import logging
import os
import socket
import threading
import time

logger = logging.getLogger("operations.deadlines")

TICK = 0.1


class Watchdog:
    """Shuts down sockets whose guarded operation outlives its deadline."""

    def __init__(self):
        self._condition = threading.Condition()
        self._deadlines = {}  # token -> (deadline, fd, what, seconds, guard)
        self._tokens = itertools.count()
        self._pid = None

    def _ensure_thread(self):
        # One thread per process; a forked gunicorn worker starts its own.
        if self._pid != os.getpid():
            self._pid = os.getpid()
            self._deadlines.clear()
            threading.Thread(target=self._run, name="socket-deadlines", daemon=True).start()

    @contextlib.contextmanager
    def guard(self, fd, seconds, what):
        """Shut ``fd`` down if the block has not finished within ``seconds``.

        Yields a ``Guard`` whose ``expired`` says afterwards whether the deadline struck.
        """
        guard = Guard()
        if not seconds or fd is None or fd < 0:
            yield guard
            return
        with self._condition:
            self._ensure_thread()
            token = next(self._tokens)
            self._deadlines[token] = (time.monotonic() + seconds, fd, what, seconds, guard)
        try:
            yield guard
        finally:
            with self._condition:
                self._deadlines.pop(token, None)

    def _run(self):
        with self._condition:
            while True:
                now = time.monotonic()
                for token, (deadline, fd, what, seconds, guard) in list(self._deadlines.items()):
                    if deadline <= now:
                        # Still registered, so the guarded block still owns this descriptor.
                        del self._deadlines[token]
                        guard.expired = True
                        _shutdown(fd)
                        logger.error(
                            "%s did not answer within %s s; connection closed",
                            what,
                            seconds,
                            extra={"event": "deadline_exceeded", "service": what},
                        )
                # A look every TICK seconds: no thread switch per query, deadlines kept to 0.1 s.
                self._condition.wait(timeout=TICK)


class Guard:
    expired = False


def _shutdown(fd):
    with contextlib.suppress(OSError):
        duplicate = socket.socket(fileno=os.dup(fd))
        try:
            duplicate.shutdown(socket.SHUT_RDWR)
        finally:
            duplicate.close()


watchdog = Watchdog()
