#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")
    # manage.py is the developer's tool: without DJANGO_MODE it runs as the demo, and says so (backoffice.W001).
    # The server (gunicorn, wsgi.py) and `make release` / `make serve` default to production, which refuses the
    # development key (README "Production").
    os.environ.setdefault("DJANGO_MODE", "demo")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
