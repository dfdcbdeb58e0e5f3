"""Settings load in every mode; production refuses to start without its secrets and services."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD_SECRET = "x" * 50
SERVICES = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def load_settings(module, extra="", **env):
    """Import a settings module in a fresh interpreter and report DEBUG and the cache backend."""
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.DEBUG, settings.CACHES['default']['BACKEND'], "
        "settings.DATABASES['default']['ENGINE']); " + extra
    )
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    environment.update(env, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("module", "debug"),
    [("carbonsite.settings.dev", "True"), ("carbonsite.settings.test", "False")],
)
def test_dev_and_test_settings_load_without_environment(module, debug):
    result = load_settings(module)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == debug
    assert "sqlite3" in result.stdout


@pytest.mark.slow
def test_production_settings_load_with_secrets():
    result = load_settings(
        "carbonsite.settings.production",
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="example.gov.sg",
        REDIS_URL="redis://127.0.0.1:6379/0",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres",
    )
    assert result.returncode == 0, result.stderr
    debug, cache, engine = result.stdout.split()
    assert debug == "False"
    assert cache == "django_redis.cache.RedisCache"
    assert engine == "operations.postgresql"


@pytest.mark.slow
def test_production_database_fails_fast():
    """Connect, statement and answer timeouts plus TCP keepalives reach psycopg's connection."""
    result = load_settings(
        "carbonsite.settings.production",
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="example.gov.sg",
        extra="from django.db import connection; import json; "
        "print(json.dumps(connection.get_connection_params(), default=str)); "
        "print(connection.answer_timeout)",
        **SERVICES,
    )
    assert result.returncode == 0, result.stderr
    params = json.loads(result.stdout.splitlines()[1])
    assert params["connect_timeout"] == 2
    assert params["options"] == "-c statement_timeout=3000"
    assert params["keepalives"] == 1 and params["tcp_user_timeout"] == 5000
    assert "answer_timeout" not in params  # ours, not a libpq parameter
    assert float(result.stdout.splitlines()[2]) == 4.0


@pytest.mark.slow
@pytest.mark.parametrize("missing", ["DATABASE_URL", "REDIS_URL"])
def test_production_refuses_to_start_without_database_or_redis(missing):
    services = {key: value for key, value in SERVICES.items() if key != missing}
    result = load_settings(
        "carbonsite.settings.production",
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="example.gov.sg",
        **services,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{missing} must be set in production" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_ALLOWED_HOSTS": "example.gov.sg"}, "DJANGO_SECRET_KEY"),
        (
            {"DJANGO_SECRET_KEY": "short", "DJANGO_ALLOWED_HOSTS": "example.gov.sg"},
            "DJANGO_SECRET_KEY",
        ),
        ({"DJANGO_SECRET_KEY": GOOD_SECRET}, "DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_secrets(env, message):
    result = load_settings("carbonsite.settings.production", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_a_malformed_boolean_is_refused_not_guessed():
    result = load_settings(
        "carbonsite.settings.production",
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="example.gov.sg",
        DJANGO_SECURE_SSL_REDIRECT="maybe",
        **SERVICES,
    )
    assert result.returncode != 0
    assert "DJANGO_SECURE_SSL_REDIRECT" in result.stderr
