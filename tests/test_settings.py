"""Settings load in every mode; production refuses to start without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD_SECRET = "x" * 50


def load_settings(module, **env):
    """Import a settings module in a fresh interpreter and report DEBUG and the cache backend."""
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.DEBUG, settings.CACHES['default']['BACKEND'], "
        "settings.DATABASES['default']['ENGINE'])"
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


@pytest.mark.parametrize(
    ("module", "debug"),
    [("carbonsite.settings.dev", "True"), ("carbonsite.settings.test", "False")],
)
def test_dev_and_test_settings_load_without_environment(module, debug):
    result = load_settings(module)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == debug
    assert "sqlite3" in result.stdout


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
    assert engine == "django.db.backends.postgresql"


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
    )
    assert result.returncode != 0
    assert "DJANGO_SECURE_SSL_REDIRECT" in result.stderr
