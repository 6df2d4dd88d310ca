"""Development on one machine: `make run`.

Without DATABASE_URL, the private cluster `make run` starts (var/pg) is used, so that
`.venv/bin/python manage.py …` works from another shell while `make run` is up.
"""

import os
from pathlib import Path
from urllib.parse import quote

PRIVATE_SOCKET_DIR = Path(__file__).resolve().parents[2] / "var" / "pg" / "sock"
os.environ.setdefault(
    "DATABASE_URL", f"postgres://kyoten@{quote(str(PRIVATE_SOCKET_DIR), safe='')}/kyoten"
)

from .base import *  # noqa: E402, F403
from .base import env  # noqa: E402

# `make run` serves with DEBUG off (as production does) unless DEBUG=1 is asked for; a
# developer's own `manage.py runserver` keeps it on.
DEBUG = env.bool("DEBUG", default=True)
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
SECRET_KEY = env("SECRET_KEY", default="local-development-only-not-secret")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
