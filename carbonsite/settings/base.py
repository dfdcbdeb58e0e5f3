"""Settings shared by every mode.

Configuration comes from environment variables (see ``.env.example``); each mode module
decides which of them are required.
"""

import mimetypes
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
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
    # django.contrib.admin with the site's admin site (second factor, the 403 pages).
    "security.apps.CarbonsiteAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.redirects",
    # django CMS first among the third-party apps: it registers the version admins that
    # editorial extends in its ready().
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
    # The project's apps (docs/architecture.md, "Apps and who owns what").
    "security",
    "operations",
    "agreements",
    "enquiries",
    "siteredirects",
    "editorial",
    "alerts",
    "frontdoor",
    "registry",
    "sitesearch",
    "opendata",
    "pages",
    # Installed in every mode: `make serve-production DEMO=1` loads demo content too.
    "demo",
    # Security libraries: headers, login lock-out, a second factor for staff.
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

# The CMS's LanguageCookieMiddleware is left out on purpose: it would set a cookie on every
# anonymous response and stop proxies from caching pages. ApphookReloadMiddleware is left out
# too (a query on every request); apphooks are reloaded on deploy.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files carry the content security policy too.
    "security.middleware.SecurityHeadersMiddleware",
    # Right after the headers, so static files never touch the database.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # /healthz answers before anything that may query the database.
    "operations.health.HealthCheckMiddleware",
    # Tells the shared HTTP cache (nginx) what it may keep and gives browsers an ETag to
    # revalidate with; outside the session, CSRF and locale middlewares, so on the way out it
    # sees every cookie they set.
    "frontdoor.middleware.SharedCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The second factor needs request.user.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.middleware.user.CurrentUserMiddleware",
    "cms.middleware.page.CurrentPageMiddleware",
    # Right before the toolbar: drops the toolbar switches from requests without a session.
    "frontdoor.middleware.AnonymousToolbarMiddleware",
    "cms.middleware.toolbar.ToolbarMiddleware",
    # Looks up the redirect table only for answers that are 404 (old addresses).
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
    # Last, as django-axes' documentation asks.
    "axes.middleware.AxesMiddleware",
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
                "pages.context_processors.site",
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
# static/ holds hand-written files; build/static/ what `make assets` builds from npm packages
# (CSS, JavaScript, fonts), never committed.
STATICFILES_DIRS = [BASE_DIR / "static", BASE_DIR / "build" / "static"]
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
    # The registry's tabs (registry app).
    ("pages/agreement_eligibility.html", _("Agreement: eligibility list tab")),
    ("pages/agreement_projects.html", _("Agreement: authorised projects tab")),
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
# Pages, placeholders and plugins are cached at the front door (nginx, see frontdoor/), not in
# Django's cache: nothing public is kept where a missed invalidation could leave it stale.
CMS_PAGE_CACHE = False
CMS_PLACEHOLDER_CACHE = False
CMS_PLUGIN_CACHE = False
# Menus are kept for one second only: long enough that the header menu and the breadcrumb of one
# render share one tree (two queries instead of four), short enough that a tree stored by a
# render straddling a publish, or an invalidation lost while Redis is down, is gone within the
# same second the front door allows.
CMS_CACHE_DURATIONS = {"content": 60 * 60, "menus": 1, "permissions": 60 * 60}
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

# --- Editors: uploads ---
# The media library accepts only PDF, PNG, JPEG and WebP, checked by content in
# security.uploads through the hook in editorial.uploads. django-filer decides a file's MIME type
# from its name and runs the validators registered for that type; every type Python knows gets
# our validator (which refuses all but the four), and FILER_MIME_TYPE_WHITELIST makes filer deny
# any type not in that list.
mimetypes.init()
_UPLOAD_MIME_TYPES = sorted(
    set(mimetypes.types_map.values())
    | set(mimetypes.common_types.values())
    | {"application/octet-stream", "image/webp", "image/avif", "image/heic", "image/svg+xml"}
)
FILER_MIME_TYPE_WHITELIST = _UPLOAD_MIME_TYPES
FILER_REMOVE_FILE_VALIDATORS = [
    "text/html",
    "application/xhtml+xml",
    "application/xml",
    "text/xml",
    "application/xslt+xml",
    "image/svg+xml",
    "application/octet-stream",
]
FILER_ADD_FILE_VALIDATORS = {
    mime_type: ["editorial.uploads.validate_filer_upload"] for mime_type in _UPLOAD_MIME_TYPES
}
# Photos lose their EXIF data (camera, GPS position) once they pass the checks.
for _image_type in ("image/jpeg", "image/png", "image/webp"):
    FILER_ADD_FILE_VALIDATORS[_image_type].append("filer.validation.strip_exif")
