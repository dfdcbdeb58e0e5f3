"""Settings shared by every mode.

Configuration comes from environment variables (see ``.env.example``); each mode module
decides which of them are required.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    """Return the environment variable ``name``, or ``default`` when it is unset or empty."""
    value = os.environ.get(name, "")
    return value if value != "" else default


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name, default=()):
    value = env(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

SITE_ID = 1
SITE_NAME = "Carbon Markets Cooperation"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "cms",
    "menus",
    "treebeard",
    "sekizai",
    "parler",
    "djangocms_versioning",
    "djangocms_alias",
    "djangocms_text",
    "filer",
    "easy_thumbnails",
    "reversion",
    "carbonsite",
    "agreements",
]

# WhiteNoise sits right after SecurityMiddleware so static files never touch the database.
# The CMS's LanguageCookieMiddleware is left out on purpose: it would set a cookie on every
# anonymous response and stop proxies from caching pages. ApphookReloadMiddleware is left
# out too (a query on every request); apphooks are reloaded on deploy.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.middleware.user.CurrentUserMiddleware",
    "cms.middleware.page.CurrentPageMiddleware",
    "cms.middleware.toolbar.ToolbarMiddleware",
]

ROOT_URLCONF = "carbonsite.urls"
WSGI_APPLICATION = "carbonsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "cms.context_processors.cms_settings",
                "sekizai.context_processors.sekizai",
                "carbonsite.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "carbonsite",
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English is served without a prefix; more languages can be added to LANGUAGES and CMS_LANGUAGES.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
TIME_ZONE = "Asia/Singapore"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 60 * 60  # unhashed files; hashed names are cached for ten years

LOGIN_URL = "admin:login"

# django CMS
CMS_TEMPLATES = [
    ("pages/home.html", _("Home page")),
    ("pages/content.html", _("Content page (with section navigation)")),
    ("pages/agreements_index.html", _("Implementation Agreements index")),
    ("pages/agreement_overview.html", _("Agreement: overview tab")),
    ("pages/agreement_process.html", _("Agreement: application process tab")),
]
CMS_LANGUAGES = {
    SITE_ID: [
        {
            "code": "en",
            "name": _("English"),
            "public": True,
            "hide_untranslated": False,
            "redirect_on_fallback": False,
        }
    ],
    "default": {"public": True, "hide_untranslated": False, "redirect_on_fallback": False},
}
CMS_PERMISSION = False
CMS_PAGE_CACHE = True
CMS_PLACEHOLDER_CACHE = True
CMS_PLUGIN_CACHE = True
CMS_CACHE_DURATIONS = {"content": 60 * 60, "menus": 60 * 60, "permissions": 60 * 60}
CMS_PLACEHOLDER_CONF = {
    "content": {"name": _("Main content")},
    "intro": {"name": _("Introduction")},
    "after_blocks": {"name": _("Further information")},
}
DJANGOCMS_VERSIONING_ALLOW_DELETING_VERSIONS = False

# Rich text: djangocms-text sanitises on save; only the tags an editor needs are kept.
TEXT_HTML_SANITIZE = True

# django-filer and easy-thumbnails
THUMBNAIL_PROCESSORS = (
    "easy_thumbnails.processors.colorspace",
    "easy_thumbnails.processors.autocrop",
    "filer.thumbnail_processors.scale_and_crop_with_subject_location",
    "easy_thumbnails.processors.filters",
)
THUMBNAIL_HIGH_RESOLUTION = False
FILER_CANONICAL_URL = "sharing/"

# Uploads larger than this stream to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}

# django CMS's page manager predates treebeard 6; treebeard is pinned below 6 in pyproject.toml.
SILENCED_SYSTEM_CHECKS = ["treebeard.E001"]

# --- Production and caching ---
# Cached CMS pages are answered before sessions, auth and the toolbar run (no SQL for a hit),
# and Vary is normalised on the way out (see carbonsite/caching.py); /healthz answers before
# anything that may query the database.
MIDDLEWARE.insert(0, "carbonsite.caching.VaryHeaderMiddleware")
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "carbonsite.caching.CachedPageMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("carbonsite.caching.CachedPageMiddleware"),
    "carbonsite.health.HealthCheckMiddleware",
)
