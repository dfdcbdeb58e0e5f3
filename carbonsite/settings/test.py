"""Tests: fast password hashing, a throw-away media folder, no debug."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests never write into the developer's media folder.
MEDIA_ROOT = Path(env("DJANGO_TEST_MEDIA_ROOT", tempfile.mkdtemp(prefix="carbonsite-test-media-")))
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
