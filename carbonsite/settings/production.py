"""Production: PostgreSQL, Redis and (optionally) S3-compatible object storage.

Refuses to start without a secret key, allowed hosts, a database and a cache instead of falling
back to insecure or per-process defaults.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BASE_DIR, STORAGES, env, env_bool, env_list

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY or len(SECRET_KEY) < 32:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random value of at least 32 characters."
    )
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the host names the site answers.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# No silent fallbacks: SQLite or a per-process cache would each make every node its own site.
for _required in ("DATABASE_URL", "REDIS_URL"):
    if not env(_required):
        raise ImproperlyConfigured(
            f"{_required} must be set in production (see .env.example); there is no fallback."
        )
REDIS_URL = env("REDIS_URL")
# /healthz shows which check failed only on the node itself or with this token (see
# operations/health.py).
HEALTHZ_TOKEN = env("HEALTHZ_TOKEN", "")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# --- Security ---
# Cookie names with the __Host- prefix: the browser accepts them only over HTTPS, for the whole
# host and never for a parent domain. Staff must use a second factor.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CARBONSITE_REQUIRE_2FA = env_bool("CARBONSITE_REQUIRE_2FA", True)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "upgrade-insecure-requests": True,
    }
}

# --- Production and caching ---
# PostgreSQL with persistent connections (a new connection costs ~8 ms per request) and health
# checks, so a connection broken by a database restart is replaced instead of failing a request.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast when PostgreSQL hangs or is unreachable: the visitor gets the 503 page within
    # a few seconds, not a worker stuck until gunicorn kills it. Connecting gives up after
    # DATABASE_CONNECT_TIMEOUT; the server cancels a statement after DATABASE_STATEMENT_TIMEOUT;
    # TCP keepalives and tcp_user_timeout drop a connection to a host that vanished; and the
    # backend (operations/postgresql) closes a connection whose server does not answer within
    # the statement timeout plus a second, which also covers a frozen server.
    _statement_timeout = float(env("DATABASE_STATEMENT_TIMEOUT", "3"))
    DATABASES["default"]["ENGINE"] = "operations.postgresql"
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _server_options = f"-c statement_timeout={int(_statement_timeout * 1000)}"
    _options.update(
        connect_timeout=int(env("DATABASE_CONNECT_TIMEOUT", "2")),
        # Kept after any options= given in DATABASE_URL.
        options=f"{_options.get('options', '')} {_server_options}".strip(),
        keepalives=1,
        keepalives_idle=10,
        keepalives_interval=3,
        keepalives_count=3,
        tcp_user_timeout=5000,
        answer_timeout=_statement_timeout + 1 if _statement_timeout else 0,
    )

# --- Front door: Redis ---
# Redis is the cache every worker and node shares: editors' sessions (written through to the
# database), CMS menus and permissions. Public pages are cached by nginx, never here (see
# frontdoor/). django-redis's IGNORE_EXCEPTIONS turns a Redis outage into cache misses, so pages
# keep answering from the database; short socket timeouts bound what a hung Redis costs.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("REDIS_KEY_PREFIX", "carbonsite"),
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
# Not logged per call (a traceback on every request of an outage); /healthz reports the cache.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False
# Editors' sessions are read from the cache and written through to the database, so a Redis
# restart does not log everyone out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Media on S3-compatible object storage when a bucket is configured; local media/ otherwise.
# Document downloads keep their stable URLs either way: the view streams from the storage.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    from botocore.config import Config as BotoConfig

    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL"),
            "region_name": env("AWS_S3_REGION_NAME", "us-east-1"),
            "access_key": env("AWS_ACCESS_KEY_ID"),
            "secret_key": env("AWS_SECRET_ACCESS_KEY"),
            "location": env("AWS_LOCATION", "media"),
            "addressing_style": "path" if env("AWS_S3_ENDPOINT_URL") else None,
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
            # Give up within seconds when the store hangs: the visitor gets the 503 page and
            # the worker is free again (see operations/storage.py for the per-node limits).
            "client_config": BotoConfig(
                connect_timeout=float(env("AWS_S3_CONNECT_TIMEOUT", "1")),
                read_timeout=float(env("AWS_S3_READ_TIMEOUT", "1.5")),
                retries={"total_max_attempts": 2, "mode": "standard"},
            ),
            # Files above 5 MB are spooled to disk while they are sent, not held in memory.
            "max_memory_size": 5 * 1024 * 1024,
        },
    }
# Reads from the media store on one node: at most this many at a time (gunicorn.conf.py sets
# half the worker threads), waiting at most STORAGE_READ_WAIT s for a turn; after a failure the
# store is given STORAGE_DOWN_SECONDS of rest while downloads answer 503 at once.
STORAGE_READ_SLOTS = int(env("STORAGE_READ_SLOTS", "2"))
STORAGE_READ_WAIT = float(env("STORAGE_READ_WAIT", "0.5"))
STORAGE_DOWN_SECONDS = float(env("STORAGE_DOWN_SECONDS", "5"))

# Static files: compressed (gzip and Brotli when available), hashed names cached for a year.
WHITENOISE_MAX_AGE = 365 * 24 * 60 * 60
WHITENOISE_KEEP_ONLY_HASHED_FILES = False

# One JSON object per log line on stdout; gunicorn's access log goes to stdout too.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "operations.jsonlog.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Where collectstatic writes (tests and benchmarks collect into a temporary folder).
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