FILER_UPLOADER_MAX_FILE_SIZE = 20 * 1024 * 1024
# filer checks an image's pixel count while validating its form, before the upload validators
# run; keep its limit equal to ours so both refuse the same images.
FILER_MAX_IMAGE_PIXELS = 40_000_000

# --- Security ---
# Headers, cookies, login protection and a second factor for staff. Production tightens the
# cookies further (see the same heading in production.py).

# Public pages: only this origin, no inline code, no plugins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Logged-in staff only: the CMS toolbar and admin add inline event handlers and styles at run
# time (django CMS tags its scripts with nonces only from Django 6.1 on), and the CMS opens
# admin pages in frames of the site. Never 'unsafe-eval'.
CARBONSITE_EDITOR_CSP = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# Documents (PDF): the browser's PDF viewer draws its own page with inline styles and an embedded
# plugin object; a PDF runs no script of this origin, so these two are allowed for PDFs alone.
CARBONSITE_DOCUMENT_CSP = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "style-src": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "object-src": [SELF],
        "base-uri": [NONE],
        "form-action": [NONE],
        "frame-ancestors": [SELF],
    }
}
CARBONSITE_PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(self), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), picture-in-picture=(), publickey-credentials-get=(self), screen-wake-lock=(), "
    "sync-xhr=(), usb=(), xr-spatial-tracking=()"
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Editors' sessions end after 30 minutes without a request, and when the browser closes.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"

# Login protection: five wrong passwords for one user from one address lock that pair out for
# fifteen minutes, answered with 429 Too Many Requests.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HTTP_RESPONSE_CODE = 429
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Staff prove a second factor (a TOTP app) at the admin login when this is on; production turns
# it on, development and tests leave it off so the demo logins work with a password alone.
CARBONSITE_REQUIRE_2FA = env_bool("CARBONSITE_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = SITE_NAME

# --- Agreements ---
# A login with an over-long user name is recorded cut to axes' column instead of a 500 on
# PostgreSQL (found by the hostile-input test).
AXES_USERNAME_CALLABLE = "editorial.admin_site.axes_username"

# --- E-mail, enquiries ---
# Mail (enquiries, review requests, alerts) goes through Django's e-mail backend: SMTP
# configured from the environment (development prints to the console instead). Enquiries are
# deleted after ENQUIRY_RETENTION_DAYS by `manage.py purge_enquiries`; the privacy statement
# quotes the same number.
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "no-reply@carbonmarkets.example.gov.sg")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
AGENCY_ENQUIRIES_EMAIL = env("AGENCY_ENQUIRIES_EMAIL", "enquiries@carbonmarkets.example.gov.sg")
ENQUIRY_RETENTION_DAYS = int(env("ENQUIRY_RETENTION_DAYS", "365"))
# At most this many messages per window from one e-mail address or one network address.
ENQUIRY_RATE_LIMIT = 3
ENQUIRY_RATE_WINDOW_MINUTES = 60
# The request header holding the client's address when a proxy you trust sets it
# (e.g. "HTTP_X_REAL_IP" behind nginx); REMOTE_ADDR otherwise.
ENQUIRY_CLIENT_IP_HEADER = env("ENQUIRY_CLIENT_IP_HEADER")
# The contact form's CSRF cookie (the only cookie a visitor gets) ends with the browser session.
CSRF_COOKIE_AGE = None

# --- Editorial ---
# A refused form (expired page, missing cookie) gets the site's 403 page, not Django's.
CSRF_FAILURE_VIEW = "editorial.views.csrf_failure"

# The public address of the site, for links in e-mails sent outside a request.
SITE_URL = env("DJANGO_SITE_URL", "http://127.0.0.1:8000")

# --- Alerts ---
ALERTS_CONFIRM_MAX_AGE = 48 * 60 * 60  # seconds a confirmation link works
ALERTS_UNCONFIRMED_DAYS = 7  # unconfirmed requests are deleted after this
ALERTS_DELIVERY_RECORD_DAYS = 30  # sent and failed delivery records are deleted after this
ALERTS_DIGEST_DELAY = int(env("ALERTS_DIGEST_DELAY", "120"))  # seconds a change waits for more
ALERTS_RECLAIM_AFTER = 10 * 60  # seconds before a dead sender's digest is sent again
ALERTS_MAX_ATTEMPTS = 8
ALERTS_RATE_LIMIT_CLIENT = {"limit": 10, "window": 60 * 60}  # subscribe POSTs per address/hour
ALERTS_RATE_LIMIT_EMAIL = {"limit": 3, "window": 24 * 60 * 60}  # confirmation mails per day
