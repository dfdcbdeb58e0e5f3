"""Start the real production stack on loopback: databases, gunicorn servers, a moto S3 server.

Shared by the production tests and ``benchmarks/run.py``. Everything here binds to 127.0.0.1
on ports the OS hands out, and every process started is stopped by its owner.
"""

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
PG_SERVER = os.environ.get("PRODUCTION_TEST_PG", "postgres://postgres@127.0.0.1:5432")
REDIS_SERVER = os.environ.get("PRODUCTION_TEST_REDIS", "redis://127.0.0.1:6379/5")
SECRET = "stack-" + "k" * 40
# Names of the databases a run makes start with this (several people may share one server).
DB_PREFIX = os.environ.get("PRODUCTION_TEST_DB_PREFIX", "carbonsite_production")
# "FIRST-LAST": take ports from this range only (a shared machine hands each person a range);
# unset, the OS picks any free port.
PORT_RANGE = os.environ.get("PRODUCTION_TEST_PORTS", "")
_next_port = [0]


def _worker_share(first, last):
    """This pytest-xdist worker's slice of ``first..last`` (the whole range without xdist), so
    two workers never hand out the same port before either has bound it."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if not worker.startswith("gw") or count < 2:
        return first, last
    size = (last - first + 1) // count
    if size < 1:
        raise RuntimeError(f"PRODUCTION_TEST_PORTS={PORT_RANGE} is too small for {count} workers")
    start = first + int(worker[2:]) * size
    return start, start + size - 1


def free_port():
    """A loopback port nothing listens on right now (the OS picks it, or PORT_RANGE)."""
    if PORT_RANGE:
        first, last = _worker_share(*(int(part) for part in PORT_RANGE.split("-")))
        size = last - first + 1
        for _ in range(size):
            # Round robin, so a port handed out but not yet bound is not handed out again.
            port = first + _next_port[0] % size
            _next_port[0] += 1
            with socket.socket() as sock:
                try:
                    sock.bind(("127.0.0.1", port))
                except OSError:
                    continue
            return port
        raise RuntimeError(f"no free port left in PRODUCTION_TEST_PORTS={PORT_RANGE}")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unavailable(message):
    """Skip a test whose service or tool is missing; in CI (``CI`` set) fail it instead.

    .ci/run installs and starts everything these tests need, so there a skip would hide a
    broken setup (the same rule as the accessibility checkers in tests/security).
    """
    import pytest

    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail(f"{message} (CI is set: required here)")
    pytest.skip(message)


def postgres_available():
    try:
        admin_query("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure means "not here"
        return False
    return True


def redis_available():
    import redis

    try:
        return redis.Redis.from_url(REDIS_SERVER, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001
        return False


def admin_query(sql):
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql)


def database_name(purpose):
    """A database name unique to this run, prefixed so it is clear who made it."""
    return f"{DB_PREFIX}_{purpose}_{secrets.token_hex(4)}"


def database_url(name):
    return f"{PG_SERVER}/{name}"


def create_database(name, template=None):
    suffix = f" TEMPLATE {template}" if template else ""
    admin_query(f'CREATE DATABASE "{name}"{suffix}')


def drop_database(name):
    admin_query(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def redis_prefix():
    return f"carbonsite-test-{secrets.token_hex(6)}"


def flush_redis_prefix(prefix):
    """Delete only the keys this run made (the Redis database is shared with other tests)."""
    import redis

    client = redis.Redis.from_url(REDIS_SERVER)
    for key in client.scan_iter(match=f"{prefix}:*", count=500):
        client.delete(key)


def production_env(*, database, redis_url=REDIS_SERVER, prefix, static_root, media_root, **extra):
    """Environment for manage.py or gunicorn with production settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "AWS_", "GUNICORN_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="carbonsite.settings.production",
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database,
        REDIS_URL=redis_url,
        REDIS_KEY_PREFIX=prefix,
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_MEDIA_ROOT=str(media_root),
        DJANGO_LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def scratch_instance(purpose):
    """A throw-away production instance: a work folder, a new database and a Redis prefix.

    Returns ``(work, database, prefix, env)``; the caller drops the database, flushes the prefix
    and removes the folder when done.
    """
    work = Path(tempfile.mkdtemp(prefix=f"carbonsite-{purpose}-"))
    database = database_name(purpose)
    prefix = redis_prefix()
    create_database(database)
    env = production_env(
        database=database_url(database),
        prefix=prefix,
        static_root=work / "static",
        media_root=work / "media",
    )
    return work, database, prefix, env


