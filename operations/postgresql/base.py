"""The PostgreSQL backend with answer deadlines (see the package docstring)."""

import contextlib
import time

from django.db.backends.postgresql import base

from operations.deadlines import watchdog


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        options = self.settings_dict.get("OPTIONS", {})
        self.answer_timeout = float(options.get("answer_timeout") or 0)
        # A health check of a reused connection must not wait as long as a real query.
        self.ping_timeout = min(self.answer_timeout, 1.5) if self.answer_timeout else 0
        self.execute_wrappers.append(self._deadline_wrapper)
        # After PostgreSQL failed to answer, new connections fail at once for this long, so the
        # rest of the request (the CMS toolbar looks up the site on the way out) and the
        # worker's next requests answer 503 at once instead of each waiting for a timeout.
        self.rest_seconds = float(options.get("connect_timeout") or 2)
        self.unreachable_until = 0.0

    def get_new_connection(self, conn_params):
        if time.monotonic() < self.unreachable_until:
            raise self.Database.OperationalError(
                "PostgreSQL did not answer moments ago; not trying again yet"
            )
        try:
            return super().get_new_connection(conn_params)
        except self.Database.OperationalError:
            self.unreachable_until = time.monotonic() + self.rest_seconds
            raise

    def get_connection_params(self):
        params = super().get_connection_params()
        params.pop("answer_timeout", None)
        return params

    def _guard(self, seconds):
        fd = None
        if self.connection is not None and not self.connection.closed:
            try:
                fd = self.connection.fileno()
            except self.Database.Error:  # already broken: the call will fail on its own
                fd = None
        return watchdog.guard(fd, seconds, "PostgreSQL")

    def _deadline_wrapper(self, execute, sql, params, many, context):
        with self._guard(self.answer_timeout):
            return execute(sql, params, many, context)

    def is_usable(self):
        with self._guard(self.ping_timeout) as guard:
            usable = super().is_usable()
        if guard.expired:
            self.unreachable_until = time.monotonic() + self.rest_seconds
        return usable

    def commit(self):
        with self._guard(self.answer_timeout):
            return super().commit()

    def rollback(self):
        with self._guard(self.answer_timeout):
            return super().rollback()

    @contextlib.contextmanager
    def without_deadlines(self):
        """Lift the client-side deadline for work known to be long (a backup's row counts)."""
        saved = self.answer_timeout
        self.answer_timeout = 0
        try:
            yield
        finally:
            self.answer_timeout = saved
