"""WSGI entry point: `gunicorn config.wsgi` with DJANGO_SETTINGS_MODULE=config.settings.production."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

from demo.checks import refuse_demo_users  # noqa: E402

refuse_demo_users()
