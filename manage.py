#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    try:
        execute_from_command_line(sys.argv)
    except OperationalError as error:
        # The database is not there (the private cluster is not running, or DATABASE_URL is
        # wrong): one line that says what to do, not a traceback.
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        sys.stderr.write(
            "データベースに接続できません。`make run` を起動しているか、DATABASE_URL を確かめて"
            f"ください。（{first}）\n"
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
