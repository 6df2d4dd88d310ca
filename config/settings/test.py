"""The test suite: `make test`."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)

# Batch files of the tests go to the system's temp folder, never into var/.
KYOTEN_RENDER_DIR = Path(tempfile.gettempdir()) / "kyoten-test-renders"

# WhiteNoise reads STATIC_ROOT when the app starts; the suite never runs collectstatic, so it gets
# an empty folder of its own (static files come from the finders in the tests' servers).
STATIC_ROOT = Path(tempfile.gettempdir()) / "kyoten-test-static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True