def manage(env, *args, timeout=300, check=True):
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    )


def http_get(url, *, timeout=10, headers=None):
    """``(status, headers, body)`` for a GET; HTTP errors are answers too, not exceptions."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback only
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class Gunicorn:
    """One gunicorn server with the repository's gunicorn.conf.py on a free loopback port."""

    def __init__(self, env, *, workers=2, threads=1, log_path=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        env = dict(env)
        env.update(
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            GUNICORN_WORKERS=str(workers),
            GUNICORN_THREADS=str(threads),
            GUNICORN_ACCESSLOG=env.get("GUNICORN_ACCESSLOG", "/dev/null"),
            GUNICORN_MAX_REQUESTS="0",
        )
        self.log = open(log_path, "wb") if log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            [GUNICORN, "--config", str(ROOT / "gunicorn.conf.py")],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}: {self.logs()}")
            with contextlib.suppress(OSError):
                status, _, _ = http_get(self.url + "/healthz", timeout=5)
                if status in (200, 503):
                    return self
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s: {self.logs()}")

    def logs(self):
        if self.log_path and Path(self.log_path).exists():
            return Path(self.log_path).read_text(errors="replace")[-4000:]
        return ""

    def get(self, path, **kwargs):
        return http_get(self.url + path, **kwargs)

    def stop(self):
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        if self.log is not subprocess.DEVNULL:
            self.log.close()

    def __enter__(self):
        return self.wait_ready()

    def __exit__(self, *exc):
        self.stop()


NGINX = os.environ.get("CARBONSITE_NGINX", "/usr/sbin/nginx")


def nginx_available():
    return Path(NGINX).exists()


def require_nginx():
    """Skip (fail in CI) unless nginx and the purge module its configuration loads are here."""
    from frontdoor.nginx import PURGE_MODULE

    if not nginx_available():
        unavailable(f"nginx is not installed at {NGINX}")
    if not Path(PURGE_MODULE).exists():
        unavailable(f"{PURGE_MODULE} is missing: apt-get install libnginx-mod-http-cache-purge")


def purge_url(port):
    """The address of a front door's purge server, as FRONTDOOR_PURGE_URLS lists it."""
    return f"http://127.0.0.1:{port}/purge"


class Nginx:
    """nginx as an ordinary user with the repository's configuration (deploy/nginx/) rendered
    by ``frontdoor.nginx`` for free loopback ports, in front of ``upstream`` (host:port)."""

    def __init__(
        self,
        upstream,
        *,
        static_root,
        media_root,
        folder,
        workers=1,
        access_log="off",
        purge_port=None,
    ):
        from frontdoor.nginx import render

        self.folder = Path(folder)
        self.http_port, self.https_port = free_port(), free_port()
        # The purge server; the app's FRONTDOOR_PURGE_URLS is purge_url(port), so a caller that
        # starts gunicorn first picks the port with free_port() and passes it here.
        self.purge_port = purge_port or free_port()
        self.purge_url = purge_url(self.purge_port)
        self.conf = render(
            self.folder,
            upstream=upstream,
            http_port=self.http_port,
            https_port=self.https_port,
            static_root=static_root,
            media_root=media_root,
            workers=workers,
            access_log=access_log,
            purge_port=self.purge_port,
        )
        self.url = f"https://127.0.0.1:{self.https_port}"
        self.http_url = f"http://127.0.0.1:{self.http_port}"
        self.error_log = self.folder / "run" / "error.log"
        self.process = subprocess.Popen(
            [NGINX, "-p", str(self.folder), "-c", str(self.conf), "-e", str(self.error_log),
             "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def wait_ready(self, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited: {self.logs()}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.https_port), timeout=1),
            ):
                return self
            time.sleep(0.1)
        raise RuntimeError(f"nginx did not listen within {timeout} s: {self.logs()}")

    def logs(self):
        return self.error_log.read_text(errors="replace")[-4000:] if self.error_log.exists() else ""

    def get(self, path, *, headers=None, method="GET", body=None, timeout=10):
        """``(status, headers, body)`` over HTTPS (the self-signed certificate is accepted)."""
        import http.client
        import ssl

        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection(
            "127.0.0.1", self.https_port, timeout=timeout, context=context
        )
        try:
            connection.request(
                method, path, body=body, headers={"Host": "localhost", **(headers or {})}
            )
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def stop(self):
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def __enter__(self):
        return self.wait_ready()

    def __exit__(self, *exc):
        self.stop()
