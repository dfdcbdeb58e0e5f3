"""The PostgreSQL backend with answer deadlines (see the package docstring)."""

import contextlib

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

    def get_connection_params(self):
        params = super().get_connection_params()
        params.pop("answer_timeout", None)
        return params

    def _guard(self, seconds):
        fd = None
        if self.connection is not None and not self.connection.closed:
            fd = self.connection.fileno()
        return watchdog.guard(fd, seconds, "PostgreSQL")

    def _deadline_wrapper(self, execute, sql, params, many, context):
        with self._guard(self.answer_timeout):
            return execute(sql, params, many, context)

    def is_usable(self):
        with self._guard(self.ping_timeout):
            return super().is_usable()

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
